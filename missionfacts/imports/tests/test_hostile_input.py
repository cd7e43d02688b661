"""Every importer, fed hostile files, answers with problems and writes nothing: never a traceback, never half a file.

The kinds come from `imports.registry.IMPORTERS` when the tests are collected, so a new importer is covered
the day it is registered. For each kind Hypothesis builds files of four sorts:

- arbitrary bytes, under a name that says CSV, XLSX, YAML or nothing;
- CSV text with the importer's own headers (found in its module's Column tuples) in any order, some left
  out, and cells that are huge, formula-looking (=, +, -, @), control characters, numbers, dates or
  empty, encoded as UTF-8, UTF-8 with BOM, UTF-16, Windows-1252 or Latin-1, with any delimiter, and
  sometimes cut short;
- the same rows as an XLSX workbook;
- YAML documents (the mission file's format) with random nesting and values.

A run is bounded (HYPOTHESIS_EXAMPLES examples per kind, no deadline) and derandomised on CI so
that the suite is reproducible there; locally each run explores new examples.
"""

import csv
import hashlib
import importlib
import io
import os
import tempfile
from pathlib import Path
from unittest import mock

import yaml
from django.db.models import Count, Max
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from missionfacts.backups.catalogue import entries
from missionfacts.imports import columnar
from missionfacts.imports.problems import ImportResult
from missionfacts.imports.reference import load_reference_data
from missionfacts.imports.registry import IMPORTERS
from missionfacts.imports.tabular import Column

HYPOTHESIS_EXAMPLES = 30
FORMULAS = ["=1+1", "=cmd|' /C calc'!A0", "+SUM(A1:A9)", "-2+3", "@SUM(1,2)", "=HYPERLINK(\"http://x\")",
            "\t=1", "\r=1", "=" + "A" * 300]
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"]

hostile = settings(max_examples=HYPOTHESIS_EXAMPLES, deadline=None, derandomize=bool(os.environ.get("CI")),
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                          HealthCheck.filter_too_much])


def headers_of(kind: str) -> list[str]:
    """Every header an importer reads (its Column tuples' names and aliases), or none for a non-tabular kind."""
    try:
        module = importlib.import_module(f"missionfacts.imports.{kind.replace('-', '_')}")
    except ImportError:
        return []
    names = []
    for value in vars(module).values():
        if isinstance(value, tuple) and value and all(isinstance(item, Column) for item in value):
            for column in value:
                names.extend([column.name, *column.aliases])
    return list(dict.fromkeys(names))


def cells() -> st.SearchStrategy:
    return st.one_of(
        st.text(max_size=30),
        st.sampled_from(FORMULAS),
        st.sampled_from(["MINUSMA", "minusma ", "MINUNEW", "2020-06-30", "30-Jun-20", "44012", "1e9", "-1", "0",
                         "12.5", "Troops", "military", "police", "F", "M", "TCD", "XXX", "", " ", "NaN", "None"]),
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
        st.text(alphabet=st.characters(codec="utf-8", categories=["Cc", "Cf", "Zs", "So"]), max_size=20),
        # Past the csv module's field limit (131,072 characters), and multi-byte.
        st.sampled_from(["A" * 140_000, "é" * 2_000]),
    )


@st.composite
def tables(draw, kind: str) -> tuple[list[str], list[list[str]]]:
    known = headers_of(kind)
    header = draw(st.lists(st.one_of(st.sampled_from(known), st.text(max_size=12)) if known else st.text(max_size=12),
                           min_size=0, max_size=12))
    width = st.integers(min_value=0, max_value=len(header) + 2)
    rows = draw(st.lists(width.flatmap(lambda size: st.lists(cells(), min_size=size, max_size=size)), max_size=8))
    return header, rows


@st.composite
def csv_files(draw, kind: str) -> tuple[str, bytes]:
    header, rows = draw(tables(kind))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=draw(st.sampled_from([",", ";", "\t", "|"])),
                        lineterminator=draw(st.sampled_from(["\r\n", "\n", "\r"])))
    for row in [header, *rows]:
        writer.writerow(row)
    text = buffer.getvalue()
    if draw(st.booleans()):
        text = text[:draw(st.integers(min_value=0, max_value=len(text)))]
    content = text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    return draw(st.sampled_from([".csv", ".txt", ""])), content


