"""Time the MINUSMA facts page and the figures endpoint on the server, and weigh the pages a browser loads.

Run from the repository:  python benchmarks/web_pages.py [--runs 30]

It uses a throwaway embedded SQLite database loaded with the shipped reference data and Django's test client
(no network, no web server: the time is the server's own). The first request of each page is reported apart
(it pays for imports, template compilation and drawing the sheet's map once); the median of the following
requests is what a visitor waits for. The weight is the HTML plus every file it loads from the site (style
sheet, scripts, icon; images are inline), without the vendored vega bundle, as sent and as gzip would send it.
Targets (issue 5): under 100 ms at the median for both; the facts page under 500 KB without the vega bundle.
"""

import argparse
import gzip
import os
import statistics
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

VENDOR = "web/vendor/"


class Assets(HTMLParser):
    """The files a browser fetches for a page: style sheets, icons, scripts and images."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link" and attributes.get("href"):
            self.found.append(attributes["href"])
        elif tag in ("script", "img") and attributes.get("src"):
            self.found.append(attributes["src"])


def weigh(client, url: str) -> tuple[int, int, list[tuple[str, int]]]:
    """(bytes, gzip bytes, [(file, bytes)]) of the page and its assets, the vega bundle left out."""
    from django.conf import settings
    from django.contrib.staticfiles import finders

    html = client.get(url).content
    parser = Assets()
    parser.feed(html.decode())
    files = [(url, html)]
    for address in dict.fromkeys(parser.found):
        if address.startswith("data:"):
            continue  # Already counted inside the HTML.
        static = address.removeprefix("/" + settings.STATIC_URL.lstrip("/"))
        if static.startswith(VENDOR):
            continue
        found = finders.find(static)
        files.append((address, Path(found).read_bytes() if found else client.get(address).content))
    raw = sum(len(content) for _, content in files)
    compressed = sum(len(gzip.compress(content)) for _, content in files)
    return raw, compressed, [(name, len(content)) for name, content in files]


def timed(client, url: str, runs: int) -> tuple[float, list[float]]:
    def once() -> float:
        start = time.perf_counter()
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return time.perf_counter() - start

    first = once()
    return first, [once() for _ in range(runs)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    arguments = parser.parse_args()
    os.environ["MISSIONFACTS_HOME"] = tempfile.mkdtemp(prefix="missionfacts-bench-")
    os.environ.pop("MISSIONFACTS_DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "missionfacts.settings"
    import django

    django.setup()
    from django.test import Client

    from missionfacts.imports.reference import ensure_database

    ensure_database()
    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    pages = [
        ("facts page /missions/MINUSMA/", "/missions/MINUSMA/"),
        ("figures /api/missions/MINUSMA/figures/", "/api/missions/MINUSMA/figures/?as_of=2020-07-01"),
    ]
    print(f"MINUSMA reference data; SQLite; Django test client; {arguments.runs} requests after the first")
    print(f"{'server time':<42}{'first':>10}{'median':>10}{'slowest':>10}{'target':>10}  verdict")
    for name, url in pages:
        first, later = timed(client, url, arguments.runs)
        median = statistics.median(later)
        print(f"{name:<42}{first * 1000:>8.1f}ms{median * 1000:>8.1f}ms{max(later) * 1000:>8.1f}ms"
              f"{'100 ms':>10}  {'met' if median < 0.100 else 'MISSED'}")
    print()
    print(f"{'weight, vega bundle left out':<42}{'sent':>10}{'gzip':>10}{'target':>10}  verdict")
    for name, url in (("facts page", "/missions/MINUSMA/"), ("dashboards page", "/missions/MINUSMA/dashboards/")):
        raw, compressed, files = weigh(client, url)
        target = "500 KB" if name == "facts page" else ""
        verdict = ("met" if raw < 500_000 else "MISSED") if target else ""
        print(f"{name:<42}{raw / 1000:>8.1f}KB{compressed / 1000:>8.1f}KB{target:>10}  {verdict}")
        for file, size in files:
            print(f"    {file:<60}{size / 1000:>8.1f} KB")


if __name__ == "__main__":
    main()
