"""How fast `un-contributions` imports a big file, and in how much memory, against a pandas baseline.

    python benchmarks/import_contributions.py [--rows 1000000] [--small-rows 100000] [--repeat 3]
                                              [--sqlite-only] [--keep DIR]

1. Generates, deterministically (seeded), a contributions file in the UN Data Hub's format: --rows rows
   over 15 missions, 120 contributing countries, the 5 personnel types and every month-end since
   November 1990, with the export's habits (CRLF, quoted country names such as "Korea, Republic of", an
   empty female_personnel when there are no women); and a --small-rows file of the same kind.
2. For SQLite (a fresh copy of a migrated database file per run) and PostgreSQL (a throwaway server from
   scripts/postgres-throwaway, a fresh copy of a migrated database per run; skipped with --sqlite-only),
   runs each import in its own process and reports rows per second (timed inside the process: reading
   the file to commit) and the process's peak resident memory (from os.wait4):
   - missionfacts: `import_un_contributions`, the importer itself;
   - pandas: the named baseline, `pd.read_csv` + `DataFrame.to_sql` (default method) into the same
     personnel_strength table, with only the mapping the table needs (mission ids, type keys, dates,
     empty female as 0) and no validation, no duplicate check, no provenance.
   The median of --repeat runs is shown, with the ratio to the baseline.
3. Compares peak memory on the small and the big file (streaming: it should barely grow).
4. On SQLite, measures a lower bound for any importer of the file (`floor`): reading it with the csv module,
   and writing its rows, already converted and sorted, into personnel_strength with one INSERT ... SELECT;
   and compares it with the time budget of the 3x target (a third of pandas' time).
5. Times the import of the real UN fatalities file (shared/data/un/DPPADPOSS-FATALITIES.csv).

pandas and SQLAlchemy are only needed here: pip install -e .[bench]
"""

import argparse
import calendar
import csv
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MISSIONS = ["MINUSMA", "MONUSCO", "UNMISS", "UNIFIL", "MINUSCA", "UNISFA", "UNFICYP", "UNDOF", "MINURSO",
            "UNMIK", "UNTSO", "UNMOGIP", "UNAMID", "MINUSTAH", "UNMIL"]
TYPES = {  # UN label: (key, men range, women range)
    "Troops": ("troops", (80, 900), (0, 60)),
    "Staff Officer": ("staff_officer", (1, 25), (0, 6)),
    "Experts on Mission": ("expert_on_mission", (1, 15), (0, 4)),
    "Formed Police Units": ("formed_police_unit", (100, 160), (0, 30)),
    "Individual Police": ("individual_police", (1, 60), (0, 20)),
}
HEADER = ["contributing_country", "contribution_id", "female_personnel", "isocode3", "last_reporting_date",
          "m49_code", "male_personnel", "mission_acronym", "personnel_type"]
FIRST_MONTH = (1990, 11)


