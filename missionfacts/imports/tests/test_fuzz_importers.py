"""Every tabular importer, fed good rows mixed with rows spoiled in ways it cannot read, refuses the whole file
with the spoiled rows named: never a traceback, never the good rows imported without the others, never a hang.

Hypothesis builds each file from a format's good rows (distinct, so that a file of them alone imports) and
rows spoiled one way each, in any order, as CSV or as an XLSX workbook:

- CSV: a value too many, fewer values, a quote never closed, a NUL byte in any cell, a count past 64 bits or
  of NaN or infinity, a date that is no date (hour 25, year 0, 29 February of 2021);
- XLSX: a date cell holding inf, NaN or year 0, a count cell of 1e30, a NUL in the sheet's XML, an XML entity
  declaration, a damaged part.

A file without spoiled rows must import; a file with one must be refused with a problem at or after its first
spoiled row (or about the whole workbook) and the database left as it was. `hostile_input` throws random bytes
and tables at the importers; this test aims at what each one must refuse.
"""

import csv
import io
import os
import re
import shutil
import tempfile
import zipfile
from pathlib import Path

from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase
from openpyxl import Workbook

from missionfacts.imports.reference import load_reference_data
from missionfacts.imports.registry import IMPORTERS
from missionfacts.imports.tests.test_hostile_input import snapshot
from missionfacts.missions.models import Mission

fuzzed = settings(max_examples=10, deadline=None, derandomize=bool(os.environ.get("CI")),
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


class Format:
    """An importer's file: its header, a good row, and the columns a spoiled row may aim at."""

    def __init__(self, kind: str, header: str, row: str, *, key: str, keys: tuple[str, ...], date: str,
                 count: str = "", mission: bool = False):
        self.kind, self.header, self.row = kind, header.split(","), row.split(",")
        self.key, self.keys, self.date, self.count, self.mission = key, keys, date, count, mission

    def good_row(self, index: int) -> list[str]:
        """The good row with the index-th key: good rows of one file never repeat a key."""
        return self.with_value(self.key, self.keys[index])

    def with_value(self, column: str, value) -> list:
        return [value if name == column else cell for name, cell in zip(self.header, self.row, strict=True)]


FORMATS = [
    Format("un-missions", "mission_acronym,mission_name,start_date,end_date,mission_location,mission_latitude,"
           "mission_longitude", "UNTEST,United Nations Test Mission,2001-03-15,2002-06-20,Testville,12.5,3.25",
           key="mission_acronym", keys=("UNTESTA", "UNTESTB", "UNTESTC"), date="start_date"),
    Format("un-fatalities", "incident_date,casualty_id,mission_acronym,type_of_casualty,gender,"
           "casualty_personnel_type,type_of_incident,isocode3",
           "2014-02-08,MINUSMA-2014-02-00001,MINUSMA,Fatality,M,Military,Malicious Act,SEN",
           key="casualty_id", keys=("FUZZ-1", "FUZZ-2", "FUZZ-3"), date="incident_date"),
    Format("un-contributions", "mission_acronym,last_reporting_date,isocode3,personnel_type,male_personnel,"
           "female_personnel", "MINUSMA,2020-11-30,TCD,Troops,1390,12", key="isocode3", keys=("TCD", "SEN", "FRA"),
           date="last_reporting_date", count="male_personnel"),
    Format("patrols", "date,component,site,type,reference", "2020-01-06,military,Kidal,foot,PAT-1",
           key="reference", keys=("PAT-1", "PAT-2", "PAT-3"), date="date", mission=True),
    Format("patrols", "period_start,period_end,component,sector,count", "2020-01-01,2020-03-31,military,nord,812",
           key="sector", keys=("nord", "sud"), date="period_start", count="count", mission=True),
    Format("trainings", "date,programme,site,reference,trained,women",
           "2020-02-03,mdsf-explosive-threats,Gao,MDSF-2020-01,24,2", key="reference",
           keys=("MDSF-2020-01", "MDSF-2020-02", "MDSF-2020-03"), date="date", count="trained", mission=True),
]
BAD_NUMBERS = [str(2**64), str(-(2**63) - 1), "9" * 400, "NaN", "inf", "-inf", "1e400"]
BAD_DATES = ["2020-02-29T25:00", "0000-01-01", "2021-02-29", "99999-01-01", "inf", "NaN"]


def csv_spoilers(form: Format) -> st.SearchStrategy:
    """Ways to spoil a good row of a CSV file, each a function from the row's values to its line."""
    def joined(values: list) -> str:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="").writerow(values)
        return buffer.getvalue()

    positions = st.integers(min_value=0, max_value=len(form.header) - 1)
    spoilers = [
        st.just(lambda row: joined([*row, "one too many"])),
        st.just(lambda row: joined(row[:-2])),
        st.just(lambda row: '"' + joined(row)),
        positions.map(lambda at: lambda row: joined([value[:1] + "\x00" + value[1:] if index == at else value
                                                     for index, value in enumerate(row)])),
        st.sampled_from(BAD_DATES).map(lambda day: lambda row: joined(
            [day if name == form.date else value for name, value in zip(form.header, row, strict=True)])),
    ]
    if form.count:
        spoilers.append(st.sampled_from(BAD_NUMBERS).map(lambda number: lambda row: joined(
            [number if name == form.count else value for name, value in zip(form.header, row, strict=True)])))
    return st.one_of(spoilers)


