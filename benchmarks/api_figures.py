"""Time the figures endpoint of the API for MINUSMA: server time of GET /api/missions/MINUSMA/figures/.

Run from the repository:  python benchmarks/api_figures.py [--runs 30]

Each request goes through Django's test Client, so the time is the server's: URL routing, authentication,
the permission rules, the figures (compute_sheet), the JSON rendering; no network. It uses a throwaway
embedded SQLite database loaded with the shipped reference data, and asks for the sheet as of 1 July 2020 in
French, anonymously. The first request is reported apart (it pays for imports and the first queries).
Target (issue 5): under 100 ms at the median.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TARGET_SECONDS = 0.100


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    arguments = parser.parse_args()
    os.environ["MISSIONFACTS_HOME"] = tempfile.mkdtemp(prefix="missionfacts-bench-")
    os.environ.pop("MISSIONFACTS_DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "missionfacts.settings"
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from missionfacts.imports.reference import ensure_database

    ensure_database()
    client = Client()
    url = "/api/missions/MINUSMA/figures/?as_of=2020-07-01&lang=fr"

    def request() -> float:
        start = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - start
        if response.status_code != 200:
            raise SystemExit(f"GET {url} answered {response.status_code}: {response.content[:200]!r}")
        return elapsed

    first = request()
    # Counted with a wrapper, since Django empties its own query log at the start of every request.
    queries = []
    with connection.execute_wrapper(lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)):
        request()
    later = [request() for _ in range(arguments.runs)]
    median = statistics.median(later)
    verdict = "met" if median < TARGET_SECONDS else "MISSED"
    print(f"GET {url}; {arguments.runs} requests after the first; SQLite; {len(queries)} SQL queries per request")
    print(f"first {first * 1000:.1f} ms, median {median * 1000:.1f} ms, slowest {max(later) * 1000:.1f} ms; "
          f"target {TARGET_SECONDS * 1000:.0f} ms at the median: {verdict}")


if __name__ == "__main__":
    main()
