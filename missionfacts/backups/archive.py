"""A backup archive: a zip of one JSON-lines file per model, in dependency order, and a manifest.

    manifest.json                       format, time, migrations applied, and per model: its member, its
                                        columns, its number of rows and the SHA-256 of the member
    data/missions.mission.jsonl         one JSON array per row, the columns in the manifest's order
    data/personnel.strength.jsonl       ...

The archive does not depend on the database it came from: values are written as JSON (dates in ISO form,
decimals as text, bytes in base64), so a SQLite database restores into PostgreSQL and back. Rows are read
and written in chunks, never all at once. A backup reads one consistent snapshot of the database; a
restore checks every member against the manifest before it writes anything, and writes everything in one
transaction, so a failed restore leaves the database as it was. Summaries derived from other rows (the daily
patrol counts) are not archived: a restore computes them again from the rows it wrote.
"""

import hashlib
import io
import json
import os
import zipfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from django.core.management import call_command
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.utils.translation import gettext as _

from missionfacts.activities.summary import rebuild_patrol_days
from missionfacts.activities.training_summary import rebuild_training_days
from missionfacts.backups.catalogue import Entry, derived_models, entries
from missionfacts.missions.models import DataVersion

FORMAT = "missionfacts-backup/1"
MANIFEST = "manifest.json"
CHUNK_ROWS = 2000

Progress = Callable[[str, int], None]


class ArchiveError(Exception):
    """A backup or restore that cannot be done, with the reason in words a user can act on."""


# Backup --------------------------------------------------------------------------------------------------------


def write_backup(path: Path, *, using: str = DEFAULT_DB_ALIAS, progress: Progress | None = None) -> dict:
    """Write every row of the database to an archive at `path`; returns the manifest."""
    connection = connections[using]
    if not MigrationRecorder(connection).has_table():
        raise ArchiveError(_("The database has no tables yet: there is nothing to back up."))
    path = Path(path)
    partial = path.with_name(f".{path.name}.partial")
    natural_keys: dict = {}
    # Inside a caller's transaction (as in tests) the snapshot is that transaction's.
    outermost = not connection.in_atomic_block
    try:
        with transaction.atomic(using=using), zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
            if connection.vendor == "postgresql" and outermost:
                # One snapshot for every table, so that the archive is consistent while others write.
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            manifest = {
                "format": FORMAT,
                "created_at": datetime.now(UTC).isoformat(),
                "database": connection.vendor,
                "migrations": applied_migrations(using),
                "models": [],
            }
            for entry in entries():
                rows, digest = _write_member(archive, entry, natural_keys, using, progress)
                manifest["models"].append({
                    "label": entry.label, "member": entry.member, "columns": [column.name for column in entry.columns],
                    "rows": rows, "sha256": digest,
                })
            archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return manifest


def _write_member(archive: zipfile.ZipFile, entry: Entry, natural_keys: dict, using: str,
                  progress: Progress | None) -> tuple[int, str]:
    digest = hashlib.sha256()
    rows = 0
    columns = entry.columns
    with archive.open(entry.member, "w", force_zip64=True) as member:
        for values in entry.queryset().using(using).iterator(chunk_size=CHUNK_ROWS):
            encoded = [column.encode(value, natural_keys) for column, value in zip(columns, values, strict=True)]
            line = json.dumps(encoded, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"
            member.write(line)
            digest.update(line)
            rows += 1
            if progress is not None and rows % 100_000 == 0:
                progress(entry.label, rows)
    return rows, digest.hexdigest()


def applied_migrations(using: str = DEFAULT_DB_ALIAS) -> dict[str, list[str]]:
    """The migrations applied to the database, by app: the schema the rows fit."""
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connections[using]).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


# Reading and checking -------------------------------------------------------------------------------------------


