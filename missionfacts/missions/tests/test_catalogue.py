"""The shipped catalogue of peacekeeping operations: valid, loaded on first use, idempotent, never overwriting."""

import csv
from datetime import date

import pytest
from django.utils import translation

from missionfacts.countries import is_country_code
from missionfacts.imports.mission_file.reader import parse_day_or_month
from missionfacts.imports.models import ImportBatch, Source
from missionfacts.imports.reference import ensure_database, load_reference_data
from missionfacts.imports.tests.helpers import find_real_fatalities_file
from missionfacts.imports.un_fatalities import import_un_fatalities
from missionfacts.missions.catalogue import CATALOGUE_FILE, COLUMNS, SOURCES, load_catalogue, read_catalogue
from missionfacts.missions.models import Mission
from missionfacts.testing import a_mission, a_source

pytestmark = pytest.mark.django_db

# Acronyms of the UN's fatalities data that are special political missions, offices or other bodies, not
# peacekeeping operations (OPERATIONS-SOURCES.md says why each is left out).
NOT_PEACEKEEPING = {
    "BINUH", "BONUCA", "MICAH", "OSESGY", "OSESyria", "UNAMA", "UNAMET", "UNAMI", "UNGCI", "UNIOSIL", "UNIPSIL",
    "UNITAMS", "UNMA", "UNMAO", "UNMIN", "UNOAU", "UNOHCI", "UNOWA", "UNOWAS", "UNPOS", "UNSCOB", "UNSMA",
    "UNSMIL", "UNSOM", "UNSOS", "UNSecretariat", "UNVMC",
}


def catalogue_rows() -> dict[str, dict]:
    with CATALOGUE_FILE.open(encoding="utf-8", newline="") as stream:
        return {row["acronym"]: row for row in csv.DictReader(stream)}


def bad_catalogue(tmp_path, change) -> object:
    """A copy of the shipped catalogue with one row changed by `change(rows)`."""
    with CATALOGUE_FILE.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    change(rows)
    path = tmp_path / "operations.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


# The file ---------------------------------------------------------------------------------------------------


def test_every_row_of_the_shipped_catalogue_is_valid():
    operations, problems = read_catalogue()
    assert problems == []
    assert len(operations) == len(catalogue_rows()) >= 70


def test_every_row_has_unique_acronym_iso_hosts_ordered_dates_and_a_known_source():
    rows = catalogue_rows().values()
    acronyms = [row["acronym"] for row in rows]
    assert len({acronym.upper() for acronym in acronyms}) == len(acronyms)
    for row in rows:
        assert all(is_country_code(code) and code == code.upper() for code in row["host_countries"].split()), row
        started_on, _precision = parse_day_or_month(row["started_on"], ends=False)
        if row["ended_on"]:
            assert parse_day_or_month(row["ended_on"], ends=True)[0] >= started_on, row
        assert row["source"] in SOURCES, row
        assert bool(row["headquarters_latitude"]) == bool(row["headquarters_longitude"]), row


def test_well_known_facts_are_in_the_catalogue():
    rows = catalogue_rows()
    assert rows["UNMISS"]["started_on"] == "2011-07-09"
    assert rows["UNMISS"]["host_countries"] == "SSD"
    assert rows["UNMISS"]["ended_on"] == ""
    assert rows["UNEF I"]["started_on"].startswith("1956-")
    assert rows["UNEF I"]["ended_on"].startswith("1967-")
    assert rows["MINUSMA"]["ended_on"] == "2023-12-31"
    assert rows["UNTSO"]["started_on"] == "1948-05-29"
    assert rows["UNTSO"]["location_en"] == "Middle East"
    assert rows["UNPROFOR"]["host_countries"].split()[0] == "HRV"
    assert rows["UNIFIL"]["headquarters"] == "Naqoura"
    assert abs(float(rows["UNIFIL"]["headquarters_latitude"]) - 33.1) < 0.1
    # Kosovo has no ISO 3166-1 code: the catalogue names no country rather than choose one.
    assert rows["UNMIK"]["host_countries"] == "XKX"
    assert rows["UNMIK"]["location_en"] == "Kosovo"


