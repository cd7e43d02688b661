"""The `patrols` import: a mission's own patrol records, or its patrol counts over periods (CSV or XLSX).

The format is documented in docs/import-formats.md. The file's headers say which of two kinds it is:

- one row per patrol (`date`, `component`, `sector` and/or `site`, `type`, optional `reference`), each row a
  `Patrol`, known by its reference, or without one by its date, component, place and type (two identical
  rows are two patrols, matched to an earlier version's by their number). Files of millions of rows: they
  are checked by `patrol_rows` and written with a staging table and set-based SQL by `patrol_staging`;
- one row per count over a period (`period_start`, `period_end`, `component`, optional `sector`, `count`),
  each row a `PatrolCount`, known by its mission, component, period and sector (`patrol_counts`).

Every row is about the mission of `--mission`, or of its `mission` column. A corrected file (the same file
name, for the same mission) replaces what its earlier versions brought; rows that other files or people
recorded are never touched, and a reference or count one of them already holds is a problem.
"""

from calendar import monthrange
from collections.abc import Callable, Iterator
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from missionfacts.activities.models import Patrol, PatrolCount
from missionfacts.activities.summary import add_patrol_days, refresh_patrol_days
from missionfacts.imports import columnar
from missionfacts.imports.batch import finish_batch, start_batch
from missionfacts.imports.cells import MissionColumn, already_recorded
from missionfacts.imports.columnar import NotColumnar
from missionfacts.imports.patrol_counts import COUNT_COLUMNS, CountRows
from missionfacts.imports.patrol_rows import PatrolRows
from missionfacts.imports.patrol_staging import PatrolStaging, as_date
from missionfacts.imports.planned import Scope, conclude, file_source, refused_by_database, run_planned_import
from missionfacts.imports.problems import ImportRejected, ImportResult
from missionfacts.imports.staging import (
    ProblemLog,
    paused_garbage_collection,
    take_turns_writing,
    unchecked_foreign_keys,
)
from missionfacts.imports.tabular import Column, Table, open_table

KIND = "patrols"

RECORD_COLUMNS = (
    Column("mission", "mission_acronym", required=False),
    Column("date", "patrolled_on", "patrol_date"),
    Column("component"),
    Column("sector", required=False),
    Column("site", required=False),
    Column("type", "patrol_type"),
    Column("reference", "patrol_reference", "ref", required=False),
)
COUNT_ONLY = ("period_start", "period_end", "count")


def import_patrols(path: Path, *, mission=None, user=None, dry_run: bool = False, progress=None) -> ImportResult:
    """Import a file of patrols or patrol counts whole, or nothing of it; the result lists every problem."""
    path = Path(path)
    result = ImportResult(file=path.name, kind=KIND, dry_run=dry_run)
    problems = ProblemLog(path.name)
    columns = _columns_of(path, problems)
    if columns is None:
        problems.into(result)
        return result
    with open_table(path, columns) as table:
        if table.ok and columns is RECORD_COLUMNS and not {"sector", "site"} & table.present:
            table.problem(1, "sector, site", ", ".join(table.header),
                          _("missing column: a file of patrols needs a sector column, a site column, or both"))
        missions = MissionColumn(mission, table, problems)
        if not table.ok or not missions.ok:
            problems.extend(table.problems, table.more_problems)
            problems.into(result)
            return result
        if columns is RECORD_COLUMNS:
            import_records(table, result, problems, missions, user=user, dry_run=dry_run, progress=progress)
        else:
            reader = CountRows(table, problems, missions)
            run_planned_import(KIND, table, result, problems, missions, read=reader.rows, plan=reader.plan,
                               write=reader.write, user=user, dry_run=dry_run, progress=progress)
    return result


def _columns_of(path: Path, problems: ProblemLog) -> tuple[Column, ...] | None:
    """Which of the two kinds of patrols file this is, from its headers; None (and a problem) if neither."""
    every = {column.name: column for column in RECORD_COLUMNS + COUNT_COLUMNS}
    optional = [Column(column.name, *column.aliases, required=False) for column in every.values()]
    with open_table(path, optional) as table:
        if not table.ok:
            problems.extend(table.problems, table.more_problems)
            return None
        present, header = table.present, ", ".join(map(str, table.header))
    is_records, is_counts = "date" in present, bool(present & set(COUNT_ONLY))
    if is_records != is_counts:
        return RECORD_COLUMNS if is_records else COUNT_COLUMNS
    problems.add(1, "", header, _(
        "cannot tell which kind of patrols file this is. One row per patrol needs the headers date, component, "
        "type and sector or site (optional: reference, mission); one row per count needs period_start, "
        "period_end, component and count (optional: sector, mission)."))
    return None


