"""The dates figures are computed for, and the figures' date arithmetic at the ends of the calendar."""

from datetime import date

from django.test import SimpleTestCase, TestCase

from missionfacts.activities.models import Patrol
from missionfacts.figures.activities import patrols_between
from missionfacts.figures.coverage import month_of, runs
from missionfacts.figures.dates import computable_dates
from missionfacts.figures.values import Period
from missionfacts.imports.models import ImportBatch
from missionfacts.testing import a_mission, a_source


class ComputableDatesTests(SimpleTestCase):
    def test_they_run_from_1900_to_fifty_years_after_today(self):
        self.assertEqual(computable_dates(date(2026, 12, 7)), Period(date(1900, 1, 1), date(2076, 12, 7)))

    def test_fifty_years_after_a_29_february_is_the_28th_in_a_common_year(self):
        self.assertEqual(computable_dates(date(2024, 2, 29)).end, date(2074, 2, 28))

    def test_they_follow_the_real_today_by_default(self):
        self.assertEqual(computable_dates().end.year, date.today().year + 50)


class CalendarEndsTests(SimpleTestCase):
    def test_the_last_month_of_the_calendar_is_a_month(self):
        self.assertEqual(month_of(date(9999, 12, 15)), Period(date(9999, 12, 1), date.max))

    def test_periods_touching_on_the_last_day_join_into_one_run(self):
        self.assertEqual(runs([Period(date(9999, 1, 1), date(9999, 6, 30)), Period(date(9999, 7, 1), date.max)]),
                         (Period(date(9999, 1, 1), date.max),))

    def test_periods_a_day_apart_stay_two_runs(self):
        self.assertEqual(len(runs([Period(date(2020, 1, 1), date(2020, 1, 30)),
                                   Period(date(2020, 2, 1), date(2020, 2, 28))])), 2)


class PatrolsAtTheCalendarEndsTests(TestCase):
    """Figures stay pure functions of the records: called for any period, they answer rather than overflow."""

    def setUp(self):
        self.mission, self.source = a_mission(started_on=date.min), a_source()
        self.batch = ImportBatch.objects.create(kind="patrols", file_name="patrols.csv", checksum="0" * 64,
                                                source=self.source, covers_from=date.min, covers_to=date.max)

    def patrols_on(self, *days: date) -> None:
        for day in days:
            Patrol.objects.create(mission=self.mission, patrolled_on=day, component="military", source=self.source,
                                  import_batch=self.batch)

    def test_patrols_in_the_last_month_of_the_calendar_are_counted(self):
        self.patrols_on(date(9999, 12, 3), date.max)
        for period in (Period(date(9999, 12, 2), date.max), Period(date(9999, 11, 2), date.max)):
            with self.subTest(period=f"{period.start.isoformat()}..{period.end.isoformat()}"):
                self.assertEqual(patrols_between(self.mission, "military", period, date.max).value, 2)

    def test_patrols_in_the_first_month_of_the_calendar_are_counted(self):
        self.patrols_on(date.min, date(1, 1, 20), date(1, 2, 1))
        self.assertEqual(patrols_between(self.mission, "military", Period(date.min, date(1, 1, 20)),
                                         date.max).value, 2)

    def test_whole_months_and_the_days_around_them_add_up(self):
        self.patrols_on(date(2019, 12, 31), date(2020, 1, 15), date(2020, 2, 29), date(2020, 3, 1), date(2020, 3, 2))
        figure = patrols_between(self.mission, "military", Period(date(2019, 12, 31), date(2020, 3, 1)), date.max)
        self.assertEqual(figure.value, 4)
