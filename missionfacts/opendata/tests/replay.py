"""The Data Hub as the tests see it: the recorded responses, replayed through httpx's MockTransport.

The fetch code under test is the code that talks to the live service; only the transport differs. A test
can put a fault in front of the recorded answers (a dropped connection, an error status, a page cut
short) with `RecordedDataHub.fault`, and read `requests` to see what the client asked.
"""

import json
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import httpx

from missionfacts.opendata import client as data_hub

RESPONSES = Path(__file__).resolve().parent / "responses"
PER_PAGE = 200  # the page size the JSON responses were recorded with (responses/build.py)

Fault = Callable[[httpx.Request, "RecordedDataHub"], httpx.Response | None]


class BrokenStream(httpx.SyncByteStream):
    """A body that stops after some bytes, as when the connection drops."""

    def __init__(self, content: bytes):
        self.content = content

    def __iter__(self):
        yield self.content
        raise httpx.ReadError("Connection reset by peer")


class RecordedDataHub:
    """Answers a request with its recorded exchange, honouring `Range: bytes=N-` where the record allows it."""

    def __init__(self, folder: Path = RESPONSES):
        self.folder = folder
        self.exchanges = json.loads((folder / "exchanges.json").read_text(encoding="utf-8"))
        self.requests: list[httpx.Request] = []
        self.faults: list[Fault] = []
        self.extra: dict[str, tuple[bytes, dict]] = {}

    def fault(self, fault: Fault) -> "RecordedDataHub":
        """Let `fault` answer first; it returns a response, or None to let the recording answer."""
        self.faults.append(fault)
        return self

    def serve(self, path: str, body: bytes, content_type: str = "text/csv", **headers: str) -> None:
        """Answer GET path with body (for what no recording covers), ranges honoured."""
        self.extra[path] = (body, {"content-type": content_type, "accept-ranges": "bytes",
                                   **{name.replace("_", "-"): value for name, value in headers.items()}})

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        for fault in self.faults:
            response = fault(request, self)
            if response is not None:
                return response
        return self.recorded(request)

    def body_for(self, request: httpx.Request) -> tuple[bytes, dict] | None:
        if request.url.path in self.extra:
            body, headers = self.extra[request.url.path]
            return body, dict(headers)
        query = dict(request.url.params)
        for exchange in self.exchanges:
            if exchange["path"] == request.url.path and exchange["query"] == query:
                return (self.folder / exchange["body"]).read_bytes(), dict(exchange["headers"])
        return None

    def recorded(self, request: httpx.Request) -> httpx.Response:
        found = self.body_for(request)
        if found is None:
            return httpx.Response(404, text="Not found", headers={"content-type": "text/plain"})
        body, headers = found
        wanted = request.headers.get("range", "")
        # As RFC 9110 says: an If-Range that no longer matches the file gets the whole file.
        still_the_same = request.headers.get("if-range", headers.get("etag")) == headers.get("etag")
        if wanted.startswith("bytes=") and headers.get("accept-ranges") == "bytes" and still_the_same:
            start = int(wanted[len("bytes="):].split("-")[0])
            if start >= len(body):
                return httpx.Response(416, headers={"content-range": f"bytes */{len(body)}"})
            headers["content-range"] = f"bytes {start}-{len(body) - 1}/{len(body)}"
            return streamed(206, headers, body[start:])
        return streamed(200, headers, body)

    def ranges_asked(self) -> list[str]:
        return [request.headers["range"] for request in self.requests if "range" in request.headers]


def streamed(status: int, headers: dict, body: bytes) -> httpx.Response:
    """A response whose body is read as it arrives, with its Content-Length, as from the network."""
    return httpx.Response(status, headers={**headers, "content-length": str(len(body))}, stream=httpx.ByteStream(body))


@contextmanager
def replaying(hub: RecordedDataHub):
    """Send the fetch command's requests to `hub`, with no pause between attempts."""
    with mock.patch.object(data_hub, "TRANSPORT", hub.transport()), mock.patch.object(data_hub, "BACKOFF_SECONDS", 0):
        yield hub


# Faults ----------------------------------------------------------------------------------------------------


def refuse_connections(request: httpx.Request, hub: RecordedDataHub) -> httpx.Response:
    raise httpx.ConnectError("[Errno 111] Connection refused", request=request)


def answer_status(status: int, path_part: str = "") -> Fault:
    def fault(request, hub):
        if path_part in request.url.path:
            return httpx.Response(status, text="Server error", headers={"content-type": "text/plain"})
        return None
    return fault


def drop_connection_after(size: int, *, path_part: str, times: int = 1) -> Fault:
    """The first `times` answers for path_part stop after `size` bytes of the body, the connection dropped."""
    left = [times]

    def fault(request, hub):
        if path_part not in request.url.path or left[0] == 0:
            return None
        left[0] -= 1
        response = hub.recorded(request)
        content = response.read()
        return httpx.Response(response.status_code, headers=response.headers, stream=BrokenStream(content[:size]))
    return fault


def cut_short(fraction: float, *, path_part: str) -> Fault:
    """Every answer for path_part is the whole file's 200 with its full Content-Length but only part of it."""
    def fault(request, hub):
        if path_part not in request.url.path:
            return None
        body, headers = hub.body_for(request)
        headers = {**headers, "content-length": str(len(body))}
        return httpx.Response(200, headers=headers, stream=httpx.ByteStream(body[:int(len(body) * fraction)]))
    return fault
