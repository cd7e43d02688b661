"""The dashboards' data: series and rankings computed from MINUSMA's records and a few added ones."""

from datetime import date

from django.test import TestCase

from missionfacts.activities.models import PatrolCount
from missionfacts.casualties.models import FatalityCount
from missionfacts.figures import dashboards
from missionfacts.figures.dashboards import CountryContribution, StrengthPoint
from missionfacts.figures.values import Period
from missionfacts.imports.reference import load_reference_data
from missionfacts.missions.models import Mission
from missionfacts.personnel.models import ComponentStrength, Strength
from missionfacts.testing import a_mission, a_source
from missionfacts.web.tests.records import add_dashboard_records


class ReferenceDataTests(TestCase):
    """MINUSMA as shipped: component totals, one resolution, programmes and counts over the whole mandate."""

    @classmethod
    def setUpTestData(cls):
        load_reference_data()
        cls.minusma = Mission.objects.get(acronym="MINUSMA")

    def test_the_latest_report_is_the_date_of_the_last_stated_strength(self):
        self.assertEqual(dashboards.latest_report_date(self.minusma, date(2026, 1, 1)), date(2020, 7, 1))
        self.assertEqual(dashboards.latest_report_date(self.minusma, date(2020, 6, 30)), date(2020, 6, 29))

    def test_a_mission_without_reports_opens_on_its_first_day(self):
        empty = a_mission("MINUEMPTY", started_on=date(2019, 3, 1))
        self.assertEqual(dashboards.latest_report_date(empty, date(2024, 1, 1)), date(2019, 3, 1))

    def test_strength_stands_beside_the_ceiling_in_force_and_ceilings_step_on_adoption(self):
        self.assertEqual(dashboards.strength_against_ceilings(self.minusma), (
            StrengthPoint(date(2020, 3, 10), "police", 1726, None),
            StrengthPoint(date(2020, 6, 29), "military", None, 13289),
            StrengthPoint(date(2020, 6, 29), "police", None, 1920),
            StrengthPoint(date(2020, 7, 1), "military", 12873, 13289),
            StrengthPoint(date(2020, 7, 1), "police", 1728, 1920),
        ))

    def test_published_training_counts_keep_their_own_period_and_split_women_from_men(self):
        unpol = next(item for item in dashboards.trainings_by_sex(self.minusma)
                     if item.programme_key == "unpol-trainings")
        self.assertEqual((unpol.period, unpol.sessions, unpol.women, unpol.men, unpol.not_given),
                         (Period(date(2013, 7, 1), date(2021, 6, 30)), None, 4585, 41947 - 4585, 0))

    def test_counts_over_several_months_or_years_are_not_spread_over_them(self):
        self.assertEqual(dashboards.patrols_per_month(self.minusma), ())
        self.assertEqual(dashboards.fatalities_per_year(self.minusma), ())

    def test_no_per_country_rows_gives_no_ranking(self):
        contributors = dashboards.contributors_at(self.minusma, date(2020, 7, 1))
        self.assertEqual((contributors.day, contributors.reporting_dates, contributors.countries), (None, (), ()))


