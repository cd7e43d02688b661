"""The `patrols` import: a mission's own patrol records or patrol counts, from CSV or XLSX."""

import contextlib
import io
import shutil
import tempfile
from datetime import date, timedelta
from pathlib import Path

from django.apps import apps
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.utils import translation
from openpyxl import Workbook

from missionfacts.activities.models import Patrol, PatrolCount
from missionfacts.figures.activities import patrols_between
from missionfacts.figures.values import Period
from missionfacts.imports.models import ImportBatch
from missionfacts.imports.patrols import import_patrols
from missionfacts.imports.reference import load_reference_data
from missionfacts.missions.models import Mission, Sector, Site
from missionfacts.testing import a_source

DATA = Path(__file__).parent / "data" / "patrols"
PATROLS = DATA / "minusma-patrols.csv"
COUNTS = DATA / "minusma-patrol-counts.csv"
HEADER = "date,component,sector,site,type,reference\n"


def snapshot() -> dict:
    """Every value of every row an import could touch, to show that a rejected file changed nothing."""
    return {
        model._meta.label: list(model.objects.order_by("pk").values_list())
        for model in apps.get_models()
        if model._meta.app_label in {"missions", "activities", "imports"}
    }


class PatrolImportTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_reference_data()
        cls.minusma = Mission.objects.get(acronym="MINUSMA")

    def setUp(self):
        self.folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.folder)

    def write(self, text: str, name: str = "patrols.csv", encoding: str = "utf-8") -> Path:
        path = self.folder / name
        path.write_bytes(text.encode(encoding))
        return path

    def imported(self, path: Path, **options):
        options.setdefault("mission", self.minusma)
        with translation.override("en"):
            return import_patrols(path, **options)

    def only_problem(self, result):
        self.assertEqual(len(result.problems), 1, result.problems)
        return result.problems[0]


