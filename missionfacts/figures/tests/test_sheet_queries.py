"""A sheet's figures cost a bounded number of queries, whatever the data holds (issue 6).

Each kind of record is read once for the whole sheet, grouped by component, so adding per-country strength
rows adds no query per country or per component. The bound is what compute_sheet makes today on the MINUSMA
reference data (it made 33 before the queries were folded): a change that reads a table once more per
component, or the same resolution twice, fails here.
"""

from datetime import date

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from missionfacts.figures.sheet import compute_sheet
from missionfacts.imports.reference import load_reference_data
from missionfacts.missions.models import Mission
from missionfacts.personnel.models import Strength
from missionfacts.testing import a_source

SHEET_QUERIES = 22


class SheetQueriesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_reference_data()
        cls.minusma = Mission.objects.get(acronym="MINUSMA")

    def queries_of_a_sheet(self, day: date) -> int:
        mission = Mission.objects.get(pk=self.minusma.pk)
        with CaptureQueriesContext(connection) as queries:
            compute_sheet(mission, day)
        return len(queries)

    def test_the_minusma_sheet_takes_at_most_its_measured_number_of_queries(self):
        self.assertLessEqual(self.queries_of_a_sheet(date(2020, 7, 1)), SHEET_QUERIES)

    def test_per_country_rows_of_both_components_add_one_query_not_one_per_component_or_country(self):
        before = self.queries_of_a_sheet(date(2020, 7, 1))
        source = a_source()
        for country, personnel_type in (("TCD", "troops"), ("BGD", "staff_officer"), ("SEN", "formed_police_unit"),
                                        ("EGY", "individual_police")):
            Strength.objects.create(mission=self.minusma, reported_on=date(2020, 6, 30), country=country,
                                    personnel_type=personnel_type, men=100, women=10, source=source)
        self.assertEqual(self.queries_of_a_sheet(date(2020, 7, 1)), before + 1)
