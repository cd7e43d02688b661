"""Writing validated rows to a model in bulk, by natural key, with set-based SQL.

Saving a million rows one ORM call at a time takes minutes; this takes seconds. An importer streams its
validated rows into a temporary staging table (multi-row INSERTs on SQLite, COPY on PostgreSQL), then a
few SQL statements bring the model's table in line with the file:

- removed: rows that earlier imports of the same file brought and this version no longer has;
- changed: rows whose key is in the file but whose values differ, updated in place (they keep their id,
  and point at the new import);
- added: keys not yet in the table, inserted;
- unchanged: the rest, left alone (they keep pointing at the import that last wrote them).

Everything runs on Django's connection, inside the caller's `transaction.atomic()`, so a rejected file
leaves no trace, staging table included. The staging table also finds keys that occur twice in the file.

    with transaction.atomic(), StagingTable(Strength, key=("mission", "reported_on", "country",
                                                           "personnel_type"), values=("men", "women")) as staging:
        staging.add(batches)                   # lists of tuples (row_number, packed key, *values)
        duplicates = staging.duplicates()      # [(first row, [later rows], key values), ...]
        counts = staging.apply(batch, replaces=earlier_batches)

Key and other values must be ready for the database: ids for foreign keys, ISO text for dates.

On SQLite, `run_staged_import` (and the patrols importer) run outside any caller's transaction with the
per-row foreign key checks off (`unchecked_foreign_keys`) and verify each distinct id once before committing
(`StagingTable.dangling_references`).
"""

import functools
import gc
import itertools
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from missionfacts.imports.batch import finish_batch, start_batch
from missionfacts.imports.models import ImportBatch, Source
from missionfacts.imports.problems import ImportRejected, ImportResult, Problem
from missionfacts.imports.tabular import Table
from missionfacts.missions.catalogue import read_catalogue
from missionfacts.missions.models import Mission

# Rows per INSERT statement on SQLite: one statement per row costs more than the row itself (at 9 values
# a row, still well within SQLite's 32,766 parameters).
ROWS_PER_STATEMENT = 500
# Rows per COPY on PostgreSQL.
COPY_ROWS = 50_000
_names = itertools.count(1)


@dataclass(frozen=True)
class Counts:
    added: int
    changed: int
    unchanged: int
    removed: int