def read_manifest(path: Path) -> dict:
    """The manifest of an archive, after checking that every member matches it (row count and SHA-256)."""
    try:
        with zipfile.ZipFile(path) as archive:
            manifest = _manifest_of(archive)
            listed = {model["member"] for model in manifest["models"]}
            extra = set(archive.namelist()) - listed - {MANIFEST}
            if extra:
                raise ArchiveError(_("%(file)s has members its manifest does not list (%(members)s): it has been "
                                     "altered; it will not be restored.")
                                   % {"file": Path(path).name, "members": ", ".join(sorted(extra))})
            for model in manifest["models"]:
                _check_member(archive, model, Path(path).name)
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise ArchiveError(_("%(file)s is not a readable backup archive (%(error)s).")
                           % {"file": Path(path).name, "error": error}) from None
    return manifest


def _manifest_of(archive: zipfile.ZipFile) -> dict:
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except KeyError:
        raise ArchiveError(_("The archive has no manifest: it is not a missionfacts backup.")) from None
    except ValueError:
        raise ArchiveError(_("The archive's manifest is not valid JSON: it has been damaged or altered.")) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ArchiveError(_("The archive is not a backup this version of missionfacts reads (format %(format)s).")
                           % {"format": FORMAT})
    return manifest


def _check_member(archive: zipfile.ZipFile, model: dict, file: str) -> None:
    digest = hashlib.sha256()
    rows = 0
    try:
        with archive.open(model["member"]) as member:
            for line in member:
                digest.update(line)
                rows += 1
    except KeyError:
        raise ArchiveError(_("%(member)s is missing from %(file)s: it will not be restored.")
                           % {"member": model["member"], "file": file}) from None
    except zipfile.BadZipFile as error:
        raise ArchiveError(_("%(member)s in %(file)s is damaged (%(error)s): it will not be restored.")
                           % {"member": model["member"], "file": file, "error": error}) from None
    if digest.hexdigest() != model["sha256"] or rows != model["rows"]:
        raise ArchiveError(_("%(member)s in %(file)s does not match its checksum in the manifest: the archive "
                             "has been altered or damaged; nothing was restored.")
                           % {"member": model["member"], "file": file})


def rows_of(archive: zipfile.ZipFile, member: str) -> Iterator[list]:
    with archive.open(member) as stream:
        for line in io.TextIOWrapper(stream, encoding="utf-8"):
            yield json.loads(line)


# Restore --------------------------------------------------------------------------------------------------------


def restore_backup(path: Path, *, replace: bool = False, using: str = DEFAULT_DB_ALIAS,
                   progress: Progress | None = None) -> dict:
    """Restore an archive into the database: an empty one, or any one with `replace` (its data is deleted)."""
    manifest = read_manifest(path)
    _migrate(using)
    _check_schema(manifest, using)
    local = {entry.label: entry for entry in entries()}
    with transaction.atomic(using=using):
        held = {label: entry.model._base_manager.using(using).count() for label, entry in local.items()}
        held = {label: count for label, count in held.items() if count}
        if held and not replace:
            examples = ", ".join(f"{label} ({count})" for label, count in list(held.items())[:5])
            raise ArchiveError(_("The database already holds data (%(examples)s). Restore into an empty database, "
                                 "or add --replace to delete all of its data first.") % {"examples": examples})
        if held:
            _delete_everything(list(local.values()), using)
        with zipfile.ZipFile(path) as archive:
            for model in manifest["models"]:
                entry = local[model["label"]]
                written = _restore_member(archive, entry, model, using, progress)
                if written != model["rows"]:
                    raise ArchiveError(_("%(label)s: %(written)d rows restored where the manifest lists %(rows)d.")
                                       % {"label": model["label"], "written": written, "rows": model["rows"]})
        _reset_sequences([entry.model for entry in local.values()], using)
        _rebuild_derived(using)
        _check_editions(using)
        # Rows were written with raw SQL, past the signals: cached pages must not outlive the old data.
        DataVersion.bump(using)
    return manifest


