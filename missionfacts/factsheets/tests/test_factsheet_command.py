"""The `missionfacts factsheet` command, as a user types it."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from missionfacts.checks.models import RuleSetting
from missionfacts.cli import main
from missionfacts.factsheets.tests.sheet_text import pdf_text
from missionfacts.imports.reference import load_reference_data, load_shipped_fatalities
from missionfacts.missions.models import Mission

REPOSITORY = Path(__file__).resolve().parents[3]


def run(argv, capsys):
    """Run the command in this process; return (exit status, stdout, stderr)."""
    try:
        main(argv)
        status = 0
    except SystemExit as exit_:
        status = exit_.code or 0
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture(autouse=True)
def english_locale(monkeypatch):
    """The commands speak the locale's language where no --lang is given: these tests read their English."""
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")


@pytest.fixture
def reference_data(db):
    # The database as the first use leaves it, so that the command has nothing left to set up and announce.
    load_reference_data()
    load_shipped_fatalities()


@pytest.mark.usefixtures("reference_data")
class TestFactsheetCommand:
    def test_it_writes_the_sheet_in_each_format_asked_for(self, tmp_path, capsys):
        status, out, _ = run(["factsheet", "MINUSMA", "--as-of", "2020-07-01", "--lang", "en",
                              "--format", "pdf,html,json", "--output", str(tmp_path / "sheet")], capsys)
        assert status == 0
        assert sorted(p.name for p in tmp_path.iterdir()) == ["sheet.html", "sheet.json", "sheet.pdf"]
        assert "12,873 military personnel" in pdf_text((tmp_path / "sheet.pdf").read_bytes())
        figures = json.loads((tmp_path / "sheet.json").read_text())
        assert figures["strength"]["military"]["value"] == 12873
        assert figures["strength"]["military"]["as_of"] == "2020-07-01"
        assert figures["patrols"]["police"]["period"] == {"start": "2013-07-01", "end": "2021-06-30"}
        assert figures["patrols"]["police"]["provenance"][0]["source"] == "minusma-fiche-2020"
        assert figures["top_contributors"]["military"]["available"] is False

    def test_a_period_changes_which_counts_can_be_used(self, tmp_path, capsys):
        status, _, _ = run(["factsheet", "MINUSMA", "--as-of", "2020-07-01", "--format", "json",
                            "--period", "2019-07-01:2020-06-30", "--output", str(tmp_path / "s.json")], capsys)
        assert status == 0
        figures = json.loads((tmp_path / "s.json").read_text())
        assert figures["patrols"]["military"]["available"] is False
        assert figures["period"] == {"start": "2019-07-01", "end": "2020-06-30"}

    def test_it_prints_the_paths_and_one_line_counting_the_findings_with_the_command_that_lists_them(
            self, tmp_path, capsys):
        status, out, err = run(["factsheet", "MINUSMA", "--as-of", "2020-07-01", "--lang", "en", "--format", "json",
                                "--output", str(tmp_path / "sheet")], capsys)
        assert status == 0, err
        assert out.splitlines() == [f"Wrote {tmp_path / 'sheet.json'}"]
        [summary] = err.splitlines()
        assert re.fullmatch(r"Checks: 0 errors, \d+ warnings — `missionfacts check MINUSMA --as-of 2020-07-01 "
                            r"--lang en` lists them\.", summary), summary
        # The command named lists the warnings counted.
        count = int(re.search(r"(\d+) warnings", summary).group(1))
        status, out, _ = run(["check", "MINUSMA", "--as-of", "2020-07-01", "--lang", "en"], capsys)
        assert status == 0 and f"Warnings ({count})" in out

    def test_an_error_is_printed_in_full_and_stops_the_sheet(self, tmp_path, capsys):
        RuleSetting.objects.create(mission=Mission.objects.get(acronym="MINUSMA"),
                                   rule_id="stated-count-differs-from-list", severity="error")
        status, out, err = run(["factsheet", "MINUSMA", "--as-of", "2020-07-01", "--lang", "en", "--format", "json",
                                "--output", str(tmp_path / "sheet")], capsys)
        assert (status, out) == (1, "")
        lines = err.splitlines()
        assert "Errors (1)" in lines
        assert "  [stated-count-differs-from-list] On 1 July 2020, the mission states 13 sites but lists 12 in " \
               "service that day; the sheet shows 13." in lines
        assert lines[-1] == ("missionfacts factsheet: error: 1 error in MINUSMA's records for 2020-07-01: no sheet "
                             "was written. Fix it, or write a draft with --draft.")
        assert list(tmp_path.iterdir()) == []

    def test_a_default_file_name_has_no_space(self, tmp_path, capsys, monkeypatch):
        monkeypatch.chdir(tmp_path)
        status, out, err = run(["factsheet", "UNOSOM II", "--as-of", "1994-06-30", "--lang", "en", "--format",
                                "json", "--draft"], capsys)
        assert status == 0, err
        assert [path.name for path in tmp_path.iterdir()] == ["UNOSOM-II-1994-06-30-en.json"]
        assert out.strip() == "Wrote UNOSOM-II-1994-06-30-en.json"

    def test_an_output_that_cannot_be_written_is_refused_in_one_line_before_any_work(self, tmp_path, capsys):
        a_file = tmp_path / "file.txt"
        a_file.write_text("not a folder")
        (tmp_path / "folder.pdf").mkdir()
        refusals = {
            str(tmp_path / "x" / "y" / "fiche"): f"--output {tmp_path / 'x' / 'y' / 'fiche'}: the folder "
                                                 f"{tmp_path / 'x' / 'y'} does not exist.",
            str(a_file / "fiche"): f"--output {a_file / 'fiche'}: {a_file} is a file, not a folder.",
            str(tmp_path / "folder.pdf"): f"--output {tmp_path / 'folder.pdf'}: {tmp_path / 'folder.pdf'} is a "
                                          "folder; give a file name.",
        }
        for output, message in refusals.items():
            status, out, err = run(["factsheet", "MINUSMA", "--as-of", "2020-07-01", "--lang", "en", "--output",
                                    output], capsys)
            assert (status, out, err) == (2, "", f"missionfacts factsheet: error: {message}\n")
        assert sorted(path.name for path in tmp_path.iterdir()) == ["file.txt", "folder.pdf"]
        assert list((tmp_path / "folder.pdf").iterdir()) == []

    def test_a_write_that_fails_all_the_same_is_one_line_naming_the_reason(self, tmp_path, capsys, monkeypatch):
        # Root writes anywhere, so the refusal of a read-only disk is played by the file system's own error.
        def refuse(path, data):
            raise OSError(30, "Read-only file system")

        monkeypatch.setattr(Path, "write_bytes", refuse)
        status, out, err = run(["factsheet", "MINUSMA", "--as-of", "2020-07-01", "--lang", "en", "--format", "json",
                                "--output", str(tmp_path / "sheet.json")], capsys)
        assert (status, out) == (2, "")
        assert err.splitlines()[-1] == (f"missionfacts factsheet: error: {tmp_path / 'sheet.json'} cannot be "
                                        "written: Read-only file system.")

    @pytest.mark.parametrize(
        "arguments, message",
        [
            (["MINUSMAX"], "unknown mission 'MINUSMAX'. Did you mean: MINUSMA, "),
            (["MINUSMA", "--as-of", "2020-13-01"], "--as-of '2020-13-01' is not a date of the form YYYY-MM-DD."),
            (["MINUSMA", "--as-of", "2012-01-01"], "2012-01-01 is before MINUSMA began (2013-07-01)."),
            (["MINUSMA", "--lang", "de"], "unknown language 'de'; use one of: fr, en."),
            (["MINUSMA", "--format", "docx"], "unknown format 'docx'; use pdf, html or json."),
            (["MINUSMA", "--period", "2021-01-01:2020-01-01"], "ends before it starts."),
        ],
    )
    def test_bad_arguments_get_one_clear_line_exit_2_and_write_nothing(self, arguments, message, tmp_path, capsys):
        status, out, err = run(["factsheet", *arguments, "--output", str(tmp_path / "sheet.pdf")], capsys)
        assert status == 2
        assert message in err
        assert len(err.strip().splitlines()) == 1
        assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.environ.get("MISSIONFACTS_DATABASE_URL", "").startswith("postgres"),
                    reason="the first-run set-up is that of the embedded SQLite default")
