"""When the fetch fails: one clear message, the data as it was, and a download that can be resumed."""

import json
from urllib.parse import parse_qs

import httpx
from django.core.management.base import CommandError

from missionfacts.opendata.client import ATTEMPTS
from missionfacts.opendata.tests.base import FetchTestCase
from missionfacts.opendata.tests.replay import (
    RESPONSES,
    RecordedDataHub,
    answer_status,
    cut_short,
    drop_connection_after,
    refuse_connections,
    streamed,
)

BOTH = ("DPO-UCHISTORICAL", "DPPADPOSS-FATALITIES")
FATALITIES_CSV = (RESPONSES / "DPPADPOSS-FATALITIES.csv").read_bytes()
WEB_PAGE = (b"<!DOCTYPE html>\n<html><head><title>Scheduled maintenance</title></head>"
            b"<body><p>The Data Hub is being updated.</p></body></html>\n")


def page_number(request: httpx.Request) -> int | None:
    values = parse_qs(request.url.query.decode()).get("page_num")
    return int(values[0]) if values else None


class FailureTestCase(FetchTestCase):
    def setUp(self):
        super().setUp()
        # Data there already, so that "left as it was" means something.
        self.fetch("DPO-UCHISTORICAL")
        self.before = self.data()

    def failing_fetch(self, hub: RecordedDataHub, *arguments: str) -> str:
        with self.assertRaises(CommandError) as raised:
            self.fetch(*arguments, hub=hub)
        self.assertEqual(self.data(), self.before)
        return str(raised.exception)


class NetworkFailureTests(FailureTestCase):
    def test_a_refused_connection_says_the_data_hub_cannot_be_reached_and_imports_nothing(self):
        hub = RecordedDataHub().fault(refuse_connections)
        message = self.failing_fetch(hub, *BOTH)
        self.assertEqual(message, "cannot reach api.psdata.un.org (DPO-UCHISTORICAL as CSV): the connection failed "
                                  "([Errno 111] Connection refused); nothing was imported; run again to resume")
        self.assertEqual(len(hub.requests), ATTEMPTS)

    def test_a_timeout_is_tried_again_a_few_times_then_named(self):
        def time_out(request, hub):
            raise httpx.ReadTimeout("The read operation timed out", request=request)

        hub = RecordedDataHub().fault(time_out)
        message = self.failing_fetch(hub, "DPPADPOSS-FATALITIES", "--format", "json")
        self.assertIn("cannot reach api.psdata.un.org (DPPADPOSS-FATALITIES as JSON, page 1): no data arrived in "
                      "time", message)
        self.assertEqual(len(hub.requests), ATTEMPTS)

    def test_a_failure_of_the_second_dataset_leaves_the_first_one_unimported_too(self):
        # A corrected contributions file arrives, the fatalities do not: the correction waits for both.
        hub = RecordedDataHub().fault(answer_status(500, "FATALITIES"))
        corrected = (RESPONSES / "DPO-UCHISTORICAL.csv").read_bytes().replace(b",79,TCD,2020-04-30,148,1240,",
                                                                               b",79,TCD,2020-04-30,148,1241,", 1)
        self.assertNotEqual(corrected, (RESPONSES / "DPO-UCHISTORICAL.csv").read_bytes())
        hub.serve("/public/data/DPO-UCHISTORICAL/CSV", corrected)
        self.assertIn("HTTP 500", self.failing_fetch(hub, *BOTH))
        self.assertEqual([request.url.path for request in hub.requests],
                         ["/public/data/DPO-UCHISTORICAL/CSV", "/public/data/DPPADPOSS-FATALITIES/CSV"])

    def test_a_passing_failure_is_tried_again_and_the_fetch_goes_on(self):
        left = [1]

        def unavailable_once(request, hub):
            if left[0]:
                left[0] -= 1
                return httpx.Response(503, text="busy")
            return None

        hub = RecordedDataHub().fault(unavailable_once)
        self.fetch("DPPADPOSS-FATALITIES", hub=hub)
        self.assertEqual(len(hub.requests), 2)
        self.assertEqual(len(self.fatality_rows()), 1087)


