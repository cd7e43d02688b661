"""The `un-contributions` import: the UN Data Hub's uniformed contributions, whole or not at all."""

import shutil
from datetime import date, timedelta
from unittest import mock

import pytest
from django.conf import settings

from missionfacts.imports.models import ImportBatch
from missionfacts.imports.staging import StagingTable
from missionfacts.imports.tests.helpers import (  # noqa: F401 (in_english is a fixture)
    DATA,
    UN_HEADER,
    contributions_file,
    database_content,
    in_english,
)
from missionfacts.imports.un_contributions import import_un_contributions
from missionfacts.missions.models import Mission
from missionfacts.personnel.models import Strength
from missionfacts.testing import a_mission

pytestmark = pytest.mark.django_db

UN_HEADER_WITH_TOTAL = [*UN_HEADER, "total_personnel"]


@pytest.fixture
def minusma():
    return a_mission("MINUSMA")


def strength_rows() -> set:
    return set(Strength.objects.values_list("mission__acronym", "reported_on", "country", "personnel_type", "men",
                                            "women"))


EXPECTED = {
    ("MINUSMA", date(2020, 11, 30), "TCD", "troops", 1390, 12),
    ("MINUSMA", date(2020, 11, 30), "TCD", "staff_officer", 27, 0),
    ("UNMISS", date(2020, 11, 30), "KOR", "troops", 280, 0),
    ("MINUSMA", date(2020, 11, 30), "SEN", "formed_police_unit", 126, 14),
    ("MINUSMA", date(2020, 11, 30), "CIV", "individual_police", 9, 3),
    ("MINUSMA", date(2020, 11, 30), "GHA", "expert_on_mission", 4, 1),
    ("MINUSMA", date(2020, 12, 31), "TCD", "troops", 1402, 13),
}


def problems_of(result) -> list[tuple]:
    return [(problem.row, problem.column, problem.value, problem.reason) for problem in result.problems]


# Reading the file as published --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["contributions.csv", "odp_contributionsbygender.csv",
                                  "contributions-windows-1252.csv"])
def test_it_reads_both_header_styles_and_the_awkward_encodings(minusma, name):
    result = import_un_contributions(DATA / name)
    assert result.ok, result.problems
    assert strength_rows() == EXPECTED
    assert (result.rows_read, result.rows_added) == (7, 7)


def test_it_reads_an_empty_female_column_as_zero_and_says_so(minusma):
    result = import_un_contributions(DATA / "contributions.csv")
    assert Strength.objects.get(country="KOR").women == 0
    assert any("read as 0" in note and "no women" in note for note in result.notes)


def test_it_creates_a_mission_it_does_not_know_as_provisional_and_says_so(minusma):
    result = import_un_contributions(DATA / "contributions.csv")
    unmiss = Mission.objects.get(acronym="UNMISS")
    assert unmiss.is_provisional and not Mission.objects.get(acronym="MINUSMA").is_provisional
    assert any("provisional" in note and "UNMISS" in note for note in result.notes)


def test_a_mission_first_named_deep_in_a_big_file_is_created_after_rows_were_staged(minusma, tmp_path):
    months = [date(2001, 1, 31) + timedelta(days=31 * month) for month in range(200)]
    rows = [{"last_reporting_date": f"{day:%Y-%m}-28", "isocode3": code}
            for day in months for code in ("TCD", "SEN", "NER", "BFA", "TGO", "GIN", "CIV", "BEN", "EGY", "BGD",
                                           "CHN", "DEU")]
    rows.append({"mission_acronym": "UNMISS", "isocode3": "KOR"})
    result = import_un_contributions(contributions_file(tmp_path / "big.csv", rows))
    assert result.ok, result.problems
    assert result.rows_added == len(rows) == Strength.objects.count()
    assert Strength.objects.filter(mission__acronym="UNMISS", country="KOR").exists()


def test_it_records_where_every_row_came_from(minusma):
    result = import_un_contributions(DATA / "contributions.csv")
    batch = ImportBatch.objects.get()
    assert result.batch_id == batch.pk
    assert (batch.kind, batch.file_name, len(batch.checksum)) == ("un-contributions", "contributions.csv", 64)
    assert (batch.rows_read, batch.rows_added, batch.rows_changed, batch.rows_unchanged, batch.rows_removed) == \
        (7, 7, 0, 0, 0)
    assert set(Strength.objects.values_list("import_batch", flat=True)) == {batch.pk}
    assert batch.source.key == "un-dpo-uchistorical"
    assert (batch.source.kind, batch.source.licence) == ("dataset", "CC BY 3.0 IGO")
    assert "United Nations Peace and Security Data Hub" in batch.source.note