class PatrolRecordTests(PatrolImportTestCase):
    def test_it_imports_one_row_per_patrol_and_records_the_import(self):
        result = self.imported(PATROLS)
        self.assertTrue(result.ok, result.problems)
        self.assertEqual((result.rows_read, result.rows_added), (8, 8))
        batch = ImportBatch.objects.get(pk=result.batch_id)
        self.assertEqual((batch.kind, batch.file_name, batch.rows_read, batch.rows_added),
                         ("patrols", "minusma-patrols.csv", 8, 8))
        self.assertEqual(batch.source.key, "minusma-patrols-minusma-patrols-csv")
        self.assertEqual(Patrol.objects.filter(mission=self.minusma, import_batch=batch, source=batch.source).count(),
                         8)

    def test_headers_are_read_by_name_in_any_order_and_any_capitalisation(self):
        self.imported(PATROLS)
        patrol = Patrol.objects.get(reference="PAT-2020-0002")
        self.assertEqual((patrol.patrolled_on, patrol.component, patrol.site.name, patrol.patrol_type),
                         (date(2020, 1, 6), "military", "Tessalit", "foot"))

    def test_a_patrol_at_a_site_is_in_that_sites_sector(self):
        self.imported(PATROLS)
        self.assertEqual(Patrol.objects.get(reference="PAT-2020-0001").sector.key, "nord")

    def test_sectors_are_found_by_key_or_name_and_sites_without_accents(self):
        path = self.write(HEADER + "2020-05-01,police,Sector South,,foot,\n2020-05-01,police,,mopti sevare,foot,\n")
        result = self.imported(path)
        self.assertTrue(result.ok, result.problems)
        self.assertEqual(sorted(Patrol.objects.values_list("sector__key", flat=True)), ["centre", "sud"])

    def test_identical_rows_without_a_reference_are_distinct_patrols(self):
        self.imported(PATROLS)
        self.assertEqual(Patrol.objects.filter(site__name="Mopti-Sévaré", reference="").count(), 2)

    def test_it_reads_an_xlsx_workbook_with_excel_dates(self):
        workbook = Workbook()
        sheet = workbook.active
        sheet.append(["Date", "Component", "Site", "Type"])
        sheet.append([date(2020, 4, 2), "police", "Gao", "foot"])
        sheet.append([43923, "military", "Ansongo", "escort"])  # 2 April 2020 as an Excel serial number
        path = self.folder / "patrols.xlsx"
        workbook.save(path)
        result = self.imported(path)
        self.assertTrue(result.ok, result.problems)
        self.assertEqual(sorted(Patrol.objects.values_list("patrolled_on", "site__name")),
                         [(date(2020, 4, 2), "Ansongo"), (date(2020, 4, 2), "Gao")])

    def test_it_reads_utf8_with_a_byte_order_mark(self):
        result = self.imported(self.write("\ufeff" + HEADER + "2020-05-01,police,,Ménaka,foot,P-1\n"))
        self.assertTrue(result.ok, result.problems)
        self.assertEqual(Patrol.objects.get().site.name, "Ménaka")

    def test_it_reads_windows_1252_with_semicolons(self):
        text = "date;component;site;type;reference\r\n2020-05-01;police;Mopti-Sévaré;à pied;P-1\r\n"
        result = self.imported(self.write(text, encoding="cp1252"))
        self.assertTrue(result.ok, result.problems)
        patrol = Patrol.objects.get()
        self.assertEqual((patrol.site.name, patrol.patrol_type), ("Mopti-Sévaré", "à pied"))

    def test_the_mission_may_come_from_a_mission_column(self):
        path = self.write("mission,date,component,site,type\nminusma,2020-05-01,police,Gao,foot\n")
        result = self.imported(path, mission=None)
        self.assertTrue(result.ok, result.problems)
        self.assertEqual(Patrol.objects.get().mission, self.minusma)

    def test_it_reports_progress_up_to_the_whole_file(self):
        calls = []
        self.imported(PATROLS, progress=lambda done, total: calls.append((done, total)))
        self.assertEqual(calls[-1], (8, 8))

    def test_a_dry_run_checks_and_counts_but_writes_nothing(self):
        before = snapshot()
        result = self.imported(PATROLS, dry_run=True)
        self.assertTrue(result.ok, result.problems)
        self.assertEqual((result.rows_added, result.batch_id), (8, None))
        with translation.override("en"):
            self.assertIn("Dry run", str(result.notes[-1]))
        self.assertEqual(snapshot(), before)


class PatrolCountTests(PatrolImportTestCase):
    def test_a_file_of_counts_is_told_apart_by_its_headers(self):
        result = self.imported(COUNTS)
        self.assertTrue(result.ok, result.problems)
        self.assertEqual(result.rows_added, 3)
        counts = PatrolCount.objects.filter(import_batch=result.batch_id)
        self.assertEqual(sorted(counts.values_list("component", "sector__key", "count")),
                         [("military", "nord", 812), ("military", "sud", 95), ("police", None, 1203)])

    def test_a_count_the_mission_file_already_gives_is_a_problem(self):
        path = self.write("period_start,period_end,component,count\n2013-07-01,2021-06-30,military,244720\n")
        problem = self.only_problem(self.imported(path))
        self.assertEqual((problem.row, problem.column), (2, "count"))
        self.assertIn("already recorded for this mission, from the file minusma.yaml", problem.reason)

    def test_the_same_component_period_and_sector_twice_is_a_problem(self):
        path = self.write("period_start,period_end,component,sector,count\n"
                          "2020-01-01,2020-03-31,military,nord,812\n2020-01-01,2020-03-31,military,Nord,800\n")
        problem = self.only_problem(self.imported(path))
        self.assertEqual(problem.row, 3)
        self.assertIn("as row 2", problem.reason)

    def test_a_period_that_ends_before_it_starts_is_a_problem(self):
        path = self.write("period_start,period_end,component,count\n2020-03-31,2020-01-01,police,5\n")
        problem = self.only_problem(self.imported(path))
        self.assertEqual((problem.column, problem.reason), ("period_end", "A period cannot end before it starts."))

    def test_a_negative_count_is_a_problem(self):
        path = self.write("period_start,period_end,component,count\n2020-01-01,2020-03-31,police,-5\n")
        problem = self.only_problem(self.imported(path))
        self.assertEqual((problem.row, problem.column, problem.value, problem.reason),
                         (2, "count", "-5", "A count cannot be negative."))

    def test_a_file_that_turns_from_records_into_counts_replaces_the_records(self):
        self.imported(PATROLS)
        result = self.imported(self.write(COUNTS.read_text(encoding="utf-8"), name="minusma-patrols.csv"))
        self.assertTrue(result.ok, result.problems)
        self.assertEqual((result.rows_added, result.rows_removed), (3, 8))
        self.assertFalse(Patrol.objects.exists())


