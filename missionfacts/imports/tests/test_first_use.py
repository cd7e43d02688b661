"""First use: the shipped reference database is what migrations and loaders make today, and is copied in once."""

import lzma
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from missionfacts.imports import prebuilt

ROOT = Path(__file__).resolve().parents[3]
# Columns that hold when a record was written, not what it says: the build's clock, never the same twice.
CLOCK_COLUMNS = {"applied", "history_date", "imported_at", "created_at", "updated_at", "changed_at", "started_at",
                 "finished_at", "modified", "created", "checked_at", "date_joined", "last_login"}
# The stamps caches are keyed by: random by design, and renewed in every copy (prebuilt._renew_stamps).
RANDOM_COLUMNS = {"missions_dataversion": {"stamp"}}


def _environment(home: Path, **extra: str) -> dict:
    environment = {key: value for key, value in os.environ.items()
                   if key not in {"MISSIONFACTS_DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    return {**environment, "MISSIONFACTS_HOME": str(home), "PYTHONPATH": str(ROOT), **extra}


def _content(path: Path) -> dict:
    """The schema, the applied migrations and every table's rows, the clock columns left out."""
    with sqlite3.connect(path) as database:
        schema = sorted(database.execute("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"))
        migrations = sorted(database.execute("SELECT app, name FROM django_migrations"))
        rows = {}
        for (table,) in database.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                         "AND name NOT LIKE 'sqlite_%'").fetchall():
            columns = [row[1] for row in database.execute(f'PRAGMA table_info("{table}")')]
            left_out = CLOCK_COLUMNS | RANDOM_COLUMNS.get(table, set())
            kept = [f'"{column}"' for column in columns if column not in left_out]
            rows[table] = sorted(database.execute(f'SELECT {", ".join(kept)} FROM "{table}"').fetchall(), key=repr)
    database.close()
    return {"schema": schema, "migrations": migrations, "rows": rows}


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("shipped") / "shipped.sqlite3"
    path.write_bytes(lzma.decompress(prebuilt.PREBUILT_DATABASE.read_bytes()))
    return path


def test_the_shipped_database_is_what_migrations_and_loaders_make_today(shipped, tmp_path):
    fresh = tmp_path / "fresh.sqlite3"
    subprocess.run([sys.executable, "-m", "missionfacts.imports.prebuilt", "--uncompressed", "--output", str(fresh)],
                   cwd=ROOT, env=_environment(tmp_path / "home"), check=True, capture_output=True)
    stale = f"The shipped database is stale: run {prebuilt.BUILD_COMMAND} and commit {prebuilt.PREBUILT_DATABASE.name}."
    today, shipped_content = _content(fresh), _content(shipped)
    assert shipped_content["migrations"] == today["migrations"], stale
    assert shipped_content["schema"] == today["schema"], stale
    assert shipped_content["rows"].keys() == today["rows"].keys(), stale
    for table, rows in today["rows"].items():
        assert shipped_content["rows"][table] == rows, f"{stale} (table {table} differs)"
    assert sum(len(rows) for rows in today["rows"].values()) > 1000, "the reference data was not loaded"


def test_first_use_copies_the_shipped_database_with_nothing_left_to_migrate(tmp_path):
    home = tmp_path / "home"
    run = subprocess.run([sys.executable, "-m", "missionfacts.cli", "missions", "--lang", "en"], cwd=ROOT,
                         env=_environment(home), capture_output=True, text=True, check=True)
    assert "Copied in the shipped reference data" in run.stderr
    assert "ONUB" in run.stdout and "MINUSMA" in run.stdout
    with sqlite3.connect(home / "missionfacts.sqlite3") as database:
        applied = set(database.execute("SELECT app, name FROM django_migrations"))
    database.close()
    assert applied == set(_content_of_shipped_migrations())
    again = subprocess.run([sys.executable, "-m", "missionfacts.cli", "missions", "--lang", "en"], cwd=ROOT,
                           env=_environment(home), capture_output=True, text=True, check=True)
    assert "Setting up" not in again.stderr and "Copied" not in again.stderr


def _content_of_shipped_migrations() -> list[tuple]:
    with lzma.open(prebuilt.PREBUILT_DATABASE) as packed:
        data = packed.read()
    database = sqlite3.connect(":memory:")
    database.deserialize(data)
    applied = database.execute("SELECT app, name FROM django_migrations").fetchall()
    database.close()
    return applied


def test_an_existing_file_memory_and_postgresql_keep_the_normal_path(tmp_path):
    existing = tmp_path / "kept.sqlite3"
    existing.write_bytes(b"")
    assert not prebuilt.install_prebuilt({"NAME": str(existing)}, "sqlite")
    assert existing.read_bytes() == b""
    assert not prebuilt.install_prebuilt({"NAME": "file:memorydb_default?mode=memory&cache=shared"}, "sqlite")
    assert not prebuilt.install_prebuilt({"NAME": ":memory:"}, "sqlite")
    assert not prebuilt.install_prebuilt({"NAME": str(tmp_path / "new.sqlite3")}, "postgresql")
    assert not (tmp_path / "new.sqlite3").exists()


def test_the_copy_can_be_switched_off(tmp_path, monkeypatch):
    monkeypatch.setenv(prebuilt.USE_PREBUILT_VARIABLE, "false")
    assert not prebuilt.install_prebuilt({"NAME": str(tmp_path / "new.sqlite3")}, "sqlite")
    assert not (tmp_path / "new.sqlite3").exists()


def test_a_new_file_gets_the_whole_shipped_database_with_stamps_of_its_own(shipped, tmp_path, monkeypatch):
    monkeypatch.delenv(prebuilt.USE_PREBUILT_VARIABLE, raising=False)
    target = tmp_path / "deeper" / "missionfacts.sqlite3"
    assert prebuilt.install_prebuilt({"NAME": str(target)}, "sqlite")
    assert _content(target) == _content(shipped)
    assert [path.name for path in target.parent.iterdir()] == ["missionfacts.sqlite3"]
    stamps = "SELECT stamp FROM missions_dataversion ORDER BY id"
    with sqlite3.connect(target) as copied, sqlite3.connect(shipped) as original:
        assert copied.execute(stamps).fetchall() != original.execute(stamps).fetchall()
    copied.close()
    original.close()


def test_listing_the_missions_imports_no_chart_pdf_or_columnar_library(tmp_path):
    """Altair, vl-convert, WeasyPrint and pyarrow take seconds to import; a command drawing nothing needs none."""
    probe = ("import contextlib, io, sys\n"
             "from missionfacts import cli\n"
             "with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
             "    cli.main(['missions', '--lang', 'en'])\n"
             "heavy = ('altair', 'vl_convert', 'weasyprint', 'pyarrow')\n"
             "print(sorted(name for name in heavy if name in sys.modules))\n")
    run = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=_environment(tmp_path / "home"),
                         capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"
