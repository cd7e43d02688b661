"""The daily summary of training participations (TrainingDay), kept exact in the transaction that writes them.

A refresh sums whole programmes again: their summary rows are deleted and inserted anew from the sessions
and participations with one set-based statement, so it is exact whatever the summary held before, and a writer
only has to name the programmes it may have changed:

- `Training` and `TrainingParticipation` saves and deletions (admin, API, shell) through signals
  (activities.signals);
- their querysets' `bulk_create`, `bulk_update` and `update` (activities.querysets);
- a writer of many rows (the `trainings` importer) wraps its writes in `refreshed_once()`, so that the
  programmes it touched are summed once, at the end, rather than after every chunk;
- a restore calls `rebuild_training_days`.

A whole programme is a few tens of thousands of participations at most: summing one again takes tens of
milliseconds, which a single save can afford.
"""

import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import DEFAULT_DB_ALIAS, connections, transaction

from missionfacts.activities.models import Training, TrainingDay, TrainingParticipation, TrainingProgramme
from missionfacts.missions.models import DataVersion

# The programmes a `refreshed_once()` block has touched so far, per database; None outside such a block.
_pending: ContextVar[dict[str, set[int]] | None] = ContextVar("training_days_pending", default=None)
# Within a `bulk_update`, which refreshes what it changed once, the per-batch `update()` does not.
_by_caller: ContextVar[bool] = ContextVar("training_days_refreshed_by_caller", default=False)
_LOCK_CLASS = zlib.crc32(TrainingDay._meta.db_table.encode()) & 0x7FFFFFFF
_LOCK_IDS = 2**31


def programmes_changed(programme_ids: Iterable[int | None], using: str = DEFAULT_DB_ALIAS) -> None:
    """Sum these programmes again now, or at the end of the enclosing `refreshed_once()` block."""
    ids = {pk for pk in programme_ids if pk is not None}
    if not ids:
        return
    pending = _pending.get()
    if pending is not None:
        pending.setdefault(using, set()).update(ids)
    else:
        refresh_training_days(ids, using)


@contextmanager
def refreshed_once() -> Iterator[None]:
    """Within the block, writes only note the programmes they touch; they are summed again once, on leaving
    it without an error (after an error the caller's transaction is rolled back anyway)."""
    if _pending.get() is not None:  # nested: the outer block refreshes
        yield
        return
    token = _pending.set({})
    try:
        yield
        pending = _pending.get()
    finally:
        _pending.reset(token)
    for using, ids in pending.items():
        refresh_training_days(ids, using)


@contextmanager
def refreshed_by_caller() -> Iterator[None]:
    token = _by_caller.set(True)
    try:
        yield
    finally:
        _by_caller.reset(token)


def is_refreshed_by_caller() -> bool:
    return _by_caller.get()


def refresh_training_days(programme_ids: Iterable[int], using: str = DEFAULT_DB_ALIAS) -> None:
    """Sum the participations of these programmes again into the summary, in the caller's transaction."""
    ids = sorted(set(programme_ids))
    if not ids:
        return
    connection = connections[using]
    day_table = connection.ops.quote_name(TrainingDay._meta.db_table)
    with transaction.atomic(using=using, savepoint=False), connection.cursor() as cursor:
        DataVersion.bump(using)  # first, as the patrols' summary does (see activities.summary)
        if connection.vendor == "postgresql":
            # A concurrent refresh of the same programme waits until this transaction ends, then sees its rows.
            # In the order of the ids (sorted above), so that two refreshes cannot each hold what the other waits for.
            cursor.execute("SELECT pg_advisory_xact_lock(%s, CAST(MOD(id, %s) AS integer)) FROM unnest(%s::bigint[]) "
                           "WITH ORDINALITY AS ids (id, position) ORDER BY position", [_LOCK_CLASS, _LOCK_IDS, ids])
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"DELETE FROM {day_table} WHERE programme_id IN ({marks})", chunk)
            cursor.execute(_insert(connection, f"WHERE t.programme_id IN ({marks})"), chunk * 3)