def _migrate(using: str) -> None:
    executor = MigrationExecutor(connections[using])
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", database=using, verbosity=0, interactive=False)


def _check_schema(manifest: dict, using: str) -> None:
    here = applied_migrations(using)
    there = manifest.get("migrations", {})
    differences = []
    for app in sorted(set(here) | set(there)):
        missing_here = sorted(set(there.get(app, [])) - set(here.get(app, [])))
        missing_there = sorted(set(here.get(app, [])) - set(there.get(app, [])))
        if missing_here:
            differences.append(_("%(app)s: the archive has %(names)s, this database does not")
                               % {"app": app, "names": ", ".join(missing_here)})
        if missing_there:
            differences.append(_("%(app)s: this database has %(names)s, the archive does not")
                               % {"app": app, "names": ", ".join(missing_there)})
    if differences:
        raise ArchiveError(_("The archive was made with another version of the database schema (%(differences)s). "
                             "Restore it with the version of missionfacts that made it, then upgrade.")
                           % {"differences": "; ".join(differences)})
    local = {entry.label: [column.name for column in entry.columns] for entry in entries()}
    for model in manifest["models"]:
        if local.get(model["label"]) != model["columns"]:
            raise ArchiveError(_("%(label)s has other columns in the archive than in this database.")
                               % {"label": model["label"]})


def _delete_everything(local: list[Entry], using: str) -> None:
    connection = connections[using]
    # Summaries first: they refer to the rows they sum.
    tables = [*(model._meta.db_table for model in derived_models()),
              *(entry.model._meta.db_table for entry in reversed(local))]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")


def _rebuild_derived(using: str) -> None:
    """Compute again the summaries the archive leaves out, from the rows just restored."""
    rebuild_patrol_days(using)
    rebuild_training_days(using)


def _restore_member(archive: zipfile.ZipFile, entry: Entry, model: dict, using: str,
                    progress: Progress | None) -> int:
    connection = connections[using]
    quote = connection.ops.quote_name
    columns = entry.columns
    statement = (f"INSERT INTO {quote(entry.model._meta.db_table)} "
                 f"({', '.join(quote(column.field.column) for column in columns)}) "
                 f"VALUES ({', '.join(['%s'] * len(columns))})")
    copy = (f"COPY {quote(entry.model._meta.db_table)} ({', '.join(quote(column.field.column) for column in columns)})"
            " FROM STDIN")
    natural_keys: dict = {}
    written = 0
    chunk = []
    with connection.cursor() as cursor:

        def flush() -> None:
            if connection.vendor == "postgresql":
                # COPY is several times faster than INSERT for PostgreSQL; SQLite has no such thing.
                with cursor.cursor.copy(copy) as stream:
                    for row in chunk:
                        stream.write_row(row)
            else:
                cursor.executemany(statement, chunk)

        for values in rows_of(archive, model["member"]):
            chunk.append([column.field.get_db_prep_save(column.decode(value, natural_keys), connection)
                          for column, value in zip(columns, values, strict=True)])
            if len(chunk) == CHUNK_ROWS:
                flush()
                written += len(chunk)
                chunk = []
                if progress is not None and written % 100_000 == 0:
                    progress(entry.label, written)
        if chunk:
            flush()
            written += len(chunk)
    return written


def _reset_sequences(models: list, using: str) -> None:
    """Let new rows get ids after the restored ones (PostgreSQL keeps a counter apart from the table)."""
    connection = connections[using]
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _check_editions(using: str) -> None:
    from missionfacts.factsheets.models import Edition

    damaged = [str(edition) for edition in Edition.objects.using(using).prefetch_related("documents")
               if not edition.is_intact()]
    if damaged:
        raise ArchiveError(_("Published editions do not match their checksums after the restore (%(editions)s); "
                             "nothing was restored.") % {"editions": ", ".join(damaged)})
