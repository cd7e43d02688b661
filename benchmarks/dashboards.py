"""Time the dashboards page and one chart's CSV, computed (cache emptied first) and served from the cache.

Run from the repository:  python benchmarks/dashboards.py [--runs 30] [--mission MINUSMA]

It uses a throwaway embedded SQLite database loaded with the shipped reference data (the small corpus: one
mission's published records, no 10 M-patrol corpus) and Django's test client, one request at a time (no
network, no web server, no concurrent clients: the time is the server's own). "computed" empties the cache
before each request, so every figure is read and every chart drawn again, as after a write to the mission;
"cached" is what an anonymous visitor waits for until the next write (one query: the mission with its data
version). The baseline of the ratio is the computed page.

It prints the machine's load average before and after: on a busy machine the times are noisy, and a figure
from such a run is no measurement of a target. The issue's targets (p95 under 150 ms at 8 clients and under
500 ms at 32, on the 10 M corpus) are NOT measured by this script.
"""

import argparse
import os
import platform
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def percentile(values: list[float], share: float) -> float:
    """The value under which `share` of the values fall (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def timed(client, url: str, runs: int, before=None) -> list[float]:
    times = []
    for _ in range(runs):
        if before:
            before()
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--mission", default="MINUSMA")
    arguments = parser.parse_args()
    os.environ["MISSIONFACTS_HOME"] = tempfile.mkdtemp(prefix="missionfacts-bench-")
    os.environ.pop("MISSIONFACTS_DATABASE_URL", None)
    os.environ.pop("MISSIONFACTS_CACHE_URL", None)  # each process's memory, the default
    os.environ["DJANGO_SETTINGS_MODULE"] = "missionfacts.settings"
    import django

    django.setup()
    from django.core.cache import cache
    from django.test import Client

    from missionfacts.imports.reference import ensure_database

    ensure_database()
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    acronym = arguments.mission
    pages = [
        ("dashboards page", f"/missions/{acronym}/dashboards/?lang=en"),
        ("strength chart CSV", f"/missions/{acronym}/dashboards/strength.csv?lang=en"),
    ]
    load_before = os.getloadavg()
    print(f"{acronym}, shipped reference data (small corpus); SQLite {sqlite3.sqlite_version}; "
          f"Django {django.get_version()}; Python {platform.python_version()}; {platform.machine()}, "
          f"{os.cpu_count()} CPUs")
    print(f"Django test client, one request at a time; {arguments.runs} requests each, after one warm-up")
    print(f"load average before: {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}")
    print(f"{'server time':<36}{'median':>10}{'p95':>10}{'slowest':>10}{'vs computed':>18}")
    for name, url in pages:
        timed(client, url, 1, before=cache.clear)  # imports, templates
        computed = timed(client, url, arguments.runs, before=cache.clear)
        cached = timed(client, url, arguments.runs)
        for label, times in (("computed", computed), ("cached", cached)):
            ratio = statistics.median(computed) / statistics.median(times)
            print(f"{name + ', ' + label:<36}{statistics.median(times) * 1000:>8.1f}ms"
                  f"{percentile(times, 0.95) * 1000:>8.1f}ms{max(times) * 1000:>8.1f}ms"
                  f"{'1.0× (baseline)' if label == 'computed' else f'{ratio:.1f}× faster':>18}")
    load_after = os.getloadavg()
    print(f"load average after: {load_after[0]:.2f} {load_after[1]:.2f} {load_after[2]:.2f}")
    if max(load_before[0], load_after[0]) >= (os.cpu_count() or 1) * 0.5:
        print("The machine was busy: these times are noisy, a measure of nothing but this run.")
    print("Not measured here: the issue's targets at 8 and 32 clients on the 10 M corpus.")


if __name__ == "__main__":
    main()
