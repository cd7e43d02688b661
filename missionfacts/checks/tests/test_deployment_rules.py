"""Stated site counts against the sites listed, and activities at places not in service."""

from datetime import date

from missionfacts.activities.models import Patrol, Training, TrainingProgramme
from missionfacts.checks.tests.base import RuleTestCase
from missionfacts.missions.models import Sector, Site, StatedSiteCount


class DeploymentTestCase(RuleTestCase):
    def setUp(self):
        super().setUp()
        self.north = Sector.objects.create(mission=self.mission, key="north", name_fr="Secteur Nord",
                                           name_en="Sector North", source=self.source)

    def site(self, name: str, **validity) -> Site:
        return Site.objects.create(mission=self.mission, sector=self.north, name=name, latitude=18.4, longitude=1.4,
                                   source=self.source, **validity)


class StatedCountDiffersFromListTests(DeploymentTestCase):
    rule = "stated-count-differs-from-list"

    def test_a_stated_count_above_the_sites_in_service_is_reported_with_what_the_sheet_shows(self):
        for name in ("Kidal", "Tessalit", "Aguelhoc"):
            self.site(name)
        self.site("Anefis", valid_to=date(2019, 12, 31))
        StatedSiteCount.objects.create(mission=self.mission, stated_on=date(2020, 7, 1), sites=4, source=self.source)
        finding = self.only(self.rule)
        self.assertEqual((finding.key, finding.severity), ("stated-count-differs-from-list:2020-07-01", "warning"))
        self.assertEqual(finding.message.render("en"), "On 1 July 2020, the mission states 4 sites but lists 3 in "
                                                       "service that day; the sheet shows 4.")
        self.assertEqual(finding.records[1].label.render("en"),
                         "sites in service on 1 July 2020: Kidal, Tessalit, Aguelhoc")
        self.assertEqual(finding.values["used_source"], "stated")

    def test_a_stated_count_that_matches_the_sites_is_not_reported(self):
        self.site("Kidal")
        StatedSiteCount.objects.create(mission=self.mission, stated_on=date(2020, 7, 1), sites=1, source=self.source)
        self.assertEqual(self.keys(self.rule), [])

    def test_a_statement_made_after_the_sheets_date_does_not_bear_on_it(self):
        self.site("Kidal")
        StatedSiteCount.objects.create(mission=self.mission, stated_on=date(2020, 8, 1), sites=5, source=self.source)
        self.assertEqual(self.keys(self.rule), [])


class RecordOutsideSiteValidityTests(DeploymentTestCase):
    rule = "record-outside-site-validity"

    def test_patrols_and_trainings_at_a_closed_site_are_reported_per_site(self):
        closed = self.site("Anefis", valid_to=date(2019, 12, 31))
        for day in (date(2020, 3, 1), date(2020, 4, 1)):
            Patrol.objects.create(mission=self.mission, patrolled_on=day, component="military", site=closed,
                                  source=self.source)
        programme = TrainingProgramme.objects.create(mission=self.mission, key="ied", audience_fr="a", audience_en="a",
                                                     subject_fr="s", subject_en="s", counts="persons",
                                                     source=self.source)
        Training.objects.create(mission=self.mission, programme=programme, held_on=date(2020, 2, 1), site=closed,
                                trained=10, source=self.source)
        self.assertEqual(self.keys(self.rule), [f"record-outside-site-validity:activities.Patrol:site:{closed.pk}",
                                                f"record-outside-site-validity:activities.Training:site:{closed.pk}"])
        patrols = self.findings(self.rule)[0]
        self.assertEqual(patrols.severity, "error")
        self.assertEqual(patrols.message.render("en"), "Patrols: 2 records outside the validity of “Anefis” (until "
                                                       "31 December 2019), from 1 March 2020 to 1 April 2020.")

    def test_a_patrol_in_a_sector_before_it_opened_is_reported(self):
        centre = Sector.objects.create(mission=self.mission, key="centre", name_fr="Secteur Centre",
                                       name_en="Sector Centre", valid_from=date(2019, 1, 1), source=self.source)
        Patrol.objects.create(mission=self.mission, patrolled_on=date(2018, 6, 1), component="police", sector=centre,
                              source=self.source)
        self.assertEqual(self.keys(self.rule), [f"record-outside-site-validity:activities.Patrol:sector:{centre.pk}"])
        self.assertIn("«\u00a0Secteur Centre\u00a0»", self.only(self.rule).message.render("fr"))

    def test_activities_while_the_site_is_in_service_are_not_reported(self):
        site = self.site("Kidal", valid_from=date(2014, 1, 1), valid_to=date(2019, 12, 31))
        Patrol.objects.create(mission=self.mission, patrolled_on=date(2019, 12, 31), component="military", site=site,
                              source=self.source)
        Patrol.objects.create(mission=self.mission, patrolled_on=date(2020, 1, 1), component="military",
                              source=self.source)
        self.assertEqual(self.keys(self.rule), [])
