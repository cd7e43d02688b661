"""The `un-fatalities` import: the UN Data Hub's fatalities file as published, whole or not at all."""

import csv
import json
import shutil
from datetime import date

import pytest
from django.utils import translation

from missionfacts.casualties.models import Fatality
from missionfacts.figures.activities import fatalities_between
from missionfacts.figures.values import Period
from missionfacts.imports.models import ImportBatch
from missionfacts.imports.tests.helpers import (  # noqa: F401 (in_english is a fixture)
    DATA,
    database_content,
    find_real_fatalities_file,
    in_english,
)
from missionfacts.imports.un_fatalities import import_un_fatalities
from missionfacts.missions.models import Mission
from missionfacts.testing import a_mission

pytestmark = pytest.mark.django_db

HEADER = ("id,incident_date,casualty_id,mission_acronym,type_of_casualty,gender,casualty_nationality,"
          "casualty_personnel_type,type_of_incident,m49_code,isocode3,last_update\n")
GOOD_ROW = "1,2014-02-08,MINUSMA-2014-02-00001,MINUSMA,Fatality,M,Senegal,Military,Malicious Act,686.0,SEN,2025-04-04\n"


def fatalities_file(tmp_path, *rows: str, name: str = "DPPADPOSS-FATALITIES.csv"):
    path = tmp_path / name
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return path


# The real file --------------------------------------------------------------------------------------------------


def test_it_loads_the_real_file_and_the_minusma_figure_matches_a_count_of_the_raw_file():
    path = find_real_fatalities_file()
    minusma = a_mission("MINUSMA")
    result = import_un_fatalities(path)
    assert result.ok, result.problems[:5]
    assert result.rows_read == 4429
    # Six people are listed twice under two nationalities: each is one fatality.
    assert result.rows_added == Fatality.objects.count() == 4423

    period, as_of = Period(date(2013, 7, 1), date(2023, 12, 31)), date(2020, 6, 30)
    with open(path, encoding="utf-8", newline="") as stream:
        expected = sum(
            1 for row in csv.DictReader(stream)
            if row["mission_acronym"] == "MINUSMA" and row["type_of_incident"] == "Malicious Act"
            and period.start <= date.fromisoformat(row["incident_date"]) <= min(period.end, as_of)
        )
    figure = fatalities_between(minusma, period, as_of, "malicious_act")
    assert expected > 50
    assert figure.value == expected
    assert Mission.objects.get(acronym="MINUSMA").pk == minusma.pk and not minusma.is_provisional


def test_importing_the_real_file_again_changes_nothing(tmp_path):
    path = find_real_fatalities_file()
    first = import_un_fatalities(path)
    before = database_content()
    again = import_un_fatalities(path)
    assert (again.rows_added, again.rows_changed, again.rows_removed, again.rows_unchanged) == (0, 0, 0, 4423)
    assert again.batch_id is None and ImportBatch.objects.count() == 1
    assert f"Nothing changed: the data already matches this file (import #{first.batch_id})." in again.notes
    assert database_content() == before


# The file's quirks ----------------------------------------------------------------------------------------------


def test_it_maps_the_files_values_and_quirks():
    with translation.override("en"):
        result = import_un_fatalities(DATA / "fatalities.csv")
    assert result.ok, result.problems
    rows = {row[0]: row[1:] for row in Fatality.objects.values_list(
        "casualty_id", "mission__acronym", "died_on", "personnel_category", "incident_type", "sex", "nationality")}
    assert rows == {
        "MINUSMA-2014-02-00001": ("MINUSMA", date(2014, 2, 8), "military", "malicious_act", "M", "SEN"),
        "MINUSMA-2014-06-00002": ("MINUSMA", date(2014, 6, 11), "military", "malicious_act", "M", "TCD"),
        "MINUSMA-2015-01-00003": ("MINUSMA", date(2015, 1, 20), "local", "illness", "F", "MLI"),
        "UNPROFOR-1993-05-00004": ("UNPROFOR", date(1993, 5, 4), "local", "accident", "M", ""),
        "UNMIK-2003-05-00005": ("UNMIK", date(2003, 5, 5), "local", "self_inflicted", "", "MNE"),
        "MINUSTAH-2010-01-00007": ("MINUSTAH", date(2010, 1, 12), "international_civilian", "accident", "M", ""),
        "MINUSMA-2016-03-00008": ("MINUSMA", date(2016, 3, 1), "police", "other", "M", "GIN"),
    }
    notes = " ".join(result.notes)
    assert "rows 6 and 7" in notes and "recorded once" in notes
    assert "YUG (1 row)" in notes and "SCG (1 row)" in notes
    assert "1 row gives no isocode3" in notes
    assert "provisional" in notes and "MINUSMA" in notes


def test_every_row_points_at_its_import_and_the_import_at_the_un_source():
    result = import_un_fatalities(DATA / "fatalities.csv")
    batch = ImportBatch.objects.get()
    assert set(Fatality.objects.values_list("import_batch", flat=True)) == {result.batch_id} == {batch.pk}
    assert (batch.kind, batch.file_name, batch.rows_read, batch.rows_added) == ("un-fatalities", "fatalities.csv", 8, 7)
    assert batch.source.key == "un-dppadposs-fatalities"
    assert batch.source.publisher == "United Nations Peace and Security Data Hub"
    assert batch.source.licence == "CC BY 3.0 IGO"
    assert batch.source.note == "Source: United Nations Peace and Security Data Hub (DPPADPOSS-FATALITIES)"
    assert all(mission.is_provisional for mission in Mission.objects.all())


