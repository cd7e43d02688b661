"""Downloading a Data Hub dataset into a folder, resumably, as the CSV file the importers read.

Two forms, giving the same file in the end (`FOLDER/DATASET.csv`):

- CSV (`/data/DATASET/CSV`): the bytes are written to `DATASET.csv.part`. A later run continues that file
  with an HTTP Range request; a server that answers the whole file instead (200, not 206) is read from the
  start again. What identified the file (ETag, Last-Modified, size) is kept beside it, in
  `DATASET.csv.part.version`, and sent as If-Range, so that a file changed in between is downloaded again
  whole instead of having a new tail put on an old head. The Content-Length announced is compared with
  what arrived.
- JSON (`/data/DATASET/json?page_num=N&per_page=P`): the Data Hub answers each page with a JSON array of
  records, as the public code that reads it shows, and announces no total; the last page is the one with
  fewer than P records. Each page is kept in `DATASET.json-P.part/page-NNNNN.json` as it arrives, so a
  later run starts from the first missing page. Should a page come as an object with the records under
  "data" and a count under "total", the count is checked too. Dates come as epoch milliseconds and are
  written as ISO dates (the nearest midnight, so that a midnight in any time zone gives its own day).

Only a complete, checked download is renamed (atomically) to `DATASET.csv`; an HTML page or other content
that is not the dataset is thrown away with a clear error, never resumed.
"""

import csv
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path

import httpx

from missionfacts.opendata.client import (
    DataHubClient,
    Retry,
    TruncatedDownload,
    WrongContent,
    check_status,
)

Progress = Callable[[int, int | None], None]
DAY_MS = 86_400_000
EPOCH = date(1970, 1, 1)


@dataclass
class Download:
    """A completed download: the CSV file to import and how it was obtained."""

    dataset: str
    path: Path
    form: str
    size: int
    records: int | None = None
    pages: int = 0
    resumed_from: int = 0  # bytes (CSV) or pages (JSON) already there from an interrupted run
    # The day the Data Hub says the file last changed (its Last-Modified header), when it says.
    last_modified: date | None = None


def _no_progress(done: int, total: int | None) -> None:
    return None


# CSV -------------------------------------------------------------------------------------------------------


def download_csv(client: DataHubClient, dataset: str, folder: Path, progress: Progress = _no_progress) -> Download:
    """Download DATASET as CSV into folder, continuing an interrupted download; see the module docstring."""
    folder.mkdir(parents=True, exist_ok=True)
    final, part = folder / f"{dataset}.csv", folder / f"{dataset}.csv.part"
    version = part.with_name(part.name + ".version")
    url = client.data_url(dataset, "CSV")
    what = f"{dataset} as CSV"
    resumed_from = part.stat().st_size if part.exists() else 0

    def restart(reason: str) -> Retry:
        part.unlink(missing_ok=True)
        version.unlink(missing_ok=True)
        return Retry(TruncatedDownload(f"{reason}; {part.name} is downloaded again from the start"))

    def attempt() -> str:
        offset = part.stat().st_size if part.exists() else 0
        known = _read_version(version) if offset else {}
        # Identity encoding, so that byte offsets and Content-Length count the bytes of the file itself.
        headers = {"Accept-Encoding": "identity"}
        if offset:
            headers["Range"] = f"bytes={offset}-"
            # If-Range: a server that knows the file changed since sends the new one whole (200), not its tail.
            if known.get("etag") or known.get("last_modified"):
                headers["If-Range"] = known.get("etag") or known["last_modified"]
        with client.stream(url, headers=headers) as response:
            if response.status_code == 416 and offset:
                raise restart("the Data Hub refused to continue the interrupted download")
            check_status(response, what, allowed=(200, 206))
            if response.status_code == 206:
                if _range_start(response) != offset:
                    raise restart("the Data Hub continued the interrupted download at the wrong place")
                if known.get("size") and _range_total(response) not in (None, known["size"]):
                    raise restart("the file changed on the Data Hub since the interrupted download")
            else:
                _write_version(version, response)
            start = offset if response.status_code == 206 else 0
            expected = _expected_size(response, start)
            with open(part, "ab" if start else "wb") as out:
                progress(start, expected)
                for chunk in response.iter_raw():
                    out.write(chunk)
                    progress(out.tell(), expected)
                written = out.tell()
            if expected is not None and written != expected:
                raise Retry(TruncatedDownload(
                    f"the download of {dataset} from {url} stopped at {written:,} of {expected:,} bytes; "
                    f"nothing was imported; run again to resume"))
            return response.headers.get("content-type", ""), response.headers.get("last-modified", "")

    content_type, last_modified = client.with_attempts(what, attempt)
    version.unlink(missing_ok=True)
    problem = _not_a_csv_file(part, content_type) or _cut_last_line(part)
    if problem:
        part.unlink()
        raise WrongContent(f"{dataset}: {url} did not give the dataset: {problem}; nothing was imported")
    os.replace(part, final)
    return Download(dataset, final, "csv", final.stat().st_size, resumed_from=resumed_from,
                    last_modified=_http_day(last_modified))


