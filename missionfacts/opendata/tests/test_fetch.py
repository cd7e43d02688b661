"""`missionfacts fetch` against the recorded Data Hub: what it imports, in either form, and what it says."""

import csv
import io
from datetime import date
from unittest import mock

from missionfacts.imports.models import ImportBatch
from missionfacts.imports.problems import ImportResult
from missionfacts.imports.registry import IMPORTERS
from missionfacts.imports.un_contributions import PERSONNEL_TYPES
from missionfacts.opendata.datasets import MISSIONS
from missionfacts.opendata.tests.base import FetchTestCase
from missionfacts.opendata.tests.replay import RESPONSES, RecordedDataHub


def rows_of(name: str) -> list[dict]:
    with open(RESPONSES / name, encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def expected_strength() -> set[tuple]:
    """The contributions as the recorded file gives them, read here without the importer."""
    return {(row["mission_acronym"], date.fromisoformat(row["last_reporting_date"]), row["isocode3"],
             str(PERSONNEL_TYPES[row["personnel_type"].casefold()]), int(row["male_personnel"]),
             int(row["female_personnel"] or 0)) for row in rows_of("DPO-UCHISTORICAL.csv")}


BOTH = ("DPO-UCHISTORICAL", "DPPADPOSS-FATALITIES")


class FetchImportsTests(FetchTestCase):
    def test_it_imports_the_contributions_of_every_mission_in_the_file(self):
        self.fetch(*BOTH)
        self.assertEqual(self.strength_rows(), expected_strength())
        missions = {row[0] for row in self.strength_rows()}
        self.assertEqual(missions, {"MINUSMA", "UNMISS", "MONUSCO", "UNIFIL", "MINUSCA"})

    def test_it_imports_the_real_fatalities_of_the_four_recorded_missions(self):
        self.fetch(*BOTH)
        fatalities = self.fatality_rows()
        self.assertEqual({row[0] for row in fatalities}, {row["casualty_id"] for row in rows_of(
            "DPPADPOSS-FATALITIES.csv")})
        self.assertEqual(len(fatalities), 1087)
        by_mission = {}
        for row in fatalities:
            by_mission[row[1]] = by_mission.get(row[1], 0) + 1
        self.assertEqual(by_mission, {"UNIFIL": 339, "MINUSMA": 311, "MONUSCO": 292, "UNMISS": 145})

    def test_the_json_pages_give_the_very_rows_the_csv_file_gives(self):
        output = self.fetch(*BOTH, "--format", "json")
        self.assertIn("DPPADPOSS-FATALITIES: downloaded 6 JSON pages, 1,087 records", output)
        from_json = (self.strength_rows(), self.fatality_rows())
        self.assertEqual(from_json[0], expected_strength())
        output = self.fetch(*BOTH)
        self.assertEqual((self.strength_rows(), self.fatality_rows()), from_json)
        self.assertIn("DPO-UCHISTORICAL: nothing changed.", output)
        self.assertIn("DPPADPOSS-FATALITIES: nothing changed.", output)

    def test_the_json_dates_in_epoch_milliseconds_become_the_days_of_the_csv_file(self):
        self.fetch("DPPADPOSS-FATALITIES", "--format", "json")
        written = (self.downloads / "DPPADPOSS-FATALITIES.csv").read_bytes()
        self.assertEqual(written, (RESPONSES / "DPPADPOSS-FATALITIES.csv").read_bytes())

    def test_fetching_unchanged_data_again_changes_nothing_and_says_so(self):
        self.fetch(*BOTH)
        before = self.data()
        output = self.fetch(*BOTH)
        self.assertEqual(self.data(), before)
        self.assertIn("DPO-UCHISTORICAL: nothing changed.", output)
        self.assertIn("DPPADPOSS-FATALITIES: nothing changed.", output)
        self.assertIn("Nothing changed: the data already matches this file", output)

    def test_a_completed_download_leaves_no_partial_file_behind(self):
        self.fetch(*BOTH, "--format", "json")
        self.fetch(*BOTH)
        self.assertEqual(sorted(path.name for path in self.downloads.iterdir()),
                         ["DPO-UCHISTORICAL.csv", "DPPADPOSS-FATALITIES.csv"])

    def test_it_fetches_only_the_datasets_named_and_downloads_only_when_asked(self):
        hub = RecordedDataHub()
        output = self.fetch("dppadposs-fatalities", "--download-only", hub=hub)
        self.assertEqual([request.url.path for request in hub.requests], ["/public/data/DPPADPOSS-FATALITIES/CSV"])
        self.assertEqual(self.fatality_rows(), set())
        self.assertIn("nothing was imported", output)
        self.assertTrue((self.downloads / "DPPADPOSS-FATALITIES.csv").exists())

    def test_a_dry_run_checks_the_files_and_writes_nothing(self):
        before = self.data()
        output = self.fetch(*BOTH, "--dry-run")
        self.assertEqual(self.data(), before)
        self.assertIn("Checked DPO-UCHISTORICAL.csv: 495 rows read, 495 added", output)

    def test_it_sends_a_user_agent_naming_missionfacts(self):
        hub = RecordedDataHub()
        self.fetch("DPPADPOSS-FATALITIES", hub=hub)
        self.assertTrue(hub.requests[0].headers["user-agent"].startswith("missionfacts/"))


def an_older_export() -> bytes:
    """The recorded contributions as the older export spelled them: capitalised headers, dates like 30-Jun-20."""
    old_names = {"contributing_country": "Contributing_Country", "isocode3": "ISOCode3",
                 "mission_acronym": "Mission_Acronym", "personnel_type": "Personnel_Type",
                 "female_personnel": "Female_Personnel", "male_personnel": "Male_Personnel",
                 "last_reporting_date": "Last_Reporting_Date"}
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(old_names.values()), lineterminator="\r\n")
    writer.writeheader()
    for row in rows_of("DPO-UCHISTORICAL.csv"):
        row["last_reporting_date"] = date.fromisoformat(row["last_reporting_date"]).strftime("%d-%b-%y")
        writer.writerow({old_names[name]: value for name, value in row.items() if name in old_names})
    return buffer.getvalue().encode("utf-8")