def import_records(table: Table, result: ImportResult, problems: ProblemLog, missions: MissionColumn, *,
                   user=None, dry_run: bool = False,
                   progress: Callable[[int, int | None], None] | None = None) -> None:
    """Check, stage and apply a file of one row per patrol in one transaction, filling in the result; nothing
    stays written if the file has any problem, on a dry run, or when it changes nothing (then no import is
    recorded either).

    Progress is counted in rows of the file: checking and staging them is the first half of the way. A big
    UTF-8 CSV is first read column by column (`PatrolRows.columnar_batches`); at the first sign of a problem,
    or of anything that reader does not take, it is read again row by row, which reports each problem.
    """
    options = {"user": user, "dry_run": dry_run, "progress": progress}
    if columnar.suits(table):
        rows = PatrolRows(table, problems, missions)
        try:
            _import_records(rows, rows.columnar_batches, table, result, problems, missions, **options)
            return
        except NotColumnar:
            missions.used.clear()
    rows = PatrolRows(table, problems, missions)
    _import_records(rows, rows.batches, table, result, problems, missions, **options)


def _import_records(rows: PatrolRows, read: Callable[[], Iterator[list[tuple]]], table: Table, result: ImportResult,
                    problems: ProblemLog, missions: MissionColumn, *, user, dry_run: bool, progress) -> None:
    """`import_records` with the rows read by `read`: `rows.columnar_batches` or `rows.batches`."""

    def after_batch() -> None:
        if progress is not None:
            progress((rows.last_row - 1) // 2, table.estimated_rows)

    try:
        with paused_garbage_collection(), unchecked_foreign_keys() as unchecked, transaction.atomic():
            take_turns_writing(Patrol)
            with PatrolStaging() as staging:
                staging.add(read(), after_batch)
                result.rows_read = table.rows_read
                rows.report_duplicates(staging.rows_with_references)
                if problems:
                    raise ImportRejected
                scope = Scope(KIND, table.path.name, set(missions.used))
                batch = start_batch(KIND, table.path, file_source(KIND, table.path.name, missions.used.values()),
                                    user, table.checksum)
                _record_coverage(batch, rows.spans.values())
                outcome = staging.apply(batch, mission_ids=sorted(scope.mission_ids), replaces=scope.earlier,
                                        staged_days=rows.spans)
                for row_number, reference, file_name in outcome.taken:
                    problems.add(row_number, rows.columns["reference"], reference,
                                 already_recorded(file_name, _("a patrol with this reference")))
                if problems:
                    raise ImportRejected
                # A corrected file may have turned from counts into records: the counts it brought go.
                counts = PatrolCount.objects.filter(scope.rows_of_earlier_versions())
                result.rows_added, result.rows_changed = outcome.added, outcome.changed
                result.rows_unchanged, result.rows_removed = outcome.unchanged, outcome.removed + counts.count()
                if dry_run or not result.changed_anything:
                    raise ImportRejected
                if unchecked:
                    for label, ids in _deleted_meanwhile(rows.ids_used()):
                        problems.add(None, "", ", ".join(map(str, sorted(ids))), _(
                            "%(places)s this file names were deleted while it was being imported; import it again")
                            % {"places": label})
                    if problems:
                        raise ImportRejected
                counts.delete()
                if outcome.only_added:
                    add_patrol_days(rows.day_counts, batch.source_id, batch.pk)
                else:
                    for mission_id, (first_day, last_day) in sorted(outcome.days.items()):
                        refresh_patrol_days(mission_id, first_day, last_day)
                finish_batch(batch, result)
    except ImportRejected:
        result.batch_id = None
    except IntegrityError as error:
        result.batch_id = None
        refused_by_database(error, problems)
    conclude(KIND, table, result, problems, dry_run=dry_run, progress=progress)


def _record_coverage(batch, spans) -> None:
    """The file holds the patrols of the months from its first to its last completely (figures.coverage);
    saved with the batch when it is finished."""
    spans = list(spans)
    if spans:
        first, last = as_date(min(first for first, _ in spans)), as_date(max(last for _, last in spans))
        batch.covers_from = first.replace(day=1)
        batch.covers_to = last.replace(day=monthrange(last.year, last.month)[1])


def _deleted_meanwhile(used: dict[type, set[int]]) -> list[tuple[str, set[int]]]:
    """Of the missions, sectors and sites the checks read (`PatrolRows.ids_used`), those no longer there: what
    the foreign key checks would have refused, verified once per id instead of once per patrol."""
    gone = []
    for model, ids in used.items():
        missing = ids - set(model.objects.filter(pk__in=ids).values_list("pk", flat=True))
        if missing:
            gone.append((capfirst(model._meta.verbose_name_plural), missing))
    return gone