def _http_day(value: str) -> date | None:
    """The day of an HTTP date ("Fri, 04 Apr 2025 10:00:00 GMT"), or None when there is none to read."""
    try:
        return parsedate_to_datetime(value).date() if value else None
    except (TypeError, ValueError):
        return None


def _read_version(path: Path) -> dict:
    """What identified the file being downloaded (ETag, Last-Modified, size), as far as the server said."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _write_version(path: Path, response: httpx.Response) -> None:
    length = response.headers.get("content-length", "")
    _write_atomically(path, json.dumps({
        "etag": response.headers.get("etag", ""), "last_modified": response.headers.get("last-modified", ""),
        "size": int(length) if length.isdigit() else None,
    }).encode("utf-8"))


def _range_total(response: httpx.Response) -> int | None:
    total = response.headers.get("content-range", "").rpartition("/")[2]
    return int(total) if total.isdigit() else None


def _range_start(response: httpx.Response) -> int | None:
    """Where a 206 response starts, from its Content-Range ("bytes 100-199/200")."""
    unit, _, rest = response.headers.get("content-range", "").partition(" ")
    first = rest.split("-", 1)[0]
    return int(first) if unit == "bytes" and first.isdigit() else None


def _expected_size(response: httpx.Response, start: int) -> int | None:
    """The size the file will have once this response is written after `start` bytes, if announced."""
    length = response.headers.get("content-length", "")
    if length.isdigit():
        return start + int(length)
    return _range_total(response) if response.status_code == 206 else None


def _not_a_csv_file(path: Path, content_type: str) -> str:
    """Why the file is plainly not a CSV dataset (an HTML page, an empty answer), or ""."""
    with open(path, "rb") as stream:
        head = stream.read(2048)
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if "html" in content_type.lower() or start.startswith((b"<!doctype", b"<html", b"<?xml", b"<")):
        return f"the server sent a web page ({content_type or 'no content type'}) instead of CSV data"
    if not start:
        return "the server sent an empty file"
    return ""


def _cut_last_line(path: Path) -> str:
    """Why the file's last line looks cut off (fewer fields than the header, an open quote), or ""."""
    with open(path, "rb") as stream:
        header = stream.readline()
        stream.seek(0, os.SEEK_END)
        size = stream.tell()
        stream.seek(max(size - 65536, len(header)))
        tail = stream.read()
    if not tail or tail.endswith(b"\n"):
        return ""
    last = tail.rsplit(b"\n", 1)[-1].decode("utf-8", errors="replace")
    wanted = len(next(csv.reader([header.decode("utf-8", errors="replace")]), []))
    if last.count('"') % 2:
        return f"its last line is cut off inside a quoted value ({last[:60]!r})"
    found = len(next(csv.reader([last]), []))
    if found < wanted:
        return f"its last line is cut off: {found} of the header's {wanted} values ({last[:60]!r})"
    return ""


# JSON ------------------------------------------------------------------------------------------------------


