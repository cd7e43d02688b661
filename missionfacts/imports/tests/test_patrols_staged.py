"""The `patrols` import of one row per patrol, written with a staging table: natural keys, the daily summary."""

import contextlib
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import unittest
from datetime import date
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.db import connection
from django.db.models import Count
from django.test import TransactionTestCase
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from missionfacts.activities.models import Patrol, PatrolDay
from missionfacts.imports import patrol_rows, patrol_staging, patrols
from missionfacts.imports.patrols import import_patrols
from missionfacts.imports.reference import load_reference_data
from missionfacts.imports.tests.test_faults import ROOT, FaultTestCase
from missionfacts.imports.tests.test_patrols import HEADER, PATROLS, PatrolImportTestCase, snapshot
from missionfacts.missions.models import Mission, Sector, Site
from missionfacts.testing import a_source


def summary() -> list[tuple]:
    return sorted(PatrolDay.objects.values_list("mission_id", "component", "day", "sector_id", "source_id",
                                                "import_batch_id", "patrols"), key=repr)


def recomputed() -> list[tuple]:
    grouped = (Patrol.objects.order_by().values_list("mission_id", "component", "patrolled_on", "sector_id",
                                                     "source_id", "import_batch_id").annotate(Count("id")))
    return sorted(grouped, key=repr)


def patrol_indexes(cursor) -> list[tuple[str, str]]:
    """The name and SQL of every index of the patrol table, on SQLite."""
    cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'activities_patrol' "
                   "ORDER BY name")
    return cursor.fetchall()


def problems_of(result) -> list[tuple]:
    return [(problem.row, problem.column, problem.value, problem.reason) for problem in result.problems]


class StagedPatrolImportTests(PatrolImportTestCase):
    def test_the_daily_summary_matches_the_patrols_after_imports_corrections_and_removals(self):
        self.imported(PATROLS)
        self.assertEqual(summary(), recomputed())
        self.assertTrue(summary())
        corrected = (PATROLS.read_text(encoding="utf-8")
                     .replace("PAT-2020-0002,2020-01-06", "PAT-2020-0002,2020-02-20")
                     .replace(",2020-01-07,police,Mopti-Sévaré,,joint\n", "", 1))
        self.assertTrue(self.imported(self.write(corrected, name="minusma-patrols.csv")).ok)
        self.assertEqual(summary(), recomputed())
        counts = "period_start,period_end,component,count\n2020-01-01,2020-03-31,police,12\n"
        result = self.imported(self.write(counts, name="minusma-patrols.csv"))
        self.assertEqual((result.rows_added, result.rows_removed), (1, 7))
        self.assertFalse(Patrol.objects.exists())
        self.assertEqual(summary(), [])

    def test_identical_rows_are_matched_by_their_number_and_the_first_ones_keep_their_ids(self):
        row = "2020-05-01,police,,Gao,foot,\n"
        self.imported(self.write(HEADER + row * 3))
        first = Patrol.objects.order_by("pk").first().pk
        result = self.imported(self.write(HEADER + row))
        self.assertEqual((result.rows_added, result.rows_unchanged, result.rows_removed), (0, 1, 2))
        self.assertEqual(list(Patrol.objects.values_list("pk", flat=True)), [first])
        result = self.imported(self.write(HEADER + row * 2))
        self.assertEqual((result.rows_added, result.rows_unchanged, result.rows_removed), (1, 1, 0))

    def test_a_patrol_without_a_reference_that_changes_is_removed_and_added(self):
        self.imported(self.write(HEADER + "2020-05-01,police,,Gao,foot,\n"))
        result = self.imported(self.write(HEADER + "2020-05-01,police,,Gao,escort,\n"))
        self.assertEqual((result.rows_added, result.rows_changed, result.rows_removed), (1, 0, 1))
        self.assertEqual(Patrol.objects.get().patrol_type, "escort")

    def test_every_later_row_with_a_reference_already_used_names_the_first(self):
        result = self.imported(self.write(HEADER + "2020-05-01,police,,Gao,foot,P-1\n2020-05-02,police,,Gao,foot,P-2\n"
                                          "2020-05-03,police,,Gao,foot,P-1\n2020-05-04,police,,Gao,foot, P-1 \n"))
        self.assertEqual([(problem.row, problem.value, problem.reason) for problem in result.problems],
                         [(4, "P-1", "the same reference as row 2"), (5, "P-1", "the same reference as row 2")])
        self.assertFalse(Patrol.objects.exists())

    def test_a_corrected_file_with_a_reference_another_file_holds_writes_nothing(self):
        self.imported(PATROLS)
        self.imported(self.write(HEADER + "2020-05-01,police,,Gao,foot,P-1\n"))
        before = snapshot()
        result = self.imported(self.write(HEADER + "2020-05-01,police,,Gao,foot,P-1\n"
                                          "2020-05-02,police,,Gao,foot,PAT-2020-0001\n"))
        problem = self.only_problem(result)
        self.assertEqual((problem.row, problem.column, problem.value), (3, "reference", "PAT-2020-0001"))
        self.assertIn("from the file minusma-patrols.csv", problem.reason)
        self.assertEqual(snapshot(), before)

    def test_a_dry_run_of_a_corrected_file_counts_its_changes_and_writes_nothing(self):
        self.imported(PATROLS)
        before = snapshot()
        corrected = PATROLS.read_text(encoding="utf-8").replace("Tessalit,nord,foot", "Tessalit,nord,escort")
        result = self.imported(self.write(corrected, name="minusma-patrols.csv"), dry_run=True)
        self.assertEqual((result.rows_added, result.rows_changed, result.rows_unchanged, result.batch_id),
                         (0, 1, 7, None))
        self.assertEqual(snapshot(), before)

    def test_a_bad_value_repeated_on_many_rows_is_reported_on_each(self):
        result = self.imported(self.write(HEADER + "2020-05-01,police,,Nowhere,foot,\n" * 3
                                          + "2020-05-01,navy,,Gao,foot,\n"))
        self.assertEqual([(problem.row, problem.column) for problem in result.problems],
                         [(2, "site"), (3, "site"), (4, "site"), (5, "component")])

    def test_the_problems_of_a_row_come_in_the_order_of_its_columns_checks(self):
        result = self.imported(self.write(HEADER + "2020-05-01,navy,,Nowhere," + "x" * 101 + ",\n"))
        self.assertEqual([problem.column for problem in result.problems], ["component", "type", "site"])


