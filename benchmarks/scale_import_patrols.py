"""How long the `patrols` importer takes for many patrol records, against the target of 10 million in 60 s.

    python benchmarks/scale_import_patrols.py CORPUS_DIR [--rows 10000000] [--mission MINUSMA]
    python benchmarks/scale_import_patrols.py CORPUS_DIR --all
    scripts/postgres-throwaway run python benchmarks/scale_import_patrols.py CORPUS_DIR ...

Into a fresh database (SQLite in a temporary folder, or MISSIONFACTS_DATABASE_URL), it imports the mission's
mission file from the corpus, then one patrols file of --rows rows through the `patrols` importer in
one go, as `missionfacts import patrols FILE --mission ...` would. The file is the mission's own patrols
file of the corpus, read again with new references until it has --rows rows. It prints the time, rows per
second and, when fewer than 10 million rows were imported, the time 10 million would take at that rate.

With --all, it imports every mission file of the corpus, then every patrols file of the corpus, one import
per mission in the order of their names (as `corpus.py load` does; the default corpus holds 10 million
patrols in 15 files), and prints each file's time and the total.

Either way it also prints where the time went: checking and staging the rows (reading the file, checking
them in Python, inserting them into the staging table), applying them to the patrols table, and summing
the daily summary again (or, for a file whose patrols are all new, adding the counts made while checking);
and the process's CPU time (SQLite's included) beside the load average, since other processes on a shared
machine change the time more than the CPU time. Last, it times reading the same files and nothing else, with
the csv module and with pyarrow's CSV reader: the part of the time no checking or writing can save.
Target (issue 6): 10,000,000 patrol records in under 60 s on SQLite.
"""

import argparse
import csv
import os
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
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


@contextmanager
def timed_phases() -> Iterator[dict[str, float]]:
    """Seconds spent in the importer's phases, summed over the imports run inside the block.

    The phases are found by wrapping the functions that run them, for the duration of the block only.
    """
    from missionfacts.imports import patrol_staging, patrols

    seconds: dict[str, float] = defaultdict(float)
    wrapped = [(patrol_staging.PatrolStaging, "add", "check and stage the rows"),
               (patrol_staging.PatrolStaging, "apply", "apply them to the patrols table"),
               (patrols, "refresh_patrol_days", "sum the daily summary again"),
               (patrols, "add_patrol_days", "add counts to the daily summary")]
    originals = [(owner, name, getattr(owner, name)) for owner, name, _phase in wrapped]

    def timing(function, phase):
        def run(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                seconds[phase] += time.perf_counter() - started
        return run

    for owner, name, phase in wrapped:
        setattr(owner, name, timing(getattr(owner, name), phase))
    try:
        yield seconds
    finally:
        for owner, name, function in originals:
            setattr(owner, name, function)


def import_file(path: Path, mission) -> tuple[int, float, float]:
    """Import one patrols file; its rows, seconds (from reading the file to the commit) and seconds of this
    process's CPU time (SQLite's included), which other processes' load changes less than the time."""
    from missionfacts.imports.registry import IMPORTERS

    started, cpu = time.perf_counter(), time.process_time()
    result = IMPORTERS["patrols"](path, mission=mission, user=None, dry_run=False, progress=None)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    if not result.ok:
        raise SystemExit(f"{path.name}: " + "; ".join(map(str, result.problems[:5])))
    return result.rows_read, seconds, cpu


def reading_alone(paths: list[Path]) -> dict[str, float]:
    """Seconds to go through the files and do nothing else: with the csv module (the importer's reading row by
    row) and with pyarrow's multithreaded CSV reader, all columns as text (its reading column by column,
    `imports.columnar`). What is left for checking and writing once the file is read."""
    import pyarrow
    import pyarrow.csv

    started = time.perf_counter()
    for path in paths:
        with open(path, encoding="utf-8", newline="") as stream:
            for _row in csv.reader(stream):
                pass
    seconds = {"csv module": time.perf_counter() - started}
    started = time.perf_counter()
    for path in paths:
        with open(path, encoding="utf-8", newline="") as stream:
            header = next(csv.reader(stream))
        text = pyarrow.csv.ConvertOptions(column_types=dict.fromkeys(header, pyarrow.string()))
        for _batch in pyarrow.csv.open_csv(path, convert_options=text):
            pass
    seconds["pyarrow"] = time.perf_counter() - started
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--rows", type=int, default=TARGET_ROWS)
    parser.add_argument("--mission", default="MINUSMA")
    parser.add_argument("--all", action="store_true", help="every patrols file of the corpus, one per mission")
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
        acronyms = (sorted(path.stem for path in (arguments.corpus / "patrols").glob("*.csv")) if arguments.all
                    else [arguments.mission])
        for acronym in acronyms:
            result = IMPORTERS["mission"](arguments.corpus / "missions" / f"{acronym}.yaml")
            if not result.ok:
                raise SystemExit("; ".join(map(str, result.problems[:5])))
        if arguments.all:
            files = [(arguments.corpus / "patrols" / f"{acronym}.csv", acronym) for acronym in acronyms]
        else:
            path = home / "patrols.csv"
            combined_file(arguments.corpus, arguments.mission, arguments.rows, path)
            files = [(path, arguments.mission)]
        rows = seconds = cpu = 0
        with timed_phases() as phases:
            for path, acronym in files:
                file_rows, file_seconds, file_cpu = import_file(path, Mission.objects.get(acronym=acronym))
                rows, seconds, cpu = rows + file_rows, seconds + file_seconds, cpu + file_cpu
                if len(files) > 1:
                    print(f"  {path.name:<14}{file_rows:>12,} rows {file_seconds:>7.1f} s "
                          f"{file_rows / file_seconds:>10,.0f} rows/s (CPU {file_cpu:.1f} s)", flush=True)
        rate = rows / seconds
        projected = TARGET_ROWS / rate
        print(f"patrols importer, {connection.vendor}: {rows:,} rows in {len(files)} file(s), {seconds:.1f} s, "
              f"{rate:,.0f} rows/s; 10,000,000 rows {'took' if rows >= TARGET_ROWS else 'would take'} "
              f"{projected:.0f} s; target {TARGET_SECONDS} s: {'met' if projected < TARGET_SECONDS else 'MISSED'}; "
              f"CPU {cpu:.1f} s, load average {os.getloadavg()[0]:.1f}")
        for phase, phase_seconds in phases.items():
            print(f"  {phase:<34}{phase_seconds:>7.1f} s")
        print(f"  {'the rest (batch, counts, commit)':<34}{seconds - sum(phases.values()):>7.1f} s")
        read = reading_alone([path for path, _acronym in files])
        print("Reading the same file(s) and nothing else: "
              + "; ".join(f"{reader} {value:.1f} s" for reader, value in read.items()))
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
