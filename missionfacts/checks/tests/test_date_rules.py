"""Figures whose period runs past the sheet's date, and records dated outside the mission's life."""

from datetime import date

from missionfacts.activities.models import Patrol, PatrolCount
from missionfacts.casualties.models import Fatality, FatalityCount
from missionfacts.checks.engine import run_checks
from missionfacts.checks.tests.base import RuleTestCase
from missionfacts.missions.models import DatePrecision


class PeriodAfterSheetDateTests(RuleTestCase):
    rule = "period-after-sheet-date"

    def count(self, start: date, end: date, component: str = "military") -> PatrolCount:
        return PatrolCount.objects.create(mission=self.mission, component=component, count=1000, period_start=start,
                                          period_end=end, source=self.source)

    def test_a_published_count_running_past_the_sheets_date_is_a_warning_naming_the_count(self):
        count = self.count(date(2013, 7, 1), date(2021, 6, 30))
        period = self.mission_period(date(2021, 6, 30))
        finding = self.only(self.rule, period=period)
        self.assertEqual((finding.key, finding.severity), ("period-after-sheet-date:patrols.military", "warning"))
        self.assertEqual(finding.message.render("en"), "Military patrols: the figure covers 1 July 2013 to 30 June "
                                                       "2021, a period that ends after the sheet's date (1 July 2020).")
        self.assertEqual([(r.model, r.ids) for r in finding.records], [("activities.PatrolCount", (count.pk,))])

    def test_a_period_ending_by_the_sheets_date_is_not_reported(self):
        self.count(date(2013, 7, 1), date(2020, 6, 30))
        self.assertEqual(self.keys(self.rule), [])

    def test_a_sheet_dated_ahead_is_told_when_a_figure_runs_past_today(self):
        self.count(date(2013, 7, 1), date(2020, 6, 30))
        finding = self.only(self.rule, today=date(2020, 6, 15))
        self.assertIn("a period that ends after today (15 June 2020)", finding.message.render("en"))

    def test_individual_records_are_counted_only_up_to_the_sheets_date(self):
        Patrol.objects.create(mission=self.mission, patrolled_on=date(2020, 6, 1), component="police",
                              source=self.source)
        self.assertEqual(self.keys(self.rule, period=self.mission_period(date(2021, 6, 30))), [])

    def mission_period(self, end: date):
        from missionfacts.figures.values import Period

        return Period(self.mission.started_on, end)


class RecordOutsideMissionLifeTests(RuleTestCase):
    rule = "record-outside-mission-life"

    def end_mission(self, ended_on: date, precision: str = DatePrecision.DAY) -> None:
        self.mission.ended_on, self.mission.ended_on_precision = ended_on, precision
        self.mission.save()

    def fatality(self, died_on: date) -> Fatality:
        return Fatality.objects.create(mission=self.mission, died_on=died_on, personnel_category="military",
                                       incident_type="accident", source=self.source)

    def test_records_before_the_mission_began_are_a_warning_grouped_by_kind(self):
        Patrol.objects.create(mission=self.mission, patrolled_on=date(2013, 6, 30), component="military",
                              source=self.source)
        self.row(date(2013, 5, 31), "TCD", "troops", 100)
        finding = self.findings(self.rule)[0]
        self.assertEqual(self.keys(self.rule), ["record-outside-mission-life:activities.Patrol:before-start",
                                                "record-outside-mission-life:personnel.Strength:before-start"])
        self.assertEqual(finding.severity, "warning")
        self.assertEqual(finding.message.render("en"), "Patrols: 1 record dated before the mission began (1 July "
                                                       "2013), from 30 June 2013 to 30 June 2013.")

    def test_records_and_counts_after_the_mission_ended_are_reported_on_a_sheet_dated_after_them(self):
        self.end_mission(date(2023, 12, 31))
        self.fatality(date(2024, 1, 5))
        FatalityCount.objects.create(mission=self.mission, count=3, period_start=date(2023, 1, 1),
                                     period_end=date(2024, 6, 30), source=self.source)
        self.assertEqual(self.keys(self.rule, as_of=date(2024, 6, 30)),
                         ["record-outside-mission-life:casualties.Fatality:after-end",
                          "record-outside-mission-life:casualties.FatalityCount:after-end"])

    def test_records_after_the_sheets_date_do_not_concern_the_sheet(self):
        self.end_mission(date(2023, 12, 31))
        self.fatality(date(2024, 1, 5))
        self.assertEqual(self.keys(self.rule, as_of=date(2020, 7, 1)), [])

    def test_a_record_after_the_end_never_blocks_the_sheet(self):
        self.end_mission(date(2023, 12, 31))
        self.fatality(date(2024, 1, 5))
        report = run_checks(self.mission, as_of=date(2024, 6, 30))
        self.assertEqual([finding.severity for finding in report.findings if finding.rule == self.rule], ["warning"])
        self.assertEqual([finding.key for finding in report.errors], [])

    def test_the_end_is_named_as_precisely_as_it_is_known(self):
        self.end_mission(date(2023, 11, 30), DatePrecision.MONTH)
        self.fatality(date(2024, 1, 5))
        finding = self.only(self.rule, as_of=date(2024, 6, 30))
        self.assertEqual(finding.message.render("en"), "Fatalities: 1 record dated after the mission ended "
                                                       "(November 2023), from 5 January 2024 to 5 January 2024.")

    def test_a_fatality_in_the_month_a_mission_ended_is_inside_its_life(self):
        # "March 2018" is stored as its last day: 4 March 2018 is before it.
        self.end_mission(date(2018, 3, 31), DatePrecision.MONTH)
        self.fatality(date(2018, 3, 4))
        self.assertEqual(self.keys(self.rule, as_of=date(2018, 12, 31)), [])

    def test_records_within_the_mission_life_are_not_reported(self):
        self.end_mission(date(2023, 12, 31))
        Patrol.objects.create(mission=self.mission, patrolled_on=date(2013, 7, 1), component="military",
                              source=self.source)
        self.fatality(date(2023, 12, 31))
        self.assertEqual(self.keys(self.rule), [])