@contextmanager
def paused_garbage_collection() -> Iterator[None]:
    """Pause Python's cycle collector while streaming rows.

    Bulk reading creates millions of short-lived lists and tuples; the collector would otherwise walk the
    surviving ones again and again (a third of the import's time). The rows hold no reference cycles, so
    reference counting frees them all the same.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def insert_in_statements(connection, insert: str, width: int, batches: Iterable[Sequence[tuple]], *,
                         suffix: str = "") -> Iterator[Sequence[tuple]]:
    """INSERT the rows of `batches` on SQLite with `insert` ("INSERT INTO t (columns) VALUES ") followed by
    `suffix`, ROWS_PER_STATEMENT rows a statement; yields each batch once it is written."""
    one_row = "(" + ", ".join("?" * width) + ")"
    many = insert + ", ".join([one_row] * ROWS_PER_STATEMENT) + suffix
    single = insert + one_row + suffix
    step = ROWS_PER_STATEMENT * width
    # The raw DB-API cursor: Django's wrapper would reformat (and, with DEBUG, log) every statement.
    connection.ensure_connection()
    cursor = connection.connection.cursor()
    try:
        for batch in batches:
            whole = len(batch) - len(batch) % ROWS_PER_STATEMENT
            flat = list(itertools.chain.from_iterable(batch[:whole]))
            for start_at in range(0, len(flat), step):
                cursor.execute(many, flat[start_at:start_at + step])
            if whole < len(batch):
                cursor.executemany(single, batch[whole:])
            yield batch
    finally:
        cursor.close()


def copy_in_batches(cursor, statement: str, batches: Iterable[Sequence[tuple]]) -> Iterator[list[Sequence[tuple]]]:
    """COPY the rows of `batches` with `statement` (COPY ... FROM STDIN) on PostgreSQL, up to COPY_ROWS rows at a
    time; yields each group of batches once it is copied.

    Batches are gathered and copied together, but never while the next one is being made: making a batch may
    query the database (to create a mission, or read a mission's places), which a connection cannot do in
    the middle of a COPY.
    """
    gathered: list[Sequence[tuple]] = []
    size = 0
    for batch in itertools.chain(batches, [None]):
        if batch:
            gathered.append(batch)
            size += len(batch)
        if gathered and (batch is None or size >= COPY_ROWS):
            with cursor.cursor.copy(statement) as copy:
                write = copy.write_row
                for rows in gathered:
                    for row in rows:
                        write(row)
            yield gathered
            gathered, size = [], 0


class StagingTable:
    """A temporary table holding one file's validated rows for one model, until they are applied.

    The natural key is staged as one packed integer: each key column has a code book (its distinct values
    in the file, numbered as first seen) and owns a fixed share of the integer's bits. An integer key is
    the cheapest thing SQLite can index and PostgreSQL can copy, and it finds keys given twice on the way.
    Importers get a key column's share with `part(index, value)` and add the shares up:

        key = staging.part(0, mission_id) + staging.part(1, "2020-11-30") + ...   # memoise per raw value
        batch.append((row_number, key, men, women))
    """

    def __init__(self, model: type[models.Model], *, key: Sequence[str], values: Sequence[str],
                 using: str = DEFAULT_DB_ALIAS):
        self.model = model
        self.connection = connections[using]
        self.vendor = self.connection.vendor
        self.key = [model._meta.get_field(name) for name in key]
        self.values = [model._meta.get_field(name) for name in values]
        self.name = f"missionfacts_staging_{next(_names)}"
        self.rows_staged = 0
        # 62 bits keep the packed key a positive signed 64-bit integer on both databases.
        self.bits = 62 // len(self.key)
        self.shifts = [self.bits * (len(self.key) - 1 - index) for index in range(len(self.key))]
        self.codes: list[dict] = [{} for _ in self.key]
        self._check_key(key)

    def _check_key(self, key: Sequence[str]) -> None:
        # Rows are inserted with ON CONFLICT DO NOTHING, which must only ever mean "this key is already there".
        unique = [sorted(constraint.fields) for constraint in self.model._meta.constraints
                  if isinstance(constraint, models.UniqueConstraint)]
        unique += [[field.name] for field in self.model._meta.fields if field.unique and not field.primary_key]
        if unique != [sorted(key)]:
            raise ValueError(f"{self.model.__name__}: the key {list(key)} must be its only unique constraint")

    def part(self, index: int, value) -> int:
        """The share of the packed key that stands for this value of the index-th key column."""
        codes = self.codes[index]
        code = codes.get(value)
        if code is None:
            code = len(codes)
            if code >> self.bits:
                raise ValueError(f"more than {1 << self.bits} distinct values of {self.key[index].name} in one file")
            codes[value] = code
        return code << self.shifts[index]

    # Names ---------------------------------------------------------------------------------------------------

    def q(self, name: str) -> str:
        return self.connection.ops.quote_name(name)

    @property
    def table(self) -> str:
        return self.q(self.model._meta.db_table)

    @property
    def staging(self) -> str:
        return self.q(self.name)

    def code_table(self, index: int) -> str:
        return self.q(f"{self.name}_code_{index}")

    @property
    def columns(self) -> list[str]:
        return ["row_number", "packed_key", *(field.column for field in self.values)]

    def _decoded_key(self, index: int) -> str:
        """The code of the index-th key column inside the packed key of staging row s."""
        mask = (1 << self.bits) - 1
        shift = self.shifts[index]
        return f"((s.packed_key >> {shift}) & {mask})" if shift else f"(s.packed_key & {mask})"

    def _decoding_joins(self) -> str:
        return " ".join(f"JOIN {self.code_table(index)} c{index} ON c{index}.code = {self._decoded_key(index)}"
                        for index in range(len(self.key)))

    # Life cycle ----------------------------------------------------------------------------------------------

    def __enter__(self) -> "StagingTable":
        if not self.connection.in_atomic_block:
            raise RuntimeError("a StagingTable must be used inside transaction.atomic()")
        values = "".join(f", {self.q(field.column)} {field.db_type(self.connection)}" for field in self.values)
        with self.connection.cursor() as cursor:
            if self.vendor == "sqlite":
                # An INTEGER PRIMARY KEY is the table's own row id: rows are stored in key order, and a key
                # staged twice notes the later row numbers instead of being stored twice.
                cursor.execute(
                    f"CREATE TEMP TABLE {self.staging} (packed_key INTEGER PRIMARY KEY, row_number integer NOT NULL"
                    f"{values}, duplicate_rows text)"
                )
            else:
                cursor.execute(f"CREATE TEMP TABLE {self.staging} (packed_key bigint NOT NULL, "
                               f"row_number integer NOT NULL{values}) ON COMMIT DROP")
        return self

    def __exit__(self, exc_type, *exc_info) -> None:
        # After an error the surrounding atomic() rolls back, and the tables with it.
        if exc_type is None:
            with self.connection.cursor() as cursor:
                for index in range(len(self.key)):
                    cursor.execute(f"DROP TABLE IF EXISTS {self.code_table(index)}")
                cursor.execute(f"DROP TABLE {self.staging}")

    # Staging -------------------------------------------------------------------------------------------------

    def add(self, batches: Iterable[Sequence[tuple]], after_batch: Callable[[int], None] | None = None) -> None:
        """Stage batches (lists) of tuples (row_number, packed key, *values); after_batch(last row number)
        follows each batch."""
        if self.vendor == "postgresql":
            self._copy(batches, after_batch)
        else:
            self._insert(batches, after_batch)
        self._write_codes()

    def _insert(self, batches: Iterable[Sequence[tuple]], after_batch) -> None:
        upsert = (" ON CONFLICT (packed_key) DO UPDATE SET duplicate_rows = "
                  "coalesce(duplicate_rows || ' ', '') || excluded.row_number")
        insert = f"INSERT INTO {self.staging} ({', '.join(map(self.q, self.columns))}) VALUES "
        for batch in insert_in_statements(self.connection, insert, len(self.columns), batches, suffix=upsert):
            self.rows_staged += len(batch)
            if after_batch and batch:
                after_batch(batch[-1][0])

    def _copy(self, batches: Iterable[Sequence[tuple]], after_batch) -> None:
        statement = f"COPY {self.staging} ({', '.join(map(self.q, self.columns))}) FROM STDIN"
        with self.connection.cursor() as cursor:
            for gathered in copy_in_batches(cursor, statement, batches):
                self.rows_staged += sum(map(len, gathered))
                if after_batch:
                    after_batch(gathered[-1][-1][0])
            cursor.execute(f"ANALYZE {self.staging}")

    def _write_codes(self) -> None:
        """The code books as small tables, to turn packed keys back into values in SQL (and values into keys)."""
        with self.connection.cursor() as cursor:
            for index, field in enumerate(self.key):
                table = self.code_table(index)
                temporary = "ON COMMIT DROP" if self.vendor == "postgresql" else ""
                cursor.execute(f"CREATE TEMP TABLE {table} (code integer PRIMARY KEY, "
                               f"value {field.db_type(self.connection)} NOT NULL UNIQUE) {temporary}")
                cursor.executemany(f"INSERT INTO {table} (code, value) VALUES (%s, %s)",
                                   [(code, value) for value, code in self.codes[index].items()])
                if self.vendor == "postgresql":
                    cursor.execute(f"ANALYZE {table}")

    # Checking ------------------------------------------------------------------------------------------------

    def duplicates(self, limit: int = 1000) -> list[tuple[int, list[int], tuple]]:
        """Keys staged more than once: (first row, later rows, key values), by first row."""
        with self.connection.cursor() as cursor:
            if self.vendor == "sqlite":
                cursor.execute(f"SELECT COUNT(*) FROM {self.staging}")
                if cursor.fetchone()[0] == self.rows_staged:
                    return []
                cursor.execute(f"SELECT packed_key, row_number, duplicate_rows FROM {self.staging} "
                               f"WHERE duplicate_rows IS NOT NULL ORDER BY row_number LIMIT %s", [limit])
                found = [(key, first, [int(row) for row in later.split()]) for key, first, later in cursor.fetchall()]
            else:
                cursor.execute(
                    f"SELECT packed_key, MIN(row_number), string_agg(row_number::text, ' ' ORDER BY row_number) "
                    f"FROM {self.staging} GROUP BY packed_key HAVING COUNT(*) > 1 ORDER BY 2 LIMIT %s", [limit])
                found = [(key, first, [int(row) for row in rows.split()[1:]]) for key, first, rows in cursor.fetchall()]
        return [(first, later, self.key_values(key)) for key, first, later in found]

    def dangling_references(self) -> list[tuple[str, list]]:
        """The staged values of foreign keys that point at no row: (field name, values), what SQLite's checks of
        foreign keys would refuse, found once per distinct value (see unchecked_foreign_keys). A key column's
        values are in its code book, another column's in the staging table."""
        staged = [(field, "value", self.code_table(index)) for index, field in enumerate(self.key)]
        staged += [(field, self.q(field.column), self.staging) for field in self.values]
        dangling = []
        with self.connection.cursor() as cursor:
            for field, column, table in staged:
                if not field.is_relation:
                    continue
                target = field.target_field
                cursor.execute(f"SELECT DISTINCT {column} FROM {table} WHERE {column} NOT IN (SELECT "
                               f"{self.q(target.column)} FROM {self.q(target.model._meta.db_table)}) ORDER BY 1")
                values = [value for (value,) in cursor.fetchall()]
                if values:
                    dangling.append((field.name, values))
        return dangling

    def key_values(self, packed_key: int) -> tuple:
        """The key values a packed key stands for."""
        mask = (1 << self.bits) - 1
        values = []
        for index, codes in enumerate(self.codes):
            code = (packed_key >> self.shifts[index]) & mask
            values.append(next(value for value, found in codes.items() if found == code))  # rare: duplicates only
        return tuple(values)

    # Applying ------------------------------------------------------------------------------------------------

    def apply(self, batch: ImportBatch, *, replaces: Sequence[int] = ()) -> Counts:
        """Bring the model's table in line with the staged rows; `replaces` are the ids of earlier imports of
        the same file, whose rows this file now stands for."""
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT 1 FROM {self.table} LIMIT 1")
            empty = cursor.fetchone() is None
            apply = self._apply_postgresql if self.vendor == "postgresql" else self._apply_sqlite
            removed, changed, added = apply(cursor, batch, [] if empty else list(replaces), empty)
        return Counts(added=added, changed=changed, unchanged=self.rows_staged - added - changed, removed=removed)

    def _names(self):
        return ([self.q(field.column) for field in self.key], [self.q(field.column) for field in self.values],
                [self.q("source_id"), self.q("import_batch_id")])

    def _decoded_columns(self) -> str:
        keys, values, _ = self._names()
        return (", ".join(f"c{index}.value AS {column}" for index, column in enumerate(keys))
                + "".join(f", s.{column}" for column in values))

    def _apply_sqlite(self, cursor, batch: ImportBatch, replaces: list[int], empty: bool) -> tuple[int, int, int]:
        table, staging = self.table, self.staging
        keys, values, provenance = self._names()
        source = f"{staging} s {self._decoding_joins()}"
        removed = changed = 0
        if replaces:
            # A row's packed key from the code books (their values are indexed): NULL, so "not in the file",
            # when one of its values is not in them.
            packed = " + ".join(
                f"(SELECT code FROM {self.code_table(index)} WHERE value = {table}.{column})"
                + (f" * {1 << self.shifts[index]}" if self.shifts[index] else "")
                for index, column in enumerate(keys))
            cursor.execute(
                f"DELETE FROM {table} WHERE {provenance[1]} IN ({', '.join(['%s'] * len(replaces))}) "
                f"AND NOT EXISTS (SELECT 1 FROM {staging} WHERE packed_key = {packed})", replaces)
            removed = cursor.rowcount
        if not empty:
            same_key = " AND ".join(f"d.{column} = {table}.{column}" for column in keys)
            changed_values = " OR ".join(f"{table}.{column} IS NOT d.{column}" for column in values)
            assignments = ", ".join([f"{column} = d.{column}" for column in values]
                                    + [f"{provenance[0]} = %s", f"{provenance[1]} = %s"])
            cursor.execute(
                f"UPDATE {table} SET {assignments} FROM (SELECT {self._decoded_columns()} FROM {source}) AS d "
                f"WHERE {same_key} AND ({changed_values})", [batch.source_id, batch.pk])
            changed = cursor.rowcount
        # Rows come out in packed-key order, close to the order of the table's unique index: the cheapest
        # order to insert them in. ON CONFLICT skips keys already there (it needs a WHERE before it to parse).
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(keys + values + provenance)}) "
            f"SELECT {self._decoded_columns()}, %s, %s FROM {source} WHERE true ON CONFLICT DO NOTHING",
            [batch.source_id, batch.pk])
        return removed, changed, cursor.rowcount

    def _apply_postgresql(self, cursor, batch: ImportBatch, replaces: list[int],
                          empty: bool) -> tuple[int, int, int]:
        table = self.table
        keys, values, provenance = self._names()
        # Decoded once into a table of its own, with statistics, so that the planner sees a million rows as
        # a million rows and joins them by hash.
        decoded = self.q(f"{self.name}_decoded")
        cursor.execute(f"CREATE TEMP TABLE {decoded} ON COMMIT DROP AS SELECT {self._decoded_columns()} "
                       f"FROM {self.staging} s {self._decoding_joins()}")
        cursor.execute(f"ANALYZE {decoded}")
        same_key = " AND ".join(f"d.{column} = t.{column}" for column in keys)
        removed = changed = 0
        if replaces:
            cursor.execute(
                f"DELETE FROM {table} t WHERE {provenance[1]} IN ({', '.join(['%s'] * len(replaces))}) "
                f"AND NOT EXISTS (SELECT 1 FROM {decoded} d WHERE {same_key})", replaces)
            removed = cursor.rowcount
        if not empty:
            changed_values = " OR ".join(f"t.{column} IS DISTINCT FROM d.{column}" for column in values)
            assignments = ", ".join([f"{column} = d.{column}" for column in values]
                                    + [f"{provenance[0]} = %s", f"{provenance[1]} = %s"])
            cursor.execute(
                f"UPDATE {table} t SET {assignments} FROM {decoded} d WHERE {same_key} AND ({changed_values})",
                [batch.source_id, batch.pk])
            changed = cursor.rowcount
        # NOT EXISTS rather than ON CONFLICT: a speculative insertion per row costs PostgreSQL half as much again.
        missing = "" if empty else f" WHERE NOT EXISTS (SELECT 1 FROM {table} t WHERE {same_key})"
        selected = ", ".join(f"d.{column}" for column in keys + values)
        cursor.execute(f"INSERT INTO {table} ({', '.join(keys + values + provenance)}) "
                       f"SELECT {selected}, %s, %s FROM {decoded} d{missing}", [batch.source_id, batch.pk])
        added = cursor.rowcount
        cursor.execute(f"DROP TABLE {decoded}")
        return removed, changed, added

