"""Time the MINUSMA fact sheet: the figures alone, the HTML and the PDF, in French and English.

Run from the repository:  python benchmarks/factsheet_render.py [--runs 15]

Drawn charts are kept in memory by their spec (missionfacts.factsheets.charts.to_svg), so later runs of the
same sheet skip drawing; the last line clears that cache before every run, to show the cost without it.
It uses a throwaway embedded SQLite database loaded with the shipped reference data. The first run of each
step is reported apart (it pays for imports, template compilation and the Vega engine's start-up); the
median and the slowest of the following runs are what a user waiting for a sheet sees.
Targets (issue 2): the figures in under 50 ms, the PDF in under 2 s.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def timed(function, runs: int) -> tuple[float, list[float]]:
    start = time.perf_counter()
    function()
    first = time.perf_counter() - start
    later = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        later.append(time.perf_counter() - start)
    return first, later


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    arguments = parser.parse_args()
    os.environ["MISSIONFACTS_HOME"] = tempfile.mkdtemp(prefix="missionfacts-bench-")
    os.environ.pop("MISSIONFACTS_DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "missionfacts.settings"
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from missionfacts.factsheets import charts
    from missionfacts.factsheets.render import render_html, render_pdf
    from missionfacts.figures.sheet import compute_sheet
    from missionfacts.imports.reference import ensure_database
    from missionfacts.missions.models import Mission

    ensure_database()
    mission = Mission.objects.get(acronym="MINUSMA")
    as_of = date(2020, 7, 1)
    sheet = compute_sheet(mission, as_of)
    with CaptureQueriesContext(connection) as queries:
        compute_sheet(mission, as_of)

    steps = [
        ("figures (compute_sheet)", lambda: compute_sheet(mission, as_of), 0.050),
        ("HTML, French", lambda: render_html(sheet, "fr"), None),
        ("HTML, English", lambda: render_html(sheet, "en"), None),
        ("PDF, French", lambda: render_pdf(sheet, "fr"), 2.0),
        ("PDF, English", lambda: render_pdf(sheet, "en"), 2.0),
        ("figures + PDF, French", lambda: render_pdf(compute_sheet(mission, as_of), "fr"), 2.0),
        ("same, charts not cached", lambda: (charts.to_svg_cache_clear(), render_pdf(compute_sheet(mission, as_of),
                                                                                    "fr")), 2.0),
    ]
    print(f"MINUSMA sheet as of {as_of}; {arguments.runs} runs after the first; SQLite; "
          f"{len(queries)} SQL queries for the figures")
    print(f"{'step':<26}{'first run':>12}{'median':>12}{'slowest':>12}{'target':>10}  verdict")
    for name, function, target in steps:
        first, later = timed(function, arguments.runs)
        median = statistics.median(later)
        verdict = "" if target is None else ("met" if median < target else "MISSED")
        target_text = "" if target is None else f"{target * 1000:.0f} ms"
        print(f"{name:<26}{first * 1000:>10.1f}ms{median * 1000:>10.1f}ms{max(later) * 1000:>10.1f}ms"
              f"{target_text:>10}  {verdict}")


if __name__ == "__main__":
    main()