class OlderExportTests(FetchTestCase):
    def test_the_older_capitalised_export_is_fetched_and_imported_alike(self):
        hub = RecordedDataHub()
        older = an_older_export()
        self.assertIn(b"Mission_Acronym", older)
        self.assertIn(b",30-Jun-20\r\n", older)
        hub.serve("/public/data/DPO-UCHISTORICAL/CSV", older)
        self.fetch("DPO-UCHISTORICAL", hub=hub)
        self.assertEqual(self.strength_rows(), expected_strength())

    def test_since_reads_the_older_exports_dates(self):
        hub = RecordedDataHub()
        hub.serve("/public/data/DPO-UCHISTORICAL/CSV", an_older_export())
        self.fetch("DPO-UCHISTORICAL", "--since", "2020-06-01", hub=hub)
        self.assertEqual({row[1] for row in self.strength_rows()}, {date(2020, 6, 30)})


class NarrowedFetchTests(FetchTestCase):
    def test_mission_and_since_import_only_those_rows_under_a_name_of_their_own(self):
        output = self.fetch("DPO-UCHISTORICAL", "--mission", "unmiss", "monusco", "--since", "2020-05-01")
        expected = {row for row in expected_strength() if row[0] in {"UNMISS", "MONUSCO"}
                    and row[1] >= date(2020, 5, 1)}
        self.assertEqual(self.strength_rows(), expected)
        self.assertEqual(list(ImportBatch.objects.values_list("file_name", flat=True).filter(kind="un-contributions")),
                         ["DPO-UCHISTORICAL.UNMISS+MONUSCO.since-2020-05-01.csv"])
        self.assertIn(f"rows kept in {self.downloads / 'DPO-UCHISTORICAL.UNMISS+MONUSCO.since-2020-05-01.csv'}",
                      output)

    def test_a_narrowed_import_then_the_whole_file_keeps_every_row(self):
        self.fetch("DPO-UCHISTORICAL", "--mission", "UNMISS")
        self.fetch("DPO-UCHISTORICAL")
        self.assertEqual(self.strength_rows(), expected_strength())

    def test_since_keeps_the_fatalities_from_that_day_on(self):
        self.fetch("DPPADPOSS-FATALITIES", "--since", "2020-01-01")
        expected = {row["casualty_id"] for row in rows_of("DPPADPOSS-FATALITIES.csv")
                    if row["incident_date"] >= "2020-01-01"}
        self.assertEqual({row[0] for row in self.fatality_rows()}, expected)
        self.assertTrue(expected)

    def test_a_mission_with_no_rows_imports_nothing_and_says_so(self):
        output = self.fetch("DPPADPOSS-FATALITIES", "--mission", "UNTSO")
        self.assertIn("No row of DPPADPOSS-FATALITIES matches --mission UNTSO: nothing to import.", output)
        self.assertEqual(self.fatality_rows(), set())


# Not real: the mission dataset's columns as public code reads them, with placeholder values, only to see
# where the fetch sends the file.
PKO_COLUMNS = ["mission_acronym", "mission_name", "mission_location", "mission_latitude", "mission_longitude",
               "mission_isactive", "start_date", "end_date", "last_update"]


def a_mission_file(hub: RecordedDataHub) -> None:
    header = list(dict.fromkeys([*PKO_COLUMNS, *(column.name for column in MISSIONS.required_columns())]))
    hub.serve("/public/data/DPPADPOSS-PKO/CSV", (",".join(header) + "\n" + ",".join("x" for _ in header)
                                                 + "\n").encode())


class MissionDatasetTests(FetchTestCase):
    def test_without_a_mission_import_it_says_where_the_file_is_and_that_it_cannot_import_it(self):
        hub = RecordedDataHub()
        a_mission_file(hub)
        with mock.patch.dict(IMPORTERS):
            IMPORTERS.pop("un-missions", None)
            output = self.fetch(hub=hub)
        self.assertIn(f"The mission dataset was downloaded to {self.downloads / 'DPPADPOSS-PKO.csv'} but this "
                      f"version cannot import it", output)
        self.assertEqual(self.strength_rows(), expected_strength())

    def test_with_a_mission_import_registered_it_imports_the_file_through_it(self):
        hub = RecordedDataHub()
        a_mission_file(hub)
        calls = []

        def un_missions(path, **options):
            calls.append((path, options))
            return ImportResult(file=path.name, kind="un-missions", rows_read=1, rows_added=1)

        with mock.patch.dict(IMPORTERS, {"un-missions": un_missions}):
            output = self.fetch("DPPADPOSS-PKO", hub=hub)
        self.assertEqual(calls, [(self.downloads / "DPPADPOSS-PKO.csv", {"user": None, "dry_run": False})])
        self.assertIn("Imported DPPADPOSS-PKO.csv: 1 rows read, 1 added", output)