# The frame of a staged import ------------------------------------------------------------------------------

MAX_PROBLEMS = 1000


class ProblemLog:
    """The problems of one file, kept up to a limit and only counted beyond it, so that a million bad rows
    cost neither memory nor a million-line report."""

    def __init__(self, file: str, limit: int = MAX_PROBLEMS):
        self.file = file
        self.limit = limit
        self.kept: list[Problem] = []
        self.more = 0

    def __bool__(self) -> bool:
        return bool(self.kept or self.more)

    def add(self, row: int | None, column: str, value, reason) -> None:
        if len(self.kept) < self.limit:
            self.kept.append(Problem(self.file, row, column, "" if value is None else str(value), str(reason)))
        else:
            self.more += 1

    def extend(self, problems: Iterable[Problem], more: int = 0) -> None:
        for problem in problems:
            self.add(problem.row, problem.column, problem.value, problem.reason)
        self.more += more

    def add_messages(self, row: int, messages: dict, columns: dict[str, str], values: dict) -> None:
        """Problems from a rule's field-keyed messages; `columns` maps model fields to the file's headers."""
        for field_name, texts in messages.items():
            for text in texts:
                self.add(row, columns.get(field_name, field_name), values.get(field_name, ""), text)

    def into(self, result: ImportResult) -> None:
        result.problems = sorted(self.kept, key=lambda problem: problem.row or 0)
        if self.more:
            result.problems.append(Problem(
                self.file, None, "", "",
                f"… and {self.more} more problems: only the first {self.limit} are listed; fix these and "
                f"import again to see the rest",
            ))


