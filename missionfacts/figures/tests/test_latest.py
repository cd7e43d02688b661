"""The date a mission's page opens on: the latest date its records speak of, within its life, not after today."""

from datetime import date

from django.test import TestCase

from missionfacts.casualties.models import Fatality
from missionfacts.figures.latest import latest_data_date
from missionfacts.imports.reference import load_reference_data
from missionfacts.missions.models import Mission
from missionfacts.personnel.models import Strength
from missionfacts.testing import a_source

TODAY = date(2026, 1, 15)


class LatestDataDateTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_reference_data()
        cls.source = a_source()

    def mission(self, acronym: str) -> Mission:
        return Mission.objects.get(acronym=acronym)

    def a_death(self, mission: Mission, died_on: date) -> Fatality:
        return Fatality.objects.create(mission=mission, died_on=died_on, personnel_category="military",
                                       incident_type="malicious_act", source=self.source)

    def test_minusma_opens_on_its_last_strength_report_not_on_the_end_of_its_counts(self):
        self.assertEqual(latest_data_date(self.mission("MINUSMA"), TODAY), date(2020, 7, 1))

    def test_onub_opens_on_the_date_of_its_pages_strength_never_on_its_resolution_before_it_began(self):
        onub = self.mission("ONUB")
        self.assertEqual(latest_data_date(onub, TODAY), date(2005, 9, 30))
        # Asked before the strength was stated, only the resolution of 2004 (before ONUB began) is known.
        self.assertEqual(latest_data_date(onub, date(2005, 1, 1)), date(2004, 6, 1))

    def test_a_current_operation_with_no_record_opens_on_today_not_on_its_first_day(self):
        self.assertEqual(latest_data_date(self.mission("UNMISS"), TODAY), TODAY)

    def test_a_current_operation_opens_on_its_latest_un_data_whatever_the_kind(self):
        unmiss = self.mission("UNMISS")
        Strength.objects.create(mission=unmiss, reported_on=date(2025, 10, 31), country="IND",
                                personnel_type="troops", men=2000, women=100, source=self.source)
        self.assertEqual(latest_data_date(unmiss, TODAY), date(2025, 10, 31))
        self.a_death(unmiss, date(2025, 12, 2))
        self.assertEqual(latest_data_date(unmiss, TODAY), date(2025, 12, 2))

    def test_a_record_dated_after_today_does_not_move_the_page_into_the_future(self):
        unmiss = self.mission("UNMISS")
        self.a_death(unmiss, date(2025, 12, 2))
        self.assertEqual(latest_data_date(unmiss, date(2025, 12, 1)), date(2025, 12, 1))

    def test_a_past_operation_with_no_record_opens_on_its_last_day(self):
        unosom = self.mission("UNOSOM II")
        self.assertEqual(latest_data_date(unosom, TODAY), date(1995, 3, 31))

    def test_a_record_dated_after_a_past_operation_ended_does_not_date_its_page(self):
        unosom = self.mission("UNOSOM II")
        self.a_death(unosom, date(1994, 6, 1))
        self.assertEqual(latest_data_date(unosom, TODAY), date(1994, 6, 1))
        self.a_death(unosom, date(1996, 2, 1))
        self.assertEqual(latest_data_date(unosom, TODAY), date(1994, 6, 1))
