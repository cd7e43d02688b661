"""Upload limits: too big a file, too many rows, and an XLSX that would unpack to too much are refused clearly."""

import io
import tempfile
import zipfile
from pathlib import Path

from django.test import SimpleTestCase, override_settings
from django.utils import translation

from missionfacts.imports import limits
from missionfacts.imports.tabular import Column, open_table

COLUMNS = (Column("mission_acronym"), Column("count"))


class LimitTestCase(SimpleTestCase):
    def setUp(self):
        folder = tempfile.TemporaryDirectory(prefix="missionfacts-limits-")
        self.addCleanup(folder.cleanup)
        self.folder = Path(folder.name)

    def a_csv(self, rows: int, name: str = "counts.csv") -> Path:
        path = self.folder / name
        path.write_text("mission_acronym,count\n" + "MINUSMA,1\n" * rows, encoding="utf-8")
        return path

    def a_workbook(self, rows: int) -> Path:
        from openpyxl import Workbook

        workbook = Workbook()
        workbook.active.append(["mission_acronym", "count"])
        for _ in range(rows):
            workbook.active.append(["MINUSMA", 1])
        path = self.folder / "counts.xlsx"
        workbook.save(path)
        return path

    def a_bomb(self, unpacked_bytes: int) -> Path:
        """A zip that looks like an XLSX: one member of zeros, which deflate packs about a thousand times."""
        path = self.folder / "bomb.xlsx"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
                block = b"\0" * (1 << 20)
                for _ in range(unpacked_bytes >> 20):
                    member.write(block)
        return path

    def reasons(self, path: Path) -> list[str]:
        with translation.override("en"), open_table(path, COLUMNS) as table:
            return [problem.reason for problem in table.problems]


class FileSizeTests(LimitTestCase):
    @override_settings(IMPORT_MAX_FILE_BYTES=1 << 20)
    def test_it_refuses_a_file_above_the_size_limit_saying_how_big_it_is(self):
        self.assertEqual(self.reasons(self.a_csv(200_000)), [
            "the file is 1.9 MB; files of at most 1 MB can be imported: split it, or ask an administrator to raise "
            "IMPORT_MAX_FILE_BYTES"])

    @override_settings(IMPORT_MAX_FILE_BYTES=3 << 20)
    def test_it_gives_sizes_in_megabytes_in_the_users_language(self):
        path = self.a_csv(400_000)
        with translation.override("fr"):
            [problem] = limits.file_problems(path)
        self.assertIn("3,8 Mo", problem.reason)

    def test_a_file_within_the_limits_opens(self):
        self.assertEqual(self.reasons(self.a_csv(200)), [])


class RowLimitTests(LimitTestCase):
    @override_settings(IMPORT_MAX_ROWS=100)
    def test_it_refuses_a_csv_with_too_many_rows(self):
        self.assertEqual(self.reasons(self.a_csv(101)),
                         ["the file has 101 rows; at most 100 can be imported at once: split it"])

    @override_settings(IMPORT_MAX_ROWS=100)
    def test_it_accepts_a_csv_at_the_row_limit(self):
        self.assertEqual(self.reasons(self.a_csv(100)), [])

    @override_settings(IMPORT_MAX_ROWS=100)
    def test_it_refuses_a_sheet_with_too_many_rows(self):
        self.assertEqual(self.reasons(self.a_workbook(150)),
                         ["the file has 150 rows; at most 100 can be imported at once: split it"])


class DecompressionBombTests(LimitTestCase):
    def test_it_refuses_a_workbook_that_unpacks_to_a_thousand_times_its_size_before_opening_it(self):
        bomb = self.a_bomb(64 << 20)
        self.assertLess(bomb.stat().st_size, 1 << 20)
        [reason] = self.reasons(bomb)
        self.assertTrue(reason.startswith("the workbook unpacks to "), reason)
        self.assertIn("decompression bomb", reason)

    @override_settings(IMPORT_MAX_XLSX_UNPACKED_BYTES=8 << 20)
    def test_it_refuses_a_workbook_that_unpacks_past_the_limit(self):
        self.assertEqual(self.reasons(self.a_bomb(10 << 20)), [
            "the workbook unpacks to 10 MB; at most 8 MB can be imported: save it as CSV, or split it"])

    @override_settings(IMPORT_MAX_XLSX_MEMBERS=3)
    def test_it_refuses_a_workbook_of_too_many_files(self):
        path = self.folder / "many.xlsx"
        with zipfile.ZipFile(path, "w") as archive:
            for index in range(5):
                archive.writestr(f"xl/part{index}.xml", "<x/>")
        self.assertEqual(self.reasons(path), ["the workbook holds 5 files; a workbook of at most 3 can be imported"])

    def test_a_real_workbook_passes(self):
        self.assertEqual(self.reasons(self.a_workbook(2000)), [])

    def test_a_damaged_zip_is_left_to_the_reader_to_report(self):
        path = self.folder / "broken.xlsx"
        path.write_bytes(b"PK\x03\x04" + io.BytesIO(b"garbage" * 10).getvalue())
        self.assertEqual(limits.workbook_problems(path), [])
        [reason] = self.reasons(path)
        self.assertIn("not a readable XLSX workbook", reason)
