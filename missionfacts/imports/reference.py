"""The embedded default: a database created on first use and filled with the shipped reference data.

The reference data is the catalogue of every peacekeeping operation (missions/catalogue.py), then the
reference mission files (missions/reference/*.yaml), which complete the catalogue's row of their mission
with everything they hold (MINUSMA's fact sheet).
"""

from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from missionfacts.imports.mission_file import import_mission_file
from missionfacts.imports.problems import ImportResult
from missionfacts.missions.catalogue import load_catalogue

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "missions" / "reference"


def reference_files() -> list[Path]:
    return sorted(REFERENCE_DIR.glob("*.yaml"))


def ensure_database(announce: Callable[[str], None] = lambda line: None) -> None:
    """Apply pending migrations; load the reference data into a database that has no mission yet.

    A database made before the catalogue existed gets the operations it lacks, without a change to the
    missions it has (provisional ones excepted, which the catalogue completes).
    """
    database = settings.DATABASES[DEFAULT_DB_ALIAS]
    if database["ENGINE"].endswith("sqlite3"):
        Path(database["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        announce(f"Setting up the database ({database['NAME']})…")
        call_command("migrate", verbosity=0, interactive=False)
    from missionfacts.missions.models import Mission

    if not Mission.objects.exists():
        load_reference_data(announce)
    else:
        _announce_catalogue(_checked(load_catalogue()), announce)


def load_reference_data(announce: Callable[[str], None] = lambda line: None) -> None:
    _announce_catalogue(_checked(load_catalogue()), announce)
    for path in reference_files():
        result = import_mission_file(path)
        if not result.ok:
            problems = "; ".join(str(problem) for problem in result.problems[:5])
            raise RuntimeError(f"The shipped reference file {path.name} does not import: {problems}")
        announce(f"Loaded the reference data of {path.stem.upper()} ({result.rows_added} records).")


def _checked(result: ImportResult) -> ImportResult:
    if not result.ok:
        problems = "; ".join(str(problem) for problem in result.problems[:5])
        raise RuntimeError(f"The shipped catalogue {result.file} does not load: {problems}")
    return result


def _announce_catalogue(result: ImportResult, announce: Callable[[str], None]) -> None:
    if result.rows_added:
        announce(f"Loaded the catalogue of peacekeeping operations ({result.rows_added} operations).")
    if result.rows_changed:
        announce(f"Completed {result.rows_changed} provisional mission(s) from the catalogue.")
