"""`missionfacts missions`, as a user types it, and the names an unknown acronym is answered with."""

import csv
import io
from datetime import date

import pytest
from django.utils import translation

from missionfacts.commands import UsageError, closest_acronyms, find_mission
from missionfacts.factsheets.tests.test_factsheet_command import run
from missionfacts.imports.reference import load_reference_data, load_shipped_fatalities
from missionfacts.missions.catalogue import CATALOGUE_FILE
from missionfacts.missions.models import Mission
from missionfacts.personnel.models import Strength
from missionfacts.testing import a_source


@pytest.fixture(autouse=True)
def english_in_a_pipe(monkeypatch):
    """The commands' English, written to a pipe with no COLUMNS: the table's whole, unwrapped layout."""
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
    monkeypatch.delenv("COLUMNS", raising=False)


@pytest.fixture
def reference_data(db):
    # As on a user's first start: the catalogue, the reference files, and the UN's fatalities file shipped.
    load_reference_data()
    load_shipped_fatalities()


def line_of(out: str, acronym: str) -> str:
    [line] = [line for line in out.splitlines() if line.split("  ")[0].strip() == acronym]
    return line


@pytest.mark.usefixtures("reference_data")
class TestMissionsCommand:
    def test_it_lists_every_operation_with_its_name_and_dates(self, capsys):
        status, out, err = run(["missions"], capsys)
        assert status == 0, err
        unmiss = line_of(out, "UNMISS")
        assert "United Nations Mission in the Republic of South Sudan" in unmiss
        assert "9 July 2011" in unmiss
        minusma = line_of(out, "MINUSMA")
        assert "1 July 2013" in minusma and "31 December 2023" in minusma
        assert "1 resolution" in minusma and "sites" in minusma
        # The fact sheet's totals as published (no per-country strength); the UN's records of its dead.
        assert "stated strength 2020" in minusma and " fatalities" in minusma
        assert "no data" in line_of(out, "UNEF I")
        count = Mission.objects.exclude(kind=Mission.Kind.OTHER).count()
        assert out.rstrip().endswith(f"{count} operations.")
        assert count > 70

    def test_names_and_dates_follow_the_language(self, capsys):
        status, out, _ = run(["missions", "--lang", "fr"], capsys)
        assert status == 0
        unmiss = line_of(out, "UNMISS")
        assert "Mission des Nations Unies au Soudan du Sud" in unmiss
        assert "9 juillet 2011" in unmiss
        # No French name is known for UNEF I: the English one stands in for it.
        assert "United Nations Emergency Force I" in line_of(out, "UNEF I")

    def test_active_on_keeps_the_operations_under_way_that_day(self, capsys):
        status, out, _ = run(["missions", "--active-on", "2015-06-30", "--format", "csv"], capsys)
        assert status == 0
        acronyms = {row["acronym"] for row in csv.DictReader(io.StringIO(out))}
        assert {"UNMISS", "MINUSMA", "UNTSO", "UNOCI", "MINUSTAH"} <= acronyms
        assert not acronyms & {"UNMIS", "UNEF I", "MINUJUSTH", "UNAMSIL"}

    def test_the_csv_counts_what_each_mission_holds(self, capsys):
        unmiss = Mission.objects.get(acronym="UNMISS")
        for day in (date(2012, 1, 31), date(2020, 6, 30)):
            Strength.objects.create(mission=unmiss, reported_on=day, country="IND", personnel_type="troops",
                                    men=100, women=5, source=a_source())
        status, out, _ = run(["missions", "--format", "csv"], capsys)
        assert status == 0
        rows = {row["acronym"]: row for row in csv.DictReader(io.StringIO(out))}
        assert (rows["UNMISS"]["started_on"], rows["UNMISS"]["ended_on"]) == ("2011-07-09", "")
        assert (rows["UNMISS"]["strength_first"], rows["UNMISS"]["strength_last"]) == ("2012-01-31", "2020-06-30")
        assert rows["MINUSMA"]["resolutions"] == "1" and int(rows["MINUSMA"]["sites"]) > 0
        assert rows["UNEF I"]["resolutions"] == "0"
        assert rows["MINUSMA"]["stated_strength_last"].startswith("2020-") and rows["MINUSMA"]["fatality_counts"] != "0"
        with CATALOGUE_FILE.open(encoding="utf-8") as stream:
            assert set(rows) >= {row["acronym"] for row in csv.DictReader(stream)}
        status, out, _ = run(["missions"], capsys)
        assert "strength 2012–2020" in line_of(out, "UNMISS")

    def test_the_csv_writes_each_date_at_its_known_precision(self, capsys):
        Mission.objects.filter(acronym="UNEF").update(ended_on=date(1979, 12, 31), ended_on_precision="year")
        status, out, _ = run(["missions", "--format", "csv"], capsys)
        assert status == 0
        rows = {row["acronym"]: row for row in csv.DictReader(io.StringIO(out))}
        # UNMIL's days come from the UN's page, UNEF I's months from the Data Hub.
        assert (rows["UNMIL"]["started_on"], rows["UNMIL"]["ended_on"]) == ("2003-09-19", "2018-03-30")
        assert (rows["UNEF I"]["started_on"], rows["UNEF I"]["ended_on"]) == ("1956-11", "1967-06")
        assert rows["UNEF"]["ended_on"] == "1979"

    def test_the_table_shows_each_date_at_its_known_precision(self, capsys):
        status, out, _ = run(["missions"], capsys)
        assert status == 0
        unef = line_of(out, "UNEF I")
        assert "November 1956" in unef and "June 1967" in unef and "1 November" not in unef
        assert "19 September 2003" in line_of(out, "UNMIL")

    def test_other_un_entities_are_left_out_unless_all_is_asked_for_and_then_named_by_kind(self, capsys):
        other = Mission.objects.get(acronym="UNAMA")
        assert other.kind == Mission.Kind.OTHER
        status, out, _ = run(["missions", "--format", "csv"], capsys)
        assert status == 0
        assert "UNAMA" not in {row["acronym"] for row in csv.DictReader(io.StringIO(out))}
        status, out, _ = run(["missions", "--all", "--format", "csv"], capsys)
        rows = {row["acronym"]: row for row in csv.DictReader(io.StringIO(out))}
        assert (rows["UNAMA"]["kind"], rows["UNMIL"]["kind"]) == ("other", "peacekeeping")
        status, out, _ = run(["missions", "--all"], capsys)
        assert "other UN entity" in line_of(out, "UNAMA")
        others = Mission.objects.filter(kind=Mission.Kind.OTHER).count()
        assert out.rstrip().endswith(f"{others} other UN entities.")

    def test_the_table_fits_the_width_columns_gives(self, capsys, monkeypatch):
        for columns in ("80", "120"):
            monkeypatch.setenv("COLUMNS", columns)
            status, out, err = run(["missions", "--all"], capsys)
            assert status == 0, err
            lines = out.splitlines()
            assert max(len(line) for line in lines) <= int(columns)
            # Every operation is still there, and its name, wrapped within its column, whole.
            assert lines[-2].endswith("operations.") and lines[-1].endswith("other UN entities.")
            assert sum(1 for line in lines if line.startswith("UNMISS ")) == 1
            name_column = lines[0].index("name")
            unmiss = lines.index(next(line for line in lines if line.startswith("UNMISS ")))
            name = " ".join(line[name_column:].split("  ")[0].strip() for line in lines[unmiss:unmiss + 8]
                            if line[:name_column].strip() in ("", "UNMISS"))
            assert name.startswith("United Nations Mission in the Republic of South Sudan"), name
        # In a pipe without COLUMNS, one line a row, as wide as the table needs.
        monkeypatch.delenv("COLUMNS")
        status, out, _ = run(["missions"], capsys)
        assert "United Nations Mission in the Republic of South Sudan" in line_of(out, "UNMISS")
        assert max(len(line) for line in out.splitlines()) > 120

    def test_a_bad_date_or_format_gets_one_line_and_exit_2(self, capsys):
        status, out, err = run(["missions", "--active-on", "2015-02-30"], capsys)
        assert (status, out) == (2, "")
        assert err.strip() == "missionfacts missions: error: --active-on '2015-02-30' is not a date of the form " \
                              "YYYY-MM-DD."
        status, _, err = run(["missions", "--format", "xlsx"], capsys)
        assert status == 2 and "unknown format 'xlsx'" in err

    def test_a_mistyped_acronym_is_answered_with_the_closest_known_ones(self, capsys):
        status, _, err = run(["factsheet", "UNMISX", "--as-of", "2015-06-30", "--lang", "en"], capsys)
        assert status == 2
        [line] = err.strip().splitlines()
        assert "unknown mission 'UNMISX'. Did you mean: " in line
        assert "UNMISS" in line.split("Did you mean: ")[1] and line.count(",") < 5

    def test_a_known_acronym_is_found_whatever_its_case(self):
        assert find_mission("unmiss").acronym == "UNMISS"
        assert find_mission("unef i").acronym == "UNEF I"
        # The acronyms it begins come first, shortest first.
        # UNMIN, a political mission of the UN's fatalities data, has a sheet too: it is named among them.
        with translation.override("en"), pytest.raises(
                UsageError, match=r"Did you mean: UNMIH, UNMIK, UNMIL, UNMIN, UNMIS\?$"):
            find_mission("unmi")


def test_closest_acronyms_puts_the_ones_it_begins_first_then_the_most_alike():
    known = ["UNMIS", "UNMISS", "UNMISET", "UNSMIS", "MINUSMA", "UNTSO"]
    assert closest_acronyms("UNMI", known)[:3] == ["UNMIS", "UNMISS", "UNMISET"]
    assert closest_acronyms("unmiss", ["UNMISS"]) == []
    assert closest_acronyms("MINUSAM", known)[0] == "MINUSMA"
    assert closest_acronyms("XYZ", known) == []
    assert len(closest_acronyms("UN", [f"UN{n}" for n in range(70)])) == 5


@pytest.mark.django_db
def test_an_empty_database_says_so_instead_of_listing_nothing():
    with translation.override("en"), pytest.raises(UsageError, match="no mission yet"):
        find_mission("UNMISS")