# Bad input ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("replace", "by", "column", "reason"), [
    (",Military,", ",Sailor,", "casualty_personnel_type", "unknown personnel type"),
    (",Malicious Act,", ",Friendly Fire,", "type_of_incident", "unknown type of incident"),
    (",Fatality,", ",Injury,", "type_of_casualty", "only fatalities can be imported"),
    (",SEN,", ",XXX,", "isocode3", "XXX is not an ISO 3166-1 alpha-3 country code."),
    (",M,", ",X,", "gender", "unknown gender"),
    ("2014-02-08", "2014-02-31", "incident_date", "no such day in the calendar"),
    ("2014-02-08", "2099-02-08", "incident_date", "A fatality cannot be dated in the future."),
    ("MINUSMA-2014-02-00002", "", "casualty_id", "the casualty_id is empty"),
])
def test_it_names_row_column_and_value_of_a_bad_row_and_writes_nothing(tmp_path, replace, by, column, reason):
    before = database_content()
    bad = GOOD_ROW.replace("00001", "00002").replace(replace, by, 1)
    result = import_un_fatalities(fatalities_file(tmp_path, GOOD_ROW, bad))
    [problem] = result.problems
    assert (problem.file, problem.row, problem.column) == ("DPPADPOSS-FATALITIES.csv", 3, column)
    assert problem.value == by.strip(",")
    assert reason in problem.reason
    assert database_content() == before


def test_it_rejects_one_casualty_id_on_two_different_rows(tmp_path):
    other = GOOD_ROW.replace("2014-02-08", "2014-03-08")
    result = import_un_fatalities(fatalities_file(tmp_path, GOOD_ROW, other, GOOD_ROW))
    assert [(problem.row, problem.reason) for problem in result.problems] == [
        (3, "the same casualty_id as row 2"), (4, "the same casualty_id as row 2")]


def test_it_names_the_expected_headers(tmp_path):
    path = tmp_path / "fatalities.csv"
    path.write_text("incident_date,casualty_id,mission\n2014-02-08,X,MINUSMA\n", encoding="utf-8")
    [problem] = import_un_fatalities(path).problems
    assert problem.row == 1 and "type_of_incident" in problem.column
    assert "incident_date, casualty_id, mission_acronym, type_of_casualty, gender" in problem.reason


def test_a_corrected_file_replaces_what_its_earlier_version_brought(tmp_path):
    folder = tmp_path / "hub"
    folder.mkdir()
    shutil.copy(DATA / "fatalities.csv", folder / "fatalities.csv")
    import_un_fatalities(folder / "fatalities.csv")
    corrected = (folder / "fatalities.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    corrected = [line.replace("Illness", "Accident") for line in corrected if "MINUSTAH" not in line]
    (folder / "fatalities.csv").write_text("".join(corrected), encoding="utf-8")
    result = import_un_fatalities(folder / "fatalities.csv")
    assert (result.rows_added, result.rows_changed, result.rows_unchanged, result.rows_removed) == (0, 1, 5, 1)
    assert Fatality.objects.get(casualty_id="MINUSMA-2015-01-00003").incident_type == "accident"
    assert not Fatality.objects.filter(casualty_id="MINUSTAH-2010-01-00007").exists()


# The command line -----------------------------------------------------------------------------------------------


def test_the_command_finds_the_real_file_loaded_on_first_use_and_writes_a_report(tmp_path):
    from missionfacts.cli import main

    report = tmp_path / "report.json"
    main(["import", "un-fatalities", str(find_real_fatalities_file()), "--report", str(report)])
    written = json.loads(report.read_text(encoding="utf-8"))
    # The first use loaded the same file, shipped as default data: importing it again changes nothing.
    assert written["ok"] and written["rows_unchanged"] == 4423 and written["problems"] == []
    assert (written["rows_added"], written["rows_changed"], written["rows_removed"]) == (0, 0, 0)
    assert Fatality.objects.count() == 4423


def test_the_command_exits_with_status_2_and_reports_the_bad_row(tmp_path, capsys, monkeypatch):
    from missionfacts.cli import main

    # The command speaks the locale's language: English here, headings of the report included.
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")

    report = tmp_path / "report.csv"
    path = fatalities_file(tmp_path, GOOD_ROW, GOOD_ROW.replace("00001", "00002").replace(",SEN,", ",XXX,"))
    with pytest.raises(SystemExit) as exit_status:
        main(["import", "un-fatalities", str(path), "--report", str(report)])
    assert exit_status.value.code == 2
    lines = list(csv.reader(report.read_text(encoding="utf-8").splitlines()))
    assert lines[0] == ["file", "row", "column", "value", "reason"]
    assert lines[1][:4] == ["DPPADPOSS-FATALITIES.csv", "3", "isocode3", "XXX"]
    assert "nothing was written" in capsys.readouterr().err
    # Only the shipped file, loaded on first use, is there.
    assert not Fatality.objects.filter(casualty_id__startswith="MINUSMA-2014-02-0000").exists()
    assert Fatality.objects.count() == 4423
