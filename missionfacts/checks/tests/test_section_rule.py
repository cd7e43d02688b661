"""Blocks of the sheet with nothing to say: one finding per block left out, not one per figure."""

from datetime import date

from missionfacts.checks.tests.base import RuleTestCase

RULE = "section-without-data"


class SectionWithoutDataTests(RuleTestCase):
    def test_a_block_the_sheet_leaves_out_is_one_warning(self):
        self.stated("military", date(2020, 6, 30), 1000)
        keys = self.keys(RULE)
        self.assertIn("section-without-data:contributors", keys)
        self.assertIn("section-without-data:mandate", keys)
        # The police strength is missing, but the strength block shows the military one: nothing to report.
        self.assertNotIn("section-without-data:strength", keys)
        self.assertEqual(len(keys), len(set(keys)))
        contributors = next(f for f in self.findings(RULE) if f.subject == "contributors")
        self.assertEqual(contributors.severity, "warning")
        self.assertEqual(contributors.message.render("en"), "No data for “Top 10 contributing countries” on the "
                                                            "sheet of 1 July 2020; the sheet leaves it out.")

    def test_a_block_with_data_is_not_reported(self):
        self.stated("military", date(2020, 6, 30), 1000)
        self.row(date(2020, 6, 30), "TCD", "troops", 1000)
        keys = self.keys(RULE)
        self.assertNotIn("section-without-data:strength", keys)
        self.assertNotIn("section-without-data:contributors", keys)

    def test_blocks_only_a_mission_s_page_gives_are_not_asked_of_a_mission_without_one(self):
        keys = self.keys(RULE)
        for block in ("place", "losses", "budget", "contributing_countries"):
            self.assertNotIn(f"section-without-data:{block}", keys)