def month_ends(until: date) -> list[date]:
    year, month = FIRST_MONTH
    ends = []
    while True:
        end = date(year, month, calendar.monthrange(year, month)[1])
        if end > until:
            return ends
        ends.append(end)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def generate(path: Path, rows: int, seed: int = 20261129) -> None:
    """A UN-format contributions CSV of exactly `rows` rows, the same for the same arguments."""
    import pycountry

    rng = random.Random(seed)
    countries = rng.sample(sorted(pycountry.countries, key=lambda c: c.alpha_3), 120)
    names = {"KOR": "Korea, Republic of", "TZA": "Tanzania, United Republic of", "IRN": "Iran, Islamic Republic of"}
    ends = month_ends(date(2026, 10, 31))
    per_mission_month = -(-rows // (len(ends) * len(MISSIONS)))
    pools = {mission: rng.sample(countries, 70) for mission in MISSIONS}
    combinations = {mission: [(country, label) for country in pools[mission] for label in TYPES]
                    for mission in MISSIONS}
    written = 0
    with open(path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)  # CRLF line ends, quotes where needed: as the Data Hub's export
        writer.writerow(HEADER)
        for end in ends:
            for mission in MISSIONS:
                picked = rng.sample(combinations[mission], min(per_mission_month, len(combinations[mission])))
                for country, label in sorted(picked, key=lambda pair: (pair[0].alpha_3, pair[1])):
                    if written == rows:
                        return
                    _, men_range, women_range = TYPES[label]
                    women = rng.randint(*women_range) if rng.random() < 0.6 else 0
                    written += 1
                    writer.writerow([
                        names.get(country.alpha_3, country.name), written, women or "", country.alpha_3,
                        end.isoformat(), country.numeric, rng.randint(*men_range), mission, label,
                    ])
    if written < rows:
        raise SystemExit(f"could only generate {written} rows; raise the density")


# Children: each measured run is a process of its own ---------------------------------------------------------

def child(mode: str, file: str) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "missionfacts.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from missionfacts.imports.models import Source
    from missionfacts.missions.models import Mission

    if mode == "prepare":
        call_command("migrate", verbosity=0, interactive=False)
        source, _ = Source.objects.get_or_create(key="benchmark", defaults={"kind": "document", "title": "Benchmark"})
        for acronym in MISSIONS:
            Mission.objects.get_or_create(acronym=acronym, defaults={"source": source})
        return {}
    if mode == "missionfacts":
        from missionfacts.imports.un_contributions import import_un_contributions

        started = time.perf_counter()
        result = import_un_contributions(Path(file))
        seconds = time.perf_counter() - started
        if not result.ok:
            raise SystemExit("\n".join(str(problem) for problem in result.problems[:20]))
        return {"seconds": seconds, "rows": result.rows_added}
    if mode == "fatalities":
        from missionfacts.imports.un_fatalities import import_un_fatalities

        started = time.perf_counter()
        result = import_un_fatalities(Path(file))
        seconds = time.perf_counter() - started
        if not result.ok:
            raise SystemExit("\n".join(str(problem) for problem in result.problems[:20]))
        return {"seconds": seconds, "rows": result.rows_read}
    if mode == "pandas":
        return pandas_baseline(file)
    if mode == "floor":
        return floor(file)
    raise SystemExit(f"unknown child mode {mode}")


def pandas_baseline(file: str) -> dict:
    from django.conf import settings
    from django.db import connection

    from missionfacts.imports.un_contributions import SOURCE
    from missionfacts.missions.models import Mission

    missions = dict(Mission.objects.values_list("acronym", "id"))
    source_id = SOURCE.get_or_create().pk
    types = {label: key for label, (key, _, _) in TYPES.items()}
    database = settings.DATABASES["default"]
    connection.close()
    import pandas as pd

    sqlite = database["ENGINE"].endswith("sqlite3")
    if sqlite:
        import sqlite3

        target = sqlite3.connect(database["NAME"])
    else:
        from sqlalchemy import create_engine
        from sqlalchemy.engine import URL

        target = create_engine(URL.create(
            "postgresql+psycopg", username=database["USER"] or None, password=database["PASSWORD"] or None,
            host=database["HOST"] or None, port=database["PORT"] or None, database=database["NAME"],
        ))
    started = time.perf_counter()
    frame = pd.read_csv(file)
    table = pd.DataFrame({
        "mission_id": frame["mission_acronym"].map(missions),
        # SQLite keeps dates as ISO text, as the file has them; PostgreSQL needs real dates.
        "reported_on": frame["last_reporting_date"] if sqlite else pd.to_datetime(frame["last_reporting_date"]),
        "country": frame["isocode3"],
        "personnel_type": frame["personnel_type"].map(types),
        "men": frame["male_personnel"],
        "women": frame["female_personnel"].fillna(0).astype("int64"),
        "source_id": source_id,
    })
    table.to_sql("personnel_strength", target, if_exists="append", index=False)
    if hasattr(target, "commit"):
        target.commit()
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "rows": len(table)}


