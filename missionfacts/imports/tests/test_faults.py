"""Imports under faults: a process killed mid-way, and two imports for the same mission at once.

These tests drive the real command (`python -m missionfacts.cli import ...`) in child processes against a
database of their own: a SQLite file in a temporary folder, and, when MISSIONFACTS_DATABASE_URL points to a
PostgreSQL server, a fresh database created on that server for the test and dropped after it. They look at
that database with the plain DB-API driver, so what they see does not depend on Django's test transaction.
"""

import csv
import hashlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import unittest
import uuid
from datetime import date, timedelta
from pathlib import Path

import pycountry
from django.conf import settings

ROOT = Path(__file__).resolve().parents[3]
HEADER = ["contributing_country", "isocode3", "last_reporting_date", "male_personnel", "female_personnel",
          "mission_acronym", "personnel_type"]
LABELS = ["Troops", "Staff Officer", "Experts on Mission", "Formed Police Units", "Individual Police"]
COUNTRIES = sorted(country.alpha_3 for country in pycountry.countries)
# Long enough that an import is still writing a second after it starts, short enough for CI.
BIG_FILE_ROWS = 150_000


def month_ends(first: date, months: int) -> list[date]:
    ends, year, month = [], first.year, first.month
    for _ in range(months):
        following = date(year + month // 12, month % 12 + 1, 1)
        ends.append(following - timedelta(days=1))
        year, month = following.year, following.month
    return ends


def write_contributions(path: Path, rows: int, *, missions: list[str], first_month: date, seed: int) -> int:
    """A UN-format contributions file of `rows` rows (fewer if the months run out), the same for the same seed."""
    generator = random.Random(seed)
    written = 0
    with open(path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(HEADER)
        for day in month_ends(first_month, 12 * 40):
            for mission in missions:
                for country in COUNTRIES:
                    for label in LABELS:
                        if written == rows:
                            return written
                        writer.writerow([country, country, day.isoformat(), generator.randint(1, 900),
                                         generator.randint(0, 60), mission, label])
                        written += 1
    return written


class ScratchDatabase:
    """A database of the test's own, of the engine the suite runs on, and the environment that points to it."""

    def __init__(self, home: Path):
        self.home = home
        self.engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
        self.url = os.environ.get("MISSIONFACTS_DATABASE_URL", "")
        self.name = ""
        self.size_before_import: int | None = None
        if self.engine == "postgresql":
            self.name = f"missionfacts_faults_{uuid.uuid4().hex[:12]}"
            with self._server() as server:
                server.execute(f'CREATE DATABASE "{self.name}"')

    @property
    def path(self) -> Path:
        return self.home / "missionfacts.sqlite3"

    def environment(self) -> dict:
        # The command speaks the locale's language: English here, whatever the machine's locale.
        environment = {**os.environ, "MISSIONFACTS_HOME": str(self.home),
                       "DJANGO_SETTINGS_MODULE": "missionfacts.settings", "LC_ALL": "en_US.UTF-8"}
        environment.pop("MISSIONFACTS_DATABASE_URL", None)
        if self.engine == "postgresql":
            environment["MISSIONFACTS_DATABASE_URL"] = self._url_of(self.name)
        return environment

    def connect(self):
        if self.engine == "postgresql":
            import psycopg

            return psycopg.connect(self._libpq_of(self.name), autocommit=True)
        return sqlite3.connect(self.path, timeout=30)

    def drop(self) -> None:
        if self.engine == "postgresql":
            with self._server() as server:
                server.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    # The scratch database sits on the same server as the suite's, under another name.

    def _server(self):
        import psycopg

        return psycopg.connect(self._libpq_of(settings.DATABASES["default"]["NAME"]), autocommit=True)

    def _url_of(self, name: str) -> str:
        base, _, query = self.url.partition("?")
        base = base.rsplit("/", 1)[0] + "/" + name
        return f"{base}?{query}" if query else base

    def _libpq_of(self, name: str) -> str:
        database = settings.DATABASES["default"]
        parts = {"dbname": name, "user": database.get("USER"), "password": database.get("PASSWORD"),
                 "host": database.get("HOST"), "port": database.get("PORT")}
        return " ".join(f"{key}='{value}'" for key, value in parts.items() if value)

    # What a test compares: every table's row count, and a checksum of the strength table.

    def snapshot(self) -> dict:
        with self.connect() as connection:
            cursor = connection.cursor()
            if self.engine == "postgresql":
                cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
            else:
                cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                               "ORDER BY name")
            tables = [row[0] for row in cursor.fetchall()]
            counts = {}
            for table in tables:
                cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
                counts[table] = cursor.fetchone()[0]
            cursor.execute("SELECT id, mission_id, reported_on, country, personnel_type, men, women, source_id, "
                           "import_batch_id FROM personnel_strength ORDER BY id")
            digest = hashlib.sha256()
            for row in cursor:
                digest.update(repr(tuple(str(value) for value in row)).encode())
        return {"counts": counts, "strength_sha256": digest.hexdigest()}

    def strength_keys(self) -> list[tuple]:
        with self.connect() as connection:
            cursor = connection.cursor()
            cursor.execute("SELECT m.acronym, s.reported_on, s.country, s.personnel_type FROM personnel_strength s "
                           "JOIN missions_mission m ON m.id = s.mission_id")
            return [tuple(str(value) for value in row) for row in cursor.fetchall()]

    def is_writing(self) -> bool:
        """Whether an import has begun writing: a transaction holding written data is open."""
        if self.engine == "sqlite3":
            # In write-ahead-log mode (the settings' own), SQLite appends each change to the log beside the file.
            wal = Path(f"{self.path}-wal")
            return Path(f"{self.path}-journal").exists() or (wal.exists() and wal.stat().st_size > 0)
        with self.connect() as connection:
            row = connection.execute(
                "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = %s AND backend_xid IS NOT NULL "
                "AND pid <> pg_backend_pid()", [self.name]).fetchone()
            return row[0] > 0

    def has_written_strength(self) -> bool:
        """Whether the import is inserting into the strength table itself (on PostgreSQL; SQLite cannot say)."""
        if self.engine == "sqlite3":
            # Rows beyond the page cache spill into the write-ahead log before commit.
            wal = Path(f"{self.path}-wal")
            return wal.exists() and wal.stat().st_size > 1024 * 1024
        with self.connect() as connection:
            row = connection.execute(
                "SELECT COUNT(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation JOIN pg_database d "
                "ON d.oid = l.database WHERE d.datname = %s AND c.relname = 'personnel_strength' "
                "AND l.mode = 'RowExclusiveLock' AND l.granted", [self.name]).fetchone()
            return row[0] > 0


def missionfacts(database: ScratchDatabase, *arguments: str, **options) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "missionfacts.cli", *arguments], cwd=ROOT,
                            env=database.environment(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, **options)