class BadPatrolFileTests(PatrolImportTestCase):
    def assert_problem(self, rows: str, column: str, value: str, reason: str, header: str = HEADER):
        problem = self.only_problem(self.imported(self.write(header + rows)))
        self.assertEqual((problem.file, problem.row, problem.column, problem.value), ("patrols.csv", 2, column, value))
        self.assertIn(reason, problem.reason)
        self.assertFalse(Patrol.objects.exists())

    def test_it_names_an_unknown_sector_and_lists_the_missions_sectors(self):
        self.assert_problem("2020-05-01,police,Sector Far,,foot,\n", "sector", "Sector Far",
                            "unknown sector; the sectors of MINUSMA are: centre, est, nord, ouest, sud")

    def test_it_names_an_unknown_site(self):
        self.assert_problem("2020-05-01,police,,Timbuktu,foot,\n", "site", "Timbuktu", "unknown site")

    def test_a_site_not_in_service_on_the_day_is_a_problem(self):
        nord = Sector.objects.get(mission=self.minusma, key="nord")
        Site.objects.create(mission=self.minusma, sector=nord, name="Anefis", latitude=17.98, longitude=0.53,
                            valid_to=date(2017, 12, 31), source=a_source())
        self.assert_problem("2020-05-01,military,,Anefis,foot,\n", "site", "Anefis",
                            "Anefis was not in service on 2020-05-01 (in service until 2017-12-31).")

    def test_a_site_in_another_sector_than_the_one_given_is_a_problem(self):
        self.assert_problem("2020-05-01,military,sud,Kidal,foot,\n", "site", "Kidal",
                            "The site Kidal is not in the sector sud.")

    def test_a_row_without_sector_or_site_is_a_problem(self):
        self.assert_problem("2020-05-01,military,,,foot,\n", "sector, site", "", "give the sector or the site")

    def test_a_malformed_date_is_a_problem(self):
        self.assert_problem("05/01/2020,police,,Gao,foot,\n", "date", "05/01/2020", "not a date")

    def test_a_day_that_is_not_in_the_calendar_is_a_problem(self):
        self.assert_problem("2021-02-29,police,,Gao,foot,\n", "date", "2021-02-29", "no such day in the calendar")

    def test_a_date_in_the_future_is_a_problem(self):
        tomorrow = (date.today() + timedelta(days=1)).isoformat()
        self.assert_problem(f"{tomorrow},police,,Gao,foot,\n", "date", tomorrow, "cannot be dated in the future")

    def test_a_date_before_the_mission_began_is_a_problem(self):
        self.assert_problem("2013-06-30,police,,Gao,foot,\n", "date", "2013-06-30",
                            "The mission began on 2013-07-01: it had no activities before.")

    def test_an_unknown_component_is_a_problem(self):
        self.assert_problem("2020-05-01,navy,,Gao,foot,\n", "component", "navy", "use military or police")

    def test_the_same_reference_twice_is_a_problem_naming_the_first_row(self):
        problem = self.only_problem(self.imported(self.write(
            HEADER + "2020-05-01,police,,Gao,foot,P-1\n2020-05-02,police,,Gao,foot,P-1\n")))
        self.assertEqual((problem.row, problem.column, problem.value, problem.reason),
                         (3, "reference", "P-1", "the same reference as row 2"))

    def test_a_reference_another_file_brought_is_a_problem(self):
        self.imported(PATROLS)
        problem = self.only_problem(self.imported(self.write(HEADER + "2020-05-01,police,,Gao,foot,PAT-2020-0003\n")))
        self.assertEqual((problem.column, problem.value), ("reference", "PAT-2020-0003"))
        self.assertIn("from the file minusma-patrols.csv", problem.reason)

    def test_a_reference_a_patrol_entered_by_hand_holds_is_a_problem(self):
        Patrol.objects.create(mission=self.minusma, patrolled_on=date(2020, 5, 1), component="police",
                              reference="P-1", source=a_source())
        problem = self.only_problem(self.imported(self.write(HEADER + "2020-05-01,police,,Gao,foot,P-1\n")))
        self.assertEqual(problem.reason, "a patrol with this reference was already entered by hand for this mission")

    def test_missing_headers_are_named_with_the_expected_ones(self):
        problem = self.only_problem(self.imported(self.write("date,component,site\n2020-05-01,police,Gao\n")))
        self.assertEqual((problem.row, problem.column), (1, "type"))
        self.assertIn("Expected headers, in any order and any capitalisation: date, component, type", problem.reason)

    def test_a_file_of_records_needs_a_sector_or_a_site_column(self):
        problem = self.only_problem(self.imported(self.write("date,component,type\n2020-05-01,police,foot\n")))
        self.assertEqual(problem.column, "sector, site")

    def test_headers_of_neither_kind_are_a_problem_naming_both(self):
        problem = self.only_problem(self.imported(self.write("day,unit,where\n2020-05-01,police,Gao\n")))
        self.assertIn("period_start, period_end, component and count", problem.reason)
        self.assertIn("date, component, type and sector or site", problem.reason)

    def test_an_empty_file_is_a_problem(self):
        problem = self.only_problem(self.imported(self.write("")))
        self.assertEqual((problem.row, problem.reason), (None, "the file is empty"))

    def test_a_header_without_rows_is_a_problem(self):
        problem = self.only_problem(self.imported(self.write(HEADER)))
        self.assertEqual(problem.reason, "the file has a header but no rows")

    def test_the_mission_must_be_given(self):
        problem = self.only_problem(self.imported(PATROLS, mission=None))
        self.assertIn("give --mission ACRONYM or add a mission column", problem.reason)

    def test_a_row_about_another_mission_than_the_one_given_is_a_problem(self):
        Mission.objects.get(acronym="MINUSCA")  # from the catalogue of operations
        problem = self.only_problem(self.imported(self.write(
            "mission,date,component,site,type\nMINUSCA,2020-05-01,police,Gao,foot\n")))
        self.assertEqual((problem.column, problem.value), ("mission", "MINUSCA"))
        self.assertIn("--mission is MINUSMA", problem.reason)

    def test_an_unknown_mission_in_the_mission_column_is_a_problem(self):
        problem = self.only_problem(self.imported(self.write(
            "mission,date,component,site,type\nMINUSXX,2020-05-01,police,Gao,foot\n"), mission=None))
        self.assertEqual((problem.row, problem.value), (2, "MINUSXX"))
        self.assertIn("unknown mission", problem.reason)

    def test_every_problem_of_a_file_is_reported(self):
        result = self.imported(self.write(HEADER + "2020-05-01,navy,,Gao,foot,\n2020-02-30,police,,Gao,foot,\n"
                                          "2020-05-01,police,,Nowhere,foot,\n"))
        self.assertEqual([(problem.row, problem.column) for problem in result.problems],
                         [(2, "component"), (3, "date"), (4, "site")])


