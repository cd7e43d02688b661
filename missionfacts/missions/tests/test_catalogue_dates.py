"""The catalogue's dates at their precision: months stay months, days come from the UN's pages, and a database
an earlier catalogue filled with days is corrected unless someone set its dates since."""

import csv
from datetime import date

import pytest

from missionfacts.imports.reference import ensure_database
from missionfacts.missions.catalogue import CATALOGUE_FILE, COLUMNS, load_catalogue
from missionfacts.missions.models import DatePrecision, Mission

pytestmark = pytest.mark.django_db

MONTH, DAY = DatePrecision.MONTH, DatePrecision.DAY


def life(acronym: str) -> tuple:
    mission = Mission.objects.get(acronym=acronym)
    return mission.started_on, mission.started_on_precision, mission.ended_on, mission.ended_on_precision


def earlier_catalogue(tmp_path) -> object:
    """The catalogue as missionfacts shipped it before precisions: every date a day, months as their first day."""
    with CATALOGUE_FILE.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    earlier = {"UNEF": ("1956-11-01", "1979-07-01"), "UNMIL": ("2003-09-01", "2018-03-01"),
               "UNTAG": ("1989-04-01", "1990-03-31")}
    for row in rows:
        if row["acronym"] in earlier:
            row["started_on"], row["ended_on"] = earlier[row["acronym"]]
    path = tmp_path / "operations.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_a_month_of_the_data_hub_stays_a_month_its_first_day_for_a_start_and_its_last_for_an_end():
    load_catalogue()
    assert life("UNEF") == (date(1956, 11, 1), MONTH, date(1979, 7, 31), MONTH)
    assert life("UNTAG") == (date(1989, 4, 1), MONTH, date(1990, 3, 31), MONTH)


def test_a_day_the_data_hub_gives_stays_a_day():
    load_catalogue()
    assert life("UNTSO")[:2] == (date(1948, 5, 29), DAY)
    assert life("MINUSMA")[2:] == (date(2023, 12, 31), DAY)


def test_dates_corrected_from_the_uns_pages_are_days_each_with_the_pages_it_comes_from():
    load_catalogue()
    assert life("UNMIL") == (date(2003, 9, 19), DAY, date(2018, 3, 30), DAY)
    # The Data Hub's "2017-05" for UNOCI's end was wrong by a month: the UN closed it on 30 June 2017.
    assert life("UNOCI")[2:] == (date(2017, 6, 30), DAY)
    with CATALOGUE_FILE.open(encoding="utf-8", newline="") as stream:
        corrected = [row for row in csv.DictReader(stream) if row["dates_source"]]
    assert len(corrected) >= 17
    for row in corrected:
        assert all(address.startswith("https://") for address in row["dates_source"].split()), row
        assert len(row["started_on"]) == 10 or len(row["ended_on"]) == 10, row


def test_a_bad_month_is_named_by_file_row_and_field(tmp_path):
    with CATALOGUE_FILE.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    rows[2].update(ended_on="1979-13", dates_source="peacekeeping.un.org")
    path = tmp_path / "operations.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    result = load_catalogue(path)
    assert [(problem.row, problem.column, problem.value) for problem in result.problems] == [
        (4, "ended_on", "1979-13"), (4, "dates_source", "peacekeeping.un.org")]
    assert "YYYY-MM-DD, YYYY-MM or YYYY" in result.problems[0].reason
    assert Mission.objects.count() == 0


class TestADatabaseAnEarlierCatalogueFilled:
    @pytest.fixture(autouse=True)
    def earlier(self, tmp_path):
        assert load_catalogue(earlier_catalogue(tmp_path)).ok
        assert life("UNEF") == (date(1956, 11, 1), DAY, date(1979, 7, 1), DAY)

    def test_gets_the_catalogues_dates_with_their_precision_on_next_start(self):
        announced = []
        ensure_database(announced.append)
        assert life("UNEF") == (date(1956, 11, 1), MONTH, date(1979, 7, 31), MONTH)
        assert life("UNMIL") == (date(2003, 9, 19), DAY, date(2018, 3, 30), DAY)
        assert any(line.startswith("Dates corrected") and "UNEF" in line for line in announced), announced

    def test_keeps_dates_an_editor_set_after_the_catalogue(self):
        unef = Mission.objects.get(acronym="UNEF")
        unef.ended_on = date(1979, 7, 24)
        unef.save()
        assert load_catalogue().ok
        assert life("UNEF")[2:] == (date(1979, 7, 24), DAY)
        assert life("UNMIL")[0] == date(2003, 9, 19)

    def test_keeps_dates_another_source_set(self):
        from missionfacts.testing import a_source

        Mission.objects.filter(acronym="UNEF").update(source=a_source("unef-page"))
        load_catalogue()
        assert life("UNEF")[2:] == (date(1979, 7, 1), DAY)

    def test_is_corrected_once(self):
        assert load_catalogue().rows_changed > 0
        second = load_catalogue()
        assert not second.changed_anything
