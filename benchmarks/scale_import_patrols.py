"""How long the `patrols` importer takes for many patrol records, against the target of 10 million in 60 s.

    python benchmarks/scale_import_patrols.py CORPUS_DIR [--rows 10000000] [--mission MINUSMA]
    scripts/postgres-throwaway run python benchmarks/scale_import_patrols.py CORPUS_DIR ...

Into a fresh database (SQLite in a temporary folder, or MISSIONFACTS_DATABASE_URL), it imports the mission's
mission file from the corpus, then one patrols file of --rows rows through the `patrols` importer in
one go, as `missionfacts import patrols FILE --mission ...` would. The file is the mission's own patrols
file of the corpus, read again with new references until it has --rows rows. It prints the time, rows per
second and, when fewer than 10 million rows were imported, the time 10 million would take at that rate.
Target (issue 6): 10,000,000 patrol records in under 60 s on SQLite.
"""

import argparse
import csv
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TARGET_ROWS, TARGET_SECONDS = 10_000_000, 60


def combined_file(corpus: Path, mission: str, rows: int, path: Path) -> int:
    """`rows` patrols of the mission: its corpus file, read again with new references as often as needed."""
    written, cycle = 0, 0
    with open(path, "w", encoding="utf-8", newline="") as output:
        writer = csv.writer(output)
        writer.writerow(["reference", "date", "component", "site", "type"])
        while written < rows:
            with open(corpus / "patrols" / f"{mission}.csv", encoding="utf-8", newline="") as stream:
                reader = csv.reader(stream)
                next(reader)
                for reference, day, component, site, patrol_type in reader:
                    if written == rows:
                        break
                    writer.writerow([f"{reference}-{cycle}", day, component, site, patrol_type])
                    written += 1
            cycle += 1
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--rows", type=int, default=TARGET_ROWS)
    parser.add_argument("--mission", default="MINUSMA")
    arguments = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="missionfacts-patrols-"))
    os.environ["MISSIONFACTS_HOME"] = str(home)
    try:
        from corpus import prepare_database, setup_django

        setup_django()
        from django.db import connection

        from missionfacts.imports.registry import IMPORTERS
        from missionfacts.missions.models import Mission

        prepare_database()
        result = IMPORTERS["mission"](arguments.corpus / "missions" / f"{arguments.mission}.yaml")
        if not result.ok:
            raise SystemExit("; ".join(map(str, result.problems[:5])))
        path = home / "patrols.csv"
        rows = combined_file(arguments.corpus, arguments.mission, arguments.rows, path)
        mission = Mission.objects.get(acronym=arguments.mission)
        started = time.perf_counter()
        result = IMPORTERS["patrols"](path, mission=mission, user=None, dry_run=False, progress=None)
        seconds = time.perf_counter() - started
        if not result.ok:
            raise SystemExit("; ".join(map(str, result.problems[:5])))
        rate = rows / seconds
        projected = TARGET_ROWS / rate
        print(f"patrols importer, {connection.vendor}: {rows:,} rows in {seconds:.1f} s, {rate:,.0f} rows/s; "
              f"10,000,000 rows {'took' if rows >= TARGET_ROWS else 'would take'} {projected:.0f} s; "
              f"target {TARGET_SECONDS} s: {'met' if projected < TARGET_SECONDS else 'MISSED'}")
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