@st.composite
def csv_files(draw, form: Format) -> tuple[bytes, int | None]:
    """A CSV file of good and spoiled rows, and the row number of the first spoiled one (None if none)."""
    goods = draw(st.integers(min_value=0, max_value=len(form.keys)))
    spoiled = draw(st.lists(csv_spoilers(form), max_size=3))
    if goods + len(spoiled) == 0:
        goods = 1
    lines = [("good", index) for index in range(goods)] + [("spoiled", spoil) for spoil in spoiled]
    order = draw(st.permutations(range(len(lines))))
    text_lines, first_spoiled = [",".join(form.header)], None
    for position, index in enumerate(order, start=2):
        sort, what = lines[index]
        if sort == "good":
            text_lines.append(",".join(form.good_row(what)))
        else:
            # Each spoiled row has a key of its own, so that it is refused for its spoiling, not as a repeat.
            text_lines.append(what(form.good_row(min(goods, len(form.keys) - 1)) if goods < len(form.keys)
                                   else form.row))
            first_spoiled = position if first_spoiled is None else first_spoiled
    return ("\n".join(text_lines) + "\n").encode("utf-8"), first_spoiled


def cell_reference(form: Format, column: str, row: int) -> str:
    return f"{chr(ord('A') + form.header.index(column))}{row}"


def xlsx_spoilers(form: Format) -> st.SearchStrategy:
    """Ways to spoil the last row of a workbook, each a function from the sheet's XML (and that row) to XML."""
    def cell(column: str, replacement: str):
        def spoil(xml: bytes, row: int) -> bytes:
            reference = cell_reference(form, column, row)
            return re.sub(rf'<c r="{reference}"[^>]*>(<v>[^<]*</v>|<is><t>[^<]*</t></is>)'.encode(),
                          replacement.format(reference=reference).encode(), xml)
        return spoil

    spoilers = [
        st.sampled_from(["inf", "nan", "-inf"]).map(lambda number: cell(
            form.date, '<c r="{reference}" s="1" t="n"><v>' + number + "</v>")),
        st.just(cell(form.date, '<c r="{reference}" t="d"><v>0000-01-01T00:00:00</v>')),
        st.sampled_from([b"\x00", b"&#0;"]).map(lambda nul: lambda xml, row: nul.join(
            xml.rsplit(b"</t>", 1)).replace(nul, nul + b"</t>")),
    ]
    if form.count:
        spoilers.append(st.sampled_from(["1e30", "nan", "inf"]).map(lambda number: cell(
            form.count, '<c r="{reference}" t="n"><v>' + number + "</v>")))
    return st.one_of(spoilers)


