"""`missions --format csv`: a mission file's names open in a spreadsheet as text, never as a formula."""

import csv
import io
from datetime import date

import pytest

from missionfacts.factsheets.tests.test_factsheet_command import run
from missionfacts.testing import a_mission

pytestmark = pytest.mark.django_db


def test_a_name_starting_like_a_formula_is_quoted_and_the_counts_stay_numbers(capsys):
    a_mission("MINUFORM", started_on=date(2019, 3, 1), name_en='=HYPERLINK("http://attacker.example","Click")')
    a_mission("@MINUAT", started_on=date(2019, 4, 1))
    status, out, err = run(["missions", "--format", "csv"], capsys)
    assert status == 0, err
    rows = {row["acronym"]: row for row in csv.DictReader(io.StringIO(out))}
    assert rows["MINUFORM"]["name"] == '\'=HYPERLINK("http://attacker.example","Click")'
    assert "'@MINUAT" in rows
    assert rows["MINUFORM"]["started_on"] == "2019-03-01" and rows["MINUFORM"]["resolutions"] == "0"
