"""The `un-missions` import of the Data Hub's mission dataset: it completes what the records lack, never more."""

import csv
import tempfile
from datetime import date
from pathlib import Path

from django.test import TestCase

from missionfacts.imports.reference import load_reference_data
from missionfacts.imports.tests.helpers import database_content, in_english  # noqa: F401 (in_english is a fixture)
from missionfacts.imports.un_missions import import_un_missions
from missionfacts.missions.models import Mission
from missionfacts.opendata.tests.replay import RESPONSES
from missionfacts.testing import a_mission

REAL_FILE = RESPONSES / "DPPADPOSS-PKO.csv"
HEADER = ("id,mission_acronym,mission_name,lead_department,mission_isactive,start_date,end_date,mission_location,"
          "mission_longitude,mission_latitude,last_update")


def real_rows() -> list[dict]:
    with open(REAL_FILE, encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))


class UnMissionsImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_reference_data()

    def a_file(self, *lines: str) -> Path:
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        path = Path(folder.name) / "DPPADPOSS-PKO.csv"
        path.write_text("\n".join((HEADER, *lines)) + "\n", encoding="utf-8")
        return path

    def test_the_real_file_adds_only_the_operations_the_catalogue_lacks_and_keeps_every_record(self):
        before = {mission.acronym: (mission.name_en, mission.started_on, mission.ended_on, mission.headquarters)
                  for mission in Mission.objects.all()}
        result = import_un_missions(REAL_FILE)
        self.assertTrue(result.ok, result.problems)
        after = {mission.acronym: (mission.name_en, mission.started_on, mission.ended_on, mission.headquarters)
                 for mission in Mission.objects.all()}
        known = {acronym.upper() for acronym in before}
        file_acronyms = {" ".join(row["mission_acronym"].split()) for row in real_rows()}
        added = {acronym for acronym in file_acronyms if acronym.upper() not in known}
        self.assertEqual(set(after) - set(before), added)
        for acronym, identity in before.items():
            with self.subTest(acronym=acronym):
                for old, new in zip(identity, after[acronym], strict=True):
                    if old not in (None, ""):
                        self.assertEqual(new, old)

    def test_it_names_where_the_file_and_a_record_disagree_and_keeps_the_record(self):
        result = import_un_missions(REAL_FILE)
        unmiss = Mission.objects.get(acronym="UNMISS")
        self.assertEqual(unmiss.started_on, date(2011, 7, 9))
        self.assertIn("UNMISS: the file gives start_date 2011-07-08, the record 2011-07-09; the record is kept.",
                      result.notes)

    def test_coordinates_a_few_hundredths_apart_are_the_same_place_but_swapped_ones_are_named(self):
        notes = " ".join(import_un_missions(REAL_FILE).notes)
        self.assertNotIn("UNMISS: the file gives mission_latitude", notes)
        self.assertIn("MINUSMA: the file gives mission_latitude -8.0, the record 12.6", notes)

    def test_importing_the_same_file_again_changes_nothing(self):
        import_un_missions(REAL_FILE)
        content = database_content()
        again = import_un_missions(REAL_FILE)
        self.assertFalse(again.changed_anything)
        self.assertIsNone(again.batch_id)
        self.assertEqual(database_content(), content)

    def test_a_provisional_mission_gets_the_file_s_identity(self):
        a_mission("UNXX", started_on=None, is_provisional=True, host_country="", name_en="", name_fr="")
        result = import_un_missions(self.a_file('1,UNXX,United Nations Example Mission,DPO,No,1990-01-01,'
                                                '1991-06-30,Example City,"15,9833","45,8167",2024-02-19'))
        self.assertTrue(result.ok, result.problems)
        mission = Mission.objects.get(acronym="UNXX")
        self.assertFalse(mission.is_provisional)
        self.assertEqual((mission.name_en, mission.started_on, mission.ended_on, mission.headquarters),
                         ("United Nations Example Mission", date(1990, 1, 1), date(1991, 6, 30), "Example City"))
        self.assertEqual((mission.headquarters_latitude, mission.headquarters_longitude), (45.8167, 15.9833))

    def test_a_known_mission_gets_an_end_date_it_lacked(self):
        self.assertIsNone(Mission.objects.get(acronym="UNMISS").ended_on)
        result = import_un_missions(self.a_file("1,UNMISS,United Nations Mission in South Sudan,DPO,No,2011-07-08,"
                                                "2030-07-31,Juba,,,2031-01-01"))
        self.assertEqual(result.rows_changed, 1)
        self.assertEqual(Mission.objects.get(acronym="UNMISS").ended_on, date(2030, 7, 31))

    def test_a_date_on_the_first_of_a_month_is_that_month_and_an_end_its_last_day(self):
        a_mission("UNXX", started_on=None, is_provisional=True, host_country="", name_en="", name_fr="")
        import_un_missions(self.a_file("1,UNXX,United Nations Example Mission,DPO,No,1990-01-01,1991-06-01,,,,"
                                       "2024-02-19"))
        mission = Mission.objects.get(acronym="UNXX")
        self.assertEqual((mission.started_on, mission.started_on_precision, mission.ended_on,
                          mission.ended_on_precision), (date(1990, 1, 1), "month", date(1991, 6, 30), "month"))

    def test_an_end_a_mission_lacked_comes_with_its_precision(self):
        import_un_missions(self.a_file("1,UNMISS,United Nations Mission in South Sudan,DPO,No,2011-07-08,"
                                       "2030-07-01,Juba,,,2031-01-01"))
        unmiss = Mission.objects.get(acronym="UNMISS")
        self.assertEqual((unmiss.ended_on, unmiss.ended_on_precision), (date(2030, 7, 31), "month"))

    def test_the_files_month_agrees_with_a_day_inside_it(self):
        notes = " ".join(import_un_missions(REAL_FILE).notes)
        # The file's 2003-09-01 and 2018-03-01 are the months of UNMIL's 19 September 2003 and 30 March 2018.
        self.assertNotIn("UNMIL:", notes)
        # UNOCI's "2017-05-01" is a month early: the UN closed it on 30 June 2017.
        self.assertIn("UNOCI: the file gives end_date 2017-05, the record 2017-06-30; the record is kept.", notes)

    def test_bad_rows_are_named_by_row_and_column_and_nothing_is_written(self):
        content = database_content()
        result = import_un_missions(self.a_file(
            "1,UNAA,A mission,DPO,No,not a date,,,,,2024-02-19",
            '2,UNBB,B mission,DPO,No,1990-01-01,1989-01-01,Town,"200,5","10,1",2024-02-19',
            "3,UNAA,A mission again,DPO,No,1990-01-01,,,,,2024-02-19",
            "4,,No acronym,DPO,No,1990-01-01,,,,,2024-02-19",
        ))
        found = {(problem.row, problem.column) for problem in result.problems}
        self.assertEqual(found, {(2, "start_date"), (3, "end_date"), (3, "mission_longitude"),
                                 (4, "mission_acronym"), (5, "mission_acronym")})
        self.assertEqual(database_content(), content)

    def test_a_file_without_the_columns_it_needs_is_refused_naming_them(self):
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        path = Path(folder.name) / "missions.csv"
        path.write_text("mission_acronym,name\nUNAA,A\n", encoding="utf-8")
        result = import_un_missions(path)
        self.assertFalse(result.ok)
        self.assertIn("mission_name", " ".join(f"{problem.column} {problem.reason}" for problem in result.problems))