def floor(file: str) -> dict:
    """A lower bound for any importer of this file into SQLite that reads it with Python's csv module (the C
    parser the standard library has) and ends with its rows in personnel_strength, measured as two steps
    that such an importer cannot avoid, each at its cheapest:

    - read: the csv module going through the file, keeping nothing;
    - write: one INSERT ... SELECT of the rows, already converted and sorted in the order of the table's
      unique index, from a temporary table filled beforehand (not timed), then COMMIT, on Django's connection
      (foreign keys not checked row by row, as for the importer: `staging.unchecked_foreign_keys`; SQLite's
      default page cache, which keeps memory flat). Handing the rows to SQLite from Python at all is left
      out, so the bound is generous.

    And the same two steps done the fastest way this machine offers, whatever the project's stack:
    - read_arrow: pyarrow's multithreaded CSV reader going through the file (all columns as text);
    - direct: the converted, sorted rows handed from Python straight into personnel_strength (multi-row
      INSERTs of 500 rows, `staging.insert_in_statements`), with no staging table: the cheapest write an
      importer that reads in Python can make, since it has to bind every value once.
    """
    import gc

    from django.db import connection, transaction

    from missionfacts.imports.staging import insert_in_statements, unchecked_foreign_keys
    from missionfacts.imports.un_contributions import SOURCE
    from missionfacts.missions.models import Mission

    gc.disable()
    started = time.perf_counter()
    with open(file, newline="", encoding="utf-8") as stream:
        for _row in csv.reader(stream):
            pass
    read = time.perf_counter() - started

    missions = dict(Mission.objects.values_list("acronym", "id"))
    source_id = SOURCE.get_or_create().pk
    types = {label: key for label, (key, _, _) in TYPES.items()}
    columns = "mission_id, reported_on, country, personnel_type, men, women, source_id"
    with open(file, newline="", encoding="utf-8") as stream:
        prepared = sorted((missions[row["mission_acronym"]], row["last_reporting_date"], row["isocode3"],
                           types[row["personnel_type"]], int(row["male_personnel"]), int(row["female_personnel"] or 0),
                           source_id) for row in csv.DictReader(stream))
    connection.ensure_connection()
    cursor = connection.connection.cursor()
    cursor.execute(f"CREATE TEMP TABLE ready ({columns})")
    cursor.executemany("INSERT INTO ready VALUES (?, ?, ?, ?, ?, ?, ?)", prepared)
    connection.connection.commit()
    started = time.perf_counter()
    with unchecked_foreign_keys(), transaction.atomic():
        cursor.execute(f"INSERT INTO personnel_strength ({columns}) SELECT {columns} FROM ready ORDER BY rowid")
    write = time.perf_counter() - started

    cursor.execute("DELETE FROM personnel_strength")
    connection.connection.commit()
    started = time.perf_counter()
    with unchecked_foreign_keys(), transaction.atomic():
        for _batch in insert_in_statements(connection, f"INSERT INTO personnel_strength ({columns}) VALUES ",
                                           7, [prepared]):
            pass
    direct = time.perf_counter() - started
    import pyarrow
    import pyarrow.csv

    started = time.perf_counter()
    with open(file, newline="", encoding="utf-8") as stream:
        header = next(csv.reader(stream))
    text = pyarrow.csv.ConvertOptions(column_types=dict.fromkeys(header, pyarrow.string()))
    for _batch in pyarrow.csv.open_csv(file, convert_options=text):
        pass
    read_arrow = time.perf_counter() - started
    return {"seconds": read + write, "read": read, "write": write, "direct": direct, "read_arrow": read_arrow,
            "rows": len(prepared)}


def run_child(mode: str, file: Path | str, env: dict) -> dict:
    """Run one measured child process; its result plus its own peak resident memory in MiB."""
    process = subprocess.Popen([sys.executable, __file__, "--child", mode, "--file", str(file)], env=env,
                               cwd=ROOT, stdout=subprocess.PIPE, text=True)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{mode} on {file} failed (exit {process.returncode}):\n{output}")
    measured = json.loads(output.strip().splitlines()[-1])
    measured["peak_mib"] = usage.ru_maxrss / 1024  # kilobytes on Linux
    return measured


# The parent --------------------------------------------------------------------------------------------------

