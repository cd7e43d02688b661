"""Time the data-quality rules on a mission with ten years of monthly contributions records.

Run from the repository:  python benchmarks/checks.py [--runs 9] [--countries 120] [--months 120]

It builds, in a throwaway embedded SQLite database, a mission with per-country strength for every month of
ten years (120 countries × 5 personnel types × 120 months = 72,000 rows, one import per month), a stated
total each June, a resolution a year with ceilings, sectors and sites, a patrol a day with yearly published
counts, and fatalities; then it runs every rule for a sheet dated at the end of the ten years. The first run
is reported apart (it pays for imports and cold caches); the median of the following runs is what a user
waits for. Target (issue 4): all rules in under 200 ms.
"""

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TARGET = 0.200
PERSONNEL_TYPES = ["troops", "staff_officer", "expert_on_mission", "formed_police_unit", "individual_police"]
AVERAGE_BY_TYPE = {"troops": 100, "staff_officer": 6, "expert_on_mission": 2, "formed_police_unit": 12,
                   "individual_police": 3}


def month_ends(first_year: int, months: int) -> list[date]:
    ends = []
    for index in range(months):
        year, month = first_year + index // 12, index % 12 + 1
        following = date(year + month // 12, month % 12 + 1, 1)
        ends.append(following - timedelta(days=1))
    return ends


def build(countries: int, months: int):
    """The mission and its records; returns (mission, sheet date)."""
    import pycountry
    from django.db import transaction

    from missionfacts.activities.models import Patrol, PatrolCount
    from missionfacts.casualties.models import Fatality
    from missionfacts.imports.models import ImportBatch, Source
    from missionfacts.missions.models import Ceiling, Mission, Resolution, Sector, Site, StatedSiteCount
    from missionfacts.personnel.models import COMPONENT_OF_TYPE, ComponentStrength, Strength

    generator = random.Random(2013)
    codes = sorted(country.alpha_3 for country in pycountry.countries)[:countries]
    days = month_ends(2010, months)
    with transaction.atomic():
        source = Source.objects.create(key="bench", kind="dataset", title="Benchmark data")
        mission = Mission.objects.create(acronym="BENCH", name_fr="Banc d'essai", name_en="Benchmark",
                                         host_country="MLI", started_on=date(2010, 1, 1), source=source)
        for year in range(2010, days[-1].year + 1):
            resolution = Resolution.objects.create(mission=mission, number=3000 + year, adopted_on=date(year, 1, 1),
                                                   mandate_ends_on=date(year, 12, 31), source=source)
            for scope, authorised in (("military", 20000), ("police", 4000), ("military_observers", 600),
                                      ("formed_police_units", 3000), ("individual_police", 1000)):
                Ceiling.objects.create(resolution=resolution, scope=scope, authorised=authorised)
        sectors = [Sector.objects.create(mission=mission, key=f"s{index}", name_fr=f"Secteur {index}",
                                         name_en=f"Sector {index}", position=index, source=source)
                   for index in range(5)]
        for index in range(15):
            Site.objects.create(mission=mission, sector=sectors[index % 5], name=f"Site {index}", latitude=15.0,
                                longitude=-1.0 + index / 10, source=source)
        StatedSiteCount.objects.create(mission=mission, stated_on=date(2015, 1, 1), sites=15, source=source)
        level = {(code, kind): generator.randint(1, 2 * AVERAGE_BY_TYPE[kind]) for code in codes
                 for kind in PERSONNEL_TYPES}
        rows = []
        for day in days:
            batch = ImportBatch.objects.create(kind="contributions", file_name=f"contributions-{day:%Y-%m}.csv",
                                               checksum=f"{day:%Y%m}".ljust(64, "0"), source=source)
            totals = {"military": 0, "police": 0}
            for (code, kind), average in level.items():
                total = max(0, average + generator.randint(-2, 2))
                women = total // 10
                rows.append(Strength(mission=mission, reported_on=day, country=code, personnel_type=kind,
                                     men=total - women, women=women, source=source, import_batch=batch))
                totals[COMPONENT_OF_TYPE[kind]] += total
            if day.month == 6:
                for component, total in totals.items():
                    ComponentStrength.objects.create(mission=mission, reported_on=day, component=component,
                                                     total=total, source=source)
        Strength.objects.bulk_create(rows, batch_size=5000)
        patrols, day = [], date(2010, 1, 1)
        while day <= days[-1]:
            patrols.append(Patrol(mission=mission, patrolled_on=day, component="military", source=source,
                                  sector=sectors[day.toordinal() % 5]))
            day += timedelta(days=1)
        Patrol.objects.bulk_create(patrols, batch_size=5000)
        for year in range(2010, days[-1].year + 1):
            start, end = date(year, 1, 1), date(year, 12, 31)
            PatrolCount.objects.create(mission=mission, component="military", period_start=start, period_end=end,
                                       count=sum(1 for patrol in patrols if start <= patrol.patrolled_on <= end),
                                       source=source)
        Fatality.objects.bulk_create(
            Fatality(mission=mission, died_on=date(2010, 1, 1) + timedelta(days=generator.randint(0, 3600)),
                     personnel_category="military", incident_type="malicious_act", source=source)
            for _ in range(300)
        )
    return mission, days[-1], len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--countries", type=int, default=120)
    parser.add_argument("--months", type=int, default=120)
    arguments = parser.parse_args()
    home = tempfile.mkdtemp(prefix="missionfacts-bench-checks-")
    try:
        run(arguments, home)
    finally:
        shutil.rmtree(home, ignore_errors=True)


def run(arguments, home: str) -> None:
    os.environ["MISSIONFACTS_HOME"] = home
    os.environ.pop("MISSIONFACTS_DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "missionfacts.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from missionfacts.checks.engine import run_checks
    from missionfacts.checks.registry import rules_for
    from missionfacts.checks.subject import Subject

    call_command("migrate", verbosity=0, interactive=False)
    started = time.perf_counter()
    mission, as_of, strength_rows = build(arguments.countries, arguments.months)
    print(f"Built {strength_rows:,} strength rows ({arguments.countries} countries × 5 types × {arguments.months} "
          f"months) and the other records in {time.perf_counter() - started:.1f} s; SQLite; sheet as of {as_of}.")

    first_started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        report = run_checks(mission, as_of)
    first = time.perf_counter() - first_started
    totals, steps = [], {}
    for _ in range(arguments.runs):
        started = time.perf_counter()
        run_checks(mission, as_of)
        totals.append(time.perf_counter() - started)
        # The same work in its parts: the facts the rules share, then each rule on them.
        subject = Subject(mission, as_of)
        for name, step in [("shared: the sheet's figures", lambda s=subject: s.sheet),
                           ("shared: strength by date", lambda s=subject: s.strength_groups),
                           *((f"rule {applied.rule.id}",
                              lambda s=subject, a=applied: a.rule.check(s, a.parameters))
                             for applied in rules_for(mission))]:
            started = time.perf_counter()
            step()
            steps.setdefault(name, []).append(time.perf_counter() - started)
    median = statistics.median(totals)
    print(f"{len(report.errors)} errors, {len(report.warnings)} warnings ({', '.join(report.keys) or 'none'}); "
          f"{len(queries)} SQL queries per run.")
    print(f"{'step':<44}{'median':>10}")
    for name, times in steps.items():
        print(f"{name:<44}{statistics.median(times) * 1000:>8.1f}ms")
    verdict = "met" if median < TARGET else "MISSED"
    print(f"{'all rules (run_checks), first run':<44}{first * 1000:>8.1f}ms")
    print(f"{'all rules (run_checks), median of ' + str(arguments.runs):<44}{median * 1000:>8.1f}ms"
          f"   slowest {max(totals) * 1000:.1f} ms; target {TARGET * 1000:.0f} ms: {verdict}")


if __name__ == "__main__":
    main()