class BatchTests(PatrolImportTestCase):
    """A big file is checked a batch of rows at a time: column by column when every value of the batch is known
    to be good, row by row otherwise. The outcome must not depend on which."""

    def test_the_problems_of_a_file_read_in_batches_are_those_of_each_row(self):
        rows = ("2020-05-01,police,,Gao,foot,P-1\n"      # 2: first batch, new values, checked by column
                "2020-05-02,police,,Gao,foot,P-2\n"
                "2020-05-03,police,,Gao,foot,P-3\n"
                "2020-05-01,police,,Gao,foot,P-4\n"      # 5: a batch with a bad row, checked row by row
                "2020-05-01,police,,Nowhere,foot,P-5\n"
                "2020-05-02,police,,Gao,foot,P-1\n"
                "2020-05-03,police,,Gao,foot,P-6\n"      # 8: known good values, by column, a reference twice
                "2020-05-03,police,,Gao,foot,P-10\n"
                "2020-05-03,police,,Gao, foot ,P-6 \n"
                "2020-05-01,police,,Nowhere,foot,P-7\n"  # 11: a bad value seen before, and a new one
                "2020-05-04,navy,,Gao,foot,P-8\n"
                "2020-05-04,police,,Gao,foot,P-9\n"
                "2020-05-02,police,,Gao,foot,P-11\n"     # 14: by column, a reference of an earlier batch
                "2020-05-02,police,,Gao,foot,P-2\n"
                "2020-05-02,police,,Gao,foot,P-12\n")
        path = self.write(HEADER + rows)
        with mock.patch.object(patrol_rows, "BATCH_ROWS", 3):
            in_batches = self.imported(path)
        at_once = self.imported(path)
        self.assertEqual([(row, column, value) for row, column, value, _reason in problems_of(in_batches)],
                         [(6, "site", "Nowhere"), (7, "reference", "P-1"), (10, "reference", "P-6"),
                          (11, "site", "Nowhere"), (12, "component", "navy"), (15, "reference", "P-2")])
        self.assertEqual([reason for row, _column, _value, reason in problems_of(in_batches) if row in (7, 10, 15)],
                         ["the same reference as row 2", "the same reference as row 8", "the same reference as row 3"])
        self.assertEqual(problems_of(in_batches), problems_of(at_once))
        self.assertFalse(Patrol.objects.exists())

    def test_identical_rows_are_numbered_across_batches_checked_either_way(self):
        header = "mission,date,component,site,type\n"
        same = "2020-05-01,police,Gao,foot\n"
        self.imported(self.write(header + f"MINUSMA,{same}" * 5))
        # The first batch names the mission in two ways, so it is checked row by row; the next ones by column.
        corrected = self.write(header + f",{same}" + f"MINUSMA,{same}" * 4)
        with mock.patch.object(patrol_rows, "BATCH_ROWS", 2):
            result = self.imported(corrected)
        self.assertTrue(result.ok, result.problems)
        self.assertEqual((result.rows_added, result.rows_removed, result.rows_unchanged), (0, 0, 5))
        with mock.patch.object(patrol_rows, "BATCH_ROWS", 2):
            result = self.imported(self.write(header + f",{same}" + f"MINUSMA,{same}" * 5))
        self.assertEqual((result.rows_added, result.rows_removed, result.rows_unchanged), (1, 0, 5))
        self.assertEqual(Patrol.objects.count(), 6)

    def test_a_site_and_a_day_each_known_to_be_good_are_still_checked_together(self):
        nord = Sector.objects.get(mission=self.minusma, key="nord")
        Site.objects.create(mission=self.minusma, sector=nord, name="Anefis", latitude=17.98, longitude=0.53,
                            valid_to=date(2017, 12, 31), source=a_source())
        rows = ("2017-12-31,military,,Anefis,foot,\n2018-01-01,military,,Gao,foot,\n"
                "2017-12-31,military,,Gao,foot,\n2018-01-01,military,,Anefis,foot,\n")
        with mock.patch.object(patrol_rows, "BATCH_ROWS", 2):
            result = self.imported(self.write(HEADER + rows))
        self.assertEqual([(problem.row, problem.column) for problem in result.problems], [(5, "site")])
        self.assertIn("not in service on 2018-01-01", result.problems[0].reason)