class RecordsTests(TestCase):
    """MINUSMA with monthly strength by country, patrols, training sessions and fatalities (tests.records)."""

    @classmethod
    def setUpTestData(cls):
        load_reference_data()
        cls.minusma = Mission.objects.get(acronym="MINUSMA")
        add_dashboard_records(cls.minusma)

    def test_a_stated_total_wins_over_the_per_country_rows_of_the_same_day(self):
        ComponentStrength.objects.create(mission=self.minusma, reported_on=date(2020, 6, 30), component="military",
                                         total=12000, source=a_source())
        points = {(p.day, p.component): p for p in dashboards.strength_against_ceilings(self.minusma)}
        self.assertEqual(points[(date(2020, 6, 30), "military")].strength, 12000)
        # January: 12 countries' troops, 9,640 men and 201 women.
        self.assertEqual(points[(date(2020, 1, 31), "military")].strength, 9841)
        self.assertEqual(points[(date(2020, 1, 31), "police")].strength, 1140)

    def test_the_ranking_is_of_the_last_report_on_or_before_the_date_with_ties_sharing_a_rank(self):
        contributors = dashboards.contributors_at(self.minusma, date(2020, 2, 15))
        self.assertEqual(contributors.day, date(2020, 1, 31))
        self.assertEqual(len(contributors.reporting_dates), 6)
        self.assertEqual(contributors.countries[0], CountryContribution(1, "TCD", 1425, 0, 35))
        self.assertEqual(contributors.countries[2], CountryContribution(3, "SEN", 940, 320, 80))
        egypt, togo = contributors.countries[3], contributors.countries[4]
        self.assertEqual((egypt.country, egypt.rank, togo.country, togo.rank), ("EGY", 4, "TGO", 4))

    def test_the_ranking_stops_after_the_limit_unless_a_tie(self):
        contributors = dashboards.contributors_at(self.minusma, date(2020, 6, 30), limit=3)
        self.assertEqual([item.country for item in contributors.countries], ["TCD", "BGD", "SEN"])

    def test_before_the_first_report_the_first_report_is_shown(self):
        self.assertEqual(dashboards.contributors_at(self.minusma, date(2019, 1, 1)).day, date(2020, 1, 31))

    def test_the_share_of_women_is_computed_per_personnel_type_and_date(self):
        shares = {(s.day, s.personnel_type): s for s in dashboards.women_share_by_type(self.minusma)}
        police = shares[(date(2020, 1, 31), "formed_police_unit")]
        self.assertEqual((police.women, police.total), (100, 1140))
        self.assertAlmostEqual(police.share, 100 / 1140)

    def test_patrols_are_counted_by_month_component_and_sector_and_fill_months_from_counts(self):
        PatrolCount.objects.create(mission=self.minusma, component="police", period_start=date(2020, 7, 1),
                                   period_end=date(2020, 7, 31), count=42, source=a_source())
        months = dashboards.patrols_per_month(self.minusma)
        january = [(m.component, m.sector_key, m.patrols) for m in months if m.month == date(2020, 1, 1)]
        self.assertEqual(january, [("military", "nord", 1), ("military", "est", 2), ("military", "ouest", 3),
                                   ("police", "", 1)])
        # A count of a month its records cover too is that month's figure, as on a sheet of that month; it is not
        # added to them.
        PatrolCount.objects.create(mission=self.minusma, component="military", period_start=date(2020, 1, 1),
                                   period_end=date(2020, 1, 31), count=999, source=a_source())
        months = dashboards.patrols_per_month(self.minusma)
        january = [(m.component, m.sector_key, m.patrols, m.from_counts) for m in months if m.month == date(2020, 1, 1)]
        self.assertEqual(january, [("military", "", 999, True), ("police", "", 1, False)])
        july = [m for m in months if m.month == date(2020, 7, 1)]
        self.assertEqual([(m.component, m.patrols, m.from_counts) for m in july], [("police", 42, True)])

    def test_training_participants_are_counted_by_year_and_sex(self):
        items = {(i.programme_key, i.period.start.year): i for i in dashboards.trainings_by_sex(self.minusma)}
        session_2020 = items[("unpol-trainings", 2020)]
        self.assertEqual((session_2020.sessions, session_2020.women, session_2020.men), (1, 5, 7))
        # The published count over 2013-2021 is not shrunk by a year of sessions: it keeps its own period.
        self.assertEqual(items[("unpol-trainings", 2013)].period, Period(date(2013, 7, 1), date(2021, 6, 30)))
        self.assertIn(("mdsf-explosive-threats", 2013), items)

    def test_fatalities_are_counted_by_year_and_type_and_counts_fill_other_years(self):
        FatalityCount.objects.create(mission=self.minusma, period_start=date(2018, 1, 1), period_end=date(2018, 12, 31),
                                     count=7, source=a_source())
        years = [(y.year, y.incident_type, y.fatalities, y.from_counts)
                 for y in dashboards.fatalities_per_year(self.minusma)]
        self.assertEqual(years, [(2018, "", 7, True), (2019, "malicious_act", 2, False), (2019, "accident", 1, False),
                                 (2020, "malicious_act", 1, False), (2020, "illness", 1, False)])

    def test_two_sources_versions_of_a_years_count_are_not_added_together(self):
        for count, key in ((7, "un-site"), (9, "mission-site")):
            FatalityCount.objects.create(mission=self.minusma, period_start=date(2018, 1, 1),
                                         period_end=date(2018, 12, 31), count=count, source=a_source(key))
        years = [(y.year, y.fatalities) for y in dashboards.fatalities_per_year(self.minusma) if y.year == 2018]
        self.assertEqual(years, [(2018, 7)])

    def test_a_count_of_a_whole_year_is_that_years_figure_over_records_of_some_of_its_months(self):
        FatalityCount.objects.create(mission=self.minusma, period_start=date(2019, 1, 1), period_end=date(2019, 12, 31),
                                     count=5, source=a_source())
        years = [(y.year, y.incident_type, y.fatalities, y.from_counts)
                 for y in dashboards.fatalities_per_year(self.minusma)]
        self.assertEqual(years, [(2019, "", 5, True), (2020, "malicious_act", 1, False), (2020, "illness", 1, False)])

    def test_another_missions_records_are_not_counted(self):
        other = a_mission("MINUOTHER")
        Strength.objects.create(mission=other, reported_on=date(2020, 1, 31), country="TCD", personnel_type="troops",
                                men=5, women=5, source=a_source())
        contributors = dashboards.contributors_at(self.minusma, date(2020, 1, 31))
        self.assertEqual(contributors.countries[0].total, 1425)
        self.assertEqual(dashboards.patrols_per_month(other), ())
