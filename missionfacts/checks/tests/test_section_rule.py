"""Sections of the sheet with no data."""

from datetime import date

from missionfacts.checks.tests.base import RuleTestCase

RULE = "section-without-data"


class SectionWithoutDataTests(RuleTestCase):
    def test_a_section_the_sheet_shows_as_not_available_is_a_warning(self):
        self.stated("military", date(2020, 6, 30), 1000)
        keys = self.keys(RULE)
        self.assertIn("section-without-data:strength.police", keys)
        self.assertIn("section-without-data:top_contributors.military", keys)
        self.assertIn("section-without-data:priorities", keys)
        police = next(f for f in self.findings(RULE) if f.subject == "strength.police")
        self.assertEqual(police.severity, "warning")
        self.assertEqual(police.message.render("en"), "No data for “Police strength” on the sheet of 1 July 2020; "
                                                      "the sheet says so instead of showing a figure.")

    def test_a_section_with_data_is_not_reported(self):
        self.stated("military", date(2020, 6, 30), 1000)
        self.row(date(2020, 6, 30), "TCD", "troops", 1000)
        keys = self.keys(RULE)
        self.assertNotIn("section-without-data:strength.military", keys)
        self.assertNotIn("section-without-data:top_contributors.military", keys)