@unittest.skipUnless(connection.vendor == "sqlite", "the indexes are rebuilt on SQLite only")
class RebuiltIndexTests(PatrolImportTestCase):
    """On SQLite, a large import into a smaller table drops the secondary indexes and creates them again."""

    def setUp(self):
        super().setUp()
        threshold = mock.patch.object(patrol_staging, "REBUILD_INDEXES_FROM_ROWS", 2)
        threshold.start()
        self.addCleanup(threshold.stop)
        with connection.cursor() as cursor:
            self.indexes = patrol_indexes(cursor)

    def imported_and_rebuilt(self, path, *, unique_too: bool):
        with CaptureQueriesContext(connection) as queries:
            result = self.imported(path)
        dropped = [query["sql"] for query in queries if query["sql"].startswith("DROP INDEX")]
        expected = [name for name, _sql in self.indexes if unique_too or name != "unique_patrol_reference"]
        self.assertEqual(sorted(dropped), [f'DROP INDEX "{name}"' for name in expected],
                         "the import did not drop the indexes it should")
        return result

    def test_a_large_import_creates_the_indexes_again_as_they_were(self):
        # No patrol of the mission holds a reference yet: the unique index is rebuilt too.
        result = self.imported_and_rebuilt(PATROLS, unique_too=True)
        self.assertTrue(result.ok, result.problems)
        with connection.cursor() as cursor:
            self.assertEqual(patrol_indexes(cursor), self.indexes)
        self.assertEqual(summary(), recomputed())
        self.assertEqual(Patrol.objects.count(), 8)
        # The rebuilt unique index still refuses a reference another file holds.
        taken = Patrol.objects.exclude(reference="").values_list("reference", flat=True).first()
        result = self.imported(self.write(HEADER + f"2020-05-02,police,,Gao,foot,{taken}\n"
                                          "2020-05-03,police,,Gao,foot,NEW-1\n", name="other.csv"))
        self.assertEqual([(problem.row, problem.value) for problem in result.problems], [(2, taken)])

    def test_a_large_import_keeps_the_unique_index_when_the_mission_holds_references(self):
        self.imported(self.write(HEADER + "2020-05-01,police,,Gao,foot,P-1\n", name="first.csv"))
        result = self.imported_and_rebuilt(self.write(HEADER + "2020-05-02,police,,Gao,foot,P-2\n"
                                                      "2020-05-03,police,,Gao,foot,P-3\n"), unique_too=False)
        self.assertTrue(result.ok, result.problems)
        with connection.cursor() as cursor:
            self.assertEqual(patrol_indexes(cursor), self.indexes)

    def test_a_large_import_rejected_after_inserting_leaves_every_index_there(self):
        self.imported(self.write(HEADER + "2020-05-01,police,,Gao,foot,P-1\n", name="first.csv"))
        before = snapshot()
        result = self.imported_and_rebuilt(self.write(HEADER + "2020-05-02,police,,Gao,foot,P-2\n"
                                                      "2020-05-03,police,,Gao,foot,P-1\n"
                                                      "2020-05-04,police,,Gao,foot,P-3\n"), unique_too=False)
        self.assertEqual([(problem.row, problem.value) for problem in result.problems], [(3, "P-1")])
        with connection.cursor() as cursor:
            self.assertEqual(patrol_indexes(cursor), self.indexes)
        self.assertEqual(snapshot(), before)