class HttpErrorTests(FailureTestCase):
    def test_an_http_500_is_named_with_its_status_and_url(self):
        message = self.failing_fetch(RecordedDataHub().fault(answer_status(500)), "DPPADPOSS-FATALITIES")
        self.assertEqual(message, "the Data Hub answered HTTP 500 Internal Server Error for DPPADPOSS-FATALITIES as "
                                  "CSV (https://api.psdata.un.org/public/data/DPPADPOSS-FATALITIES/CSV); nothing was "
                                  "imported")

    def test_an_unknown_dataset_is_a_404_named_as_such(self):
        message = self.failing_fetch(RecordedDataHub().fault(answer_status(404)), "DPPADPOSS-FATALITIES",
                                     "--base-url", "https://mirror.example.org/public/")
        self.assertIn("HTTP 404 Not Found for DPPADPOSS-FATALITIES as CSV "
                      "(https://mirror.example.org/public/data/DPPADPOSS-FATALITIES/CSV)", message)


class TruncatedDownloadTests(FailureTestCase):
    def test_a_csv_shorter_than_its_content_length_is_named_and_kept_to_resume(self):
        message = self.failing_fetch(RecordedDataHub().fault(cut_short(0.5, path_part="FATALITIES")),
                                     "DPPADPOSS-FATALITIES")
        half = int(len(FATALITIES_CSV) * 0.5)
        self.assertEqual(message, f"the download of DPPADPOSS-FATALITIES from https://api.psdata.un.org/public/data/"
                                  f"DPPADPOSS-FATALITIES/CSV stopped at {half:,} of {len(FATALITIES_CSV):,} bytes; "
                                  f"nothing was imported; run again to resume")
        self.assertEqual((self.downloads / "DPPADPOSS-FATALITIES.csv.part").stat().st_size, half)
        self.assertFalse((self.downloads / "DPPADPOSS-FATALITIES.csv").exists())

    def test_a_csv_whose_last_line_is_cut_is_refused_though_its_length_is_right(self):
        cut = FATALITIES_CSV[:FATALITIES_CSV.rindex(b",Military,")]
        hub = RecordedDataHub()
        hub.serve("/public/data/DPPADPOSS-FATALITIES/CSV", cut)
        message = self.failing_fetch(hub, "DPPADPOSS-FATALITIES")
        self.assertRegex(message, r"^DPPADPOSS-FATALITIES: .* did not give the dataset: its last line is cut off: "
                                  r"\d+ of the header's 12 values")
        self.assertFalse((self.downloads / "DPPADPOSS-FATALITIES.csv").exists())

    def test_a_json_page_shorter_than_its_content_length_is_named(self):
        hub = RecordedDataHub().fault(lambda request, hub: cut_short(0.9, path_part="json")(request, hub)
                                      if page_number(request) == 2 else None)
        message = self.failing_fetch(hub, "DPPADPOSS-FATALITIES", "--format", "json")
        self.assertRegex(message, r"^page 2 of DPPADPOSS-FATALITIES stopped at [\d,]+ of [\d,]+ bytes; nothing was "
                                  r"imported; run again to resume$")

    def test_pages_that_give_fewer_records_than_announced_are_refused(self):
        records = json.loads((RESPONSES / "DPPADPOSS-FATALITIES.json.page-6.json").read_bytes())

        def announced(request, hub):
            body = json.dumps({"data": records, "total": 2000}).encode()
            return streamed(200, {"content-type": "application/json"}, body)

        message = self.failing_fetch(RecordedDataHub().fault(announced), "DPPADPOSS-FATALITIES", "--format", "json")
        self.assertEqual(message, "DPPADPOSS-FATALITIES: the Data Hub announced 2,000 records but its 1 page(s) gave "
                                  "87; nothing was imported; run again to resume")