def run_missionfacts(database: ScratchDatabase, *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "missionfacts.cli", *arguments], cwd=ROOT,
                          env=database.environment(), capture_output=True, text=True, timeout=600)


class FaultTestCase(unittest.TestCase):
    """Each test gets a scratch database, set up with the reference data and a first contributions file."""

    def setUp(self):
        self.folder = Path(tempfile.mkdtemp(prefix="missionfacts-faults-"))
        self.database = ScratchDatabase(self.folder)
        self.addCleanup(self._clean)
        seed = self.folder / "contributions-2019.csv"
        write_contributions(seed, 2000, missions=["MINUSMA"], first_month=date(2019, 1, 1), seed=1)
        done = run_missionfacts(self.database, "import", "un-contributions", str(seed))
        self.assertEqual(done.returncode, 0, done.stderr)

    def _clean(self) -> None:
        self.database.drop()
        for path in sorted(self.folder.rglob("*"), reverse=True):
            path.unlink() if path.is_file() else path.rmdir()
        self.folder.rmdir()

    def wait_until(self, condition, process: subprocess.Popen, what: str, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if process.poll() is not None:
                self.fail(f"the import ended (status {process.returncode}) before {what}: {process.stderr.read()}")
            if time.monotonic() > deadline:
                process.kill()
                self.fail(f"timed out waiting until {what}")
            time.sleep(0.005)


class KilledImportTests(FaultTestCase):
    def kill_import_when(self, condition, what: str) -> None:
        big = self.folder / "contributions-big.csv"
        rows = write_contributions(big, BIG_FILE_ROWS, missions=["MINUSMA", "MINUFAULT"],
                                   first_month=date(2020, 1, 1), seed=2)
        before = self.database.snapshot()
        self.database.size_before_import = None
        condition()
        importing = missionfacts(self.database, "import", "un-contributions", str(big))
        self.wait_until(condition, importing, what)
        importing.send_signal(signal.SIGKILL)
        importing.wait(timeout=30)
        importing.stdout.close()
        importing.stderr.close()
        self.assertEqual(importing.returncode, -signal.SIGKILL, "the import finished before it could be killed")

        self.assertEqual(self.database.snapshot(), before, "the killed import left something behind")
        again = run_missionfacts(self.database, "import", "un-contributions", str(big))
        self.assertEqual(again.returncode, 0, again.stderr)
        self.assertIn(f"{rows:,} added", again.stdout)
        after = self.database.snapshot()
        self.assertEqual(after["counts"]["personnel_strength"], before["counts"]["personnel_strength"] + rows)
        self.assertEqual(after["counts"]["imports_importbatch"], before["counts"]["imports_importbatch"] + 1)

    def test_an_import_killed_as_it_starts_writing_leaves_the_database_as_it_was(self):
        self.kill_import_when(self.database.is_writing, "it starts writing")

    def test_an_import_killed_while_writing_the_strength_table_leaves_the_database_as_it_was(self):
        self.kill_import_when(self.database.has_written_strength, "it writes the strength table")


@unittest.skipUnless(settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
                     "SQLite lets one process write at a time: concurrent imports need PostgreSQL")
class ConcurrentImportTests(FaultTestCase):
    def test_two_imports_for_the_same_mission_at_once_both_land_without_loss_or_duplicates(self):
        first, second = self.folder / "contributions-2020.csv", self.folder / "contributions-2021.csv"
        first_rows = write_contributions(first, 12_000, missions=["MINUSMA"], first_month=date(2020, 1, 1), seed=3)
        second_rows = write_contributions(second, 12_000, missions=["MINUSMA"], first_month=date(2021, 1, 1), seed=4)
        before = self.database.snapshot()["counts"]
        importing = [missionfacts(self.database, "import", "un-contributions", str(path)) for path in (first, second)]
        outputs = [process.communicate(timeout=300) for process in importing]
        for process, (_, stderr) in zip(importing, outputs, strict=True):
            self.assertEqual(process.returncode, 0, stderr)
        after = self.database.snapshot()["counts"]
        self.assertEqual(after["personnel_strength"], before["personnel_strength"] + first_rows + second_rows)
        self.assertEqual(after["imports_importbatch"], before["imports_importbatch"] + 2)
        keys = self.database.strength_keys()
        self.assertEqual(len(keys), len(set(keys)), "a strength row was written twice")

    def test_two_imports_that_both_bring_a_new_mission_both_land(self):
        first, second = self.folder / "new-2020.csv", self.folder / "new-2021.csv"
        first_rows = write_contributions(first, 12_000, missions=["MINUNEW"], first_month=date(2020, 1, 1), seed=5)
        second_rows = write_contributions(second, 12_000, missions=["MINUNEW"], first_month=date(2021, 1, 1), seed=6)
        before = self.database.snapshot()["counts"]
        importing = [missionfacts(self.database, "import", "un-contributions", str(path)) for path in (first, second)]
        outputs = [process.communicate(timeout=300) for process in importing]
        for process, (_, stderr) in zip(importing, outputs, strict=True):
            self.assertEqual(process.returncode, 0, stderr)
        after = self.database.snapshot()["counts"]
        self.assertEqual(after["missions_mission"], before["missions_mission"] + 1)
        self.assertEqual(after["personnel_strength"], before["personnel_strength"] + first_rows + second_rows)

    def test_two_imports_of_overlapping_files_both_land_and_each_key_is_written_once(self):
        first, second = self.folder / "overlap-a.csv", self.folder / "overlap-b.csv"
        write_contributions(first, 12_000, missions=["MINUSMA"], first_month=date(2020, 1, 1), seed=7)
        write_contributions(second, 12_000, missions=["MINUSMA"], first_month=date(2020, 1, 1), seed=8)
        before = self.database.snapshot()["counts"]
        importing = [missionfacts(self.database, "import", "un-contributions", str(path)) for path in (first, second)]
        outputs = [process.communicate(timeout=300) for process in importing]
        for process, (_, stderr) in zip(importing, outputs, strict=True):
            self.assertEqual(process.returncode, 0, stderr)
        after = self.database.snapshot()["counts"]
        self.assertEqual(after["personnel_strength"], before["personnel_strength"] + 12_000)
