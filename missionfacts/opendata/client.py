"""Talking to the UN Peace and Security Data Hub's public API over HTTP, with httpx.

One client for the live service and for the tests: the tests hand it a transport that replays recorded
responses (`TRANSPORT`), everything else is the same code. What it adds to httpx:

- timeouts (10 s to connect, 60 s between two reads of a response), a User-Agent naming missionfacts;
- a few attempts, with growing pauses, when the failure is likely to pass: no connection, a timeout, a
  connection dropped mid-response, or HTTP 429, 502, 503, 504;
- every failure raised as a `FetchError` whose message a user can act on.
"""

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import metadata
from urllib.parse import urlsplit

import httpx

BASE_URL = "https://api.psdata.un.org/public"


def _user_agent() -> str:
    try:
        version = metadata.version("missionfacts")
    except metadata.PackageNotFoundError:
        version = "dev"
    return f"missionfacts/{version} (UN peacekeeping fact sheets) python-httpx/{httpx.__version__}"


USER_AGENT = _user_agent()
TIMEOUT = httpx.Timeout(60.0, connect=10.0)
ATTEMPTS = 4
RETRY_STATUSES = {429, 502, 503, 504}
TRANSIENT_ERRORS = (httpx.TransportError,)

# Replaced by the tests: the recorded responses instead of the network, and no pause between attempts.
TRANSPORT: httpx.BaseTransport | None = None
BACKOFF_SECONDS = 1.0


class FetchError(Exception):
    """A download that could not be completed; the message says what happened and what to do."""


class NetworkError(FetchError):
    """The Data Hub could not be reached, or the connection broke, after every attempt."""


class StatusError(FetchError):
    """The Data Hub answered with an HTTP error."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status


class TruncatedDownload(FetchError):
    """Less arrived than the Data Hub announced."""


class WrongContent(FetchError):
    """What arrived is not the dataset: an HTML page, another file, or columns the importer cannot read."""


class Retry(Exception):
    """Raised by a caller's reading of a response to ask for another attempt (e.g. a short body)."""

    def __init__(self, error: FetchError):
        super().__init__(str(error))
        self.error = error


class DataHubClient:
    """An httpx client for one base URL that retries what is worth retrying."""

    def __init__(self, base_url: str = BASE_URL, *, transport: httpx.BaseTransport | None = None,
                 backoff_seconds: float = 1.0, attempts: int = ATTEMPTS,
                 sleep: Callable[[float], None] = time.sleep):
        self.base_url = base_url.rstrip("/")
        self.host = urlsplit(self.base_url).netloc or self.base_url
        self.backoff_seconds = backoff_seconds
        self.attempts = attempts
        self.sleep = sleep
        self.http = httpx.Client(transport=transport, timeout=TIMEOUT, follow_redirects=True,
                                 headers={"User-Agent": USER_AGENT})

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> "DataHubClient":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def data_url(self, dataset: str, output_format: str) -> str:
        return f"{self.base_url}/data/{dataset}/{output_format}"

    def with_attempts(self, what: str, attempt: Callable[[], object]):
        """Call `attempt` until it succeeds, retrying transient failures with growing pauses.

        `attempt` raises httpx errors, `StatusError` for statuses in RETRY_STATUSES (see `check_status`), or
        `Retry`; after the last attempt the failure is raised as a FetchError naming the host and `what`.
        """
        for number in range(1, self.attempts + 1):
            try:
                return attempt()
            except TRANSIENT_ERRORS as error:
                failure: FetchError = NetworkError(
                    f"cannot reach {self.host} ({what}): {describe(error)}; nothing was imported; run again to resume"
                )
            except Retry as retry:
                failure = retry.error
            except StatusError as error:
                if error.status not in RETRY_STATUSES:
                    raise
                failure = error
            if number < self.attempts:
                self.sleep(self.backoff_seconds * 2 ** (number - 1))
        raise failure

    @contextmanager
    def stream(self, url: str, *, params: dict | None = None, headers: dict | None = None
               ) -> Iterator[httpx.Response]:
        """One GET whose body is read as it arrives (the caller checks its status with `check_status`)."""
        with self.http.stream("GET", url, params=params, headers=headers) as response:
            yield response


def check_status(response: httpx.Response, what: str, allowed: tuple[int, ...] = (200,)) -> None:
    """Raise a StatusError naming the status and the URL unless the response's status is allowed."""
    if response.status_code in allowed:
        return
    reason = response.reason_phrase or httpx.codes.get_reason_phrase(response.status_code)
    raise StatusError(f"the Data Hub answered HTTP {response.status_code} {reason} for {what} "
                      f"({response.request.url}); nothing was imported", response.status_code)


def describe(error: Exception) -> str:
    """An httpx error in words: its message, or its kind when it has none."""
    text = str(error).strip()
    kind = {httpx.ConnectTimeout: "the connection timed out", httpx.ReadTimeout: "no data arrived in time",
            httpx.ConnectError: "the connection failed", httpx.RemoteProtocolError: "the connection broke off",
            httpx.ReadError: "the connection broke off"}
    for error_type, words in kind.items():
        if isinstance(error, error_type):
            return f"{words} ({text})" if text else words
    return text or type(error).__name__


def open_client(base_url: str = BASE_URL) -> DataHubClient:
    """The client the fetch command uses: the network, or the recorded responses in tests."""
    return DataHubClient(base_url, transport=TRANSPORT, backoff_seconds=BACKOFF_SECONDS)