class WrongContentTests(FailureTestCase):
    def test_a_file_without_a_column_the_import_needs_names_the_dataset_file_and_columns(self):
        renamed = FATALITIES_CSV.replace(b"casualty_personnel_type", b"personnel_category", 1)
        hub = RecordedDataHub()
        hub.serve("/public/data/DPPADPOSS-FATALITIES/CSV", renamed)
        message = self.failing_fetch(hub, "DPPADPOSS-FATALITIES")
        self.assertEqual(message, f"DPPADPOSS-FATALITIES: DPPADPOSS-FATALITIES.csv lacks the column(s) "
                                  f"casualty_personnel_type that the 'un-fatalities' import needs; it has unexpected "
                                  f"column(s) personnel_category. The file was kept at "
                                  f"{self.downloads / 'DPPADPOSS-FATALITIES.csv'}; nothing was imported.")

    def test_another_dataset_in_place_of_the_contributions_is_refused(self):
        hub = RecordedDataHub()
        hub.serve("/public/data/DPO-UCHISTORICAL/CSV", FATALITIES_CSV)
        message = self.failing_fetch(hub, "DPO-UCHISTORICAL")
        self.assertIn("DPO-UCHISTORICAL: DPO-UCHISTORICAL.csv lacks the column(s) last_reporting_date, "
                      "personnel_type, male_personnel, female_personnel that the 'un-contributions' import needs; "
                      "it has unexpected column(s) id, incident_date, casualty_id", message)

    def test_an_html_page_served_as_the_csv_file_is_refused_and_not_kept(self):
        hub = RecordedDataHub()
        hub.serve("/public/data/DPPADPOSS-FATALITIES/CSV", WEB_PAGE, content_type="text/html; charset=utf-8")
        message = self.failing_fetch(hub, "DPPADPOSS-FATALITIES")
        self.assertEqual(message, "DPPADPOSS-FATALITIES: https://api.psdata.un.org/public/data/DPPADPOSS-FATALITIES/"
                                  "CSV did not give the dataset: the server sent a web page (text/html; charset=utf-8) "
                                  "instead of CSV data; nothing was imported")
        self.assertEqual(sorted(path.name for path in self.downloads.iterdir()), ["DPO-UCHISTORICAL.csv"])

    def test_an_html_page_labelled_as_csv_is_refused_too(self):
        hub = RecordedDataHub()
        hub.serve("/public/data/DPPADPOSS-FATALITIES/CSV", WEB_PAGE, content_type="text/csv")
        self.assertIn("the server sent a web page (text/csv)", self.failing_fetch(hub, "DPPADPOSS-FATALITIES"))

    def test_an_html_page_in_place_of_json_records_is_refused(self):
        hub = RecordedDataHub().fault(lambda request, hub: streamed(200, {"content-type": "text/html"}, WEB_PAGE))
        message = self.failing_fetch(hub, "DPPADPOSS-FATALITIES", "--format", "json")
        self.assertIn("sent a web page (text/html) instead of JSON records; nothing was imported", message)


