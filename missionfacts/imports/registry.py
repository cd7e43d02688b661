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


def _un_fatalities(path: Path, **options) -> ImportResult:
    from missionfacts.imports.un_fatalities import import_un_fatalities

    return import_un_fatalities(path, **options)


def _un_contributions(path: Path, **options) -> ImportResult:
    from missionfacts.imports.un_contributions import import_un_contributions

    return import_un_contributions(path, **options)


def _un_missions(path: Path, **options) -> ImportResult:
    from missionfacts.imports.un_missions import import_un_missions

    return import_un_missions(path, **options)


def _patrols(path: Path, **options) -> ImportResult:
    from missionfacts.imports.patrols import import_patrols

    return import_patrols(path, **options)


def _trainings(path: Path, **options) -> ImportResult:
    from missionfacts.imports.trainings import import_trainings

    return import_trainings(path, **options)


IMPORTERS: dict[str, Importer] = {
    "mission": _mission_file,
    "un-fatalities": _un_fatalities,
    "un-contributions": _un_contributions,
    "un-missions": _un_missions,
    "patrols": _patrols,
    "trainings": _trainings,
}


def importer_for(kind: str) -> Importer | None:
    return IMPORTERS.get(kind)
