"""The `patrols` import reading a file column by column with pyarrow (`imports.columnar`).

Every test of the row-by-row import runs again here with the column reader on for files of any size (and
batches of a few rows), so that both ways give the same patrols, problems and summaries; the tests below
check that the column reader is really used on a clean file, and that each kind of file it does not take is
read again row by row, with the same outcome as if it had been read that way from the start.
"""

from unittest import mock

from django.db import transaction

from missionfacts.activities.models import Patrol, PatrolDay
from missionfacts.imports import columnar
from missionfacts.imports.patrol_rows import PatrolRows
from missionfacts.imports.tests import test_patrols, test_patrols_staged
from missionfacts.imports.tests.test_patrols import HEADER, PATROLS, PatrolImportTestCase


class ReadByColumn:
    """Turns the column reader on for any file, with batches of a few rows."""

    def setUp(self):
        super().setUp()
        for name, value in (("MIN_ROWS", 0), ("BLOCK_BYTES", 96)):
            patcher = mock.patch.object(columnar, name, value)
            patcher.start()
            self.addCleanup(patcher.stop)


SAME_TESTS = [
    test_patrols.PatrolRecordTests, test_patrols.BadPatrolFileTests, test_patrols.PatrolReimportTests,
    test_patrols.PatrolCommandAndFigureTests, test_patrols.SharedRuleTests, test_patrols_staged.StagedPatrolImportTests,
    test_patrols_staged.BatchTests, test_patrols_staged.RebuiltIndexTests, test_patrols_staged.UncheckedForeignKeyTests,
]
for _tests in SAME_TESTS:
    _name = f"ByColumn{_tests.__name__}"
    globals()[_name] = type(_name, (ReadByColumn, _tests), {"__module__": __name__})
del _tests, _name


def written() -> tuple[list, list]:
    """The patrols and the daily summary, without ids."""
    patrols = sorted(Patrol.objects.values_list("mission_id", "patrolled_on", "component", "sector_id", "site_id",
                                                "patrol_type", "reference"), key=repr)
    days = sorted(PatrolDay.objects.values_list("mission_id", "component", "day", "sector_id", "patrols"), key=repr)
    return patrols, days


class ColumnReaderTests(ReadByColumn, PatrolImportTestCase):
    def outcome(self, path, *, by_column: bool):
        """What importing the file does, read by column or row by row, rolled back afterwards; and whether
        the rows were read row by row."""
        with mock.patch.object(PatrolRows, "batches", autospec=True, side_effect=PatrolRows.batches) as by_row:
            with mock.patch.object(columnar, "MIN_ROWS", 0 if by_column else 1 << 40), transaction.atomic():
                result = self.imported(path)
                state = written()
                transaction.set_rollback(True)
        problems = [(problem.row, problem.column, problem.value, problem.reason) for problem in result.problems]
        counts = (result.rows_read, result.rows_added, result.rows_changed, result.rows_unchanged)
        return (counts, problems, state), by_row.called

    def assert_same_both_ways(self, path, *, read_by_row_again: bool):
        by_column, fell_back = self.outcome(path, by_column=True)
        by_row, _ = self.outcome(path, by_column=False)
        self.assertEqual(fell_back, read_by_row_again)
        self.assertEqual(by_column, by_row)
        return by_column

    def test_a_clean_file_is_read_by_column_only(self):
        (counts, problems, (patrols, days)) = self.assert_same_both_ways(PATROLS, read_by_row_again=False)
        self.assertEqual((counts, problems, len(patrols)), ((8, 8, 0, 0), [], 8))

    def test_rows_without_references_are_numbered_across_batches(self):
        # Identical rows in several batches of a few rows, references to tidy, places by sector or by site.
        rows = []
        for number in range(12):
            rows += ["2020-05-01,police,,Gao,foot,", f"2020-05-01,police,,Gao,foot,  P {number} ",
                     "2020-05-02,military,Secteur Est,,air,"]
        path = self.write(HEADER + "\n".join(rows) + "\n")
        (counts, problems, (patrols, _days)) = self.assert_same_both_ways(path, read_by_row_again=False)
        self.assertEqual((counts[:2], problems), ((36, 36), []))
        self.assertEqual(len([patrol for patrol in patrols if not patrol[-1]]), 24)

    def test_a_reference_given_twice_is_found_after_staging_either_way(self):
        path = self.write(HEADER + "2020-05-01,police,,Gao,foot,P-1\n" * 2)
        (_counts, problems, _state) = self.assert_same_both_ways(path, read_by_row_again=False)
        self.assertEqual([row for row, *_rest in problems], [3])

    def test_files_the_column_reader_does_not_take_are_read_row_by_row(self):
        good = "2020-05-01,police,,Gao,foot,P-{}\n"
        files = {
            "a blank line": HEADER + good.format(1) + "\n" + good.format(2),
            "a line break inside quotes": HEADER + good.format(1) + '2020-05-02,police,,Gao,"fo\not",P-2\n',
            "a row too short": HEADER + good.format(1) + "2020-05-02,police,,Gao\n",
            "a row too long": HEADER + good.format(1) + "2020-05-02,police,,Gao,foot,P-2,extra\n",
            "an impossible date": HEADER + good.format(1) + "2020-02-30,police,,Gao,foot,P-2\n",
            "an unknown site": HEADER + good.format(1) + "2020-05-02,police,,Nowhere,foot,P-2\n",
            "a reference too long": HEADER + good.format(1) + good.format("9" * 120),
            "a quote never closed": HEADER + good.format(1) + '2020-05-02,police,,"Gao,foot,P-2\n',
        }
        for label, text in files.items():
            with self.subTest(label):
                self.assert_same_both_ways(self.write(text), read_by_row_again=True)

    def test_a_file_in_windows_1252_or_too_small_is_not_read_by_column(self):
        with self.subTest("Windows-1252"):
            path = self.write(HEADER + "2020-05-01,police,,Mopti-Sévaré,foot,P-1\n", encoding="cp1252")
            self.assert_same_both_ways(path, read_by_row_again=True)
        with self.subTest("fewer rows than MIN_ROWS"), mock.patch.object(columnar, "MIN_ROWS", 10):
            with mock.patch.object(PatrolRows, "columnar_batches", side_effect=AssertionError):
                self.assertTrue(self.imported(PATROLS).ok)

    def test_a_utf8_file_with_a_byte_order_mark_is_read_by_column(self):
        path = self.write("\ufeff" + HEADER + "2020-05-01,police,,Mopti-Sévaré,foot,P-1\n")
        (counts, problems, _state) = self.assert_same_both_ways(path, read_by_row_again=False)
        self.assertEqual((counts[:2], problems), ((1, 1), []))
