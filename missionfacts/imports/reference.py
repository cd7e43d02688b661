"""The embedded default: a database created on first use and filled with the shipped reference data.

The reference data is the catalogue of every peacekeeping operation (missions/catalogue.py), then the
reference mission files (missions/reference/*.yaml), which complete the catalogue's row of their mission
with everything they hold (MINUSMA's fact sheet). On first use, the UN's fatalities file shipped in
casualties/reference/ follows, through the `un-fatalities` importer, so that every operation's sheet has its
losses out of the box; `missionfacts fetch DPPADPOSS-FATALITIES` later replaces it with the UN's newer copy
(same file name, so the import replaces the shipped records instead of adding to them).

`load_reference_data` alone (without the fatalities) is what most tests start from: their figures are the
reference pages', with the UN's records added only where a test says so.
"""

from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from missionfacts.factsheets import formatting
from missionfacts.imports import un_contributions, un_fatalities
from missionfacts.imports.mission_file import import_mission_file
from missionfacts.imports.prebuilt import install_prebuilt, new_sqlite_file
from missionfacts.imports.problems import ImportResult
from missionfacts.imports.staging import kind_of_acronym
from missionfacts.missions.catalogue import load_catalogue

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "missions" / "reference"
SHIPPED_FATALITIES = Path(__file__).resolve().parent.parent / "casualties" / "reference" / "DPPADPOSS-FATALITIES.csv"
# The sources of the imports that create missions from the acronyms of the UN's files.
UN_DATA_SOURCES = (un_fatalities.SOURCE.key, un_contributions.SOURCE.key)


def reference_files() -> list[Path]:
    return sorted(REFERENCE_DIR.glob("*.yaml"))


def ensure_database(announce: Callable[[str], None] = lambda line: None) -> None:
    """Apply pending migrations; load the reference data into a database that has no mission yet.

    A database made before the catalogue existed gets the operations it lacks, without a change to the
    missions it has (provisional ones excepted, which the catalogue completes); one made before the UN's
    entities were kept apart has them reclassified; one without any import of the UN's fatalities gets the
    shipped file.
    """
    database = settings.DATABASES[DEFAULT_DB_ALIAS]
    if database["ENGINE"].endswith("sqlite3"):
        Path(database["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    connection = connections[DEFAULT_DB_ALIAS]
    first_use = new_sqlite_file(connection.settings_dict, connection.vendor) is not None
    if first_use:
        announce(_("Setting up the database ({name})…").format(name=database["NAME"]))
        # The shipped copy saves ~15 s of migrations and loading (missionfacts/imports/prebuilt.py).
        if install_prebuilt(connection.settings_dict, connection.vendor):
            announce(_("Copied in the shipped reference data: the catalogue of operations, the reference "
                       "missions and the UN's fatalities."))
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        if not first_use:
            announce(_("Setting up the database ({name})…").format(name=database["NAME"]))
        call_command("migrate", verbosity=0, interactive=False)
    from missionfacts.missions.models import Mission

    if not Mission.objects.exists():
        load_reference_data(announce)
    else:
        _announce_kinds(reclassify_un_entities(), announce)
        _announce_catalogue(_checked(load_catalogue()), announce)
    from missionfacts.imports.models import ImportBatch

    if not ImportBatch.objects.filter(kind=un_fatalities.KIND).exists():
        load_shipped_fatalities(announce)


def load_reference_data(announce: Callable[[str], None] = lambda line: None) -> None:
    _announce_catalogue(_checked(load_catalogue()), announce)
    for path in reference_files():
        result = import_mission_file(path)
        if not result.ok:
            problems = "; ".join(str(problem) for problem in result.problems[:5])
            raise RuntimeError(f"The shipped reference file {path.name} does not import: {problems}")
        announce(_("Loaded the reference data of {mission} ({count} records).").format(
            mission=path.stem.upper(), count=formatting.number(result.rows_added, _cli_language())))


def load_shipped_fatalities(announce: Callable[[str], None] = lambda line: None) -> ImportResult:
    """Import the UN's fatalities file shipped with missionfacts, as `missionfacts import un-fatalities` would."""
    result = un_fatalities.import_un_fatalities(SHIPPED_FATALITIES)
    if not result.ok:
        problems = "; ".join(str(problem) for problem in result.problems[:5])
        raise RuntimeError(f"The shipped fatalities file {SHIPPED_FATALITIES.name} does not import: {problems}")
    from missionfacts.imports.models import ImportBatch

    batch = ImportBatch.objects.filter(pk=result.batch_id).first()
    if batch is not None and batch.data_as_of is not None:
        language = _cli_language()
        announce(_("Loaded the UN's fatalities data as of {date} ({count} records).").format(
            date=formatting.long_date(batch.data_as_of, language),
            count=formatting.number(result.rows_added + result.rows_changed, language)))
    return result


def reclassify_un_entities() -> list[str]:
    """Give the provisional missions the UN's files created the kind their acronym has; the acronyms changed.

    A database made before missions had a kind holds the UN's other entities (UNAMA, OSESyria, the
    Secretariat…) as peacekeeping operations; an acronym the catalogue gains later becomes one.
    """
    from missionfacts.missions.models import DataVersion, Mission

    changed = []
    for mission in Mission.objects.filter(is_provisional=True, source__key__in=UN_DATA_SOURCES):
        kind = kind_of_acronym(mission.acronym)
        if mission.kind != kind:
            mission.kind = kind
            changed.append(mission)
    if changed:
        bulk_update_with_history(changed, Mission, ["kind"], batch_size=500)
        DataVersion.bump()
    return sorted(mission.acronym for mission in changed if mission.kind == Mission.Kind.OTHER)


def _announce_kinds(apart: list[str], announce: Callable[[str], None]) -> None:
    if apart:
        announce(_("Kept {count} UN entities that are not peacekeeping operations apart from the operations: "
                   "{acronyms}.").format(count=len(apart), acronyms=", ".join(apart)))


def _cli_language() -> str:
    """The language the messages are printed in (the command's), as a formatting language of the sheets."""
    return "fr" if (translation.get_language() or "").startswith("fr") else "en"


def _checked(result: ImportResult) -> ImportResult:
    if not result.ok:
        problems = "; ".join(str(problem) for problem in result.problems[:5])
        raise RuntimeError(f"The shipped catalogue {result.file} does not load: {problems}")
    return result


def _announce_catalogue(result: ImportResult, announce: Callable[[str], None]) -> None:
    if result.rows_added:
        announce(_("Loaded the catalogue of peacekeeping operations ({count} operations).").format(
            count=result.rows_added))
    if result.rows_changed:
        # The notes name the missions completed and those whose dates were corrected.
        for note in result.notes:
            announce(note)