def workbook_bytes(form: Format, rows: list[list], spoil=None) -> bytes:
    workbook = Workbook()
    workbook.active.title = "Sessions"  # the sheet the trainings importer reads; the others read the first
    for row in [form.header, *rows]:
        workbook.active.append(row)
    packed = io.BytesIO()
    workbook.save(packed)
    if spoil is None:
        return packed.getvalue()
    spoiled = io.BytesIO()
    with zipfile.ZipFile(packed) as source, zipfile.ZipFile(spoiled, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            content = source.read(member.filename)
            target.writestr(member.filename, spoil(member.filename, content))
    return spoiled.getvalue()


@st.composite
def xlsx_files(draw, form: Format) -> tuple[bytes, int | None]:
    """A workbook of good rows and, perhaps, one spoiled last row or part; with the row the problem is at
    (0 for a problem of the whole workbook, None if nothing is spoiled)."""
    goods = draw(st.integers(min_value=1, max_value=len(form.keys)))
    rows = [form.good_row(index) for index in range(goods)]
    how = draw(st.sampled_from(["none", "cell", "entity", "damaged"]))
    if how == "none":
        return workbook_bytes(form, rows), None
    if how == "cell":
        spoil = draw(xlsx_spoilers(form))
        last = goods + 1
        content = workbook_bytes(form, rows, lambda name, xml: spoil(xml, last) if name.endswith("sheet1.xml")
                                 else xml)
        return content, last
    if how == "entity":
        part = draw(st.sampled_from(["xl/worksheets/sheet1.xml", "xl/workbook.xml", "xl/styles.xml",
                                     "[Content_Types].xml"]))
        declaration = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        content = workbook_bytes(form, rows, lambda name, xml: re.sub(
            rb"^(<\?xml[^>]*\?>)?", lambda match: (match[0] or b"") + declaration, xml, count=1)
            if name == part else xml)
        return content, 0
    content = bytearray(workbook_bytes(form, rows))
    with zipfile.ZipFile(io.BytesIO(bytes(content))) as archive:
        member = archive.getinfo(draw(st.sampled_from(["xl/worksheets/sheet1.xml", "xl/workbook.xml"])))
    start = member.header_offset + 30 + len(member.filename) + len(member.extra)
    cut = draw(st.integers(min_value=0, max_value=max(member.compress_size - 4, 0)))
    content[start + cut:start + member.compress_size] = bytes(member.compress_size - cut)
    return bytes(content), 0


class FuzzedImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_reference_data()

    def import_file(self, form: Format, suffix: str, content: bytes, spoiled_at: int | None) -> None:
        before = snapshot()
        folder = Path(tempfile.mkdtemp(prefix="missionfacts-fuzz-"))
        try:
            path = folder / f"{form.kind}{suffix}"
            path.write_bytes(content)
            options = {"mission": Mission.objects.get(acronym="MINUSMA")} if form.mission else {}
            try:
                with translation.override("en"):
                    result = IMPORTERS[form.kind](path, **options)
            except Exception as error:  # the behaviour under test: no exception reaches the user
                self.fail(f"the {form.kind} importer raised {error!r}")
        finally:
            shutil.rmtree(folder)
        if spoiled_at is None:
            self.assertEqual(result.problems, [], "a file of good rows only was refused")
            return
        self.assertTrue(result.problems, f"the {form.kind} importer accepted a spoiled row {spoiled_at}")
        self.assertEqual(snapshot(), before, f"the {form.kind} importer refused the file but wrote data")
        rows = [problem.row for problem in result.problems]
        self.assertTrue(any(row is None or row >= spoiled_at for row in rows),
                        f"no problem at or after the spoiled row {spoiled_at}: {result.problems}")


def _add_tests_for(form: Format, index: int) -> None:
    name = f"{form.kind.replace('-', '_')}_{'_'.join(form.header[:2])}"

    @fuzzed
    @given(file=csv_files(form))
    def test_csv(self, file):
        self.import_file(form, ".csv", *file)

    @fuzzed
    @given(file=xlsx_files(form))
    def test_xlsx(self, file):
        self.import_file(form, ".xlsx", *file)

    test_csv.__name__ = f"test_a_{name}_csv_file_with_a_spoiled_row_is_refused_whole"
    test_xlsx.__name__ = f"test_a_{name}_workbook_with_a_spoiled_cell_or_part_is_refused_whole"
    setattr(FuzzedImportTests, test_csv.__name__, test_csv)
    setattr(FuzzedImportTests, test_xlsx.__name__, test_xlsx)


for _index, _form in enumerate(FORMATS):
    _add_tests_for(_form, _index)
