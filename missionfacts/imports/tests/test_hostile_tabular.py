"""Every tabular importer refuses a file with a row it cannot read or a value the database cannot hold, naming
the row, and writes nothing: never "the rest of the file", never a traceback.

Each importer gets one good row of its own format; a test spoils a copy of it (a value too many, a quote
never closed, a NUL byte, a count past 64 bits) and checks that the file is refused with the row named and
nothing in the database changed. Workbooks are spoiled inside their XML, as a hand-made or damaged file is.
"""

import io
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from django.db import transaction
from django.test import TestCase
from django.utils import translation
from openpyxl import Workbook

from missionfacts.imports.reference import load_reference_data
from missionfacts.imports.registry import IMPORTERS
from missionfacts.imports.tabular import parse_count, parse_date
from missionfacts.imports.tests.test_hostile_input import snapshot
from missionfacts.missions.models import Mission


class Format:
    """One importer's file: its header, one good row, and the column of a count (if it has one)."""

    def __init__(self, kind: str, header: str, row: str, *, count: str = "", mission: bool = False,
                 date_column: str = "date"):
        self.kind, self.header, self.row = kind, header.split(","), row.split(",")
        self.count, self.mission, self.date_column = count, mission, date_column

    def with_value(self, column: str, value) -> list:
        return [value if name == column else cell for name, cell in zip(self.header, self.row, strict=True)]


FORMATS = [
    Format("un-missions", "mission_acronym,mission_name,start_date,end_date,mission_location,mission_latitude,"
           "mission_longitude", "UNTEST,United Nations Test Mission,2001-03-15,2002-06-20,Testville,12.5,3.25",
           date_column="start_date"),
    Format("un-fatalities", "incident_date,casualty_id,mission_acronym,type_of_casualty,gender,"
           "casualty_personnel_type,type_of_incident,isocode3",
           "2014-02-08,MINUSMA-2014-02-00001,MINUSMA,Fatality,M,Military,Malicious Act,SEN",
           date_column="incident_date"),
    Format("un-contributions", "mission_acronym,last_reporting_date,isocode3,personnel_type,male_personnel,"
           "female_personnel", "MINUSMA,2020-11-30,TCD,Troops,1390,12", count="male_personnel",
           date_column="last_reporting_date"),
    Format("patrols", "date,component,site,type,reference", "2020-01-06,military,Kidal,foot,PAT-1", mission=True),
    Format("patrols", "period_start,period_end,component,count", "2020-01-01,2020-03-31,military,812",
           count="count", mission=True, date_column="period_start"),
    Format("trainings", "date,programme,site,reference,trained,women",
           "2020-02-03,mdsf-explosive-threats,Gao,MDSF-2020-01,24,2", count="trained", mission=True),
]


class HostileTabularFileTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_reference_data()

    def setUp(self):
        self.folder = Path(tempfile.mkdtemp(prefix="missionfacts-hostile-"))
        self.addCleanup(shutil.rmtree, self.folder)

    def csv_file(self, form: Format, *rows: list | str) -> Path:
        lines = [",".join(form.header), *(row if isinstance(row, str) else ",".join(map(str, row)) for row in rows)]
        path = self.folder / f"{form.kind}.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    def workbook(self, form: Format, *rows: list, spoil: Callable[[bytes], bytes] | None = None,
                 part: str = "xl/worksheets/sheet1.xml") -> Path:
        """A workbook of the format's header and rows; `spoil` rewrites one of its parts as it is zipped."""
        workbook = Workbook()
        workbook.active.title = "Sessions"  # the sheet the trainings importer reads; the others read the first
        for row in [form.header, *rows]:
            workbook.active.append(row)
        packed = io.BytesIO()
        workbook.save(packed)
        path = self.folder / f"{form.kind}.xlsx"
        with zipfile.ZipFile(packed) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as spoiled:
            for member in source.infolist():
                content = source.read(member.filename)
                spoiled.writestr(member.filename, spoil(content) if spoil and member.filename == part else content)
        return path

    def imported(self, form: Format, path: Path):
        options = {"mission": Mission.objects.get(acronym="MINUSMA")} if form.mission else {}
        with translation.override("en"):
            return IMPORTERS[form.kind](path, **options)

    def assert_refused(self, form: Format, path: Path, row: int | None = None, reason: str = ""):
        """The importer answers with problems (one naming `row` and `reason`, if given) and writes nothing."""
        before = snapshot()
        try:
            result = self.imported(form, path)
        except Exception as error:  # the behaviour under test: no exception reaches the user
            self.fail(f"the {form.kind} importer raised {error!r}")
        self.assertTrue(result.problems, f"the {form.kind} importer accepted the file: {result.notes}")
        self.assertEqual(snapshot(), before, f"the {form.kind} importer refused the file but wrote data")
        for problem in result.problems:  # a workbook's problems may name the sheet after the file
            self.assertTrue(problem.file.startswith(path.name), problem)
        if row is not None:
            named = [problem for problem in result.problems if problem.row == row and reason in problem.reason]
            self.assertTrue(named, f"no problem on row {row} saying {reason!r}: {result.problems}")
        return result.problems

    def test_each_format_imports_its_good_row_so_that_a_refusal_below_is_the_spoiled_rows_doing(self):
        for form in FORMATS:
            with self.subTest(form.kind, header=form.header[0]), transaction.atomic():
                result = self.imported(form, self.csv_file(form, form.row))
                self.assertEqual(result.problems, [])
                self.assertGreater(result.rows_added + result.rows_changed, 0)
                transaction.set_rollback(True)  # the next format starts from the same data

    # Rows the reader cannot take ---------------------------------------------------------------------------

    def test_a_row_with_a_value_too_many_is_named_and_the_good_rows_are_not_imported(self):
        for form in FORMATS:
            with self.subTest(form.kind, header=form.header[0]):
                path = self.csv_file(form, form.row, [*form.row, "one too many"])
                self.assert_refused(form, path, row=3, reason="values where the header has")

    def test_un_missions_refuses_a_file_whose_second_row_has_an_extra_field(self):
        form = FORMATS[0]
        path = self.csv_file(form, form.row, "UNOTHER,Other Mission,2003-01-01,,Elsewhere,1,2,extra")
        self.assert_refused(form, path, row=3, reason="8 values where the header has 7")
        self.assertFalse(Mission.objects.filter(acronym="UNTEST").exists())

    def test_a_quote_never_closed_is_named_and_nothing_is_imported(self):
        for form in FORMATS:
            with self.subTest(form.kind, header=form.header[0]):
                path = self.csv_file(form, form.row, ['"' + form.row[0], *form.row[1:]])
                self.assert_refused(form, path, row=3, reason="closing quote is missing")

    def test_thousands_of_garbage_rows_are_refused_not_skipped(self):
        form = FORMATS[0]
        garbage = ["x,y,z,w,v,u,t,s,r"] * 3000
        problems = self.assert_refused(form, self.csv_file(form, form.row, *garbage), row=3)
        self.assertIn("more problems", problems[-1].reason)

    # Values no database can hold --------------------------------------------------------------------------

    def test_a_nul_byte_in_any_text_cell_is_named_before_anything_is_written(self):
        for form in FORMATS:
            for position, column in enumerate(form.header):
                with self.subTest(form.kind, column=column):
                    spoiled = list(form.row)
                    spoiled[position] = spoiled[position][:2] + "\x00" + spoiled[position][2:]
                    problems = self.assert_refused(form, self.csv_file(form, spoiled), row=2, reason="NUL")
                    self.assertIn(column, [problem.column for problem in problems])

    def test_a_workbook_row_whose_xml_holds_a_nul_is_named_as_unreadable(self):
        for form in FORMATS:
            for nul in (b"\x00", b"&#0;"):
                with self.subTest(form.kind, header=form.header[0], nul=nul):
                    # XML cannot hold a NUL at all: openpyxl stops at the row (the last text of the sheet here).
                    path = self.workbook(form, form.row, form.row, spoil=lambda xml, nul=nul: nul.join(
                        xml.rsplit(b"</t>", 1)).replace(nul, nul + b"</t>"))
                    self.assert_refused(form, path, row=3, reason="cannot be read")

    def test_a_count_past_64_bits_is_a_problem_not_an_overflow(self):
        for form in [form for form in FORMATS if form.count]:
            for count in (str(2**64), str(2**70), "9" * 5000, str(2**31)):
                with self.subTest(form.kind, count=count[:12]):
                    path = self.csv_file(form, form.with_value(form.count, count))
                    self.assert_refused(form, path, row=2, reason="too large a number")

    def test_sessions_of_one_day_whose_trained_add_up_past_the_largest_count_are_refused(self):
        # Each count fits; the day's summary of the programme, which adds them up, could not hold their sum.
        form = FORMATS[-1]
        first = form.with_value("trained", "2000000000")
        second = [*first[:3], "MDSF-2020-02", "2000000000", "2"]
        self.assert_refused(form, self.csv_file(form, first, second), row=2, reason="in all")

    def test_the_largest_count_the_database_holds_is_imported(self):
        self.assertEqual(parse_count("2147483647"), 2_147_483_647)
        self.assertEqual(parse_count(2147483647.0), 2_147_483_647)

    def test_a_count_of_nan_or_infinity_in_a_workbook_is_a_problem(self):
        for form in [form for form in FORMATS if form.count]:
            for number in ("nan", "inf", "1e400"):
                with self.subTest(form.kind, number=number):
                    path = self.workbook(form, form.with_value(form.count, 777777), spoil=lambda xml, number=number:
                                         xml.replace(b"<v>777777</v>", f"<v>{number}</v>".encode()))
                    self.assert_refused(form, path, row=2)

    def test_un_missions_reads_the_numbers_and_dates_of_a_workbook_as_text(self):
        form = FORMATS[0]
        row = ["UNTEST", "United Nations Test Mission", datetime(2001, 3, 15), datetime(2002, 6, 20), "Testville",
               12.5, 3.25]
        result = self.imported(form, self.workbook(form, row))
        self.assertEqual(result.problems, [])
        mission = Mission.objects.get(acronym="UNTEST")
        self.assertEqual((mission.started_on, mission.headquarters_latitude), (date(2001, 3, 15), 12.5))

    def test_an_hour_past_23_is_no_date(self):
        with self.assertRaises(ValueError):
            parse_date("2020-02-29T25:00")
        self.assertEqual(parse_date("2020-02-29T23:59:59"), date(2020, 2, 29))

    # Workbook dates and parts -----------------------------------------------------------------------------

    def test_a_workbook_date_cell_holding_nan_infinity_or_year_0_is_a_problem(self):
        for form in FORMATS:
            column = form.header.index(form.date_column)
            reference = f"{chr(ord('A') + column)}2"
            for spoiled in (f'<c r="{reference}" s="1" t="n"><v>inf</v>', f'<c r="{reference}" s="1" t="n"><v>nan</v>',
                            f'<c r="{reference}" t="d"><v>0000-01-01T00:00:00</v>'):
                with self.subTest(form.kind, header=form.header[0], cell=spoiled):
                    row = form.with_value(form.date_column, datetime(2020, 1, 6))
                    path = self.workbook(form, row, spoil=lambda xml, reference=reference, spoiled=spoiled: re.sub(
                        rf'<c r="{reference}"[^>]*><v>[^<]*</v>'.encode(), spoiled.encode() + b"</v>", xml))
                    self.assert_refused(form, path, row=2)

    def test_a_date_number_past_excels_dates_is_a_problem(self):
        for number in (float("inf"), float("-inf"), float("nan"), 1e300, 10**400, 0, 2958466):
            with self.subTest(number=number), self.assertRaises(ValueError):
                parse_date(number)

    def test_a_workbook_part_declaring_xml_entities_is_refused(self):
        declaration = b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
        for form in FORMATS:
            with self.subTest(form.kind, header=form.header[0]):
                path = self.workbook(form, form.row, spoil=lambda xml: re.sub(
                    rb"(<\?xml[^>]*\?>)?", lambda match: (match[0] or b"") + declaration, xml, count=1))
                problems = self.assert_refused(form, path)
                self.assertIn("declares XML entities", problems[0].reason)

    def test_a_workbook_with_a_damaged_part_is_refused(self):
        for form in FORMATS:
            with self.subTest(form.kind, header=form.header[0]):
                path = self.workbook(form, form.row)
                content = bytearray(path.read_bytes())
                with zipfile.ZipFile(path) as archive:
                    sheet = archive.getinfo("xl/worksheets/sheet1.xml")
                start = sheet.header_offset + 30 + len(sheet.filename) + len(sheet.extra)
                content[start + 4:start + sheet.compress_size - 2] = bytes(sheet.compress_size - 6)
                path.write_bytes(bytes(content))
                problems = self.assert_refused(form, path)
                self.assertIn("damaged", problems[0].reason)
