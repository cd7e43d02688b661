"""`missionfacts factsheet` runs the checks first: warnings are shown, errors stop all but a draft."""

import pytest

from missionfacts.checks.models import RuleSetting
from missionfacts.factsheets.tests.sheet_text import html_text
from missionfacts.factsheets.tests.test_factsheet_command import run
from missionfacts.imports.reference import load_reference_data, load_shipped_fatalities
from missionfacts.missions.models import Mission

SHEET = ["factsheet", "MINUSMA", "--as-of", "2020-07-01", "--format", "html"]


@pytest.fixture
def reference_data(db):
    """The data of a first use: the reference missions and the UN's fatalities shipped beside them."""
    load_reference_data()
    load_shipped_fatalities()


@pytest.fixture
def an_error(reference_data):
    """MINUSMA with its stated site count made an error instead of a warning."""
    RuleSetting.objects.create(mission=Mission.objects.get(acronym="MINUSMA"),
                               rule_id="stated-count-differs-from-list", severity="error")


@pytest.mark.usefixtures("reference_data")
def test_warnings_are_printed_and_the_sheet_is_written(tmp_path, capsys):
    status, out, err = run([*SHEET, "--lang", "en", "--output", str(tmp_path / "sheet.html")], capsys)
    assert status == 0
    # Warnings are summed up in one line that names the command listing them; errors alone are printed whole.
    assert err.strip() == ("Checks: 0 errors, 8 warnings — `missionfacts check MINUSMA --as-of 2020-07-01 --lang en` "
                           "lists them.")
    assert out.strip() == f"Wrote {tmp_path / 'sheet.html'}"
    assert "DRAFT" not in html_text((tmp_path / "sheet.html").read_text(encoding="utf-8"))


@pytest.mark.usefixtures("an_error")
def test_an_error_stops_the_sheet_with_exit_1_and_writes_nothing(tmp_path, capsys):
    status, out, err = run([*SHEET, "--lang", "en", "--output", str(tmp_path / "sheet.html")], capsys)
    assert status == 1
    assert "Errors (1)" in err
    assert err.strip().splitlines()[-1] == ("missionfacts factsheet: error: 1 error in MINUSMA's records for "
                                            "2020-07-01: no sheet was written. Fix it, or write a draft with "
                                            "--draft.")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.usefixtures("an_error")
@pytest.mark.parametrize("language, mark", [("fr", "PROJET"), ("en", "DRAFT")])
def test_a_draft_is_written_despite_errors_and_marked_as_such(language, mark, tmp_path, capsys):
    status, _, err = run([*SHEET, "--lang", language, "--draft", "--output", str(tmp_path / "sheet.html")], capsys)
    assert status == 0
    assert "[stated-count-differs-from-list]" in err
    assert mark in html_text((tmp_path / "sheet.html").read_text(encoding="utf-8")).split()
