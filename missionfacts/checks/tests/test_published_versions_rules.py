"""published-versions-disagree and key-figure-period: what format 3's published facts can get wrong."""

from datetime import date

from missionfacts.checks.engine import run_checks
from missionfacts.checks.tests.base import RuleTestCase
from missionfacts.figures.published import published_facts
from missionfacts.figures.tests.test_published_format_3 import PAGE, import_page
from missionfacts.missions.models import KeyFigure


class PublishedVersionsTests(RuleTestCase):
    as_of = date(2024, 6, 1)

    def setUp(self):
        super().setUp()
        self.mission = import_page()

    def test_two_sources_giving_one_strength_differently_are_named_with_both_values(self):
        [finding] = [finding for finding in self.findings("published-versions-disagree")
                     if finding.values["item"] == "total" and "strength" in finding.message.render("en").lower()]
        message = finding.message.render("en")
        self.assertIn("Strength as of 30 April 2024", message)
        self.assertIn("“UN page” gives 15,200", message)
        self.assertIn("“Mission page” gives 15,300", message)
        self.assertIn("the sheet shows 15,200 (“UN page”)", message)

    def test_the_version_the_check_calls_shown_is_the_one_on_the_sheet(self):
        shown = {finding.values["shown"]["value"] for finding in self.findings("published-versions-disagree")
                 if finding.values["item"] == "total"}
        facts = published_facts(self.mission, self.as_of)
        self.assertEqual(shown, {str(facts.strength.value[0].total), str(facts.fatalities.value[0].total)})

    def test_fatalities_and_key_figures_that_differ_are_reported_too(self):
        messages = [finding.message.render("en") for finding in self.findings("published-versions-disagree")]
        self.assertIn("Fatalities as of 31 March 2024, total: “UN page” gives 12 and “Mission page” gives 13; "
                      "the sheet shows 12 (“UN page”).", messages)
        self.assertTrue(any(message.startswith("Key figure “awareness campaigns”, value: “UN page” gives 40 and "
                                               "“Mission page” gives 45") for message in messages), messages)
        self.assertEqual(len(messages), 3)

    def test_a_detail_only_one_version_gives_is_no_disagreement(self):
        # The UN's version gives the military fatalities; the mission's gives only a total.
        items = {finding.values["item"] for finding in self.findings("published-versions-disagree")}
        self.assertNotIn("military", items)

    def test_versions_that_agree_are_not_reported(self):
        self.mission = import_page(PAGE.replace("total: 15300", "total: 15200").replace("total: 13", "total: 12")
                                   .replace("value: 45", "value: 40"))
        self.assertEqual(self.findings("published-versions-disagree"), [])

    def test_the_check_follows_the_missions_preferred_source(self):
        self.mission = import_page(PAGE.replace("default_source: un-page", "default_source: un-page\n"
                                                "preferred_source: mission-page"))
        finding = next(finding for finding in self.findings("published-versions-disagree")
                       if "Strength" in finding.message.render("en"))
        self.assertEqual((finding.values["shown"], finding.values["other"]),
                         ({"source": "mission-page", "value": "15300"}, {"source": "un-page", "value": "15200"}))


class KeyFigurePeriodTests(RuleTestCase):
    as_of = date(2024, 6, 1)

    def setUp(self):
        super().setUp()
        self.mission = import_page()

    def test_the_shipped_example_has_no_key_figure_out_of_its_period(self):
        self.assertEqual(self.findings("key-figure-period"), [])

    def test_a_key_figure_whose_period_runs_past_the_sheets_date_is_reported(self):
        KeyFigure.objects.filter(key="patrol-length").update(period_end=date(2024, 12, 31))
        finding = self.only("key-figure-period")
        self.assertEqual(finding.message.render("en"),
                         "Key figure “long-range patrols” is stated for 1 January 2023 to 31 December 2024, which "
                         "runs past the sheet's date (1 June 2024).")

    def test_a_key_figure_labelled_with_a_year_its_period_does_not_cover_is_reported(self):
        KeyFigure.objects.filter(key="alerts").update(label_en="alerts answered in 2019")
        finding = self.only("key-figure-period")
        self.assertEqual(finding.values["years"], [2019])
        self.assertIn("names 2019 but is stated for 1 July 2022 to 30 June 2023", finding.message.render("en"))

    def test_a_key_figure_stated_after_the_sheets_date_is_left_to_later_sheets(self):
        KeyFigure.objects.filter(key="patrol-length").update(period_start=date(2024, 7, 1),
                                                            period_end=date(2024, 12, 31))
        self.assertEqual(self.findings("key-figure-period"), [])


class FormatThreePageCheckTests(RuleTestCase):
    as_of = date(2024, 6, 1)

    def test_every_rule_runs_over_a_format_3_page_and_only_the_versions_disagree(self):
        self.mission = import_page()
        rules = {finding.rule for finding in run_checks(self.mission, as_of=self.as_of).findings}
        # Besides the sections such a page cannot fill (patrols, per-country strength), only its two versions.
        self.assertEqual(rules, {"published-versions-disagree", "section-without-data"})


class VersionsAddedUpApartTests(RuleTestCase):
    as_of = date(2024, 6, 1)

    def test_one_sources_total_is_not_added_up_with_another_sources_categories(self):
        # The UN's version: 12 in all, 10 of them military; the mission's: 9 in all. Mixed, 10 military would
        # exceed 9; each version on its own adds up.
        self.mission = import_page(PAGE.replace("{as_of: 2024-03-31, total: 13, source: mission-page}",
                                                "{as_of: 2024-03-31, total: 9, source: mission-page}"))
        self.assertEqual(self.findings("fatalities-do-not-add-up"), [])

    def test_a_version_that_does_not_add_up_is_named_by_its_source(self):
        self.mission = import_page(PAGE.replace("{as_of: 2024-03-31, total: 13, source: mission-page}",
                                                "{as_of: 2024-03-31, total: 13, categories: {military: 13, "
                                                "police: 1}, source: mission-page}"))
        [finding] = self.findings("fatalities-do-not-add-up")
        self.assertEqual((finding.values["stated"], finding.values["summed"]), (13, 14))
        self.assertTrue(finding.key.endswith(":mission-page"), finding.key)