def test_it_reads_a_workbook(minusma, tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["mission_acronym", "isocode3", "personnel_type", "male_personnel", "female_personnel",
                  "last_reporting_date"])
    sheet.append(["MINUSMA", "TCD", "Troops", 1390, 12, date(2020, 11, 30)])
    sheet.append(["MINUSMA", "SEN", "Formed Police Units", 126.0, None, 44165])
    workbook.save(tmp_path / "contributions.xlsx")
    result = import_un_contributions(tmp_path / "contributions.xlsx")
    assert result.ok, result.problems
    assert strength_rows() == {("MINUSMA", date(2020, 11, 30), "TCD", "troops", 1390, 12),
                               ("MINUSMA", date(2020, 11, 30), "SEN", "formed_police_unit", 126, 0)}


# Bad input: every problem named by row, column and value -----------------------------------------------------


@pytest.mark.parametrize(("row", "column", "value", "reason"), [
    ({"isocode3": "XYZ"}, "isocode3", "XYZ", "is not an ISO 3166-1 alpha-3 country code"),
    ({"isocode3": ""}, "isocode3", "", "the country code is empty"),
    ({"personnel_type": "Civilian Police"}, "personnel_type", "Civilian Police", "unknown personnel type"),
    ({"last_reporting_date": "2020-13-01"}, "last_reporting_date", "2020-13-01", "no such day in the calendar"),
    ({"last_reporting_date": "2021-02-29"}, "last_reporting_date", "2021-02-29", "no such day in the calendar"),
    ({"last_reporting_date": "Nov 2020"}, "last_reporting_date", "Nov 2020", "not a date"),
    ({"last_reporting_date": "1900-01-31"}, "last_reporting_date", "1900-01-31", "United Nations was founded"),
    ({"male_personnel": "-5"}, "male_personnel", "-5", "cannot be negative"),
    ({"female_personnel": "twelve"}, "female_personnel", "twelve", "not a whole number"),
    ({"mission_acronym": ""}, "mission_acronym", "", "the mission acronym is empty"),
])
def test_it_names_the_row_column_and_value_of_each_bad_value(minusma, tmp_path, row, column, value, reason):
    path = contributions_file(tmp_path / "bad.csv", [{}, row])
    result = import_un_contributions(path)
    [problem] = result.problems
    assert (problem.file, problem.row, problem.column, problem.value) == ("bad.csv", 3, column, value)
    assert reason in problem.reason


def test_it_rejects_a_reporting_date_in_the_future(minusma, tmp_path):
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    result = import_un_contributions(contributions_file(tmp_path / "bad.csv", [{"last_reporting_date": tomorrow}]))
    assert problems_of(result) == [(2, "last_reporting_date", tomorrow, "A reporting date cannot be in the future.")]


def test_it_rejects_women_above_total(minusma, tmp_path):
    path = contributions_file(tmp_path / "bad.csv", [{"total_personnel": "1402"}, {"total_personnel": "10"}],
                              UN_HEADER_WITH_TOTAL)
    result = import_un_contributions(path)
    assert problems_of(result) == [(3, "female_personnel", "12", "Women cannot outnumber the total.")]


def test_it_rejects_men_and_women_that_do_not_make_the_total(minusma, tmp_path):
    path = contributions_file(tmp_path / "bad.csv", [{"total_personnel": "1400"}], UN_HEADER_WITH_TOTAL)
    result = import_un_contributions(path)
    assert problems_of(result) == [
        (2, "total_personnel", "1400", "Men and women add up to 1402, not to the total of 1400.")]


def test_it_rejects_a_row_whose_counts_are_both_empty(minusma, tmp_path):
    path = contributions_file(tmp_path / "bad.csv", [{"male_personnel": "", "female_personnel": ""}])
    result = import_un_contributions(path)
    assert problems_of(result) == [
        (2, "male_personnel, female_personnel", "", "both counts are empty: the row says nothing")]


def test_it_names_both_rows_of_a_duplicate_key(minusma, tmp_path):
    path = contributions_file(tmp_path / "bad.csv", [{}, {"isocode3": "SEN"}, {"male_personnel": "1"}, {}])
    result = import_un_contributions(path)
    duplicates = [(problem.row, problem.reason) for problem in result.problems]
    assert duplicates == [
        (4, "the same mission, reporting date, country and personnel type as row 2"),
        (5, "the same mission, reporting date, country and personnel type as row 2"),
    ]
    assert result.problems[0].value == f"{minusma.pk} / 2020-11-30 / TCD / troops"


