"""Two more real "Facts and figures" pages, imported and rendered: UNOCI's in English, UNMIL's in French.

As in test_published_pages.py, the numbers are read from the pages' quoted text (missions/reference/pages/*.md),
not typed here, and each must be on the sheet as the sheet writes it in the page's language. These two pages
write numbers in ways the first two did not, which the reading below handles: a period by months
("07/2016 - 06/2017"), French thousands grouped by a point ("15.250") or not at all ("4200 personnes"), bare
years ("de 2007 à 2010") and resolutions with their year ("Résolution 2066 (2012)").
"""

import re
import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import yaml
from babel.dates import get_month_names
from babel.numbers import format_decimal
from django.test import TestCase

from missionfacts.checks.engine import run_checks
from missionfacts.factsheets import formatting
from missionfacts.factsheets.json_output import sheet_as_json
from missionfacts.factsheets.render import render_html, render_pdf
from missionfacts.factsheets.tests.sheet_text import html_text, pdf_text
from missionfacts.factsheets.tests.test_published_pages import (
    CONSISTENCY_RULES,
    WORDING,
    appears,
    quoted_page,
    symbol_appears,
)
from missionfacts.figures.sheet import compute_sheet
from missionfacts.imports.mission_file import import_mission_file
from missionfacts.imports.reference import REFERENCE_DIR, load_reference_data
from missionfacts.missions.models import Mission

# Each page, the language it is in, and the last day its facts speak of (the end of the authorization it
# calls current).
PAGE_OF = {"UNOCI": ("unoci-en.md", "en", date(2017, 6, 30)), "UNMIL": ("unmil-fr.md", "fr", date(2016, 12, 31))}
# What a page dates only inside a sentence the sheet quotes: UNMIL's reductions are due « d'ici au 30 juin
# 2016 » and ran « de 2007 à 2010 ». The mission file holds those sentences as the wording of their
# authorisations (the format has no field for a ceiling's due date, nor for the years over which a ceiling was
# reached), so those dates are on the sheet, in the page's words, and nowhere else.
IN_WORDS_ONLY = {"UNOCI": set(), "UNMIL": {"30 juin 2016", "2007", "2010"}}

SYMBOL = re.compile(r"\b[A-Z](?:/[A-Za-z0-9.]+)+")
RESOLUTION = re.compile(r"\b(?:resolution|résolution) (\d{3,4})(?: \(\d{4}\))?", re.I)
MONTH_SLASH_YEAR = re.compile(r"\b(\d{2})/(\d{4})\b")
QUANTITY = {
    "en": re.compile(r"\d{1,3}(?:,\d{3})+|\d+"),
    # A French page groups thousands with a space or a point, or writes four digits together.
    "fr": re.compile(r"\d{1,3}(?:[ .]\d{3})+|\d+"),
}


def _months(language: str) -> dict[str, int]:
    return {name.casefold(): number for number, name in get_month_names("wide", locale=language).items()}


def page_values(text: str, language: str) -> dict[str, list[str]]:
    """Every number of the page, as the sheet writes it in the page's language, by kind of number."""
    months = _months(language)
    month_names = "|".join(months)
    found = {"dates": [], "symbols": [], "identifiers": [], "quantities": []}

    def keep(kind: str, value: str) -> str:
        found[kind].append(value)
        return " "

    text = SYMBOL.sub(lambda match: keep("symbols", match[0]), text)
    text = RESOLUTION.sub(lambda match: keep("identifiers", match[1]), text)
    text = re.sub(rf"\b(1er|\d{{1,2}}) ({month_names}) (\d{{4}})\b", lambda match: keep("dates", formatting.long_date(
        date(int(match[3]), months[match[2].casefold()], 1 if match[1] == "1er" else int(match[1])), language)),
        text, flags=re.I)
    text = re.sub(rf"\b({month_names}) (\d{{4}})\b", lambda match: keep("dates", formatting.month_year(
        date(int(match[2]), months[match[1].casefold()], 1), language)), text, flags=re.I)
    text = MONTH_SLASH_YEAR.sub(lambda match: keep("dates", formatting.month_year(
        date(int(match[2]), int(match[1]), 1), language)), text)
    for number in QUANTITY[language].findall(text):
        plain = re.sub(r"[ .,]", "", number)
        if re.fullmatch(r"(19|20)\d\d", plain):
            # Four digits written together between 1900 and 2099 are a year: "en 2006", "de 2007 à 2010".
            found["dates"].append(plain)
            continue
        found["quantities"].append(format_decimal(Decimal(plain), locale=language))
    return found


class MorePublishedPagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        # The catalogue first, as a fresh home has it: UNMIL's page does not give the mission's start.
        load_reference_data()

    def rendered(self, acronym: str) -> str:
        _page, language, as_of = PAGE_OF[acronym]
        return render_html(compute_sheet(Mission.objects.get(acronym=acronym), as_of), language)

    def missing(self, acronym: str, pdf: bool = False) -> tuple[set[str], set[str]]:
        """What of the page is not among the sheet's figures, and what of that is not even in its quotations.

        A PDF's text does not tell quotations from figures: there, everything counts as a figure.
        """
        page, language, as_of = PAGE_OF[acronym]
        values = page_values(quoted_page(page), language)
        self.assertTrue(values["quantities"] and values["dates"], "the page's numbers were not read")
        if pdf:
            full = figures_only = pdf_text(render_pdf(compute_sheet(Mission.objects.get(acronym=acronym), as_of),
                                                      language))
        else:
            rendered = self.rendered(acronym)
            full, figures_only = html_text(rendered), html_text(WORDING.sub("", rendered))
        missing = {value for value in values["symbols"] if not symbol_appears(value, full)}
        missing |= {value for kind in ("dates", "identifiers", "quantities") for value in values[kind]
                    if not appears(value, figures_only)}
        return missing, {value for value in missing if not appears(value, full) and not symbol_appears(value, full)}

    def test_the_page_reading_finds_the_french_page_s_numbers_however_it_groups_them(self):
        values = page_values(quoted_page("unmil-fr.md"), "fr")
        self.assertIn("15\u202f250", values["quantities"])
        self.assertIn("4\u202f200", values["quantities"])
        self.assertIn("3\u202f590", values["quantities"])
        self.assertEqual(sorted(set(values["identifiers"])), ["1509", "2066", "2308"])
        self.assertIn("2006", values["dates"])

    def test_the_page_reading_takes_months_written_with_a_slash_as_months(self):
        values = page_values(quoted_page("unoci-en.md"), "en")
        self.assertIn("July 2016", values["dates"])
        self.assertIn("June 2017", values["dates"])
        self.assertIn("153,046,000", values["quantities"])

    def test_every_number_of_the_english_page_is_on_its_sheet_in_english(self):
        missing, not_even_quoted = self.missing("UNOCI")
        self.assertEqual(missing, IN_WORDS_ONLY["UNOCI"])
        self.assertEqual(not_even_quoted, set())

    def test_every_number_of_the_french_page_is_on_its_sheet_in_french(self):
        missing, not_even_quoted = self.missing("UNMIL")
        self.assertEqual(missing, IN_WORDS_ONLY["UNMIL"])
        self.assertEqual(not_even_quoted, set())

    def test_every_number_of_the_french_page_is_in_the_text_of_its_pdf(self):
        missing, _not_even_quoted = self.missing("UNMIL", pdf=True)
        self.assertEqual(missing, set())

    def test_an_authorisation_s_end_is_on_the_sheet_though_the_page_gives_it_no_ceiling(self):
        text = html_text(self.rendered("UNOCI"))
        self.assertIn("Resolution 2284 of 28 April 2016 (in force on the sheet’s date)", text)
        self.assertIn("Mandate until 30 June 2017", text)
        french = html_text(self.rendered("UNMIL"))
        current = french.index("Résolution 2308 du 14 septembre 2016 (en vigueur à la date de la fiche)")
        self.assertIn("31 décembre 2016", french[current:french.index("Autorisé en septembre 2015")])

    def test_authorisations_known_by_month_or_year_are_dated_as_the_page_dates_them(self):
        text = html_text(self.rendered("UNMIL"))
        # Known by its month or year: "autorisé en 2006", never "(2006)" as if it were a day.
        self.assertIn("Autorisé en septembre 2015", text)
        self.assertIn("Autorisé en 2006", text)
        self.assertNotIn("(2006)", text)

    def test_a_budget_year_given_by_months_is_shown_by_months(self):
        text = html_text(self.rendered("UNOCI"))
        self.assertIn("July 2016 to June 2017", text)
        self.assertNotIn("1 July 2016", text)

    def test_approximate_figures_keep_their_qualifier_and_their_months_in_the_json(self):
        sheet = compute_sheet(Mission.objects.get(acronym="UNMIL"), PAGE_OF["UNMIL"][2])
        figures = {figure["key"]: figure for figure in sheet_as_json(sheet, "fr")["published"]["key_figures"]["value"]}
        reduction, strength = figures["reduction-2066"], figures["military-july-2015"]
        self.assertEqual((Decimal(reduction["value"]), reduction["qualifier"]), (Decimal(4200), "about"))
        self.assertEqual(reduction["period"], {"period": {"start": "2012-08-01", "end": "2015-07-31"},
                                               "precision": "month"})
        self.assertEqual((Decimal(strength["value"]), strength["qualifier"]), (Decimal(3750), "about"))
        self.assertEqual(strength["as_of"], {"day": "2015-07-31", "precision": "month"})

    def test_ceilings_the_page_gives_without_a_date_are_listed_but_never_in_force(self):
        sheet = compute_sheet(Mission.objects.get(acronym="UNMIL"), PAGE_OF["UNMIL"][2])
        self.assertEqual(sheet.published.authorisation.value.number, 2308)
        undated = [authorisation for authorisation in sheet.published.authorisations.value
                   if authorisation.adopted_on is None]
        self.assertEqual(sorted(dict(authorisation.ceilings)["military"] for authorisation in undated), [3590, 7952])

    def test_check_reports_nothing_of_either_page_but_the_sections_it_does_not_fill(self):
        # Neither page contradicts itself (UNOCI: 6,240 + 200 + 120 + 350 = 6,910; UNMIL: 250 + 160 observers
        # and staff officers within 15,000 military, 7,952 - 4,200 = 3,752 for « environ 3 750 »; see each quoted
        # page), and every rule runs, not only those comparing figures: the only findings are the sections a
        # "Facts and figures" page does not fill (patrols, sites, the mandate's text…).
        for acronym, (_page, _language, as_of) in PAGE_OF.items():
            findings = run_checks(Mission.objects.get(acronym=acronym), as_of=as_of).findings
            self.assertTrue(findings, acronym)
            self.assertEqual({finding.rule for finding in findings}, {"section-without-data"}, acronym)


class MorePublishedPageChecksTests(TestCase):
    """The checks do read these pages' records: strength above UNOCI's initial ceiling of troops is reported."""

    def test_troops_above_the_initial_ceiling_are_reported(self):
        data = yaml.safe_load((REFERENCE_DIR / "unoci.yaml").read_text(encoding="utf-8"))
        data["strength"] = [{"reported_on": "2004-12-31", "categories": {"troops": 6241}}]
        load_reference_data()
        altered = Path(self.enterContext(tempfile.TemporaryDirectory())) / "unoci.yaml"
        altered.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        self.assertTrue(import_mission_file(altered).ok)
        findings = run_checks(Mission.objects.get(acronym="UNOCI"), as_of=date(2004, 12, 31)).findings
        self.assertEqual([finding.rule for finding in findings if finding.rule in CONSISTENCY_RULES],
                         ["strength-above-ceiling"])


class ShippedMorePagesTests(TestCase):
    def test_both_pages_load_with_the_shipped_reference_data_after_the_catalogue(self):
        load_reference_data()
        for acronym, (_page, _language, as_of) in PAGE_OF.items():
            mission = Mission.objects.get(acronym=acronym)
            self.assertIsNotNone(compute_sheet(mission, as_of).published, acronym)
