"""Writing a file of patrols by natural key with a staging table and a few set-based statements.

The checked rows are streamed into a temporary table (multi-row INSERTs on SQLite, COPY on PostgreSQL),
then SQL brings the patrols in line with the file:

- a row with a reference is known by (mission, reference); a row without one by (mission, date, component,
  sector, site, type, occurrence), its occurrence being its number among identical rows — in the file by
  row, in the table by id (ROW_NUMBER()), so that a corrected file keeps as many identical patrols as it
  lists, and the first ones keep their ids;
- removed: patrols that earlier versions of the file brought (for its missions) and that no row matches;
- changed: patrols a row with a reference matches whose values differ: updated in place, keeping their id,
  and pointing at the new import;
- added: rows that match nothing, inserted;
- unchanged: the rest, left alone (they keep pointing at the import that last wrote them).

This is not `imports.staging.StagingTable`: that one needs the model's only unique constraint to be the
natural key, and a patrol's key is a reference for some rows and their values and occurrence for others.

A large import into a smaller table, on SQLite, drops the table's other indexes while inserting and creates
them again before the transaction ends (see REBUILD_INDEXES_FROM_ROWS).

A reference that a patrol from elsewhere (another file, the admin) already holds is found by the table's own
unique index (mission, reference), which the insertion maintains anyway: on SQLite it inserts with ON
CONFLICT DO NOTHING and looks for the culprits only when fewer rows went in than expected; on PostgreSQL,
where a speculative insertion costs half as much again, a hash join finds them before inserting. The ids of
missions, sectors and sites come from the database, read once by the checks of `patrol_rows`.

Nothing writes a history entry per patrol: the ImportBatch is the history of an import (file, who, when,
rows added, changed, unchanged and removed), and every patrol it wrote points to it.
"""

import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

from django.db import DEFAULT_DB_ALIAS, connections

from missionfacts.activities.models import Patrol
from missionfacts.activities.summary import refresh_patrol_days
from missionfacts.imports.models import ImportBatch
from missionfacts.imports.patrol_rows import STAGED_COLUMNS
from missionfacts.imports.staging import copy_in_batches, insert_in_statements

# SQLite's page cache while an import writes (KiB, as a negative cache_size): the default 2 MB makes every
# insertion into a big index read and write pages again.
SQLITE_CACHE_KIB = 512 * 1024
# On SQLite, an import inserting at least this many patrols into a table that holds fewer drops the table's
# secondary indexes before inserting and creates them again after, in the same transaction: sorting the whole
# table once into each index then costs less than inserting into the secondary indexes row by row (with the
# five the table had then, 1 M rows into an empty table: 3.7-3.9 s instead of 4.9-5.5 s; 10 M rows: 67 s
# instead of 89 s). Into a table already as big as the import, it would cost more. A rejected or killed
# import rolls the indexes back with everything else (SQLite's DDL is transactional). The unique index on
# (mission, reference) is rebuilt too when no patrol of the file's missions holds a reference yet (then no
# insertion can conflict: references repeated within the file were refused before); otherwise it stays, to
# find the references other patrols hold.
REBUILD_INDEXES_FROM_ROWS = 100_000
VALUES = ("patrolled_on", "component", "sector_id", "site_id", "patrol_type")
_names = itertools.count(1)


@dataclass
class Outcome:
    """What applying the staged rows did, and the days it touched per mission (first, last)."""

    added: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0
    # Rows with a reference that patrols from elsewhere hold: (row number, reference, file name or None).
    taken: list[tuple[int, str, str | None]] = field(default_factory=list)
    days: dict[int, tuple[date, date]] = field(default_factory=dict)
    # Whether every staged row was inserted and nothing else changed: the import only added a new batch.
    only_added: bool = False

    def touch(self, mission_id: int, first, last) -> None:
        first, last = as_date(first), as_date(last)
        known = self.days.get(mission_id)
        if known is not None:
            first, last = min(known[0], first), max(known[1], last)
        self.days[mission_id] = (first, last)


def as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