class PatrolReimportTests(PatrolImportTestCase):
    def test_a_rejected_file_leaves_the_database_exactly_as_it_was(self):
        self.imported(PATROLS)
        before = snapshot()
        corrected = PATROLS.read_text(encoding="utf-8").replace("aerial", "aerial\n2020-03-04,police,,Gao,foot,x\n"
                                                                "2020-03-04,police,,Gao,foot,x")
        result = self.imported(self.write(corrected, name="minusma-patrols.csv"))
        self.assertFalse(result.ok)
        self.assertEqual(snapshot(), before)

    def test_importing_the_same_file_again_changes_nothing_and_says_so(self):
        first = self.imported(PATROLS)
        before = snapshot()
        again = self.imported(PATROLS)
        self.assertTrue(again.ok, again.problems)
        self.assertEqual((again.rows_added, again.rows_changed, again.rows_removed, again.rows_unchanged), (0, 0, 0, 8))
        self.assertEqual(again.notes,
                         [f"Nothing changed: the data already matches this file (import #{first.batch_id})."])
        self.assertIsNone(again.batch_id)
        self.assertEqual(snapshot(), before)

    def test_a_corrected_file_replaces_what_its_earlier_version_brought(self):
        first = self.imported(PATROLS)
        kept = Patrol.objects.get(reference="PAT-2020-0002")
        corrected = (PATROLS.read_text(encoding="utf-8")
                     .replace("2020-01-06,Military,Tessalit,nord,foot", "2020-01-06,Military,Tessalit,nord,escort")
                     .replace(",2020-01-07,police,Mopti-Sévaré,,joint\n", "", 1)
                     + "PAT-2020-0009,2020-03-04,police,Gao,,foot\n")
        result = self.imported(self.write(corrected, name="minusma-patrols.csv"))
        self.assertTrue(result.ok, result.problems)
        self.assertEqual((result.rows_added, result.rows_changed, result.rows_removed, result.rows_unchanged),
                         (1, 1, 1, 6))
        changed = Patrol.objects.get(reference="PAT-2020-0002")
        self.assertEqual((changed.pk, changed.patrol_type, changed.import_batch_id),
                         (kept.pk, "escort", result.batch_id))
        self.assertEqual(Patrol.objects.get(reference="PAT-2020-0001").import_batch_id, first.batch_id)
        self.assertEqual(Patrol.objects.count(), 8)
        self.assertEqual(Patrol.objects.filter(site__name="Mopti-Sévaré").count(), 1)

    def test_the_import_that_last_wrote_a_patrol_is_its_history_naming_the_person_and_what_it_did(self):
        # History is kept per import, not per patrol: the ImportBatch names the file, the person and the counts.
        editor = User.objects.create_user("editor")
        first = self.imported(PATROLS, user=editor)
        corrected = PATROLS.read_text(encoding="utf-8").replace("Tessalit,nord,foot", "Tessalit,nord,escort")
        second = self.imported(self.write(corrected, name="minusma-patrols.csv"), user=editor)
        patrol = Patrol.objects.get(reference="PAT-2020-0002")
        self.assertEqual(patrol.import_batch_id, second.batch_id)
        self.assertEqual(Patrol.objects.get(reference="PAT-2020-0001").import_batch_id, first.batch_id)
        batch = ImportBatch.objects.get(pk=second.batch_id)
        self.assertEqual((batch.imported_by, batch.file_name, batch.rows_changed, batch.rows_unchanged),
                         (editor, "minusma-patrols.csv", 1, 7))
        self.assertFalse(patrol.history.exists())

    def test_a_file_of_the_same_name_for_another_mission_leaves_the_first_missions_patrols_alone(self):
        self.imported(PATROLS)
        other = Mission.objects.get(acronym="MINUSCA")  # from the catalogue of operations
        sector = Sector.objects.create(mission=other, key="west", name_fr="Ouest", name_en="West", source=a_source())
        Site.objects.create(mission=other, sector=sector, name="Bouar", latitude=5.95, longitude=15.6,
                            source=a_source())
        result = self.imported(self.write(HEADER + "2020-05-01,military,,Bouar,foot,PAT-2020-0001\n",
                                          name="minusma-patrols.csv"), mission=other)
        self.assertTrue(result.ok, result.problems)
        self.assertEqual((result.rows_added, result.rows_removed), (1, 0))
        self.assertEqual(Patrol.objects.filter(mission=self.minusma).count(), 8)


