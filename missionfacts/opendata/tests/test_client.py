"""The Data Hub client's own rules: how often and how patiently it tries, and how it reads JSON dates."""

from datetime import date

import httpx
import pytest

from missionfacts.opendata.client import ATTEMPTS, DataHubClient, NetworkError, StatusError, check_status
from missionfacts.opendata.downloads import csv_value, epoch_milliseconds_to_date

HOUR_MS = 3_600_000


def a_client(handler, pauses: list) -> DataHubClient:
    return DataHubClient("https://api.psdata.un.org/public", transport=httpx.MockTransport(handler),
                         backoff_seconds=1.5, sleep=pauses.append)


def test_it_waits_longer_after_each_failed_attempt_and_not_after_the_last():
    pauses, calls = [], []

    def refuse(request):
        calls.append(request)
        raise httpx.ConnectError("Connection refused", request=request)

    client = a_client(refuse, pauses)
    with pytest.raises(NetworkError, match=r"^cannot reach api\.psdata\.un\.org \(a test\): the connection failed"):
        client.with_attempts("a test", lambda: client.http.get("https://api.psdata.un.org/public/x"))
    assert len(calls) == ATTEMPTS
    assert pauses == [1.5, 3.0, 6.0]


def test_a_client_error_is_not_tried_again():
    pauses, calls = [], []

    def not_found(request):
        calls.append(request)
        return httpx.Response(404)

    client = a_client(not_found, pauses)

    def attempt():
        check_status(client.http.get("https://api.psdata.un.org/public/x"), "a test")

    with pytest.raises(StatusError, match="HTTP 404 Not Found for a test"):
        client.with_attempts("a test", attempt)
    assert (len(calls), pauses) == (1, [])


@pytest.mark.parametrize("milliseconds, day", [
    (-678_153_600_000, date(1948, 7, 6)),            # the first fatality in the file, before 1970
    (1_743_724_800_000, date(2025, 4, 4)),           # midnight UTC
    (1_743_724_800_000 - 2 * HOUR_MS, date(2025, 4, 4)),  # midnight in UTC+2
    (1_743_724_800_000 + 5 * HOUR_MS, date(2025, 4, 4)),  # midnight in UTC-5
])
def test_epoch_milliseconds_become_the_day_they_are_the_midnight_of(milliseconds, day):
    assert epoch_milliseconds_to_date(milliseconds) == day


def test_json_values_are_written_as_the_csv_export_writes_them():
    assert [csv_value("incident_date", 1_743_724_800_000), csv_value("m49_code", 250.0), csv_value("isocode3", None),
            csv_value("id", 7), csv_value("casualty_personnel_type", "Local ")] == \
        ["2025-04-04", "250.0", "", "7", "Local "]