def fatalities_acronyms() -> set[str]:
    with find_real_fatalities_file().open(encoding="utf-8", newline="") as stream:
        return {row["mission_acronym"] for row in csv.DictReader(stream)}


def test_every_peacekeeping_acronym_of_the_un_fatalities_data_is_spelled_as_the_un_spells_it():
    acronyms = fatalities_acronyms()
    assert acronyms - set(catalogue_rows()) - NOT_PEACEKEEPING == set()
    assert {"UNEF", "UNAVEM", "UNOSOM"} <= acronyms
    # Every acronym left out is really in the file: the list says why each one is missing, not what might be.
    assert NOT_PEACEKEEPING <= acronyms


def test_the_un_fatalities_import_attaches_to_catalogue_missions_instead_of_provisional_ones():
    load_catalogue()
    result = import_un_fatalities(find_real_fatalities_file())
    assert result.ok, result.problems[:3]
    provisional = set(Mission.objects.filter(is_provisional=True).values_list("acronym", flat=True))
    assert provisional == NOT_PEACEKEEPING
    assert Mission.objects.get(acronym="UNEF").fatalities.count() > 100


# Loading ----------------------------------------------------------------------------------------------------


def test_the_catalogue_loads_into_a_fresh_database_as_published_missions():
    result = load_catalogue()
    assert result.ok, result.problems
    assert Mission.objects.count() == result.rows_added == len(catalogue_rows())
    assert not Mission.objects.filter(is_provisional=True).exists()
    unmiss = Mission.objects.get(acronym="UNMISS")
    assert (unmiss.host_country, unmiss.started_on, unmiss.ended_on) == ("SSD", date(2011, 7, 9), None)
    assert unmiss.name("en") == "United Nations Mission in the Republic of South Sudan"
    assert unmiss.source.key == "un-psdata-pko-and-unmis-page"
    assert unmiss.history.count() == 1
    untso = Mission.objects.get(acronym="UNTSO")
    assert untso.host_countries == ["EGY", "ISR", "JOR", "LBN", "SYR"]
    assert set(Source.objects.values_list("key", flat=True)) == {row["source"] for row in catalogue_rows().values()}


def test_loading_twice_changes_nothing():
    load_catalogue()
    batches, stamp = ImportBatch.objects.count(), list(Mission.objects.values_list("acronym", "name_en", "source"))
    result = load_catalogue()
    assert result.ok and not result.changed_anything
    assert result.rows_unchanged == len(catalogue_rows())
    assert ImportBatch.objects.count() == batches
    assert list(Mission.objects.values_list("acronym", "name_en", "source")) == stamp


def test_a_provisional_mission_an_import_made_gets_its_identity_and_stops_being_provisional():
    provisional = Mission.objects.create(acronym="UNMISS", is_provisional=True, source=a_source("un-contributions"))
    result = load_catalogue()
    assert result.rows_changed == 1
    assert any("UNMISS" in note for note in result.notes)
    provisional.refresh_from_db()
    assert not provisional.is_provisional
    assert (provisional.host_country, provisional.started_on, provisional.headquarters) == (
        "SSD", date(2011, 7, 9), "Juba")
    assert provisional.source.key == "un-psdata-pko-and-unmis-page"
    assert Mission.objects.filter(acronym__iexact="UNMISS").count() == 1


def test_a_published_mission_is_never_overwritten():
    mine = a_mission("UNMISS", started_on=date(2011, 7, 8), name_en="Entered by hand", host_country="SSD")
    load_catalogue()
    mine.refresh_from_db()
    assert (mine.name_en, mine.started_on, mine.source.key) == ("Entered by hand", date(2011, 7, 8), "test-source")
    assert Mission.objects.count() == len(catalogue_rows())


