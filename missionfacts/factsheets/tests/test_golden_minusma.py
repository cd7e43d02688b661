"""The MINUSMA fact sheet of 1 July 2020, computed from the reference records, says what the seed says."""

import re
from datetime import date

from babel.numbers import format_decimal
from django.test import TestCase

from missionfacts.factsheets.render import render_html, render_pdf
from missionfacts.factsheets.tests.sheet_text import html_text, pdf_text, seed_statements
from missionfacts.factsheets.typography import typeset
from missionfacts.figures.sheet import compute_sheet
from missionfacts.imports.reference import load_reference_data
from missionfacts.missions.models import Mission

AS_OF = date(2020, 7, 1)


def _comparable(text: str) -> str:
    # Headings are set in capitals by the style sheet, as the seed prints them; a stray " ;" ends one
    # task-area title in the seed (e), which the sheet does not copy. The sheet sets the seed's stored texts in
    # French typography (typography.typeset: ’ and U+202F before ; :), so the seed is read set alike.
    return typeset(text, "fr").casefold().replace("\u202f;", "").replace(" ;", "")


# The seed's two "top 10" headings head charts whose data the seed lost: the reference data holds no
# per-country strength, so the public sheet leaves those blocks out (test_contributor_charts draws them).
TOP_TEN_HEADINGS = ("MILITAIRES : TOP 10 DES PAYS CONTRIBUTEURS", "POLICE : TOP 10 DES PAYS CONTRIBUTEURS")


class MinusmaGoldenTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_reference_data()
        cls.sheet = compute_sheet(Mission.objects.get(acronym="MINUSMA"), AS_OF)
        cls.french_html = render_html(cls.sheet, "fr")
        cls.english_html = render_html(cls.sheet, "en")

    def assert_has_every_statement_of_the_seed(self, text: str):
        missing = [statement for statement in seed_statements()
                   if statement not in TOP_TEN_HEADINGS and _comparable(statement) not in _comparable(text)]
        self.assertEqual(missing, [], "statements of the seed missing from the sheet")

    def test_the_french_html_carries_every_statement_of_the_seed(self):
        self.assert_has_every_statement_of_the_seed(html_text(self.french_html))

    def test_the_french_pdf_carries_every_statement_of_the_seed(self):
        self.assert_has_every_statement_of_the_seed(pdf_text(render_pdf(self.sheet, "fr")))

    def test_french_numbers_use_the_narrow_no_break_space(self):
        text = html_text(self.french_html)
        self.assertIn("13\u202f289", text)
        self.assertNotIn("13,289", text)
        self.assertIn("1er juillet 2013", text)

    def test_the_english_sheet_has_the_same_figures_in_english_typography(self):
        text = html_text(self.english_html)
        pdf = pdf_text(render_pdf(self.sheet, "en"))
        # Quantities of the seed: numbers other than the resolution's, days, years and list numbering.
        statements = [s for s in seed_statements() if not s.upper().startswith("RÉSOLUTION")]
        seed_numbers = {int(n.replace("\u202f", "")) for n in re.findall(r"\d{1,3}(?:\u202f\d{3})+|\d+",
                                                                          " ".join(statements))}
        for number in seed_numbers - {1, 10, 30, 2013, 2020, 2021}:
            with self.subTest(number=number):
                self.assertIn(format_decimal(number, locale="en"), text)
                self.assertIn(format_decimal(number, locale="en"), pdf)
        for phrase in ("1 July 2013 to 30 June 2021", "As of 1 July 2020", "Sector North (Kidal, Tessalit, Aguelhoc)",
                       "until 30 June 2021", "since July 2013", "13 sites in Mali"):
            self.assertIn(phrase, text)
        self.assertNotIn("\u202f", text)

    def test_the_top_ten_blocks_without_data_are_left_out_and_the_draft_lists_them(self):
        french, english = html_text(self.french_html), html_text(self.english_html)
        for text in (french, english):
            self.assertNotIn("TOP 10", text.upper())
            self.assertNotIn("n'est pas disponible", text)
            self.assertNotIn("not available", text)
        draft = html_text(render_html(self.sheet, "en", draft=True))
        self.assertIn("Not on this sheet, for want of data: Top 10 contributing countries.", draft)

    def test_the_map_shows_every_site_with_its_sector(self):
        self.assertIn('alt="Carte des sites', self.french_html)
        from missionfacts.factsheets.render import sheet_context

        spec = sheet_context(self.sheet, "fr", with_svg=False)["map_spec"]
        self.assertIsNotNone(spec)
        site_names = {site.name for sector in self.sheet.deployment.value for site in sector.sites}
        self.assertEqual(len(site_names), 12)
        spec_text = str(spec)
        for name in site_names | {"Secteur Nord", "Secteur Centre"}:
            self.assertIn(name, spec_text)