class PatrolCommandAndFigureTests(PatrolImportTestCase):
    def test_the_command_imports_a_file_for_a_mission(self):
        from missionfacts.cli import main

        output = io.StringIO()
        with contextlib.redirect_stdout(output):
            main(["import", "patrols", str(PATROLS), "--mission", "MINUSMA"])
        self.assertIn("8 rows read, 8 added", output.getvalue())
        self.assertEqual(Patrol.objects.filter(mission=self.minusma).count(), 8)

    def test_imported_patrols_are_the_figure_of_the_months_they_cover_not_of_the_whole_mandate(self):
        mandate = Period(date(2013, 7, 1), date(2021, 6, 30))
        result = self.imported(PATROLS)
        self.assertEqual(patrols_between(self.minusma, "military", mandate, date(2021, 6, 30)).value, 244720)
        first_quarter = Period(date(2020, 1, 1), date(2020, 3, 31))
        figure = patrols_between(self.minusma, "military", first_quarter, date(2021, 6, 30))
        self.assertEqual((figure.value, figure.period), (5, first_quarter))
        self.assertEqual([(item.model, item.import_batch, item.records) for item in figure.provenance],
                         [("activities.Patrol", result.batch_id, 5)])
        self.assertEqual(patrols_between(self.minusma, "police", first_quarter, date(2021, 6, 30)).value, 3)