@dataclass(frozen=True)
class DatasetSource:
    """The published data set an importer reads, recorded as a Source the first time it is imported."""

    key: str
    title: str
    publisher: str
    licence: str
    attribution: str
    url: str = ""

    def get_or_create(self) -> Source:
        source, _ = Source.objects.get_or_create(key=self.key, defaults={
            "kind": Source.Kind.DATASET, "title": self.title, "publisher": self.publisher,
            "licence": self.licence, "note": self.attribution, "url": self.url,
        })
        return source


@functools.cache
def catalogue_acronyms() -> frozenset[str]:
    """The acronyms of the peacekeeping operations of the shipped catalogue, upper-cased."""
    operations, _ = read_catalogue()
    return frozenset(operation.acronym.upper() for operation in operations)


def kind_of_acronym(acronym: str) -> str:
    """The kind a mission the UN's data names gets: an operation of the catalogue, or another UN entity.

    The UN's files also name special political missions, offices and the Secretariat; the catalogue lists
    every peacekeeping operation since 1948, so an acronym it lacks is not one.
    """
    return Mission.Kind.PEACEKEEPING if acronym.upper() in catalogue_acronyms() else Mission.Kind.OTHER


class MissionLookup:
    """Missions by acronym, as files name them; an unknown acronym becomes a provisional mission, of the
    kind `kind_of_acronym` gives it."""

    def __init__(self, source: Source, problems: ProblemLog):
        self.source = source
        self.problems = problems
        self.ids: dict = {}
        self.by_acronym = {acronym.upper(): pk for acronym, pk in Mission.objects.values_list("acronym", "id")}
        self.created: list[str] = []
        self.created_apart: list[str] = []

    def id_for(self, value, row: int, column: str) -> int | None:
        """The mission's id; None (and a problem) for an empty or over-long acronym. Memoised per value."""
        found = self.ids.get(value)
        if found is not None:
            return found
        acronym = " ".join(str(value).split())
        if not acronym:
            self.problems.add(row, column, value, "the mission acronym is empty")
            return None
        limit = Mission._meta.get_field("acronym").max_length
        if len(acronym) > limit:
            self.problems.add(row, column, value, f"a mission acronym has at most {limit} characters")
            return None
        pk = self.by_acronym.get(acronym.upper())
        if pk is None:
            kind = kind_of_acronym(acronym)
            pk = Mission.objects.create(acronym=acronym, is_provisional=True, kind=kind, source=self.source).pk
            self.by_acronym[acronym.upper()] = pk
            (self.created if kind == Mission.Kind.PEACEKEEPING else self.created_apart).append(acronym)
        self.ids[value] = pk
        return pk

    def note(self, dry_run: bool) -> str | None:
        notes = []
        if self.created:
            count, acronyms = len(self.created), ", ".join(sorted(self.created))
            notes.append((ngettext(
                "{count} mission not yet known would be created from its acronym alone, marked provisional (its "
                "name and dates still need to be entered): {acronyms}.",
                "{count} missions not yet known would be created from their acronym alone, marked provisional "
                "(their names and dates still need to be entered): {acronyms}.", count) if dry_run else ngettext(
                "{count} mission not yet known was created from its acronym alone, marked provisional (its name "
                "and dates still need to be entered): {acronyms}.",
                "{count} missions not yet known were created from their acronym alone, marked provisional (their "
                "names and dates still need to be entered): {acronyms}.", count)).format(
                count=count, acronyms=acronyms))
        if self.created_apart:
            count, acronyms = len(self.created_apart), ", ".join(sorted(self.created_apart))
            notes.append((ngettext(
                "{count} UN entity that is not a peacekeeping operation of the catalogue would be created from its "
                "acronym alone, kept apart from the operations with its records: {acronyms}.",
                "{count} UN entities that are not peacekeeping operations of the catalogue would be created from "
                "their acronym alone, kept apart from the operations with their records: {acronyms}.", count)
                if dry_run else ngettext(
                "{count} UN entity that is not a peacekeeping operation of the catalogue was created from its "
                "acronym alone, kept apart from the operations with its records: {acronyms}.",
                "{count} UN entities that are not peacekeeping operations of the catalogue were created from "
                "their acronym alone, kept apart from the operations with their records: {acronyms}.", count)).format(
                count=count, acronyms=acronyms))
        return " ".join(notes) or None