@st.composite
def xlsx_files(draw, kind: str) -> tuple[str, bytes]:
    from openpyxl import Workbook

    header, rows = draw(tables(kind))
    workbook = Workbook()
    for index in range(draw(st.integers(min_value=1, max_value=2))):
        sheet = workbook.active if index == 0 else workbook.create_sheet()
        sheet.title = draw(st.sampled_from(["Sheet1", "sessions", "participants", "patrols", "données"]))
        for row in [header, *rows]:
            # openpyxl refuses control characters and over-long cells: those files cannot be made at all.
            sheet.append([_cell_value(value) for value in row])
    stream = io.BytesIO()
    workbook.save(stream)
    content = stream.getvalue()
    if draw(st.booleans()):
        # A share of the length, not a length: the workbook's size varies with the time it is saved at, and a
        # draw bounded by it would make Hypothesis's replay of an example inconsistent.
        content = content[:int(len(content) * draw(st.floats(min_value=0, max_value=1)))]
    return ".xlsx", content


def _cell_value(value: str):
    cleaned = "".join(character for character in value if character >= " " or character in "\t\n\r")[:32767]
    return cleaned


yaml_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), cells(), st.dates()),
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(st.sampled_from(["key", "kind", "title", "acronym", "name", "fr", "en",
                                                                "sources", "mission", "resolutions", "sectors",
                                                                "sites", "period", "count", "source", "number"]),
                                               children, max_size=5)),
    max_leaves=25,
)


# What the mission file's loader refuses before building anything (imports/yaml_lines.py), and a misspelled section.
HOSTILE_YAML = [
    "l0: &l0 [lol, lol, lol]\nl1: [*l0, *l0, *l0]\n", "deep: " + "[" * 1000 + "]" * 1000 + "\n",
    "huge: " + "9" * 5000 + "\n", "latitude: .nan\n", "longitude: -.inf\n", "far: 1.0e+999\n", "sectorz: []\n",
]


@st.composite
def yaml_files(draw, kind: str) -> tuple[str, bytes]:
    document = draw(st.dictionaries(st.sampled_from(["format", "default_source", "sources", "mission", "resolutions",
                                                     "sectors", "budgets", "leadership", "strength_totals",
                                                     "patrol_counts", "training_programmes", "checks"]),
                                    yaml_values, max_size=8))
    if draw(st.booleans()):
        document["format"] = "missionfacts/mission-1"
    text = yaml.safe_dump(document, allow_unicode=True)
    if draw(st.booleans()):
        text += draw(st.sampled_from(HOSTILE_YAML))
    return ".yaml", text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")


raw_files = st.tuples(st.sampled_from([".csv", ".xlsx", ".yaml", ""]), st.binary(max_size=4096))


def snapshot() -> dict[str, tuple]:
    """Per model: rows, highest id, and a digest of every row, so that any write is seen."""
    state = {}
    for entry in entries():
        queryset = entry.model._base_manager.all()
        summary = queryset.aggregate(rows=Count("pk"), highest=Max("pk"))
        digest = hashlib.sha256(repr(list(entry.queryset())).encode()).hexdigest() if summary["rows"] < 5000 else ""
        state[entry.label] = (summary["rows"], summary["highest"], digest)
    return state


class HostileInputTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_reference_data()

    def import_hostile(self, kind: str, suffix: str, content: bytes) -> None:
        before = snapshot()
        with tempfile.TemporaryDirectory(prefix="missionfacts-hostile-") as folder:
            path = Path(folder) / f"hostile{suffix}"
            path.write_bytes(content)
            try:
                result = IMPORTERS[kind](path, mission=None, user=None, dry_run=False, progress=None)
            except Exception as error:  # the property under test: no exception ever reaches the user
                self.fail(f"the {kind} importer raised {error!r} on a {len(content)}-byte {suffix or 'file'}")
        self.assertIsInstance(result, ImportResult)
        if result.problems:
            self.assertEqual(snapshot(), before, f"the {kind} importer reported problems but wrote data")
            for problem in result.problems:
                self.assertTrue(problem.reason, "a problem without a reason")


def files_for(kind: str) -> st.SearchStrategy:
    """Hostile files of every sort that suits the importer: raw bytes, and text or workbooks of its format."""
    if not headers_of(kind):
        return st.one_of(raw_files, yaml_files(kind))
    return st.one_of(raw_files, csv_files(kind), xlsx_files(kind))


def _add_test_for(kind: str) -> None:
    @hostile
    @given(file=files_for(kind))
    def test(self, file):
        self.import_hostile(kind, *file)

    test.__name__ = f"test_the_{kind.replace('-', '_')}_importer_answers_hostile_files_with_problems_only"
    setattr(HostileInputTests, test.__name__, test)


for _kind in IMPORTERS:
    _add_test_for(_kind)


@hostile
@given(file=files_for("patrols"))
def _patrols_read_by_column(self, file):
    # The column reader of big files (imports.columnar), on for files of any size, in batches of a few rows.
    with mock.patch.object(columnar, "MIN_ROWS", 0), mock.patch.object(columnar, "BLOCK_BYTES", 256):
        self.import_hostile("patrols", *file)


HostileInputTests.test_the_patrols_column_reader_answers_hostile_files_with_problems_only = _patrols_read_by_column
