"""The embedded default: a database created on first use and filled with the shipped reference missions."""

from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from missionfacts.imports.mission_file import import_mission_file

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "missions" / "reference"


def reference_files() -> list[Path]:
    return sorted(REFERENCE_DIR.glob("*.yaml"))


def ensure_database(announce: Callable[[str], None] = lambda line: None) -> None:
    """Apply pending migrations, and load the reference missions into a database that has no mission yet."""
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


def load_reference_data(announce: Callable[[str], None] = lambda line: None) -> None:
    for path in reference_files():
        result = import_mission_file(path)
        if not result.ok:
            problems = "; ".join(str(problem) for problem in result.problems[:5])
            raise RuntimeError(f"The shipped reference file {path.name} does not import: {problems}")
        announce(f"Loaded the reference data of {path.stem.upper()} ({result.rows_added} records).")
