"""Writing a mission's own records (trainings, patrol counts) by natural key, through the ORM, in one transaction.

A reader validates a file's rows, plans what they change against what earlier versions of the same file
brought (`Scope`, `Plan`), and writes the changes with `BulkWriter`; `run_planned_import` holds it together.
Files of millions of rows (patrol records) are written with set-based SQL instead: see `patrol_records`.
"""

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import IntegrityError, connections, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_update_with_history

from missionfacts.activities.training_summary import refreshed_once
from missionfacts.imports.batch import finish_batch, start_batch
from missionfacts.imports.cells import MissionColumn
from missionfacts.imports.models import ImportBatch, Source
from missionfacts.imports.problems import ImportRejected, ImportResult
from missionfacts.imports.staging import ProblemLog
from missionfacts.imports.tabular import Table
from missionfacts.missions.models import Mission

# Rows per INSERT, UPDATE or DELETE statement: well within SQLite's limit on query parameters.
CHUNK = 500
# Rows written between two reports of progress.
WRITE_CHUNK = 5000


def file_source(kind: str, file_name: str, missions: Iterable[Mission]) -> Source:
    """The Source standing for one file of a mission's own records, the same for every version of the file."""
    acronyms = "-".join(sorted(mission.acronym for mission in missions))
    key = slugify(f"{acronyms}-{kind}-{file_name.replace('.', '-')}")
    limit = Source._meta.get_field("key").max_length
    if len(key) > limit:
        key = f"{key[:limit - 9]}-{hashlib.sha256(key.encode()).hexdigest()[:8]}"
    source, _created = Source.objects.get_or_create(key=key, defaults={
        "kind": Source.Kind.DATASET, "title": f"{acronyms}: {file_name}", "publisher": acronyms,
        "note": f"The file {file_name}, imported with `missionfacts import {kind}`.",
    })
    return source


@dataclass
class Scope:
    """What a file speaks for: the rows that earlier versions of it (same kind, same file name) brought for
    the missions it names."""

    kind: str
    file_name: str
    mission_ids: set[int]
    earlier: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.earlier = list(ImportBatch.objects.filter(kind=self.kind, file_name=self.file_name)
                            .values_list("pk", flat=True))

    def rows_of_earlier_versions(self) -> Q:
        return Q(mission_id__in=self.mission_ids, import_batch_id__in=self.earlier)

    def rows_from_elsewhere(self) -> Q:
        return Q(import_batch__isnull=True) | ~Q(import_batch_id__in=self.earlier)


@dataclass
class Plan:
    """The changes a file makes: rows to add, (pk, row) to change, the number unchanged, pks to remove, how
    many other rows go along (a session's participants), and how many rows the reader's `write` removes in
    bulk itself (a file's patrols when it turns into counts)."""

    added: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    unchanged: int = 0
    removed: dict[type, list[int]] = field(default_factory=dict)
    along: int = 0
    removed_in_bulk: int = 0

    def count_into(self, result: ImportResult) -> None:
        result.rows_added = len(self.added)
        result.rows_changed = len(self.changed)
        result.rows_unchanged = self.unchanged
        result.rows_removed = sum(len(pks) for pks in self.removed.values()) + self.removed_in_bulk

    @property
    def writes(self) -> int:
        return (len(self.added) + len(self.changed) + sum(len(pks) for pks in self.removed.values()) + self.along
                + self.removed_in_bulk)


class BulkWriter:
    """Writes an import's rows in chunks, each with a history entry when its model keeps a history
    (django-simple-history), and says how many rows it has written."""

    HISTORY_FIELDS = ("history_date", "history_change_reason", "history_type", "history_user_id")

    def __init__(self, batch: ImportBatch, written: Callable[[int], None]):
        self.batch = batch
        self.written = written
        self.done = 0
        self.reason = f"import #{batch.pk} of {batch.file_name}"
        self.now = timezone.now()

    def _advance(self, rows: int) -> None:
        self.done += rows
        self.written(self.done)

    def create(self, model: type, records: list) -> None:
        for start in range(0, len(records), WRITE_CHUNK):
            chunk = model.objects.bulk_create(records[start:start + WRITE_CHUNK], batch_size=CHUNK)
            if keeps_history(model) and not self._history_of_new(model, [record.pk for record in chunk]):
                model.history.bulk_history_create(chunk, batch_size=CHUNK, default_user=self.batch.imported_by,
                                                  default_change_reason=self.reason, default_date=self.now)
            self._advance(len(chunk))

    def _history_of_new(self, model: type, pks: list) -> bool:
        """Copy new rows into their history table with one INSERT ... SELECT; False if that cannot be done.

        django-simple-history's `bulk_history_create` builds a historical instance per row, which makes an
        import five times slower than the rows alone; the entries written here are the ones it would write.
        """
        history = getattr(model, model._meta.simple_history_manager_attribute).model
        tracked = {field.attname: field.column for field in history.tracked_fields}
        own = {field.attname for field in history._meta.concrete_fields if not field.primary_key}
        if None in pks or not pks or own != set(tracked) | set(self.HISTORY_FIELDS):
            return False
        connection = connections[model.objects.db]
        quote = connection.ops.quote_name
        columns = [*tracked.values(), *(history._meta.get_field(name).column for name in self.HISTORY_FIELDS)]
        when = history._meta.get_field("history_date").get_db_prep_value(self.now, connection)
        insert = (f"INSERT INTO {quote(history._meta.db_table)} ({', '.join(map(quote, columns))}) "
                  f"SELECT {', '.join(quote(column) for column in tracked.values())}, %s, %s, %s, %s "
                  f"FROM {quote(model._meta.db_table)} WHERE {quote(model._meta.pk.column)} IN ")
        with connection.cursor() as cursor:
            for start in range(0, len(pks), CHUNK):
                chunk = pks[start:start + CHUNK]
                cursor.execute(insert + f"({', '.join(['%s'] * len(chunk))})",
                               [when, self.reason, "+", self.batch.imported_by_id, *chunk])
        return True

    def update(self, model: type, records: list, fields: Iterable[str]) -> None:
        """Update the fields of records (and their source and import); records must be complete, since their
        history entries copy every field."""
        fields = [*fields, "source", "import_batch"]
        for start in range(0, len(records), WRITE_CHUNK):
            chunk = records[start:start + WRITE_CHUNK]
            if keeps_history(model):
                bulk_update_with_history(chunk, model, fields, batch_size=CHUNK, default_user=self.batch.imported_by,
                                         default_change_reason=self.reason, default_date=self.now)
            else:
                model.objects.bulk_update(chunk, fields, batch_size=CHUNK)
            self._advance(len(chunk))

    def delete(self, model: type, pks: list[int], *, by: str = "pk") -> None:
        """Delete rows whose `by` field is one of pks; deletion sends each row's signals, so a model that keeps
        its history records the deletion."""
        for start in range(0, len(pks), CHUNK):
            deleted, _by_model = model.objects.filter(**{f"{by}__in": pks[start:start + CHUNK]}).delete()
            self._advance(deleted if by != "pk" else len(pks[start:start + CHUNK]))


