"""The `patrols` import of one row per patrol, written with a staging table: natural keys, the daily summary."""

from django.db.models import Count

from missionfacts.activities.models import Patrol, PatrolDay
from missionfacts.imports.tests.test_patrols import HEADER, PATROLS, PatrolImportTestCase, snapshot


def summary() -> list[tuple]:
    return sorted(PatrolDay.objects.values_list("mission_id", "component", "day", "sector_id", "source_id",
                                                "import_batch_id", "patrols"), key=repr)


def recomputed() -> list[tuple]:
    grouped = (Patrol.objects.order_by().values_list("mission_id", "component", "patrolled_on", "sector_id",
                                                     "source_id", "import_batch_id").annotate(Count("id")))
    return sorted(grouped, key=repr)


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