# The child process of the test below: an import with the threshold lowered that says when it has dropped the
# indexes, then waits to be killed.
PAUSED_IMPORT = textwrap.dedent("""
    import contextlib, os, pathlib, sys, time
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "missionfacts.settings")
    django.setup()
    from missionfacts.imports import patrol_staging

    patrol_staging.REBUILD_INDEXES_FROM_ROWS = 1
    rebuilt = patrol_staging.PatrolStaging._indexes_rebuilt

    @contextlib.contextmanager
    def paused(self, cursor, *arguments):
        with rebuilt(self, cursor, *arguments):
            cursor.execute("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'activities_patrol'")
            pathlib.Path(sys.argv[1]).write_text(str(cursor.fetchone()[0]))
            time.sleep(120)
            yield

    patrol_staging.PatrolStaging._indexes_rebuilt = paused
    from missionfacts.cli import main
    main(sys.argv[2:])
""")


@unittest.skipUnless(settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
                     "the indexes are rebuilt on SQLite only")
class KilledLargeImportTests(FaultTestCase):
    def test_an_import_killed_while_the_indexes_are_dropped_leaves_them_all_there(self):
        path = self.folder / "patrols.csv"
        path.write_text(HEADER + "".join(f"2020-05-{day:02d},police,,Gao,foot,P-{day}\n" for day in range(1, 29)))
        with contextlib.closing(self.database.connect()) as database:
            indexes = patrol_indexes(database.cursor())
        before = self.database.snapshot()
        dropped = self.folder / "dropped"
        importing = subprocess.Popen([sys.executable, "-c", PAUSED_IMPORT, str(dropped), "import", "patrols",
                                      str(path), "--mission", "MINUSMA"], cwd=ROOT, env=self.database.environment(),
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.wait_until(dropped.exists, importing, "it drops the indexes")
        importing.send_signal(signal.SIGKILL)
        importing.communicate(timeout=30)
        self.assertEqual(importing.returncode, -signal.SIGKILL)
        self.assertEqual(dropped.read_text(), "0", "every index should be dropped while inserting")

        with contextlib.closing(self.database.connect()) as database:
            self.assertEqual(patrol_indexes(database.cursor()), indexes)
            self.assertEqual(database.execute("PRAGMA integrity_check").fetchone(), ("ok",))
        self.assertEqual(self.database.snapshot(), before)


@unittest.skipUnless(settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
                     "SQLite only: PostgreSQL checks foreign keys once, at commit")
class UncheckedForeignKeyTests(TransactionTestCase):
    """Outside any transaction, an import on SQLite skips the per-row foreign key checks and verifies the ids
    it wrote once each instead."""

    def setUp(self):
        load_reference_data()
        self.minusma = Mission.objects.get(acronym="MINUSMA")
        self.folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.folder)

    def imported(self, text: str):
        path = self.folder / "patrols.csv"
        path.write_text(text, encoding="utf-8")
        with translation.override("en"):
            return import_patrols(path, mission=self.minusma)

    def foreign_keys_checked(self) -> bool:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA foreign_keys")
            return bool(cursor.fetchone()[0])

    def test_an_import_verifies_the_ids_it_wrote_and_turns_the_checks_back_on(self):
        self.assertTrue(self.foreign_keys_checked())
        verify = mock.patch.object(patrols, "_deleted_meanwhile", wraps=patrols._deleted_meanwhile)
        with verify as verified:
            result = self.imported(PATROLS.read_text(encoding="utf-8"))
        self.assertTrue(result.ok, result.problems)
        verified.assert_called_once()
        self.assertTrue(self.foreign_keys_checked())
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA foreign_key_check")
            self.assertEqual(cursor.fetchall(), [])
        self.assertEqual(summary(), recomputed())

    def test_a_site_deleted_while_the_file_is_imported_refuses_the_file(self):
        gao = Site.objects.get(mission=self.minusma, name="Gao")
        apply = patrol_staging.PatrolStaging.apply

        def deleting_the_site_first(staging, *arguments, **options):
            # What another writer could do between the checks and the insertion, were SQLite not to lock.
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM missions_site WHERE id = %s", [gao.pk])
            return apply(staging, *arguments, **options)

        with mock.patch.object(patrol_staging.PatrolStaging, "apply", deleting_the_site_first):
            result = self.imported(HEADER + "2020-05-01,police,,Gao,foot,P-1\n")
        self.assertEqual([(problem.value, problem.reason) for problem in result.problems],
                         [(str(gao.pk), "Sites this file names were deleted while it was being imported; "
                                        "import it again")])
        self.assertFalse(Patrol.objects.exists())
        self.assertTrue(Site.objects.filter(pk=gao.pk).exists())
        self.assertTrue(self.foreign_keys_checked())
