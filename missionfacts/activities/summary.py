"""The daily summary of patrols (PatrolDay) and its months (PatrolMonthTotal), kept exact in the transaction
that writes the patrols.

Every write of patrols ends with a refresh of the days it touched: the summary rows of a mission over a span
of days are deleted and inserted again, grouped from the patrols, with two set-based statements. A refresh
is exact whatever the summary held before, so a writer only has to name the days it may have changed:

- `Patrol.save()` and `delete()` (admin, API, shell) through signals (activities.signals), including
  `QuerySet.delete()`, which sends a signal per patrol;
- `Patrol.objects.bulk_create()`, `bulk_update()` and `update()` (activities.querysets.PatrolQuerySet);
- anything writing patrols in raw SQL (an importer's staging table, the benchmark corpus) calls
  `refresh_patrol_days` itself before its transaction ends, and a restore calls `rebuild_patrol_days`;
- an import that only added the patrols of a new batch calls `add_patrol_days` with the counts it made.
"""

import zlib
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, timedelta

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Max, Min
from django.db.models.expressions import Combinable

from missionfacts.activities.models import Patrol, PatrolDay, PatrolMonthTotal
from missionfacts.missions.models import DataVersion, Mission

# The fields of a patrol that say which summary row counts it.
KEY_FIELDS = ("mission", "component", "patrolled_on", "sector", "source", "import_batch")
WHOLE_MISSION = (date.min, date.max)
# Within `bulk_update`, which refreshes what it changed once, the per-batch `update()` does not.
_refreshed_by_caller: ContextVar[bool] = ContextVar("patrol_days_refreshed_by_caller", default=False)
# PostgreSQL's advisory lock key is two integers (32 bits each) here: this table's, apart from the importers'
# (which take one 64-bit key), then the mission. Two missions sharing a lock would only wait for each other.
_LOCK_CLASS = zlib.crc32(PatrolDay._meta.db_table.encode()) & 0x7FFFFFFF
_LOCK_IDS = 2**31


def refresh_patrol_days(mission_id: int, first_day: date, last_day: date, using: str = DEFAULT_DB_ALIAS) -> None:
    """Sum again the patrols of a mission from `first_day` to `last_day` (inclusive) into the daily summary.

    Call it after writing patrols, inside the same transaction, with bounds covering every day a written
    or deleted patrol was on before and after (a wider span is exact too, only slower).
    """
    _refresh(mission_id, first_day, last_day, None, using)


def refresh_component_days(mission_id: int, component: str, first_day: date, last_day: date,
                           using: str = DEFAULT_DB_ALIAS) -> None:
    """As `refresh_patrol_days`, for one component: what a single patrol's save or deletion changes."""
    _refresh(mission_id, first_day, last_day, component, using)


def rebuild_patrol_days(using: str = DEFAULT_DB_ALIAS) -> None:
    """Sum every patrol into the daily summary again, after a restore or a bulk load in raw SQL."""
    connection = connections[using]
    day_table = connection.ops.quote_name(PatrolDay._meta.db_table)
    with transaction.atomic(using=using, savepoint=False), connection.cursor() as cursor:
        DataVersion.bump(using)  # first, as in a refresh
        if connection.vendor == "postgresql":
            # The same locks as a refresh takes, every mission's, in one order so that two rebuilds cannot
            # deadlock.
            missions = connection.ops.quote_name(Mission._meta.db_table)
            cursor.execute(f"SELECT pg_advisory_xact_lock(%s, CAST(MOD(id, {_LOCK_IDS}) AS integer)) "
                           f"FROM (SELECT id FROM {missions} ORDER BY id) AS ordered", [_LOCK_CLASS])
        cursor.execute(f"DELETE FROM {day_table}")
        cursor.execute(_insert(connection), [])
        cursor.execute(f"DELETE FROM {connection.ops.quote_name(PatrolMonthTotal._meta.db_table)}")
        cursor.execute(_insert_months(connection), [])


