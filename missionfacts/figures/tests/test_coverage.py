"""The rule combining sources over a period (figures.coverage), on MINUSMA's reference data and real imports."""

import shutil
import tempfile
from datetime import date
from pathlib import Path

from django.test import SimpleTestCase, TestCase

from missionfacts.factsheets.render import render_html
from missionfacts.factsheets.tests.sheet_text import html_text
from missionfacts.figures.coverage import Coverage, choose, heading_period
from missionfacts.figures.sheet import compute_sheet
from missionfacts.figures.values import Period
from missionfacts.imports.models import ImportBatch
from missionfacts.imports.patrols import import_patrols
from missionfacts.imports.reference import load_reference_data
from missionfacts.missions.models import Mission

JUNE_2020 = Period(date(2020, 6, 1), date(2020, 6, 30))
MANDATE = Period(date(2013, 7, 1), date(2021, 6, 30))
ONE_MONTH_OF_PATROLS = """date,component,site,sector,type
2020-06-02,military,Kidal,,long-range
2020-06-09,military,Tessalit,nord,foot
2020-06-21,military,Douentza,centre,aerial
2020-06-03,police,Bamako,,joint
2020-06-17,police,Mopti-Sévaré,,joint
"""


class OneMonthOfPatrolsTests(TestCase):
    """MINUSMA's editor imports the patrols of June 2020, while the mission file states 244 720 for 2013-2021."""

    @classmethod
    def setUpTestData(cls):
        load_reference_data()
        cls.minusma = Mission.objects.get(acronym="MINUSMA")
        folder = Path(tempfile.mkdtemp())
        try:
            path = folder / "patrols-2020-06.csv"
            path.write_text(ONE_MONTH_OF_PATROLS, encoding="utf-8")
            cls.result = import_patrols(path, mission=cls.minusma)
        finally:
            shutil.rmtree(folder)

    def test_the_import_records_that_it_holds_june_2020_completely(self):
        self.assertTrue(self.result.ok, self.result.problems)
        batch = ImportBatch.objects.get(pk=self.result.batch_id)
        self.assertEqual((batch.covers_from, batch.covers_to), (JUNE_2020.start, JUNE_2020.end))

    def test_the_1_july_2020_sheet_still_shows_the_published_count_for_its_period(self):
        sheet = compute_sheet(self.minusma, date(2020, 7, 1))
        military, police = sheet.patrols["military"], sheet.patrols["police"]
        self.assertEqual((military.value, military.period), (244720, MANDATE))
        self.assertEqual((police.value, police.period), (93873, MANDATE))
        self.assertEqual(military.provenance[0].model, "activities.PatrolCount")

    def test_the_printed_sheet_of_1_july_2020_says_244_720_under_the_mandates_heading(self):
        text = html_text(render_html(compute_sheet(self.minusma, date(2020, 7, 1)), "en"))
        self.assertIn("Key figures 1 July 2013 to 30 June 2021: 244,720 military patrols 93,873 police patrols", text)
        self.assertNotIn("3 military patrols", text)

    def test_a_sheet_of_june_2020_counts_the_months_records(self):
        sheet = compute_sheet(self.minusma, date(2020, 7, 1), period=JUNE_2020)
        military, police = sheet.patrols["military"], sheet.patrols["police"]
        self.assertEqual((military.value, military.period), (3, JUNE_2020))
        self.assertEqual((police.value, police.period), (2, JUNE_2020))
        self.assertEqual(military.provenance[0].model, "activities.Patrol")

    def test_before_the_month_ends_the_records_cover_only_what_had_happened(self):
        sheet = compute_sheet(self.minusma, date(2020, 6, 15), period=JUNE_2020)
        military = sheet.patrols["military"]
        self.assertEqual((military.value, military.period), (2, Period(date(2020, 6, 1), date(2020, 6, 15))))


class Count:
    def __init__(self, start, end, count):
        self.period_start, self.period_end, self.count = start, end, count


class ChooseTests(SimpleTestCase):
    YEAR = Period(date(2020, 1, 1), date(2020, 12, 31))

    def test_counts_following_one_another_add_up_and_a_gap_splits_them(self):
        counts = [Count(date(2020, 1, 1), date(2020, 3, 31), 10), Count(date(2020, 4, 1), date(2020, 6, 30), 20),
                  Count(date(2020, 8, 1), date(2020, 8, 31), 5)]
        choice = choose(self.YEAR, date(2030, 1, 1), None, counts)
        self.assertEqual(choice.period, Period(date(2020, 1, 1), date(2020, 6, 30)))
        self.assertEqual(sum(count.count for count in choice.counts), 30)

    def test_a_file_complete_from_its_first_record_covers_the_period_up_to_the_sheets_date(self):
        coverage = Coverage.of([Period(date.min, date(2024, 3, 31))])
        choice = choose(self.YEAR, date(2020, 7, 1), coverage, [])
        self.assertEqual((choice.kind, choice.period), ("records", Period(date(2020, 1, 1), date(2020, 7, 1))))

    def test_no_source_covering_any_of_the_period_gives_none(self):
        coverage = Coverage.of([Period(date(2019, 1, 1), date(2019, 12, 31))])
        self.assertIsNone(choose(self.YEAR, date(2030, 1, 1), coverage, [Count(date(2019, 1, 1),
                                                                               date(2021, 1, 1), 4)]))

    def test_the_heading_states_the_period_most_figures_have(self):
        fiscal_year = Period(date(2019, 7, 1), date(2020, 6, 30))
        self.assertEqual(heading_period([MANDATE, fiscal_year, MANDATE, None], JUNE_2020), MANDATE)
        self.assertEqual(heading_period([None], JUNE_2020), JUNE_2020)