def test_it_names_the_expected_headers_when_one_is_missing(minusma, tmp_path):
    header = [name for name in UN_HEADER if name != "isocode3"]
    result = import_un_contributions(contributions_file(tmp_path / "bad.csv", [{}], header))
    [problem] = result.problems
    assert problem.row == 1 and problem.column == "isocode3"
    assert "mission_acronym, last_reporting_date, isocode3, personnel_type, male_personnel, female_personnel" \
        in problem.reason


def test_it_rejects_an_empty_file(minusma, tmp_path):
    (tmp_path / "empty.csv").write_bytes(b"")
    assert problems_of(import_un_contributions(tmp_path / "empty.csv")) == [(None, "", "", "the file is empty")]


def test_it_rejects_a_truncated_last_line(minusma, tmp_path):
    path = contributions_file(tmp_path / "cut.csv", [{}, {"isocode3": "SEN"}])
    path.write_bytes(path.read_bytes()[:-20])
    result = import_un_contributions(path)
    [problem] = result.problems
    assert problem.row == 3 and "the file seems truncated" in problem.reason
    assert Strength.objects.count() == 0


def test_it_reports_every_problem_of_a_file_not_just_the_first(minusma, tmp_path):
    rows = [{"isocode3": "XXX", "contribution_id": str(number)} for number in range(1200)]
    rows += [{"personnel_type": "Sailors"}]
    result = import_un_contributions(contributions_file(tmp_path / "bad.csv", rows))
    assert len(result.problems) == 1001
    assert result.problems[-1].reason.startswith("… and 201 more problems")


# Whole or nothing, and the same file twice ----------------------------------------------------------------------


def test_a_file_with_one_bad_row_writes_nothing(minusma, tmp_path):
    import_un_contributions(DATA / "contributions.csv")
    before = database_content()
    rows = [{"male_personnel": str(number), "isocode3": code} for number, code in enumerate(["SEN", "NER", "TGO"])]
    result = import_un_contributions(contributions_file(tmp_path / "contributions.csv", [*rows, {"isocode3": "ZZZ"}]))
    assert problems_of(result)[0][:3] == (5, "isocode3", "ZZZ")
    assert result.batch_id is None
    assert database_content() == before


def test_a_bad_value_among_rows_already_seen_is_named_by_its_own_row_and_nothing_is_written(minusma, tmp_path):
    # Rows whose values have all been seen are staged the quick way, a thousand at a time: a bad value in the
    # middle of the second thousand must still be found, named by its own row, and stop the whole file.
    months = [f"{year}-{month:02}-28" for year in range(2001, 2006) for month in range(1, 13)]
    rows = [{"last_reporting_date": day, "isocode3": code, "personnel_type": kind} for day in months
            for code in ("TCD", "SEN", "NER", "BFA", "TGO")
            for kind in ("Troops", "Staff Officer", "Experts on Mission", "Formed Police Units", "Individual Police")]
    rows[1312]["isocode3"] = "ZZZ"  # its date, type and counts are all seen before
    before = database_content()
    result = import_un_contributions(contributions_file(tmp_path / "contributions.csv", rows))
    [problem] = result.problems
    assert (problem.row, problem.column, problem.value) == (1314, "isocode3", "ZZZ")
    assert result.batch_id is None
    assert database_content() == before


def test_a_rejected_file_does_not_leave_the_missions_it_would_have_created(minusma, tmp_path):
    before = database_content()
    import_un_contributions(contributions_file(tmp_path / "bad.csv", [{"mission_acronym": "MINUNEW"},
                                                                      {"isocode3": "ZZZ"}]))
    assert database_content() == before


def test_a_dry_run_checks_and_counts_but_writes_nothing(minusma):
    before = database_content()
    result = import_un_contributions(DATA / "contributions.csv", dry_run=True)
    assert result.ok and result.dry_run and result.rows_added == 7 and result.batch_id is None
    assert any("would be created" in note for note in result.notes)
    assert database_content() == before


def test_importing_the_same_file_again_changes_nothing_and_says_so(minusma):
    first = import_un_contributions(DATA / "contributions.csv")
    before = database_content()
    again = import_un_contributions(DATA / "contributions.csv")
    assert (again.rows_added, again.rows_changed, again.rows_unchanged, again.rows_removed) == (0, 0, 7, 0)
    assert again.batch_id is None
    assert f"Nothing changed: the data already matches this file (import #{first.batch_id})." in again.notes
    assert database_content() == before


