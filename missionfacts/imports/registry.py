"""The import kinds missionfacts knows, each a function from a file to an ImportResult.

Every importer has the signature `(path, *, mission=None, user=None, dry_run=False, progress=None)`; it
imports the whole file or nothing of it, and reports every problem with file, row, column and value.
`progress`, when given, is called as progress(rows_done, rows_total_or_None) now and then.
"""

from collections.abc import Callable
from pathlib import Path

from missionfacts.imports.problems import ImportResult

Importer = Callable[..., ImportResult]


def _mission_file(path: Path, *, mission=None, user=None, dry_run=False, progress=None) -> ImportResult:
    from missionfacts.imports.mission_file import import_mission_file

    return import_mission_file(path, user=user, dry_run=dry_run)


IMPORTERS: dict[str, Importer] = {
    "mission": _mission_file,
}


def importer_for(kind: str) -> Importer | None:
    return IMPORTERS.get(kind)