class Database:
    """A database kind to run on: a fresh migrated SQLite file per run, or one PostgreSQL server emptied."""

    def __init__(self, kind: str, workdir: Path):
        self.kind = kind
        self.workdir = workdir
        self.url = None
        self.runs = 0

    def __enter__(self) -> "Database":
        if self.kind == "sqlite":
            self.template = self.workdir / "template.sqlite3"
            run_child("prepare", "", self.env(self.template))
        else:
            started = subprocess.run([ROOT / "scripts" / "postgres-throwaway", "start"], check=True,
                                     capture_output=True, text=True)
            self.url = started.stdout.strip().splitlines()[-1]
            run_child("prepare", "", self.env())
        return self

    def __exit__(self, *exc_info) -> None:
        if self.url:
            subprocess.run([ROOT / "scripts" / "postgres-throwaway", "stop", self.url], check=False)

    def env(self, sqlite_file: Path | None = None) -> dict:
        env = {**os.environ, "MISSIONFACTS_HOME": str(self.workdir), "PYTHONPATH": str(ROOT)}
        env["MISSIONFACTS_DATABASE_URL"] = f"sqlite:///{sqlite_file}" if sqlite_file else self.url
        return env

    def fresh(self) -> dict:
        """The environment of a run on a fresh copy of the prepared database."""
        self.runs += 1
        if self.kind == "sqlite":
            database = self.workdir / f"run-{self.runs}.sqlite3"
            shutil.copyfile(self.template, database)
            return self.env(database)
        # A new database from the prepared one as template: no dead rows or grown indexes of earlier runs.
        self._server(f"CREATE DATABASE run_{self.runs} TEMPLATE missionfacts")
        env = self.env()
        env["MISSIONFACTS_DATABASE_URL"] = self.url.rsplit("/", 1)[0] + f"/run_{self.runs}"
        return env

    def done(self, env: dict) -> None:
        url = env["MISSIONFACTS_DATABASE_URL"]
        if self.kind == "sqlite":
            Path(url.removeprefix("sqlite:///")).unlink()
        else:
            self._server(f"DROP DATABASE {url.rsplit('/', 1)[1]}")

    def _server(self, statement: str) -> None:
        import dj_database_url
        import psycopg

        settings = dj_database_url.parse(self.url)
        with psycopg.connect(host=settings["HOST"], port=settings["PORT"], user=settings["USER"],
                             dbname="postgres", autocommit=True) as connection:
            connection.execute(statement)