def test_a_database_made_before_the_catalogue_gets_the_missing_operations_on_first_use():
    load_reference_data()
    Mission.objects.exclude(acronym="MINUSMA").delete()
    minusma_before = Mission.objects.values().get(acronym="MINUSMA")
    ensure_database()
    # The UN's fatalities, loaded on first use too, add the UN's other entities, kept apart.
    assert Mission.objects.filter(kind=Mission.Kind.PEACEKEEPING).count() == len(catalogue_rows())
    assert set(Mission.objects.filter(kind=Mission.Kind.OTHER).values_list("acronym", flat=True)) == NOT_PEACEKEEPING
    assert Mission.objects.values().get(acronym="MINUSMA") == minusma_before


def test_minusma_s_reference_file_completes_the_catalogue_row_without_erasing_its_end():
    load_reference_data()
    minusma = Mission.objects.get(acronym="MINUSMA")
    # From the fact sheet of 2020: the day authority passed to MINUSMA, and the sheet's source.
    assert minusma.started_on == date(2013, 7, 1)
    assert minusma.source.key == "minusma-fiche-2020"
    # From the catalogue: what the sheet of 2020 could not know.
    assert minusma.ended_on == date(2023, 12, 31)
    assert minusma.headquarters_latitude is not None
    assert Mission.objects.filter(acronym="MINUSMA").count() == 1


# Bad rows ---------------------------------------------------------------------------------------------------


def test_a_bad_date_is_named_by_file_row_and_field_and_nothing_is_loaded(tmp_path):
    path = bad_catalogue(tmp_path, lambda rows: rows[4].update(started_on="1963-13-01"))
    result = load_catalogue(path)
    assert not result.ok
    with translation.override("en"):
        problems = [str(problem) for problem in result.problems]
    assert problems == [
        "operations.csv, row 6, started_on ('1963-13-01'): not a date of the form YYYY-MM-DD, YYYY-MM or YYYY"]
    assert Mission.objects.count() == 0


def test_an_end_before_the_start_an_unknown_country_and_a_repeated_acronym_are_each_named(tmp_path):
    def change(rows):
        rows[1].update(ended_on="1900-01-01")
        rows[2].update(host_countries="EGY XYZ")
        rows[3].update(acronym=rows[0]["acronym"])

    problems = load_catalogue(bad_catalogue(tmp_path, change)).problems
    assert [(problem.row, problem.column) for problem in problems] == [
        (3, "ended_on"), (4, "host_countries"), (5, "acronym")]
    assert "XYZ" in problems[1].reason and "ISO 3166-1 alpha-3" in problems[1].reason
    assert "already in row 2" in problems[2].reason


def test_half_a_coordinate_and_an_unknown_source_are_refused(tmp_path):
    def change(rows):
        rows[0].update(headquarters_longitude="")
        rows[2].update(source="somewhere", headquarters_latitude="")

    problems = load_catalogue(bad_catalogue(tmp_path, change)).problems
    assert [(problem.row, problem.column) for problem in problems] == [
        (2, "headquarters_longitude"), (4, "source"), (4, "headquarters_latitude")]


def test_rows_are_numbered_as_a_spreadsheet_shows_them_blank_lines_included(tmp_path):
    path = bad_catalogue(tmp_path, lambda rows: rows[2].update(ended_on="soon"))
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join([*lines[:2], "\n", *lines[2:]]), encoding="utf-8")
    [problem] = read_catalogue(path)[1]
    assert (problem.row, problem.column, problem.value) == (5, "ended_on", "soon")


def test_a_missing_column_is_named(tmp_path):
    path = tmp_path / "operations.csv"
    path.write_text("acronym,name_en\nUNTSO,United Nations Truce Supervision Organization\n", encoding="utf-8")
    problems = read_catalogue(path)[1]
    assert "started_on" in {problem.column for problem in problems}
    assert all(problem.row == 1 for problem in problems)