@contextmanager
def unchecked_foreign_keys(using: str = DEFAULT_DB_ALIAS) -> Iterator[bool]:
    """On SQLite, outside any transaction, turn off the checks of foreign keys for the block; yields whether
    it did.

    SQLite checks each foreign key of each row inserted with a look-up in the parent table: five per patrol,
    a tenth of a large import's time. An importer whose ids all come from reads made in its own transaction
    (no other writer can delete them before it commits) can do without, and verify the few distinct ids it
    wrote instead, which it must then do. SQLite changes this setting only between transactions: inside one
    (a caller's, a test's) the checks stay on, and the block yields False.
    """
    connection = connections[using]
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield False
        return
    with connection.constraint_checks_disabled():
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA foreign_keys")
            unchecked = not cursor.fetchone()[0]
        yield unchecked


def take_turns_writing(model: type[models.Model]) -> None:
    """On PostgreSQL, imports into the same table wait for each other until their transaction ends.

    Two imports that each decide "this key is new" (or "this mission must be created") before the other
    commits would otherwise both insert it, and the second would fail on the unique key. SQLite already lets
    one writer at a time in.
    """
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [zlib.crc32(model._meta.db_table.encode())])


def run_staged_import(table: Table, result: ImportResult, problems: ProblemLog, *, source: DatasetSource,
                      model: type[models.Model], key: Sequence[str], values: Sequence[str],
                      stage: Callable[[Source, StagingTable], Iterable[list]], duplicate_reason: str, user=None,
                      dry_run: bool = False, progress: Callable[[int, int | None], None] | None = None,
                      batch_dates: Callable[[], dict] | None = None) -> None:
    """Stage, check and apply one file in one transaction, filling in the result; nothing stays written if
    the file has any problem, on a dry run, or when it changes nothing (then no import is recorded either).

    `stage(source, staging)` yields the file's valid rows in lists of staging tuples (packing keys with
    `staging.part`), adding its problems to `problems`;
    `duplicate_reason` is formatted with {first} (the row where the key first appears);
    `batch_dates()`, once the rows are read, gives the dates the import records about its file (data_as_of,
    covers_from, covers_to). A newer version of a file whose records are all unchanged is still recorded when
    its data_as_of is later than its earlier versions': it says the same records hold at a later date.
    """

    def after_batch(row_number: int) -> None:
        if progress is not None:
            progress(row_number - 1, table.estimated_rows)

    try:
        with paused_garbage_collection(), unchecked_foreign_keys() as unchecked, transaction.atomic():
            take_turns_writing(model)
            with StagingTable(model, key=key, values=values) as staging:
                staging.add(stage(source.get_or_create(), staging), after_batch)
                result.rows_read = table.rows_read
                problems.extend(table.problems, table.more_problems)
                for first, later_rows, key_values in staging.duplicates(problems.limit):
                    for later in later_rows:
                        problems.add(later, ", ".join(key), " / ".join(map(str, key_values)),
                                     duplicate_reason.format(first=first))
                if problems:
                    raise ImportRejected
                batch = start_batch(result.kind, table.path, source.get_or_create(), user, table.checksum)
                replaces = list(ImportBatch.objects.filter(kind=result.kind, file_name=batch.file_name)
                                .exclude(pk=batch.pk).values_list("pk", flat=True))
                counts = staging.apply(batch, replaces=replaces)
                result.rows_added, result.rows_changed = counts.added, counts.changed
                result.rows_unchanged, result.rows_removed = counts.unchanged, counts.removed
                for name, value in (batch_dates() if batch_dates else {}).items():
                    setattr(batch, name, value)
                if dry_run or not (result.changed_anything or _later_version(batch, replaces)):
                    raise ImportRejected
                for name, ids in staging.dangling_references() if unchecked else ():
                    problems.add(None, name, ", ".join(map(str, ids)), _("these were deleted while the file was "
                                 "being imported; import it again"))
                if problems:
                    raise ImportRejected
                finish_batch(batch, result)
    except ImportRejected:
        result.batch_id = None
    if progress is not None and result.rows_read:
        progress(result.rows_read, result.rows_read)
    problems.into(result)
    if result.ok and not result.changed_anything and result.batch_id:
        result.notes.append(_("No record changed: the import is recorded for the later date the file gives its "
                              "data."))
    elif result.ok and not result.changed_anything:
        earlier = ImportBatch.objects.filter(kind=result.kind, checksum=table.checksum).first()
        result.notes.append(
            _("Nothing changed: the data already matches this file (import #%(batch)s).") % {"batch": earlier.pk}
            if earlier else _("Nothing changed: the data already matches this file.")
        )
    elif result.ok and dry_run:
        result.notes.append(_("Dry run: the file is valid; nothing was written."))


def _later_version(batch: ImportBatch, replaces: list[int]) -> bool:
    """Whether the batch's file is an earlier-imported file's later version: its data are as of a later date."""
    if batch.data_as_of is None or not replaces:
        return False
    return not ImportBatch.objects.filter(pk__in=replaces, data_as_of__gte=batch.data_as_of).exists()
