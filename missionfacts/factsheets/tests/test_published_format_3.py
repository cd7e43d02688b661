"""Format 3's facts on the sheet, in the page's wording, in French and in English."""

from datetime import date

from django.test import TestCase
from django.utils import translation

from missionfacts.factsheets.render import render_html
from missionfacts.factsheets.tests.sheet_text import html_text
from missionfacts.figures.sheet import compute_sheet
from missionfacts.figures.tests.test_published_format_3 import import_page

NNBSP = "\u202f"


class FormatThreeSheetTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.mission = import_page()

    def text(self, language: str, as_of: date = date(2024, 6, 1)) -> str:
        with translation.override(language):
            return html_text(render_html(compute_sheet(self.mission, as_of), language))

    def french_line(self, label: str) -> str:
        """The line of the French sheet that starts with a key figure's label."""
        text = self.text("fr")
        start = text.index(label)
        return text[start:text.index(")", start) + 1]

    def test_a_key_figure_reads_as_the_page_words_it_with_its_qualifier_and_period(self):
        # The page's key figures are in the sheet's "Key figures" block, after the computed ones.
        english = self.text("en")
        self.assertIn("Alerts answered: about 85% (2022-2023)", english)
        self.assertLess(english.index("Key figures"), english.index("Alerts answered"))
        line = self.french_line("Alertes traitées")
        # The page's French label, the number through Babel ("85 %", where English writes "85%"), its period.
        self.assertIn("85 %", line)
        self.assertTrue(line.endswith("(2022-2023)"), line)

    def test_a_key_figure_as_of_a_date_says_the_date_at_the_precision_given(self):
        self.assertIn("Awareness campaigns: more than 40 (as of May 2024)", self.text("en"))
        line = self.french_line("Campagnes de sensibilisation")
        self.assertIn(" 40 ", line)
        self.assertTrue(line.endswith("mai 2024)"), line)

    def test_a_decimal_key_figure_has_its_unit_and_the_languages_decimal_mark(self):
        self.assertIn("Long-range patrols: 2.5 km on average (January 2023 to December 2023)", self.text("en"))
        self.assertIn("2,5 km en moyenne (de janvier 2023 à décembre 2023)", self.french_line("Patrouilles longue"))

    def test_a_budget_year_is_shown_as_the_page_writes_it_not_as_two_days(self):
        english = self.text("en")
        self.assertIn("2023-2024", english)
        self.assertNotIn("1 July 2023 to 30 June 2024", english)
        self.assertNotIn("1er juillet 2023", self.text("fr"))

    def test_a_range_of_months_is_shown_by_its_months(self):
        self.assertIn("July 2022 to June 2023", self.text("en"))
        self.assertIn("juillet 2022 à juin 2023", self.text("fr"))

    def test_fatalities_as_of_a_date_are_headed_by_that_date_not_by_a_period(self):
        english = self.text("en")
        self.assertIn("As of 31 March 2024", english)
        self.assertNotIn("1 April 2014 to 31 March 2024", english)
        self.assertNotIn("April 2014 to March 2024", english)

    def test_a_components_extent_and_the_uniformed_subtotal_are_worded(self):
        english = self.text("en")
        self.assertIn("Total personnel: 15,200", english)
        self.assertIn("Of whom uniformed personnel: 12,100, of whom 900 women", english)
        self.assertIn("Military personnel (excluding staff officers): 11,000", english)
        self.assertIn("Civilian personnel (including United Nations Volunteers): 3,100", english)

    def test_an_undated_resolution_and_a_leader_without_a_term_are_shown_without_invented_dates(self):
        english = self.text("en")
        self.assertIn("Resolution 2709", english)
        self.assertNotIn("Resolution 2709 of", english)
        self.assertIn("Head of Mission: C. Example", english)
        self.assertNotIn("C. Example, from", english)

    def test_only_the_version_shown_appears_on_the_sheet(self):
        english = self.text("en")
        self.assertIn("15,200", english)
        self.assertNotIn("15,300", english)

    def test_the_json_sheet_carries_key_figures_as_published(self):
        from missionfacts.factsheets.json_output import sheet_as_json

        data = sheet_as_json(compute_sheet(self.mission, date(2024, 6, 1)), "en")
        figures = data["published"]["key_figures"]["value"]
        self.assertEqual([(figure["key"], figure["value"], figure["qualifier"]) for figure in figures],
                         [("alerts", "85", "about"), ("campaigns", "40", "more_than"), ("patrol-length", "2.5", "")])
        self.assertEqual(figures[0]["period"]["precision"], "budget_year")


def test_french_elides_de_before_a_month_starting_with_a_vowel():
    from missionfacts.factsheets.published_context import dated_span
    from missionfacts.figures.published import Dated

    with translation.override("fr"):
        august = dated_span(Dated(date(2012, 8, 1), "month"), Dated(date(2015, 7, 31), "month"), "fr")
        june = dated_span(Dated(date(2012, 6, 1), "month"), Dated(date(2015, 7, 31), "month"), "fr")
    assert august == "d’août 2012 à juillet 2015"
    assert june == "de juin 2012 à juillet 2015"