def test_the_first_run_creates_the_embedded_database_and_writes_the_french_sheet(tmp_path):
    environment = {**os.environ, "MISSIONFACTS_HOME": str(tmp_path / "home")}
    environment.pop("MISSIONFACTS_DATABASE_URL", None)
    completed = subprocess.run(
        [sys.executable, "-m", "missionfacts.cli", "factsheet", "MINUSMA", "--as-of", "2020-07-01", "--lang", "fr",
         "--format", "pdf,html", "--output", str(tmp_path / "fiche")],
        cwd=REPOSITORY, env=environment, capture_output=True, text=True, timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    assert (tmp_path / "home" / "missionfacts.sqlite3").exists()
    # Everything it prints is in the sheet's language, the first use's set-up included.
    assert "Création de la base de données" in completed.stderr
    assert "les missions de référence et les données de l’ONU sur les décès" in completed.stderr
    # The sheets' paths, and the checks in one line naming the command that lists them.
    assert completed.stdout.splitlines() == [f"Écrit\u202f: {tmp_path / 'fiche.pdf'}",
                                             f"Écrit\u202f: {tmp_path / 'fiche.html'}"]
    [summary] = [line for line in completed.stderr.splitlines() if line.startswith("Contrôles")]
    assert re.fullmatch(r"Contrôles\u202f: 0 erreur, \d+ avertissements — `missionfacts check MINUSMA --as-of "
                        r"2020-07-01 --lang fr` les énumère\.", summary), summary
    assert "12\u202f873 militaires" in pdf_text((tmp_path / "fiche.pdf").read_bytes())
    assert (tmp_path / "fiche.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