def rebuild_training_days(using: str = DEFAULT_DB_ALIAS) -> None:
    """Sum every programme again, after a restore or a load in raw SQL."""
    refresh_training_days(TrainingProgramme.objects.using(using).values_list("pk", flat=True), using)


def _insert(connection, where: str) -> str:
    """INSERT ... SELECT of the summary rows of the programmes `where` picks (on the sessions, t); the
    condition appears three times in the statement."""
    quote = connection.ops.quote_name
    day_table = quote(TrainingDay._meta.db_table)
    sessions, participations = quote(Training._meta.db_table), quote(TrainingParticipation._meta.db_table)
    return SUMMARY_SQL.format(
        day_table=day_table,
        listed=f"{participations} p JOIN {sessions} t ON t.id = p.training_id {where}",
        stated=f"{sessions} t {where} AND NOT EXISTS (SELECT 1 FROM {participations} p WHERE p.training_id = t.id)",
    )


# Per programme and day: the sessions held; the participations listed, and women's; the persons (women) whose
# first listed session (as a woman) it was; and the stated counts of sessions without participants.
SUMMARY_SQL = """
WITH persons AS (
    SELECT t.programme_id, MIN(t.held_on) AS first_day, MIN(CASE WHEN p.sex = 'F' THEN t.held_on END) AS first_woman_day
    FROM {listed} GROUP BY t.programme_id, p.participant_ref
)
INSERT INTO {day_table} (programme_id, day, sessions, participations, women_participations, first_persons, first_women,
                         stated_trained, stated_women, stated_without_women)
SELECT programme_id, day, SUM(sessions), SUM(participations), SUM(women), SUM(persons), SUM(first_women),
       SUM(stated_trained), SUM(stated_women), SUM(stated_without_women)
FROM (
    SELECT t.programme_id, t.held_on AS day, COUNT(DISTINCT t.id) AS sessions, COUNT(*) AS participations,
           SUM(CASE WHEN p.sex = 'F' THEN 1 ELSE 0 END) AS women, 0 AS persons, 0 AS first_women,
           0 AS stated_trained, 0 AS stated_women, 0 AS stated_without_women
    FROM {listed} GROUP BY t.programme_id, t.held_on
    UNION ALL SELECT programme_id, first_day, 0, 0, 0, COUNT(*), 0, 0, 0, 0 FROM persons
    GROUP BY programme_id, first_day
    UNION ALL SELECT programme_id, first_woman_day, 0, 0, 0, 0, COUNT(*), 0, 0, 0 FROM persons
    WHERE first_woman_day IS NOT NULL GROUP BY programme_id, first_woman_day
    UNION ALL SELECT t.programme_id, t.held_on, COUNT(*), 0, 0, 0, 0, COALESCE(SUM(t.trained), 0),
                     COALESCE(SUM(t.women), 0), SUM(CASE WHEN t.women IS NULL THEN 1 ELSE 0 END)
    FROM {stated} GROUP BY t.programme_id, t.held_on
) AS parts
GROUP BY programme_id, day
"""


def programmes_of_sessions(session_ids: Iterable[int | None], using: str = DEFAULT_DB_ALIAS) -> set[int]:
    """The programmes of these training sessions, as they are in the database now."""
    return _programmes_of(Training, "programme_id", session_ids, using)


def programmes_of_participations(participation_ids: Iterable[int | None], using: str = DEFAULT_DB_ALIAS) -> set[int]:
    """The programmes of these participations' sessions, as they are in the database now."""
    return _programmes_of(TrainingParticipation, "training__programme_id", participation_ids, using)


def _programmes_of(model, path: str, pks: Iterable[int | None], using: str) -> set[int]:
    ids = list({pk for pk in pks if pk is not None})
    found: set[int] = set()
    for start in range(0, len(ids), 500):
        found.update(model._base_manager.using(using).filter(pk__in=ids[start:start + 500])
                     .values_list(path, flat=True).distinct())
    return found