class PatrolStaging:
    """A temporary table holding a file's checked patrols until they are applied; use inside atomic()."""

    def __init__(self, using: str = DEFAULT_DB_ALIAS):
        self.connection = connections[using]
        self.vendor = self.connection.vendor
        number = next(_names)
        self.name = f"missionfacts_patrols_{number}"
        self.earlier_name = f"missionfacts_patrols_{number}_earlier"
        self.matched_name = f"missionfacts_patrols_{number}_matched"
        self.rows_staged = 0
        self._cache_size = None

    def q(self, name: str) -> str:
        return self.connection.ops.quote_name(name)

    @property
    def table(self) -> str:
        return self.q(Patrol._meta.db_table)

    @property
    def staging(self) -> str:
        return self.q(self.name)

    @property
    def earlier(self) -> str:
        return self.q(self.earlier_name)

    @property
    def matched(self) -> str:
        return self.q(self.matched_name)

    def _temporary(self) -> str:
        return " ON COMMIT DROP" if self.vendor == "postgresql" else ""

    def __enter__(self) -> "PatrolStaging":
        if not self.connection.in_atomic_block:
            raise RuntimeError("a PatrolStaging must be used inside transaction.atomic()")
        text = "varchar(100)"
        with self.connection.cursor() as cursor:
            if self.vendor == "sqlite":
                cursor.execute("PRAGMA cache_size")
                self._cache_size = cursor.fetchone()[0]
                cursor.execute(f"PRAGMA cache_size = {-SQLITE_CACHE_KIB}")
            # Rows are staged in file order: on SQLite the row number is the table's own row id, so they are
            # appended and read back in that order at no cost.
            row_number = "integer PRIMARY KEY" if self.vendor == "sqlite" else "integer NOT NULL"
            cursor.execute(
                f"CREATE TEMP TABLE {self.staging} (row_number {row_number}, mission_id bigint NOT NULL, "
                f"patrolled_on date NOT NULL, component varchar(20) NOT NULL, sector_id bigint, site_id bigint, "
                f"patrol_type {text} NOT NULL, reference {text} NOT NULL, occurrence integer NOT NULL)"
                f"{self._temporary()}")
        return self

    def __exit__(self, exc_type, *exc_info) -> None:
        with self.connection.cursor() as cursor:
            # After an error the surrounding atomic() rolls back, and the tables with it.
            if exc_type is None:
                for name in (self.matched, self.earlier, self.staging):
                    cursor.execute(f"DROP TABLE IF EXISTS {name}")
            if self._cache_size is not None:
                cursor.execute(f"PRAGMA cache_size = {int(self._cache_size)}")

    # Staging -------------------------------------------------------------------------------------------------

    def add(self, batches: Iterable[Sequence[tuple]], after_batch: Callable[[int], None] | None = None) -> None:
        """Stage batches (lists) of tuples in the order of STAGED_COLUMNS; after_batch(last row number of the
        file read so far) follows each."""
        if self.vendor == "postgresql":
            self._copy(batches, after_batch)
        else:
            self._insert(batches, after_batch)

    def _insert(self, batches: Iterable[Sequence[tuple]], after_batch) -> None:
        insert = f"INSERT INTO {self.staging} ({', '.join(STAGED_COLUMNS)}) VALUES "
        for batch in insert_in_statements(self.connection, insert, len(STAGED_COLUMNS), batches):
            self.rows_staged += len(batch)
            if after_batch:
                after_batch()

    def _copy(self, batches: Iterable[Sequence[tuple]], after_batch) -> None:
        statement = f"COPY {self.staging} ({', '.join(STAGED_COLUMNS)}) FROM STDIN"
        with self.connection.cursor() as cursor:
            for gathered in copy_in_batches(cursor, statement, batches):
                self.rows_staged += sum(map(len, gathered))
                if after_batch:
                    after_batch()
            cursor.execute(f"ANALYZE {self.staging}")

    def rows_with_references(self, suspects: set[tuple[int, str]]) -> list[tuple[int, int, str]]:
        """The staged (row_number, mission_id, reference) of these (mission_id, reference), by row number."""
        suspect_table = self.q(f"{self.name}_suspects")
        with self.connection.cursor() as cursor:
            cursor.execute(f"CREATE TEMP TABLE {suspect_table} (mission_id bigint NOT NULL, reference varchar(100) "
                           f"NOT NULL, PRIMARY KEY (mission_id, reference)){self._temporary()}")
            cursor.executemany(f"INSERT INTO {suspect_table} (mission_id, reference) VALUES (%s, %s)",
                               sorted(suspects))
            cursor.execute(f"SELECT s.row_number, s.mission_id, s.reference FROM {self.staging} s "
                           f"JOIN {suspect_table} u ON u.mission_id = s.mission_id AND u.reference = s.reference "
                           f"ORDER BY s.row_number")
            found = cursor.fetchall()
            cursor.execute(f"DROP TABLE {suspect_table}")
        return found

    # Applying ------------------------------------------------------------------------------------------------

    def apply(self, batch: ImportBatch, *, mission_ids: Sequence[int], replaces: Sequence[int],
              staged_days: dict[int, tuple[str, str]]) -> Outcome:
        """Bring the patrols in line with the staged rows; `replaces` are the ids of earlier imports of the
        same file, whose patrols of `mission_ids` this file now stands for; `staged_days` the first and
        last day of the staged rows per mission."""
        outcome = Outcome()
        with self.connection.cursor() as cursor:
            in_scope = ""
            if replaces and mission_ids:
                in_scope = (f"mission_id IN ({', '.join(['%s'] * len(mission_ids))}) "
                            f"AND import_batch_id IN ({', '.join(['%s'] * len(replaces))})")
                cursor.execute(f"SELECT 1 FROM {self.table} WHERE {in_scope} LIMIT 1", [*mission_ids, *replaces])
                if cursor.fetchone() is None:
                    in_scope = ""
            if in_scope:
                self._match(cursor, in_scope, [*mission_ids, *replaces], outcome)
                to_insert = f"NOT EXISTS (SELECT 1 FROM {self.matched} m WHERE m.row_number = s.row_number)"
            else:
                # Nothing of the file is there yet: every row is new.
                to_insert = "true"
                for mission_id, (first, last) in staged_days.items():
                    outcome.touch(mission_id, first, last)
            expected = self.rows_staged - outcome.changed - outcome.unchanged
            if self.vendor == "postgresql":
                outcome.taken = self._taken(cursor, batch, to_insert, replaces, check_first=True)
                if outcome.taken:
                    return outcome
            outcome.added = self._insert_new(cursor, batch, to_insert, outcome.changed, expected, mission_ids)
            if outcome.added != expected:
                outcome.taken = self._taken(cursor, batch, to_insert, replaces, check_first=False)
            outcome.only_added = not in_scope and outcome.added == self.rows_staged
        return outcome

    def _match(self, cursor, in_scope: str, params: list, outcome: Outcome) -> None:
        """Match the staged rows with the patrols of earlier versions, then remove and change patrols."""
        table, staging, earlier, matched = self.table, self.staging, self.earlier, self.matched
        values = ", ".join(VALUES)
        # Occurrence numbers among identical patrols without a reference, by id: the first ones are kept.
        cursor.execute(
            f"CREATE TEMP TABLE {earlier}{self._temporary()} AS SELECT id, mission_id, reference, {values}, "
            f"CASE WHEN reference = '' THEN ROW_NUMBER() OVER (PARTITION BY mission_id, reference, {values} "
            f"ORDER BY id) ELSE 0 END AS occurrence FROM {table} WHERE {in_scope}", params)
        if self.vendor == "sqlite":
            cursor.execute(f"CREATE INDEX {self.q(self.earlier_name + '_reference')} ON {earlier} "
                           f"(mission_id, reference)")
            cursor.execute(f"CREATE INDEX {self.q(self.earlier_name + '_values')} ON {earlier} (mission_id, "
                           f"patrolled_on, component, patrol_type, occurrence) WHERE reference = ''")
        else:
            cursor.execute(f"ANALYZE {earlier}")
        same, other = ("IS", "IS NOT") if self.vendor == "sqlite" else ("IS NOT DISTINCT FROM", "IS DISTINCT FROM")
        differs = " OR ".join(f"e.{name} {other} s.{name}" for name in VALUES)
        same_place = " AND ".join(f"e.{name} {same} s.{name}" for name in ("sector_id", "site_id"))
        primary_key = "integer PRIMARY KEY" if self.vendor == "sqlite" else "integer NOT NULL"
        cursor.execute(f"CREATE TEMP TABLE {matched} (row_number {primary_key}, target_id bigint NOT NULL, "
                       f"differs integer NOT NULL){self._temporary()}")
        cursor.execute(
            f"INSERT INTO {matched} (row_number, target_id, differs) "
            f"SELECT s.row_number, e.id, CASE WHEN {differs} THEN 1 ELSE 0 END FROM {staging} s "
            f"JOIN {earlier} e ON e.mission_id = s.mission_id AND e.reference = s.reference "
            f"WHERE s.reference <> '' "
            f"UNION ALL SELECT s.row_number, e.id, 0 FROM {staging} s JOIN {earlier} e "
            f"ON e.mission_id = s.mission_id AND e.patrolled_on = s.patrolled_on AND e.component = s.component "
            f"AND e.patrol_type = s.patrol_type AND e.occurrence = s.occurrence AND e.reference = '' "
            f"AND {same_place} WHERE s.reference = ''")
        cursor.execute(f"CREATE INDEX {self.q(self.matched_name + '_target')} ON {matched} (target_id, differs)")
        if self.vendor == "postgresql":
            cursor.execute(f"ANALYZE {matched}")
        cursor.execute(f"SELECT COUNT(*), COALESCE(SUM(differs), 0) FROM {matched}")
        matches, outcome.changed = cursor.fetchone()
        outcome.unchanged = matches - outcome.changed
        # The days patrols leave (removed, or changed from) and the days they come to (added, or changed to).
        cursor.execute(f"SELECT mission_id, MIN(patrolled_on), MAX(patrolled_on) FROM {earlier} e WHERE NOT EXISTS "
                       f"(SELECT 1 FROM {matched} m WHERE m.target_id = e.id AND m.differs = 0) GROUP BY mission_id")
        for mission_id, first, last in cursor.fetchall():
            outcome.touch(mission_id, first, last)
        cursor.execute(f"SELECT mission_id, MIN(patrolled_on), MAX(patrolled_on) FROM {staging} s WHERE NOT EXISTS "
                       f"(SELECT 1 FROM {matched} m WHERE m.row_number = s.row_number AND m.differs = 0) "
                       f"GROUP BY mission_id")
        for mission_id, first, last in cursor.fetchall():
            outcome.touch(mission_id, first, last)
        cursor.execute(f"DELETE FROM {table} WHERE id IN (SELECT e.id FROM {earlier} e WHERE NOT EXISTS "
                       f"(SELECT 1 FROM {matched} m WHERE m.target_id = e.id))")
        outcome.removed = cursor.rowcount

    def _insert_new(self, cursor, batch: ImportBatch, to_insert: str, changed: int, expected: int,
                    mission_ids: Sequence[int]) -> int:
        """Change the matched patrols whose values differ, and insert the rows that match nothing (`expected`
        of them, unless patrols from elsewhere hold some of their references); the number inserted."""
        table, staging, matched = self.table, self.staging, self.matched
        provenance = [batch.source_id, batch.pk]
        if changed:
            assignments = ", ".join(f"{name} = s.{name}" for name in VALUES)
            target = "" if self.vendor == "sqlite" else " AS t"
            patrol_id = f"{table}.id" if self.vendor == "sqlite" else "t.id"
            cursor.execute(
                f"UPDATE {table}{target} SET {assignments}, source_id = %s, import_batch_id = %s "
                f"FROM {matched} m JOIN {staging} s ON s.row_number = m.row_number "
                f"WHERE {patrol_id} = m.target_id AND m.differs = 1", provenance)
        columns = f"mission_id, {', '.join(VALUES)}, reference"
        selected = ", ".join(f"s.{name}" for name in ("mission_id", *VALUES, "reference"))
        # On SQLite, a reference already held elsewhere is skipped (and looked for afterwards); ON CONFLICT
        # needs a WHERE before it to parse.
        conflicts = " ON CONFLICT DO NOTHING" if self.vendor == "sqlite" else ""
        with self._indexes_rebuilt(cursor, expected, mission_ids):
            cursor.execute(f"INSERT INTO {table} ({columns}, source_id, import_batch_id) SELECT {selected}, %s, "
                           f"%s FROM {staging} s WHERE {to_insert}{conflicts}", provenance)
            added = cursor.rowcount
        return added

    @contextmanager
    def _indexes_rebuilt(self, cursor, rows: int, mission_ids: Sequence[int]) -> Iterator[None]:
        """Drop the patrol table's secondary indexes for the block and create them again after it, on SQLite,
        when inserting up to `rows` rows into a table holding fewer (see REBUILD_INDEXES_FROM_ROWS); the
        unique index on references too when no patrol of `mission_ids` holds one."""
        if self.vendor != "sqlite" or rows < REBUILD_INDEXES_FROM_ROWS:
            yield
            return
        # The largest id bounds the number of patrols from above, and costs one look-up.
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {self.table}")
        if cursor.fetchone()[0] >= rows:
            yield
            return
        references_held = True
        if mission_ids:
            cursor.execute(f"SELECT 1 FROM {self.table} WHERE mission_id IN ({', '.join(['%s'] * len(mission_ids))}) "
                           f"AND reference <> '' LIMIT 1", list(mission_ids))
            references_held = cursor.fetchone() is not None
        indexes = self._rebuildable_indexes(cursor, with_unique=not references_held)
        for name, _sql in indexes:
            cursor.execute(f"DROP INDEX {self.q(name)}")
        try:
            yield
        finally:
            for _name, sql in indexes:
                cursor.execute(sql)

    def _rebuildable_indexes(self, cursor, with_unique: bool) -> list[tuple[str, str]]:
        """The name and SQL of each index of the patrol table made by CREATE INDEX (origin "c"): the secondary
        ones, and with_unique the unique one on references too (a constraint made by CREATE TABLE has no SQL
        to make it again, and is never dropped)."""
        cursor.execute(f"PRAGMA index_list({self.table})")
        names = {name for _seq, name, unique, origin, _partial in cursor.fetchall()
                 if origin == "c" and (with_unique or not unique)}
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s AND sql IS NOT NULL "
                       "ORDER BY name", [Patrol._meta.db_table])
        return [(name, sql) for name, sql in cursor.fetchall() if name in names]

    def _taken(self, cursor, batch: ImportBatch, to_insert: str, replaces: Sequence[int],
               check_first: bool) -> list[tuple[int, str, str | None]]:
        """Rows with a reference that a patrol from elsewhere holds: (row number, reference, its file name)."""
        if check_first:
            cursor.execute(f"SELECT 1 FROM {self.table} WHERE reference <> '' LIMIT 1")
            if cursor.fetchone() is None:
                return []
        batches = self.q(ImportBatch._meta.db_table)
        other = [*replaces, batch.pk]
        cursor.execute(
            f"SELECT s.row_number, s.reference, b.file_name FROM {self.staging} s "
            f"JOIN {self.table} t ON t.mission_id = s.mission_id AND t.reference = s.reference "
            f"LEFT JOIN {batches} b ON b.id = t.import_batch_id "
            f"WHERE s.reference <> '' AND t.reference <> '' AND {to_insert} AND (t.import_batch_id IS NULL OR "
            f"t.import_batch_id NOT IN ({', '.join(['%s'] * len(other))})) ORDER BY s.row_number", other)
        return cursor.fetchall()


def remove_earlier_patrols(mission_ids: Sequence[int], replaces: Sequence[int], using: str = DEFAULT_DB_ALIAS) -> int:
    """Delete the patrols that earlier imports (`replaces`) brought for these missions, in one statement, and
    sum their days again; the number deleted."""
    if not mission_ids or not replaces:
        return 0
    connection = connections[using]
    table = connection.ops.quote_name(Patrol._meta.db_table)
    where = (f"mission_id IN ({', '.join(['%s'] * len(mission_ids))}) "
             f"AND import_batch_id IN ({', '.join(['%s'] * len(replaces))})")
    params = [*mission_ids, *replaces]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT mission_id, MIN(patrolled_on), MAX(patrolled_on) FROM {table} WHERE {where} "
                       f"GROUP BY mission_id", params)
        days = cursor.fetchall()
        cursor.execute(f"DELETE FROM {table} WHERE {where}", params)
        removed = cursor.rowcount
    for mission_id, first, last in days:
        refresh_patrol_days(mission_id, as_date(first), as_date(last), using)
    return removed