class ResumeTests(FailureTestCase):
    def test_an_interrupted_csv_download_continues_where_it_stopped(self):
        first = RecordedDataHub().fault(drop_connection_after(20000, path_part="FATALITIES", times=ATTEMPTS))
        message = self.failing_fetch(first, "DPPADPOSS-FATALITIES")
        self.assertIn("the connection broke off", message)
        self.assertEqual(first.ranges_asked(), ["bytes=20000-", "bytes=40000-", "bytes=60000-"])
        self.assertEqual((self.downloads / "DPPADPOSS-FATALITIES.csv.part").stat().st_size, 80000)

        second = RecordedDataHub()
        output = self.fetch("DPPADPOSS-FATALITIES", hub=second)
        self.assertEqual(second.ranges_asked(), ["bytes=80000-"])
        self.assertIn("resumed after 80,000 bytes", output)
        self.assertEqual((self.downloads / "DPPADPOSS-FATALITIES.csv").read_bytes(), FATALITIES_CSV)
        self.assertEqual(len(self.fatality_rows()), 1087)

    def test_a_server_that_ignores_the_range_is_read_again_from_the_start(self):
        self.failing_fetch(RecordedDataHub().fault(drop_connection_after(20000, path_part="FATALITIES",
                                                                         times=ATTEMPTS)), "DPPADPOSS-FATALITIES")
        no_ranges = RecordedDataHub()
        for exchange in no_ranges.exchanges:
            exchange["headers"].pop("accept-ranges", None)
        self.fetch("DPPADPOSS-FATALITIES", hub=no_ranges)
        self.assertEqual(no_ranges.ranges_asked(), ["bytes=80000-"])
        self.assertEqual((self.downloads / "DPPADPOSS-FATALITIES.csv").read_bytes(), FATALITIES_CSV)
        self.assertEqual(len(self.fatality_rows()), 1087)

    def test_an_interrupted_json_download_starts_again_from_the_first_missing_page(self):
        def page_3_fails(request, hub):
            if page_number(request) == 3:
                raise httpx.ConnectError("Name or service not known", request=request)
            return None

        message = self.failing_fetch(RecordedDataHub().fault(page_3_fails), "DPPADPOSS-FATALITIES", "--format",
                                     "json")
        self.assertIn("(DPPADPOSS-FATALITIES as JSON, page 3): the connection failed (Name or service not known)",
                      message)
        kept = sorted(path.name for path in (self.downloads / "DPPADPOSS-FATALITIES.json-200.part").iterdir())
        self.assertEqual(kept, ["page-00001.json", "page-00002.json"])

        second = RecordedDataHub()
        output = self.fetch("DPPADPOSS-FATALITIES", "--format", "json", hub=second)
        self.assertEqual([page_number(request) for request in second.requests], [3, 4, 5, 6])
        self.assertIn("resumed after 2 pages", output)
        self.assertEqual((self.downloads / "DPPADPOSS-FATALITIES.csv").read_bytes(), FATALITIES_CSV)
        self.assertFalse((self.downloads / "DPPADPOSS-FATALITIES.json-200.part").exists())

    def test_a_file_changed_since_the_interruption_is_downloaded_again_whole(self):
        first = RecordedDataHub().fault(drop_connection_after(20000, path_part="FATALITIES", times=ATTEMPTS))
        first.serve("/public/data/DPPADPOSS-FATALITIES/CSV", FATALITIES_CSV, etag='"2025-04-04"')
        self.failing_fetch(first, "DPPADPOSS-FATALITIES")
        self.assertEqual(first.requests[-1].headers["if-range"], '"2025-04-04"')

        updated = FATALITIES_CSV.replace(b",2025-04-04\n", b",2025-05-02\n")
        second = RecordedDataHub()
        second.serve("/public/data/DPPADPOSS-FATALITIES/CSV", updated, etag='"2025-05-02"')
        self.fetch("DPPADPOSS-FATALITIES", hub=second)
        self.assertEqual((self.downloads / "DPPADPOSS-FATALITIES.csv").read_bytes(), updated)

    def test_a_changed_size_without_validators_also_starts_the_file_again(self):
        self.failing_fetch(RecordedDataHub().fault(drop_connection_after(20000, path_part="FATALITIES",
                                                                         times=ATTEMPTS)), "DPPADPOSS-FATALITIES")
        longer = FATALITIES_CSV + FATALITIES_CSV.splitlines(keepends=True)[1].replace(b"UNIFIL-", b"UNIFIL-X-", 1)
        hub = RecordedDataHub()
        hub.serve("/public/data/DPPADPOSS-FATALITIES/CSV", longer)
        self.fetch("DPPADPOSS-FATALITIES", hub=hub)
        self.assertEqual(hub.ranges_asked(), ["bytes=80000-"])
        self.assertEqual((self.downloads / "DPPADPOSS-FATALITIES.csv").read_bytes(), longer)
        self.assertEqual(len(self.fatality_rows()), 1088)

    def test_a_partial_file_the_server_cannot_continue_is_downloaded_again(self):
        (self.downloads / "DPPADPOSS-FATALITIES.csv.part").write_bytes(FATALITIES_CSV + b"left over\n")
        hub = RecordedDataHub()
        self.fetch("DPPADPOSS-FATALITIES", hub=hub)
        self.assertEqual([request.headers.get("range") for request in hub.requests],
                         [f"bytes={len(FATALITIES_CSV) + 10}-", None])
        self.assertEqual((self.downloads / "DPPADPOSS-FATALITIES.csv").read_bytes(), FATALITIES_CSV)


class UnusualPagingTests(FailureTestCase):
    def test_a_server_that_ignores_per_page_gives_every_record_on_the_first_page(self):
        pages = sorted(RESPONSES.glob("DPPADPOSS-FATALITIES.json.page-*.json"))
        everything = [record for path in pages for record in json.loads(path.read_bytes())]
        hub = RecordedDataHub().fault(lambda request, hub: streamed(200, {"content-type": "application/json"},
                                                                    json.dumps(everything).encode()))
        self.fetch("DPPADPOSS-FATALITIES", "--format", "json", hub=hub)
        self.assertEqual(len(hub.requests), 1)
        self.assertEqual((self.downloads / "DPPADPOSS-FATALITIES.csv").read_bytes(), FATALITIES_CSV)

    def test_a_server_that_ignores_page_num_is_caught_instead_of_asked_forever(self):
        first_page = (RESPONSES / "DPPADPOSS-FATALITIES.json.page-1.json").read_bytes()
        hub = RecordedDataHub().fault(lambda request, hub: streamed(200, {"content-type": "application/json"},
                                                                    first_page))
        message = self.failing_fetch(hub, "DPPADPOSS-FATALITIES", "--format", "json")
        self.assertEqual(message, "DPPADPOSS-FATALITIES: https://api.psdata.un.org/public/data/DPPADPOSS-FATALITIES/"
                                  "json gave the same records for page 2 as for page 1: it seems to ignore page_num; "
                                  "nothing was imported")