class SharedRuleTests(PatrolImportTestCase):
    """The admin and the API validate with the models' full_clean(); it says what the import says."""

    def messages_of(self, record) -> dict:
        with translation.override("en"):
            with self.assertRaises(ValidationError) as error:
                record.full_clean()
            return {field: [str(text) for text in texts] for field, texts in error.exception.message_dict.items()}

    def test_a_patrol_at_a_site_outside_the_sector_given_is_refused_with_the_imports_words(self):
        kidal = Site.objects.get(mission=self.minusma, name="Kidal")
        sud = Sector.objects.get(mission=self.minusma, key="sud")
        patrol = Patrol(mission=self.minusma, patrolled_on=date(2020, 5, 1), component="military", sector=sud,
                        site=kidal, source=a_source())
        self.assertEqual(self.messages_of(patrol), {"site": ["The site Kidal is not in the sector sud."]})

    def test_a_patrol_in_a_sector_of_another_mission_is_refused(self):
        other = Mission.objects.get(acronym="MINUSCA")  # from the catalogue of operations
        west = Sector.objects.create(mission=other, key="west", name_fr="Ouest", name_en="West", source=a_source())
        patrol = Patrol(mission=self.minusma, patrolled_on=date(2020, 5, 1), component="military", sector=west,
                        source=a_source())
        self.assertEqual(self.messages_of(patrol), {"sector": ["The sector belongs to another mission."]})

    def test_a_patrol_before_the_mission_began_is_refused(self):
        patrol = Patrol(mission=self.minusma, patrolled_on=date(2013, 6, 30), component="police", source=a_source())
        self.assertEqual(self.messages_of(patrol),
                         {"patrolled_on": ["The mission began on 2013-07-01: it had no activities before."]})

    def test_a_count_in_a_sector_closed_for_its_whole_period_is_refused(self):
        nord = Sector.objects.get(mission=self.minusma, key="nord")
        nord.valid_to = date(2019, 12, 31)
        nord.save()
        expected = "nord was not in service at any time from 2020-01-01 to 2020-03-31 (in service until 2019-12-31)."
        count = PatrolCount(mission=self.minusma, component="military", sector=nord, period_start=date(2020, 1, 1),
                            period_end=date(2020, 3, 31), count=5, source=a_source())
        self.assertEqual(self.messages_of(count), {"sector": [expected]})
        problem = self.only_problem(self.imported(COUNTS))
        self.assertEqual((problem.row, problem.column, problem.reason), (2, "sector", expected))