def measure(database: Database, mode: str, file: Path, repeat: int) -> dict:
    runs = []
    for _ in range(repeat):
        env = database.fresh()
        runs.append(run_child(mode, file, env))
        database.done(env)
    seconds = statistics.median(run["seconds"] for run in runs)
    rows = runs[0]["rows"]
    parts = {part: statistics.median(run[part] for run in runs) for part in ("read", "write", "direct", "read_arrow")
             if part in runs[0]}
    return {"seconds": seconds, "rows": rows, "rows_per_second": rows / seconds, **parts,
            "peak_mib": max(run["peak_mib"] for run in runs), "all_seconds": [run["seconds"] for run in runs]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--small-rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--postgres-repeat", type=int, default=1, help="Runs per measure on PostgreSQL (slower).")
    parser.add_argument("--sqlite-only", action="store_true", help="Skip PostgreSQL.")
    parser.add_argument("--keep", type=Path, default=None, help="Keep the generated files in this folder.")
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--file", default="", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        print(json.dumps(child(arguments.child, arguments.file)))
        return

    workdir = Path(tempfile.mkdtemp(prefix="missionfacts-bench-"))
    try:
        files = arguments.keep or workdir
        files.mkdir(parents=True, exist_ok=True)
        big, small = files / f"contributions-{arguments.rows}.csv", files / f"contributions-{arguments.small_rows}.csv"
        for path, rows in ((big, arguments.rows), (small, arguments.small_rows)):
            if not path.exists():
                started = time.perf_counter()
                generate(path, rows)
                print(f"generated {path.name}: {rows:,} rows, {path.stat().st_size / 2**20:.0f} MiB "
                      f"in {time.perf_counter() - started:.1f} s", flush=True)
        kinds = ["sqlite"] if arguments.sqlite_only else ["sqlite", "postgresql"]
        if arguments.sqlite_only:
            print("PostgreSQL skipped (--sqlite-only).")
        fatalities = ROOT.parent / "shared" / "data" / "un" / "DPPADPOSS-FATALITIES.csv"
        results = {}
        for kind in kinds:
            repeat = arguments.repeat if kind == "sqlite" else arguments.postgres_repeat
            with Database(kind, workdir) as database:
                for label, mode, path, runs in (
                    ("missionfacts", "missionfacts", big, repeat),
                    ("pandas", "pandas", big, repeat),
                    ("missionfacts small", "missionfacts", small, repeat),
                    ("pandas small", "pandas", small, 1),
                ):
                    results[kind, label] = measure(database, mode, path, runs)
                    measured = results[kind, label]
                    print(f"  {kind:10} {label:20} {measured['rows']:>9,} rows  {measured['seconds']:6.2f} s  "
                          f"{measured['rows_per_second']:>9,.0f} rows/s  peak {measured['peak_mib']:5.0f} MiB  "
                          f"(runs: {', '.join(f'{s:.2f}' for s in measured['all_seconds'])} s)", flush=True)
                if kind == "sqlite":
                    results[kind, "floor"] = measure(database, "floor", big, repeat)
                if fatalities.exists():
                    results[kind, "fatalities"] = measure(database, "fatalities", fatalities, repeat)
        report(results, kinds, arguments)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def report(results: dict, kinds: list[str], arguments) -> None:
    print()
    print(f"un-contributions import, {arguments.rows:,} rows (median of {arguments.repeat} runs on SQLite, "
          f"{arguments.postgres_repeat} on PostgreSQL; peak = the process's maximum resident memory)")
    print(f"{'database':<12}{'importer':<16}{'seconds':>9}{'rows/s':>12}{'peak MiB':>10}{'x pandas':>10}")
    for kind in kinds:
        baseline = results[kind, "pandas"]["rows_per_second"]
        for label in ("missionfacts", "pandas"):
            measured = results[kind, label]
            print(f"{kind:<12}{label:<16}{measured['seconds']:>9.2f}{measured['rows_per_second']:>12,.0f}"
                  f"{measured['peak_mib']:>10.0f}{measured['rows_per_second'] / baseline:>10.2f}")
    print()
    print(f"Peak memory, {arguments.small_rows:,} rows against {arguments.rows:,} rows")
    print(f"{'database':<12}{'importer':<16}{'small MiB':>10}{'big MiB':>10}{'growth':>9}")
    for kind in kinds:
        for label in ("missionfacts", "pandas"):
            small, big = results[kind, f"{label} small"]["peak_mib"], results[kind, label]["peak_mib"]
            print(f"{kind:<12}{label:<16}{small:>10.0f}{big:>10.0f}{big / small:>8.2f}x")
    if ("sqlite", "floor") in results:
        floor_run, pandas_run = results["sqlite", "floor"], results["sqlite", "pandas"]
        print()
        print(f"Lower bound on SQLite (see floor()): reading the file with the csv module {floor_run['read']:.2f} s "
              f"+ writing its rows, converted and sorted, into personnel_strength {floor_run['write']:.2f} s = "
              f"{floor_run['seconds']:.2f} s, against {pandas_run['seconds'] / 3:.2f} s for 3x pandas "
              f"({floor_run['seconds'] / pandas_run['seconds'] * 3:.2f}x of that budget before any checking).")
        budget = pandas_run["seconds"] / 3
        arrow, direct = floor_run["read_arrow"], floor_run["direct"]
        print(f"The fastest ways this machine offers: reading the file with pyarrow's CSV reader {arrow:.2f} s "
              f"+ handing the converted rows from Python straight into personnel_strength (no staging table) "
              f"{direct:.2f} s = {arrow + direct:.2f} s, {(arrow + direct) / budget:.2f}x of the 3x budget "
              f"before any checking, duplicate finding or provenance.")
    print()
    for kind in kinds:
        if (kind, "fatalities") in results:
            measured = results[kind, "fatalities"]
            print(f"Real fatalities file ({measured['rows']:,} rows) on {kind}: {measured['seconds']:.2f} s")


if __name__ == "__main__":
    main()
