"""A backup archive: a zip of one JSON-lines file per model, in dependency order, and a manifest.

    manifest.json                       format, time, migrations applied, whether secrets are held, and per
                                        model: its member, its columns, its number of rows and the SHA-256
                                        of the member
    manifest.sig                        the installation's HMAC-SHA256 of manifest.json (backups.signing)
    data/missions.mission.jsonl         one JSON array per row, the columns in the manifest's order
    data/personnel.strength.jsonl       ...

The archive does not depend on the database it came from: values are written as JSON (dates in ISO form,
decimals as text, bytes in base64), so a SQLite database restores into PostgreSQL and back. Rows are read
and written in chunks, never all at once. A backup reads one consistent snapshot of the database; a
restore checks the signature and every member against the manifest before it writes anything
(backups.checking), and writes everything in one transaction, so a failed restore leaves the database as it
was. An archive is readable by its owner only (0600), and holds no password, API token or session unless
`backup --include-secrets` asked for passwords and tokens (sessions are never archived). Summaries derived
from other rows (the daily patrol counts) are not archived: a restore computes them again from the rows it
wrote.
"""

import hashlib
import json
import os
import secrets
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.utils.translation import gettext as _

from missionfacts.activities.summary import rebuild_patrol_days
from missionfacts.activities.training_summary import rebuild_training_days
from missionfacts.backups.catalogue import Entry, derived_models, entries
from missionfacts.backups.checking import FORMAT, MANIFEST, ArchiveError, check_archive, rows_of
from missionfacts.backups.signing import SIGNATURE, signature_of
from missionfacts.missions.models import DataVersion

CHUNK_ROWS = 2000

Progress = Callable[[str, int], None]
# Linux can write a file that has no name until it is linked into its folder (O_TMPFILE, through /proc).
UNNAMED_FILES = hasattr(os, "O_TMPFILE") and Path("/proc/self/fd").is_dir()


# Backup --------------------------------------------------------------------------------------------------------


def write_backup(path: Path, *, include_secrets: bool = False, using: str = DEFAULT_DB_ALIAS,
                 progress: Progress | None = None) -> dict:
    """Write every row of the database to an archive at `path`, readable by its owner only; returns the manifest.

    Passwords and API tokens are left out unless `include_secrets`: users come back with no usable password.
    """
    connection = connections[using]
    if not MigrationRecorder(connection).has_table():
        raise ArchiveError(_("The database has no tables yet: there is nothing to back up."))
    path = Path(path)
    # A file of its own in the same folder (so that the rename is atomic), readable by its owner only. Where
    # the system allows, it has no name until it is whole, so that even a backup killed outright leaves
    # nothing; otherwise it is removed on any exception, Ctrl-C and termination signals included.
    descriptor, partial = _new_file(path)
    natural_keys: dict = {}
    # Inside a caller's transaction (as in tests) the snapshot is that transaction's.
    outermost = not connection.in_atomic_block
    try:
        with (os.fdopen(descriptor, "w+b") as stream, transaction.atomic(using=using),
              zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive):
            if connection.vendor == "postgresql" and outermost:
                # One snapshot for every table, so that the archive is consistent while others write.
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            manifest = {
                "format": FORMAT,
                "created_at": datetime.now(UTC).isoformat(),
                "database": connection.vendor,
                "secrets": include_secrets,
                "migrations": applied_migrations(using),
                "models": [],
            }
            for entry in entries(include_secrets=include_secrets):
                rows, digest = _write_member(archive, entry, natural_keys, using, progress, include_secrets)
                manifest["models"].append({
                    "label": entry.label, "member": entry.member, "columns": [column.name for column in entry.columns],
                    "rows": rows, "sha256": digest,
                })
            manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
            archive.writestr(MANIFEST, manifest_bytes)
            archive.writestr(SIGNATURE, signature_of(manifest_bytes))
            archive.close()
            stream.flush()
            os.fsync(stream.fileno())
            if partial is None:
                partial = _name_file(stream, path)
        os.replace(partial, path)
    except BaseException:
        if partial is not None:
            partial.unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)
    return manifest