def _refresh(mission_id: int, first_day: date, last_day: date, component: str | None, using: str) -> None:
    connection = connections[using]
    day_table = connection.ops.quote_name(PatrolDay._meta.db_table)
    day_column = connection.ops.quote_name(PatrolDay._meta.get_field("day").column)
    bounds = [mission_id, connection.ops.adapt_datefield_value(first_day),
              connection.ops.adapt_datefield_value(last_day)]
    only_component = " AND component = %s" if component else ""
    if component:
        bounds.append(component)
    # Joins the caller's transaction; on its own, the deletion and the insertion still commit together.
    with transaction.atomic(using=using, savepoint=False), connection.cursor() as cursor:
        # The data version first, then the mission's lock: the order of a patrol saved through the ORM (the
        # version's signal receivers run before the summary's), so that two writers never wait on each other
        # in a cycle on PostgreSQL. Every path that writes patrols refreshes, so none can forget to bump.
        DataVersion.bump(using)
        _lock_mission(cursor, connection, mission_id)
        cursor.execute(f"DELETE FROM {day_table} WHERE mission_id = %s AND {day_column} >= %s "
                       f"AND {day_column} <= %s{only_component}", bounds)
        cursor.execute(_insert(connection, f"WHERE mission_id = %s AND patrolled_on >= %s AND patrolled_on <= %s"
                                           f"{only_component}"), bounds)
        _refresh_months(cursor, connection, mission_id, first_day, last_day, component)


def add_patrol_days(day_counts: Mapping[tuple, int], source_id: int, import_batch_id: int,
                    using: str = DEFAULT_DB_ALIAS) -> None:
    """Add the patrols an import inserted into the daily summary from the counts it made while checking them.

    `day_counts` maps (mission id, component, ISO day, sector id) to the number of patrols inserted. Only for
    an import that inserted every patrol of its batch and changed or removed nothing: the batch is new, so no
    summary row can count its patrols yet, and adding its rows is what a refresh of those days would do,
    without grouping millions of patrols again. The months are then summed from the days, as in a refresh.
    """
    connection = connections[using]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(PatrolDay._meta.get_field(name).column)
                        for name in ("mission", "component", "day", "sector", "source", "import_batch", "patrols"))
    spans: dict[int, tuple[date, date]] = {}
    rows = []
    for (mission_id, component, day, sector_id), patrols in day_counts.items():
        day = date.fromisoformat(day) if isinstance(day, str) else day
        first, last = spans.get(mission_id, (day, day))
        spans[mission_id] = (min(first, day), max(last, day))
        rows.append((mission_id, component, connection.ops.adapt_datefield_value(day), sector_id, source_id,
                     import_batch_id, patrols))
    with transaction.atomic(using=using, savepoint=False), connection.cursor() as cursor:
        DataVersion.bump(using)  # first, as in a refresh
        for mission_id in sorted(spans):
            _lock_mission(cursor, connection, mission_id)
        cursor.executemany(f"INSERT INTO {quote(PatrolDay._meta.db_table)} ({columns}) "
                           f"VALUES (%s, %s, %s, %s, %s, %s, %s)", rows)
        for mission_id, (first_day, last_day) in sorted(spans.items()):
            _refresh_months(cursor, connection, mission_id, first_day, last_day, None)


def _lock_mission(cursor, connection, mission_id: int) -> None:
    """On PostgreSQL, until this transaction ends, another refresh of the mission waits: it then sees the
    patrols and the summary rows committed here, instead of inserting its own rows beside them."""
    if connection.vendor == "postgresql":
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_LOCK_CLASS, mission_id % _LOCK_IDS])


def _refresh_months(cursor, connection, mission_id: int, first_day: date, last_day: date,
                    component: str | None) -> None:
    """Sum again, from the daily rows, the months a span of days touches, whole."""
    day_column = connection.ops.quote_name(PatrolDay._meta.get_field("day").column)
    only_component = " AND component = %s" if component else ""
    months = [mission_id, connection.ops.adapt_datefield_value(first_day.replace(day=1)),
              connection.ops.adapt_datefield_value(_month_end(last_day)), *([component] if component else [])]
    month_table = connection.ops.quote_name(PatrolMonthTotal._meta.db_table)
    cursor.execute(f"DELETE FROM {month_table} WHERE mission_id = %s AND month >= %s AND month <= %s"
                   f"{only_component}", months)
    cursor.execute(_insert_months(connection, f"WHERE mission_id = %s AND {day_column} >= %s AND {day_column} <= %s"
                                              f"{only_component}"), months)



def _insert(connection, where: str = "") -> str:
    """INSERT ... SELECT of the summary rows of the patrols `where` picks."""
    quote = connection.ops.quote_name
    day_table, patrol_table = quote(PatrolDay._meta.db_table), quote(Patrol._meta.db_table)
    grouped = [quote(Patrol._meta.get_field(name).column) for name in KEY_FIELDS]
    columns = [quote(PatrolDay._meta.get_field(name).column)
               for name in ("mission", "component", "day", "sector", "source", "import_batch", "patrols")]
    return (f"INSERT INTO {day_table} ({', '.join(columns)}) SELECT {', '.join(grouped)}, COUNT(*) "
            f"FROM {patrol_table} {where} GROUP BY {', '.join(grouped)}")