def keeps_history(model: type) -> bool:
    return bool(getattr(model._meta, "simple_history_manager_attribute", None))


def run_planned_import(kind: str, table: Table, result: ImportResult, problems: ProblemLog,
                       missions: MissionColumn, *, read: Callable, plan: Callable[[Scope], Plan],
                       write: Callable[[Plan, BulkWriter], None], user=None, dry_run: bool = False,
                       progress: Callable[[int, int | None], None] | None = None,
                       rows_read: Callable[[], int] | None = None,
                       estimated_rows: int | None = None) -> None:
    """Read, plan and write one file in one transaction, filling in the result.

    `read(progress)` validates the rows into the reader, adding the problems it and the table found;
    `plan(scope)` compares them with what earlier versions of the file brought; `write(plan, writer)` adds
    and changes rows (removals are done here). Nothing stays written if the file has any problem, on a dry
    run, or when it changes nothing (then no import is recorded either).

    Progress is counted in rows of the file: checking them is the first half of the way, writing what they
    change the second.
    """
    total = table.estimated_rows if estimated_rows is None else estimated_rows

    def after_batch(row_number: int) -> None:
        if progress is not None:
            progress((row_number - 1) // 2, total)

    try:
        with transaction.atomic():
            read(after_batch)
            result.rows_read = rows_read() if rows_read else table.rows_read
            if problems:
                raise ImportRejected
            scope = Scope(kind, table.path.name, set(missions.used))
            changes = plan(scope)
            if problems:
                raise ImportRejected
            changes.count_into(result)
            if dry_run or not result.changed_anything:
                raise ImportRejected
            source = file_source(kind, table.path.name, missions.used.values())
            batch = start_batch(kind, table.path, source, user, table.checksum)
            rows, writes = result.rows_read, max(changes.writes, 1)

            def written(done: int) -> None:
                if progress is not None:
                    progress(rows // 2 + (rows - rows // 2) * min(done, writes) // writes, rows)

            writer = BulkWriter(batch, written)
            # Summaries of what is written (the training programmes' days) are summed again once, at the end.
            with refreshed_once():
                for model, pks in changes.removed.items():
                    writer.delete(model, pks)
                write(changes, writer)
            finish_batch(batch, result)
    except ImportRejected:
        result.batch_id = None
    except IntegrityError as error:
        result.batch_id = None
        refused_by_database(error, problems)
    conclude(kind, table, result, problems, dry_run=dry_run, progress=progress)


def refused_by_database(error: IntegrityError, problems: ProblemLog) -> None:
    # Only when another import or an editor wrote the same rows while this file was being read.
    problems.add(None, "", "", _("the database refused the file, so nothing was written: %(error)s") % {
        "error": error})


def conclude(kind: str, table: Table, result: ImportResult, problems: ProblemLog, *, dry_run: bool,
             progress: Callable[[int, int | None], None] | None) -> None:
    """After the transaction: the last report of progress, the problems, and a note on what was done."""
    if progress is not None and result.rows_read:
        progress(result.rows_read, result.rows_read)
    problems.into(result)
    if result.ok and not result.changed_anything:
        earlier = ImportBatch.objects.filter(kind=kind, checksum=table.checksum).first()
        result.notes.append(
            _("Nothing changed: the data already matches this file (import #%(batch)s).") % {"batch": earlier.pk}
            if earlier else _("Nothing changed: the data already matches this file."))
    elif result.ok and dry_run:
        result.notes.append(_("Dry run: the file is valid; nothing was written."))