def test_a_corrected_file_replaces_what_its_earlier_version_brought(minusma, tmp_path):
    folder = tmp_path / "hub"
    folder.mkdir()
    shutil.copy(DATA / "contributions.csv", folder / "contributions.csv")
    first = import_un_contributions(folder / "contributions.csv")
    kept = Strength.objects.get(country="SEN")
    corrected = contributions_file(folder / "contributions.csv", [
        {"isocode3": "TCD", "male_personnel": "1390", "female_personnel": "12"},         # unchanged
        {"isocode3": "SEN", "personnel_type": "Formed Police Units", "male_personnel": "130",
         "female_personnel": "14"},                                                     # changed
        {"isocode3": "NER", "male_personnel": "850", "female_personnel": ""},           # added
    ])
    result = import_un_contributions(corrected)
    assert (result.rows_read, result.rows_added, result.rows_changed, result.rows_unchanged, result.rows_removed) == \
        (3, 1, 1, 1, 5)
    assert strength_rows() == {
        ("MINUSMA", date(2020, 11, 30), "TCD", "troops", 1390, 12),
        ("MINUSMA", date(2020, 11, 30), "SEN", "formed_police_unit", 130, 14),
        ("MINUSMA", date(2020, 11, 30), "NER", "troops", 850, 0),
    }
    batch = ImportBatch.objects.get(pk=result.batch_id)
    assert (batch.rows_added, batch.rows_changed, batch.rows_unchanged, batch.rows_removed) == (1, 1, 1, 5)
    changed = Strength.objects.get(country="SEN")
    assert changed.pk == kept.pk and changed.import_batch_id == batch.pk
    assert Strength.objects.get(country="TCD").import_batch_id == first.batch_id


def test_a_file_of_another_name_adds_to_the_data_without_removing(minusma, tmp_path):
    import_un_contributions(DATA / "contributions.csv")
    result = import_un_contributions(contributions_file(tmp_path / "december.csv", [
        {"last_reporting_date": "2020-12-31", "isocode3": "SEN"}]))
    assert (result.rows_added, result.rows_removed) == (1, 0)
    assert Strength.objects.count() == 8


def test_it_reports_progress_with_an_estimated_total(minusma, tmp_path):
    rows = [{"isocode3": code, "personnel_type": kind} for code in ("TCD", "SEN", "NER", "TGO", "BFA", "GIN")
            for kind in ("Troops", "Staff Officer", "Experts on Mission", "Formed Police Units", "Individual Police")]
    calls = []
    import_un_contributions(contributions_file(tmp_path / "file.csv", rows),
                            progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (30, 30)
    assert all(total is not None for _, total in calls)


def test_it_says_the_mission_option_is_not_used(minusma):
    result = import_un_contributions(DATA / "contributions.csv", mission=minusma)
    assert "--mission MINUSMA was not used: every row of this file names its mission." in result.notes


# Foreign keys, verified once per id outside any transaction (SQLite) --------------------------------------------


def foreign_keys_checked() -> bool:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_keys")
        return bool(cursor.fetchone()[0])


sqlite_only = pytest.mark.skipif(not settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
                                 reason="PostgreSQL checks foreign keys once, at commit")


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_it_verifies_the_ids_it_wrote_and_checks_keys_again_after(minusma):
    from django.db import connection

    assert foreign_keys_checked()
    with mock.patch.object(StagingTable, "dangling_references", autospec=True,
                           side_effect=StagingTable.dangling_references) as verified:
        result = import_un_contributions(DATA / "contributions.csv")
    assert result.ok, result.problems
    verified.assert_called_once()
    assert foreign_keys_checked()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_key_check")
        assert cursor.fetchall() == []


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_a_mission_deleted_while_the_file_is_imported_refuses_the_file(minusma):
    from django.db import connection

    apply = StagingTable.apply

    def deleting_the_mission_first(staging, *arguments, **options):
        # What another writer could do between the checks and the insertion, were SQLite not to lock.
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM missions_mission WHERE id = %s", [minusma.pk])
        return apply(staging, *arguments, **options)

    with mock.patch.object(StagingTable, "apply", deleting_the_mission_first):
        result = import_un_contributions(DATA / "contributions.csv")
    assert problems_of(result) == [
        (None, "mission", str(minusma.pk), "these were deleted while the file was being imported; import it again")]
    assert not Strength.objects.exists()
    assert Mission.objects.filter(pk=minusma.pk).exists()
    assert foreign_keys_checked()