def _new_file(path: Path) -> tuple[int, Path | None]:
    """A new file, 0600, in the folder of `path`: unnamed (Linux's O_TMPFILE) where possible, else a hidden one."""
    if UNNAMED_FILES:
        try:
            return os.open(path.parent, os.O_TMPFILE | os.O_RDWR, 0o600), None
        except OSError:
            # A file system without unnamed files (some network ones): the named file below.
            pass
    descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    return descriptor, Path(name)


def _name_file(stream, path: Path) -> Path:
    """Give the unnamed file a hidden name beside `path`, from which it is renamed."""
    name = f".{path.name}.{secrets.token_hex(8)}.partial"
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        # A folder descriptor makes os.link call linkat() and follow the /proc link to the file itself.
        os.link(f"/proc/self/fd/{stream.fileno()}", name, dst_dir_fd=folder, follow_symlinks=True)
        return path.parent / name
    except OSError:
        # Where the system will not name it, a copy (the backup is whole and synced; only the copy remains).
        descriptor, copy_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
        try:
            with os.fdopen(descriptor, "wb") as copy:
                stream.seek(0)
                shutil.copyfileobj(stream, copy)
                copy.flush()
                os.fsync(copy.fileno())
        except BaseException:
            Path(copy_name).unlink(missing_ok=True)
            raise
        return Path(copy_name)
    finally:
        os.close(folder)


def _sync_folder(folder: Path) -> None:
    """Make the rename durable: a crash after it finds the new archive, not the old one or none."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _write_member(archive: zipfile.ZipFile, entry: Entry, natural_keys: dict, using: str,
                  progress: Progress | None, include_secrets: bool) -> tuple[int, str]:
    digest = hashlib.sha256()
    rows = 0
    columns = entry.columns
    with archive.open(entry.member, "w", force_zip64=True) as member:
        for values in entry.queryset().using(using).iterator(chunk_size=CHUNK_ROWS):
            encoded = [column.encode(value, natural_keys, include_secrets)
                       for column, value in zip(columns, values, strict=True)]
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


# Restore --------------------------------------------------------------------------------------------------------


def restore_backup(path: Path, *, replace: bool = False, trust_unsigned: bool = False,
                   using: str = DEFAULT_DB_ALIAS, progress: Progress | None = None) -> tuple[dict, str]:
    """Restore an archive into the database: an empty one, or any one with `replace` (its data is deleted).

    Returns the manifest and what its signature said ('signed', or why not when `trust_unsigned` let it in).
    """
    # One open file for the check and the restore, so that what was checked is what is written.
    with open(path, "rb") as stream:
        manifest, signature = check_archive(stream, trust_unsigned=trust_unsigned)
        _migrate(using)
        _check_schema(manifest, using)
        local = {entry.label: entry for entry in entries(include_secrets=True)}
        try:
            with transaction.atomic(using=using):
                _restore_all(stream, manifest, local, replace, using, progress)
        except DatabaseError as error:
            raise ArchiveError(_("The archive's rows do not fit the database (%(error)s); nothing was restored.")
                               % {"error": str(error).splitlines()[0] if str(error) else type(error).__name__}
                               ) from None
    return manifest, signature


def _restore_all(stream, manifest: dict, local: dict[str, Entry], replace: bool, using: str,
                 progress: Progress | None) -> None:
    held = {label: entry.model._base_manager.using(using).count() for label, entry in local.items()}
    held = {label: count for label, count in held.items() if count}
    if held and not replace:
        examples = ", ".join(f"{label} ({count})" for label, count in list(held.items())[:5])
        raise ArchiveError(_("The database already holds data (%(examples)s). Restore into an empty database, "
                             "or add --replace to delete all of its data first.") % {"examples": examples})
    if held:
        _delete_everything(list(local.values()), using)
    with zipfile.ZipFile(stream) as archive:
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

        for number, values in enumerate(rows_of(archive, model["member"]), start=1):
            try:
                chunk.append([column.field.get_db_prep_save(column.decode(value, natural_keys), connection)
                              for column, value in zip(columns, values, strict=True)])
            except (ValueError, TypeError, LookupError, ValidationError, ObjectDoesNotExist) as error:
                # Only an archive restored with --trust-unsigned-archive can get here: a signed one holds what
                # the backup read from a database.
                raise ArchiveError(_("%(member)s, row %(row)d: a value this database cannot hold (%(error)s); "
                                     "nothing was restored.")
                                   % {"member": model["member"], "row": number, "error": error}) from None
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
