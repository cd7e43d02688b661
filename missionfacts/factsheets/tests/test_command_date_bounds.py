"""Every command that takes a date refuses one no figure is computed for in one line, exit status 2."""

import json
from datetime import date

import pytest

from missionfacts.factsheets.tests.test_factsheet_command import run
from missionfacts.figures.dates import computable_dates
from missionfacts.imports.reference import load_reference_data, load_shipped_fatalities
from missionfacts.missions.models import Mission
from missionfacts.web.tests.base import an_edition

# Each date option of each command, the date standing for DAY, the other arguments usable.
DAY = "{day}"
COMMANDS = (
    ["factsheet", "MINUSMA", "--as-of", DAY],
    ["factsheet", "MINUSMA", "--as-of", "2020-07-01", "--period", f"2019-07-01:{DAY}"],
    ["check", "MINUSMA", "--as-of", DAY],
    ["check", "MINUSMA", "--as-of", "2020-07-01", "--period", f"{DAY}:2020-06-30"],
    ["publish", "MINUSMA", "--as-of", DAY, "--reason", "test"],
    ["publish", "MINUSMA", "--as-of", "2020-07-01", "--period", f"2019-07-01:{DAY}", "--reason", "test"],
    ["diff", "MINUSMA", "1", "current", "--as-of", DAY],
    ["missions", "--active-on", DAY],
    # Refused before anything is downloaded: the test needs no network.
    ["fetch", "--since", DAY],
)
# Past Python's calendar once a day is added, before year 1900, not a month, not a day (hour 25).
REFUSED_DATES = ("9999-12-31", "0001-01-01", "2020-13-01", "2020-02-29T25:00")


@pytest.fixture
def first_use_data(db):
    # The database as the first use leaves it, so that a command has nothing to set up and announce, and
    # one edition of MINUSMA to compare with.
    load_reference_data()
    load_shipped_fatalities()
    an_edition(Mission.objects.get(acronym="MINUSMA"), 1, date(2020, 7, 1))


def with_day(command: list[str], day: str) -> list[str]:
    return [argument.replace(DAY, day) for argument in command]


@pytest.mark.usefixtures("first_use_data")
@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: " ".join(command))
def test_a_date_no_figure_is_computed_for_gets_one_line_and_exit_2(command, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # factsheet writes its default file here, if it wrongly writes one.
    for day in REFUSED_DATES:
        status, out, err = run(with_day(command, day), capsys)
        assert (status, out) == (2, ""), day
        assert len(err.strip().splitlines()) == 1, err
        assert err.startswith(f"missionfacts {command[0]}: error: "), err
        # A period is START:END, so a time's colon ends the start: the error names the date up to it.
        assert day.split(":")[0] in err
    assert list(tmp_path.iterdir()) == []
    assert Mission.objects.get(acronym="MINUSMA").editions.count() == 1


@pytest.mark.usefixtures("first_use_data")
def test_the_error_names_the_dates_missionfacts_computes_for(capsys):
    status, _, err = run(["check", "MINUSMA", "--as-of", "9999-12-31"], capsys)
    assert status == 2
    assert err == ("missionfacts check: error: --as-of 9999-12-31 is outside the dates missionfacts computes "
                   f"figures for: 1900-01-01 to {computable_dates().end.isoformat()}.\n")


@pytest.mark.usefixtures("first_use_data")
def test_a_date_python_reads_but_the_help_does_not_name_is_refused(capsys):
    status, _, err = run(["missions", "--active-on", "20200229"], capsys)
    assert status == 2
    assert "--active-on '20200229' is not a date of the form YYYY-MM-DD." in err


@pytest.mark.usefixtures("first_use_data")
def test_a_normal_date_still_gives_the_sheet(capsys, tmp_path):
    status, _, _ = run(["factsheet", "MINUSMA", "--as-of", "2020-07-01", "--period", "2019-07-01:2020-06-30",
                        "--format", "json", "--output", str(tmp_path / "sheet.json")], capsys)
    assert status == 0
    assert json.loads((tmp_path / "sheet.json").read_text())["as_of"] == "2020-07-01"


@pytest.mark.usefixtures("first_use_data")
def test_the_last_computable_day_still_gives_the_sheet(capsys, tmp_path):
    latest = computable_dates().end.isoformat()
    status, _, err = run(["factsheet", "MINUSMA", "--as-of", latest, "--format", "json",
                          "--output", str(tmp_path / "sheet.json")], capsys)
    assert status == 0, err
    assert json.loads((tmp_path / "sheet.json").read_text())["as_of"] == latest
