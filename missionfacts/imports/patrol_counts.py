"""The `patrols` import, one row per count of patrols over a period: each row a `PatrolCount`.

A count is known by its mission, component, period and sector. Such files are small (a row per month or
quarter), so they are written through the ORM, with a history entry per count (see `planned`).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from missionfacts.activities import rules
from missionfacts.activities.models import Patrol, PatrolCount
from missionfacts.imports.cells import (
    DateCells,
    MissionColumn,
    Places,
    already_recorded,
    component_of,
    count_of,
    positions,
    problems_so_far,
)
from missionfacts.imports.models import ImportBatch
from missionfacts.imports.patrol_staging import remove_earlier_patrols
from missionfacts.imports.planned import BulkWriter, Plan, Scope
from missionfacts.imports.staging import ProblemLog
from missionfacts.imports.tabular import Column, Table

COUNT_COLUMNS = (
    Column("mission", "mission_acronym", required=False),
    Column("period_start", "start"),
    Column("period_end", "end"),
    Column("component"),
    Column("sector", required=False),
    Column("count", "patrols"),
)
COUNT_KEY = ("mission_id", "component", "period_start", "period_end", "sector_id")


@dataclass(frozen=True)
class CountRow:
    row: int
    key: tuple  # the values of COUNT_KEY
    count: int

    def record(self, batch: ImportBatch, pk: int | None = None) -> PatrolCount:
        return PatrolCount(pk=pk, count=self.count, source_id=batch.source_id, import_batch=batch,
                           **dict(zip(COUNT_KEY, self.key, strict=True)))


class CountRows:
    """Validates one row per count of patrols over a period, and turns the rows into the changes they make."""

    def __init__(self, table: Table, problems: ProblemLog, missions: MissionColumn):
        self.table = table
        self.problems = problems
        self.missions = missions
        self.places = Places()
        self.at = positions(table)
        self.columns = {name: table.header_of(column) for name, column in (
            ("mission", "mission"), ("period_start", "period_start"), ("period_end", "period_end"),
            ("component", "component"), ("sector", "sector"), ("count", "count"))}
        self.dates = DateCells(problems)
        self.rows_kept: list[CountRow] = []

    def rows(self, progress: Callable[[int], None]) -> None:
        first_row_of: dict[tuple, int] = {}
        for batch in self.table.batches():
            for row_number, fields in batch:
                count = self.row(row_number, fields)
                if count is None:
                    continue
                if count.key in first_row_of:
                    self.problems.add(row_number, ", ".join(self.columns[name] for name in (
                        "component", "period_start", "period_end", "sector")), "",
                        _("the same component, period and sector as row %(row)s") % {"row": first_row_of[count.key]})
                    continue
                first_row_of[count.key] = row_number
                self.rows_kept.append(count)
            progress(batch[-1][0])
        self.problems.extend(self.table.problems, self.table.more_problems)

    def row(self, row_number: int, fields: list) -> CountRow | None:
        at, columns, problems = self.at, self.columns, self.problems
        before = problems_so_far(problems)
        mission = self.missions.mission_for(fields[at["mission"]], row_number)
        start = self.dates.read(fields[at["period_start"]], row_number, columns["period_start"], mission)
        end = self.dates.read(fields[at["period_end"]], row_number, columns["period_end"], mission)
        problems.add_messages(row_number, rules.period_messages(start, end), columns,
                              {"period_end": fields[at["period_end"]]})
        component = component_of(fields[at["component"]], row_number, columns["component"], problems)
        count = count_of(fields[at["count"]], row_number, columns["count"], problems, required=True)
        sector = None
        if mission is not None and str(fields[at["sector"]]).strip() and start is not None and end is not None:
            sector, _site = self.places.find(mission, start, end, fields[at["sector"]], "", row_number, columns,
                                             problems)
        if problems_so_far(problems) > before:
            return None
        return CountRow(row_number, (mission.pk, component, start, end, sector.pk if sector else None), count)

    def plan(self, scope: Scope) -> Plan:
        counts = PatrolCount.objects.order_by()
        existing = {tuple(key): (pk, count) for pk, *key, count in counts.filter(
            scope.rows_of_earlier_versions()).values_list("pk", *COUNT_KEY, "count")}
        elsewhere = {tuple(key): file_name for *key, file_name in counts.filter(
            scope.rows_from_elsewhere(), mission_id__in=scope.mission_ids).values_list(
            *COUNT_KEY, "import_batch__file_name")}
        plan = Plan()
        for row in self.rows_kept:
            if row.key in elsewhere:
                self.problems.add(row.row, self.columns["count"], row.count, already_recorded(
                    elsewhere[row.key], _("a count of patrols for this component, period and sector")))
            pk, count = existing.pop(row.key, (None, None))
            if pk is None:
                plan.added.append(row)
            elif count != row.count:
                plan.changed.append((pk, row))
            else:
                plan.unchanged += 1
        plan.removed[PatrolCount] = [pk for pk, _count in existing.values()]
        # A corrected file may have turned from records into counts: the records it brought go, in bulk (see
        # patrol_staging), when the counts are written.
        self.scope = scope
        plan.removed_in_bulk = Patrol.objects.filter(scope.rows_of_earlier_versions()).count()
        return plan

    def write(self, plan: Plan, writer: BulkWriter) -> None:
        writer.update(PatrolCount, [row.record(writer.batch, pk) for pk, row in plan.changed], ("count",))
        writer.create(PatrolCount, [row.record(writer.batch) for row in plan.added])
        if plan.removed_in_bulk:
            remove_earlier_patrols(sorted(self.scope.mission_ids), self.scope.earlier)