def download_json(client: DataHubClient, dataset: str, folder: Path, *, per_page: int,
                  progress: Progress = _no_progress) -> Download:
    """Download DATASET page by page as JSON, keeping each page, and write it as the CSV file to import."""
    pages_folder = folder / f"{dataset}.json-{per_page}.part"
    pages_folder.mkdir(parents=True, exist_ok=True)
    url = client.data_url(dataset, "json")
    pages = _stored_pages(pages_folder)
    resumed_from = len(pages)
    parsed = [_records_of(path.read_bytes(), dataset, path.name) for path in pages]
    total = next((found_total for _, found_total in reversed(parsed) if found_total is not None), None)
    finished = bool(parsed) and _is_last_page(len(parsed[-1][0]), per_page)
    while not finished:
        number = len(pages) + 1
        body = client.with_attempts(f"{dataset} as JSON, page {number}",
                                    lambda number=number: _fetch_page(client, url, dataset, number, per_page))
        records, page_total = _records_of(body, dataset, f"page {number}")
        if pages and len(records) == per_page and body == pages[-1].read_bytes():
            raise WrongContent(f"{dataset}: {url} gave the same records for page {number} as for page "
                               f"{number - 1}: it seems to ignore page_num; nothing was imported")
        path = pages_folder / f"page-{number:05d}.json"
        _write_atomically(path, body)
        pages.append(path)
        parsed.append((records, page_total))
        total = page_total if page_total is not None else total
        progress(number, _pages_for(total, per_page))
        finished = _is_last_page(len(records), per_page)
    records = [record for page_records, _ in parsed for record in page_records]
    if total is not None and len(records) < total:
        # The short page is dropped, so that the next run asks for it again.
        pages[-1].unlink()
        raise TruncatedDownload(f"{dataset}: the Data Hub announced {total:,} records but its {len(pages)} page(s) "
                                f"gave {len(records):,}; nothing was imported; run again to resume")
    final = folder / f"{dataset}.csv"
    write_records_as_csv(records, final)
    shutil.rmtree(pages_folder)
    return Download(dataset, final, "json", final.stat().st_size, records=len(records), pages=len(pages),
                    resumed_from=resumed_from)


def _stored_pages(folder: Path) -> list[Path]:
    """The pages kept from an earlier run, from page 1 up to the first missing one."""
    pages = []
    while (path := folder / f"page-{len(pages) + 1:05d}.json").exists():
        pages.append(path)
    return pages


def _is_last_page(records: int, per_page: int) -> bool:
    # More records than asked for means the server ignored per_page and sent everything at once.
    return records != per_page


def _pages_for(total: int | None, per_page: int) -> int | None:
    return None if total is None else max(1, -(-total // per_page))


def _fetch_page(client: DataHubClient, url: str, dataset: str, number: int, per_page: int) -> bytes:
    what = f"{dataset} as JSON, page {number}"
    with client.stream(url, params={"page_num": number, "per_page": per_page}) as response:
        check_status(response, what)
        body = response.read()
        length = response.headers.get("content-length", "")
        if length.isdigit() and response.num_bytes_downloaded != int(length):
            raise Retry(TruncatedDownload(
                f"page {number} of {dataset} stopped at {response.num_bytes_downloaded:,} of {int(length):,} "
                f"bytes; nothing was imported; run again to resume"))
        content_type = response.headers.get("content-type", "")
    if "html" in content_type.lower() or body.lstrip().startswith(b"<"):
        raise WrongContent(f"{dataset}: {response.request.url} sent a web page ({content_type or 'no content type'})"
                           f" instead of JSON records; nothing was imported")
    try:
        json.loads(body)
    except ValueError as error:
        raise Retry(TruncatedDownload(f"page {number} of {dataset} is not complete JSON ({error}); nothing was "
                                      f"imported; run again to resume")) from None
    return body


def _records_of(body: bytes, dataset: str, page: str) -> tuple[list[dict], int | None]:
    """The records of one page, and the total it announces if it announces one."""
    data = json.loads(body)
    total = None
    if isinstance(data, dict) and isinstance(data.get("data"), list):
        total = data.get("total") if isinstance(data.get("total"), int) else None
        data = data["data"]
    if not isinstance(data, list) or not all(isinstance(record, dict) for record in data):
        raise WrongContent(f"{dataset}: {page} of the JSON answer is not a list of records; nothing was imported")
    return data, total


def _write_atomically(path: Path, content: bytes) -> None:
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_bytes(content)
    os.replace(temporary, path)


# Records to CSV --------------------------------------------------------------------------------------------


def write_records_as_csv(records: list[dict], path: Path) -> None:
    """Write JSON records as the CSV the Data Hub's CSV endpoint gives: a header, one line per record."""
    columns: dict[str, None] = {}
    for record in records:
        columns.update(dict.fromkeys(record))
    temporary = path.with_name(path.name + ".tmp")
    with open(temporary, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        for record in records:
            writer.writerow([csv_value(name, record.get(name)) for name in columns])
    os.replace(temporary, path)


def csv_value(column: str, value) -> str:
    """A JSON value as the CSV export writes it: dates as ISO dates, nothing as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)) and _is_date_column(column):
        return epoch_milliseconds_to_date(value).isoformat()
    return str(value)


def _is_date_column(column: str) -> bool:
    name = column.casefold()
    return "date" in name or name == "last_update"


def epoch_milliseconds_to_date(milliseconds: float) -> date:
    """The day of an epoch-milliseconds time, rounded to the nearest midnight (UTC)."""
    return EPOCH + timedelta(days=(int(milliseconds) + DAY_MS // 2) // DAY_MS)