def _insert_months(connection, where: str = "") -> str:
    """INSERT ... SELECT of the monthly rows of the daily summary's rows `where` picks."""
    quote = connection.ops.quote_name
    month_table, day_table = quote(PatrolMonthTotal._meta.db_table), quote(PatrolDay._meta.db_table)
    day = quote(PatrolDay._meta.get_field("day").column)
    month = (f"DATE({day}, 'start of month')" if connection.vendor == "sqlite"
             else f"CAST(date_trunc('month', {day}) AS date)")
    grouped = ["mission_id", "component", month, "sector_id", "source_id", "import_batch_id"]
    return (f"INSERT INTO {month_table} (mission_id, component, month, sector_id, source_id, import_batch_id, patrols) "
            f"SELECT {', '.join(grouped)}, SUM(patrols) FROM {day_table} {where} GROUP BY {', '.join(grouped)}")


def _month_end(day: date) -> date:
    if day >= date.max.replace(day=1):
        return date.max
    following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


# What a write touched -----------------------------------------------------------------------------------------


class Spans:
    """The days a write may have changed: per (mission, component), the first and the last.

    A component of None stands for both, as for a whole mission.
    """

    def __init__(self) -> None:
        self.bounds: dict[tuple[int, str | None], tuple[date, date]] = {}

    def __iter__(self) -> Iterator[tuple[int, str | None]]:
        return iter(self.bounds)

    def add(self, mission_id: int, component: str | None, first_day, last_day=None) -> None:
        to_date = Patrol._meta.get_field("patrolled_on").to_python
        first_day = to_date(first_day)
        last_day = to_date(last_day) if last_day is not None else first_day
        known = self.bounds.get((mission_id, component))
        if known is not None:
            first_day, last_day = min(known[0], first_day), max(known[1], last_day)
        self.bounds[(mission_id, component)] = (first_day, last_day)

    def merge(self, other: "Spans") -> None:
        for (mission_id, component), (first_day, last_day) in other.bounds.items():
            self.add(mission_id, component, first_day, last_day)

    def refresh(self, using: str) -> None:
        # Mission by mission in one order, so that two writers cannot each hold a lock the other waits for.
        for mission_id, component in sorted(self.bounds, key=lambda key: (key[0], key[1] or "")):
            _refresh(mission_id, *self.bounds[(mission_id, component)], component, using)

    @classmethod
    def of_missions(cls, mission_ids: Iterable[int]) -> "Spans":
        spans = cls()
        for mission_id in mission_ids:
            spans.add(mission_id, None, *WHOLE_MISSION)
        return spans

    @classmethod
    def of_patrols(cls, patrols, pks: list[int], chunk: int = 500) -> "Spans":
        """Where the patrols with these primary keys are in the database now."""
        spans = cls()
        for start in range(0, len(pks), chunk):
            for row in (patrols.filter(pk__in=pks[start:start + chunk]).order_by().values("mission_id", "component")
                        .annotate(first=Min("patrolled_on"), last=Max("patrolled_on"))):
                spans.add(row["mission_id"], row["component"], row["first"], row["last"])
        return spans


def touches_summary(fields: Iterable[str]) -> bool:
    """Whether writing these fields of patrols can move one from a summary row to another."""
    return any(name.removesuffix("_id") in KEY_FIELDS for name in fields)


def update_spans(patrols, values: dict) -> tuple["Spans", bool]:
    """Before `patrols.update(**values)`: the missions to sum again, and whether all of them must be."""
    missions = set(patrols.order_by().values_list("mission_id", flat=True).distinct())
    target = values.get("mission_id", values.get("mission"))
    if isinstance(target, Combinable):
        return Spans(), True
    if target is not None:
        missions.add(getattr(target, "pk", target))
    return Spans.of_missions(missions), False


@contextmanager
def refreshed_by_caller() -> Iterator[None]:
    token = _refreshed_by_caller.set(True)
    try:
        yield
    finally:
        _refreshed_by_caller.reset(token)


def is_refreshed_by_caller() -> bool:
    return _refreshed_by_caller.get()
