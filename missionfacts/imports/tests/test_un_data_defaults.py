"""The UN's data as default data: the fatalities file loaded on first use, its date recorded, and the UN's
entities that are not peacekeeping operations kept apart from the operations."""

from datetime import date

import pytest
from django.utils import translation

from missionfacts.casualties.models import Fatality
from missionfacts.imports.models import ImportBatch
from missionfacts.imports.reference import (
    SHIPPED_FATALITIES,
    ensure_database,
    load_reference_data,
    load_shipped_fatalities,
)
from missionfacts.imports.tests.helpers import DATA
from missionfacts.imports.un_contributions import import_un_contributions
from missionfacts.imports.un_fatalities import SOURCE as FATALITIES_SOURCE
from missionfacts.imports.un_fatalities import import_un_fatalities
from missionfacts.missions.models import Mission
from missionfacts.testing import a_source

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The notes are read in English, whatever language an earlier test in this worker left active."""
    with translation.override("en"):
        yield

HEADER = ("id,incident_date,casualty_id,mission_acronym,type_of_casualty,gender,casualty_nationality,"
          "casualty_personnel_type,type_of_incident,m49_code,isocode3,last_update\n")


def a_row(casualty_id: str, mission: str = "MINUSMA", last_update: str = "2025-04-04") -> str:
    return (f"1,2014-02-08,{casualty_id},{mission},Fatality,M,Senegal,Military,Malicious Act,686.0,SEN,"
            f"{last_update}\n")


def fatalities_file(tmp_path, *rows: str):
    path = tmp_path / "DPPADPOSS-FATALITIES.csv"
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return path


# First use --------------------------------------------------------------------------------------------------


def test_the_first_use_loads_the_shipped_fatalities_after_the_catalogue_and_says_of_when():
    lines = []
    ensure_database(announce=lines.append)
    assert Fatality.objects.count() == 4423
    assert lines[-1] == "Loaded the UN's fatalities data as of 4 April 2025 (4,423 records)."
    batch = ImportBatch.objects.get(kind="un-fatalities")
    assert (batch.data_as_of, batch.covers_from, batch.covers_to) == (date(2025, 4, 4), None, date(2025, 4, 4))
    # The operations' losses attach to the catalogue's missions, not to provisional copies of them.
    assert Mission.objects.get(acronym="UNEF").fatalities.count() > 100
    assert not Mission.objects.filter(kind=Mission.Kind.PEACEKEEPING, is_provisional=True).exists()


def test_a_database_without_the_uns_fatalities_gets_them_on_start_and_only_once():
    load_reference_data()
    ensure_database()
    assert Fatality.objects.count() == 4423
    lines = []
    ensure_database(announce=lines.append)
    assert ImportBatch.objects.filter(kind="un-fatalities").count() == 1
    assert not any("fatalities" in line for line in lines)


def test_a_database_with_its_own_import_of_the_uns_fatalities_keeps_it(tmp_path):
    load_reference_data()
    import_un_fatalities(fatalities_file(tmp_path, a_row("MINUSMA-2014-02-00001")))
    ensure_database()
    assert list(Fatality.objects.values_list("casualty_id", flat=True)) == ["MINUSMA-2014-02-00001"]


def test_the_uns_newer_file_replaces_the_shipped_records_instead_of_adding_to_them(tmp_path):
    load_reference_data()
    load_shipped_fatalities()
    newer = SHIPPED_FATALITIES.read_text(encoding="utf-8").replace("2025-04-04", "2025-06-30")
    lines = newer.splitlines(keepends=True)
    path = tmp_path / "DPPADPOSS-FATALITIES.csv"
    path.write_text("".join(lines[:-10]) + a_row("MINUSMA-2025-06-09999", last_update="2025-06-30"),
                    encoding="utf-8")
    result = import_un_fatalities(path)
    assert result.ok, result.problems[:3]
    assert (result.rows_added, result.rows_removed) == (1, 10)
    assert Fatality.objects.count() == 4423 - 10 + 1
    assert ImportBatch.objects.get(pk=result.batch_id).data_as_of == date(2025, 6, 30)


# The date of the UN's data --------------------------------------------------------------------------------


def test_the_fatalities_import_records_the_files_latest_last_update_as_the_date_of_its_data(tmp_path):
    result = import_un_fatalities(fatalities_file(
        tmp_path, a_row("MINUSMA-2014-02-00001", last_update="2025-04-03"), a_row("MINUSMA-2014-02-00002")))
    batch = ImportBatch.objects.get(pk=result.batch_id)
    assert (batch.data_as_of, batch.covers_from, batch.covers_to) == (date(2025, 4, 4), None, date(2025, 4, 4))


def test_an_unreadable_last_update_is_a_problem_naming_row_column_and_value(tmp_path):
    result = import_un_fatalities(fatalities_file(
        tmp_path, a_row("MINUSMA-2014-02-00001"), a_row("MINUSMA-2014-02-00002", last_update="soon")))
    assert [(problem.row, problem.column, problem.value) for problem in result.problems] == [
        (3, "last_update", "soon")]
    assert not Fatality.objects.exists() and not ImportBatch.objects.exists()


def test_a_later_version_with_the_same_records_is_recorded_for_its_later_date(tmp_path):
    import_un_fatalities(fatalities_file(tmp_path, a_row("MINUSMA-2014-02-00001")))
    result = import_un_fatalities(fatalities_file(tmp_path, a_row("MINUSMA-2014-02-00001", last_update="2025-06-30")))
    assert result.ok and not result.changed_anything and result.batch_id
    assert ImportBatch.objects.get(pk=result.batch_id).data_as_of == date(2025, 6, 30)
    again = import_un_fatalities(fatalities_file(tmp_path, a_row("MINUSMA-2014-02-00001", last_update="2025-06-30")))
    assert again.batch_id is None and ImportBatch.objects.count() == 2


def test_the_contributions_import_records_the_latest_reporting_date_as_the_date_of_its_data():
    # The dataset has no last_update: its month-ends run to 31 December 2020 in this file.
    result = import_un_contributions(DATA / "contributions.csv")
    assert result.ok, result.problems[:3]
    batch = ImportBatch.objects.get(pk=result.batch_id)
    assert (batch.data_as_of, batch.covers_from, batch.covers_to) == (date(2020, 12, 31), None, date(2020, 12, 31))


# Kinds ------------------------------------------------------------------------------------------------------


def test_an_entity_of_the_uns_data_that_is_no_operation_is_created_apart_and_keeps_its_fatalities(tmp_path):
    result = import_un_fatalities(fatalities_file(
        tmp_path, a_row("UNAMA-2014-02-00001", mission="UNAMA"), a_row("MINUSMA-2014-02-00001")))
    unama, minusma = Mission.objects.get(acronym="UNAMA"), Mission.objects.get(acronym="MINUSMA")
    assert (unama.kind, unama.is_provisional) == (Mission.Kind.OTHER, True)
    assert (minusma.kind, minusma.is_provisional) == (Mission.Kind.PEACEKEEPING, True)
    assert unama.fatalities.count() == 1
    assert any("1 UN entity that is not a peacekeeping operation" in note and "UNAMA" in note for note in result.notes)


def test_an_older_databases_entities_of_the_uns_data_are_set_apart_on_start():
    load_reference_data()
    un_data = FATALITIES_SOURCE.get_or_create()
    unama = Mission.objects.create(acronym="UNAMA", is_provisional=True, source=un_data)
    hand_made = Mission.objects.create(acronym="MINUNEW", is_provisional=True, source=a_source("by-hand"))
    lines = []
    ensure_database(announce=lines.append)
    unama.refresh_from_db()
    hand_made.refresh_from_db()
    assert unama.kind == Mission.Kind.OTHER and unama.is_provisional
    assert hand_made.kind == Mission.Kind.PEACEKEEPING
    assert any("UNAMA" in line and "not peacekeeping operations" in line for line in lines)


def test_the_uns_mission_dataset_makes_operations_of_its_rows_except_those_that_are_none():
    from missionfacts.imports.un_missions import import_un_missions
    from missionfacts.opendata.tests.replay import RESPONSES

    result = import_un_missions(RESPONSES / "DPPADPOSS-PKO.csv")
    assert result.ok, result.problems[:3]
    kinds = dict(Mission.objects.values_list("acronym", "kind"))
    assert kinds["UNMISS"] == kinds["UNEF"] == Mission.Kind.PEACEKEEPING
    assert kinds["UNSMA"] == kinds["UNOHCI"] == kinds["MICAH"] == Mission.Kind.OTHER
