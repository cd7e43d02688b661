"""Two processes on one SQLite home: imports wait for each other, and pages are read while an import writes.

The children (concurrent_worker) open a copy of the test database in a folder of their own, with the settings'
SQLite options, as two `missionfacts import` runs or a server and an import would.
"""

import json
import os
import queue
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import unittest
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test import TestCase

from missionfacts.imports.tests.test_faults import ROOT, write_contributions

ROUNDS = 20
ROWS_PER_IMPORT = 150
PAGES = ["/", "/api/missions/"]


def months_after(first: date, months: int) -> date:
    return date(first.year + (first.month - 1 + months) // 12, (first.month - 1 + months) % 12 + 1, 1)


class Child:
    """A concurrent_worker process, asked one line at a time."""

    def __init__(self, role: str, home: Path):
        # The children run with the test's own settings.
        environment = {**os.environ, "MISSIONFACTS_HOME": str(home), "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE}
        environment.pop("MISSIONFACTS_DATABASE_URL", None)
        self.process = subprocess.Popen([sys.executable, "-m", "missionfacts.imports.tests.concurrent_worker", role],
                                        cwd=ROOT, env=environment, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True, bufsize=1)
        # Its answers are read by a thread of their own: a select() on the pipe would miss lines already buffered.
        self.answers: queue.Queue[str] = queue.Queue()
        self.listener = threading.Thread(target=lambda: [self.answers.put(line) for line in self.process.stdout],
                                         daemon=True)
        self.listener.start()
        self.answer()

    def ask(self, request: str) -> None:
        self.process.stdin.write(request + "\n")
        self.process.stdin.flush()

    def answer(self, timeout: float = 120) -> dict:
        try:
            return json.loads(self.answers.get(timeout=timeout))
        except queue.Empty:
            self.process.kill()
            raise AssertionError(f"the {self.process.args[-1]} process gave no answer: "
                                 f"{self.process.stderr.read()}") from None

    def has_answered(self, within: float) -> bool:
        try:
            self.answers.put(self.answers.get(timeout=within))
        except queue.Empty:
            return False
        return True

    def stop(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=60)
        self.listener.join(timeout=10)
        self.process.stdout.close()
        self.process.stderr.close()


class ConcurrentSQLiteTests(TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
            cls.tearDownClass()
            raise unittest.SkipTest("SQLite's locking; test_faults covers concurrent imports on PostgreSQL")

    def setUp(self):
        self.home = Path(tempfile.mkdtemp(prefix="missionfacts-concurrent-"))
        self.addCleanup(shutil.rmtree, self.home)
        # The migrated test database, copied into the children's home: migrating a new one takes half a minute.
        # Read through a connection of its own: the test's connection holds the test's transaction open.
        source = sqlite3.connect(connection.settings_dict["NAME"], uri=True, isolation_level=None)
        source.execute("VACUUM INTO ?", [str(self.home / "missionfacts.sqlite3")])
        source.close()
        self.children: list[Child] = []
        self.addCleanup(lambda: [child.stop() for child in self.children])

    def start(self, role: str) -> Child:
        child = Child(role, self.home)
        self.children.append(child)
        return child

    def strength_rows(self) -> int:
        with sqlite3.connect(self.home / "missionfacts.sqlite3", timeout=60) as reading:
            return reading.execute("SELECT COUNT(*) FROM personnel_strength").fetchone()[0]

    def test_two_imports_at_once_both_land_and_pages_read_meanwhile_answer_20_times_in_a_row(self):
        importers, reader = [self.start("import"), self.start("import")], self.start("read")
        for round_number in range(ROUNDS):
            files = []
            for importer_number in range(2):
                path = self.home / f"contributions-{round_number}-{importer_number}.csv"
                first_month = months_after(date(2014 + 2 * importer_number, 1, 1), round_number)
                write_contributions(path, ROWS_PER_IMPORT, missions=["MINUSMA"], first_month=first_month,
                                    seed=round_number * 2 + importer_number)
                files.append(path)
            before = self.strength_rows()
            for importer, path in zip(importers, files, strict=True):
                importer.ask(str(path))
            for page in PAGES:
                reader.ask(page)
            statuses = {page: reader.answer()["status"] for page in PAGES}
            answers = [importer.answer() for importer in importers]
            with self.subTest(round=round_number):
                for answer in answers:
                    self.assertTrue(answer["ok"], answer.get("error"))
                    self.assertIn(f"{ROWS_PER_IMPORT} added", answer["output"])
                self.assertEqual(statuses, dict.fromkeys(PAGES, 200))
                self.assertEqual(self.strength_rows(), before + 2 * ROWS_PER_IMPORT)

    def test_pages_are_read_while_an_import_holds_the_write_lock(self):
        reader = self.start("read")
        reader.ask("/")
        self.assertEqual(reader.answer()["status"], 200)
        # As an import does while it commits, or once its changes outgrow the page cache: readers of a
        # rollback journal wait for it, and fail after the busy timeout.
        writer = sqlite3.connect(self.home / "missionfacts.sqlite3", isolation_level=None)
        self.addCleanup(writer.close)
        writer.execute("BEGIN EXCLUSIVE")
        writer.execute("UPDATE missions_mission SET acronym = acronym")
        try:
            for page in PAGES:
                reader.ask(page)
                self.assertEqual(reader.answer()["status"], 200, page)
        finally:
            writer.execute("ROLLBACK")

    def test_an_import_waits_for_another_writer_and_then_lands(self):
        importer = self.start("import")
        path = self.home / "contributions.csv"
        write_contributions(path, ROWS_PER_IMPORT, missions=["MINUSMA"], first_month=date(2015, 1, 1), seed=1)
        before = self.strength_rows()
        writer = sqlite3.connect(self.home / "missionfacts.sqlite3", isolation_level=None)
        self.addCleanup(writer.close)
        writer.execute("BEGIN IMMEDIATE")
        importer.ask(str(path))
        # Longer than SQLite's default busy timeout of five seconds, after which the import used to fail.
        if importer.has_answered(within=6):
            self.fail(f"the import ended while another process held the write lock: {importer.answer()}")
        writer.execute("ROLLBACK")
        answer = importer.answer()
        self.assertTrue(answer["ok"], answer.get("error"))
        self.assertIn(f"{ROWS_PER_IMPORT} added", answer["output"])
        self.assertEqual(self.strength_rows(), before + ROWS_PER_IMPORT)
