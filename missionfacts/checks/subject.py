"""What the checks look at: one mission's records, for its fact sheet as of a date over a period.

Several rules need the same facts (the sheet's figures, the strength reported on each date); a Subject
computes each of them once per run, with aggregate queries, so that ten years of monthly per-country rows
cost one query and not seventy thousand Python objects.
"""

from calendar import monthrange
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from django.db.models import Exists, Min, QuerySet, Sum

from missionfacts.checks.findings import RecordRef
from missionfacts.checks.labels import component_total_label, rows_label
from missionfacts.figures.sheet import SheetFigures, compute_sheet, default_period
from missionfacts.figures.values import Period
from missionfacts.missions.models import Ceiling, DatePrecision, Mission
from missionfacts.personnel.models import COMPONENT_OF_TYPE, ComponentStrength, PersonnelType, Strength, types_of


@dataclass(frozen=True)
class StrengthGroup:
    """The per-country rows of one reporting date, personnel type and import, added up."""

    reported_on: date
    personnel_type: str
    import_batch: int | None
    men: int
    women: int
    lowest_men: int
    lowest_women: int

    @property
    def component(self) -> str:
        return str(COMPONENT_OF_TYPE[PersonnelType(self.personnel_type)])

    @property
    def total(self) -> int:
        return self.men + self.women


@dataclass(frozen=True)
class Sums:
    total: int
    women: int


def adopted_by(resolution, day: date) -> bool:
    """Whether a resolution was surely adopted on or before the day: its last possible day, at the precision
    of its date, is not after the day."""
    adopted_on = resolution.adopted_on
    if adopted_on is None:
        return False
    if resolution.adopted_on_precision == DatePrecision.YEAR:
        adopted_on = date(adopted_on.year, 12, 31)
    elif resolution.adopted_on_precision == DatePrecision.MONTH:
        adopted_on = date(adopted_on.year, adopted_on.month, monthrange(adopted_on.year, adopted_on.month)[1])
    return adopted_on <= day


class Subject:
    def __init__(self, mission: Mission, as_of: date, period: Period | None = None, *,
                 sheet: SheetFigures | None = None, today: date | None = None):
        self.mission = mission
        self.as_of = as_of
        self.period = period or (sheet.period if sheet else default_period(mission, as_of))
        self.today = today or date.today()
        if sheet is not None:
            self.__dict__["sheet"] = sheet

    def within_sheet(self, day: date) -> bool:
        """Whether a stock reported on the day belongs to the sheet: inside its period, not after its date."""
        return self.period.start <= day <= self.as_of

    def which_exist(self, querysets: dict[str, QuerySet]) -> set[str]:
        """The names of the querysets that have any row, asked in one query.

        Most rules look for something that is usually absent; asking for all of it at once keeps a clean
        mission to a handful of queries.
        """
        if not querysets:
            return set()
        # Plain aliases: the names ("personnel.Strength.men") need not be valid SQL identifiers.
        names = list(querysets)
        row = Mission.objects.filter(pk=self.mission.pk).values(
            **{f"exists_{index}": Exists(querysets[name]) for index, name in enumerate(names)}).get()
        return {name for index, name in enumerate(names) if row[f"exists_{index}"]}

    @cached_property
    def ceilings(self) -> list[Ceiling]:
        """Every ceiling of the mission, the newest resolution first."""
        return list(Ceiling.objects.for_mission(self.mission).select_related("resolution")
                    .order_by("-resolution__adopted_on", "-resolution__number"))

    def ceiling_on(self, scope: str, day: date) -> Ceiling | None:
        """The ceiling in force for a scope on a day: set by the latest resolution adopted by then that sets one.

        A resolution counts as adopted by the day only when the whole of its date, at its precision, is: one
        known only as "2005" may have come after 30 September 2005, so it is not compared with a strength of
        that day. A resolution without a date is never in force on a day.
        """
        return next((ceiling for ceiling in self.ceilings
                     if ceiling.scope == scope and adopted_by(ceiling.resolution, day)), None)

    @cached_property
    def sheet(self) -> SheetFigures:
        return compute_sheet(self.mission, self.as_of, self.period)

    @cached_property
    def strength_groups(self) -> list[StrengthGroup]:
        groups = (
            Strength.objects.filter(mission=self.mission).order_by()
            .values("reported_on", "personnel_type", "import_batch")
            .annotate(men_sum=Sum("men"), women_sum=Sum("women"), lowest_men=Min("men"), lowest_women=Min("women"))
        )
        return sorted(
            (StrengthGroup(g["reported_on"], g["personnel_type"], g["import_batch"], g["men_sum"], g["women_sum"],
                           g["lowest_men"], g["lowest_women"]) for g in groups),
            key=lambda group: (group.reported_on, group.personnel_type, group.import_batch or 0),
        )

    @cached_property
    def _per_country(self) -> dict[str, dict[date, Sums]]:
        totals: dict[str, dict[date, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
        for group in self.strength_groups:
            sums = totals[group.component][group.reported_on]
            sums[0] += group.total
            sums[1] += group.women
        return {component: {day: Sums(*sums) for day, sums in by_day.items()} for component, by_day in totals.items()}

    def per_type(self, personnel_types: list[str]) -> dict[date, int]:
        """The per-country rows of some personnel types added up, by reporting date."""
        totals: dict[date, int] = defaultdict(int)
        for group in self.strength_groups:
            if group.personnel_type in personnel_types:
                totals[group.reported_on] += group.total
        return dict(totals)

    def per_country(self, component: str) -> dict[date, Sums]:
        """A component's per-country rows added up, by reporting date."""
        return self._per_country.get(component, {})

    @cached_property
    def _stated_totals(self) -> dict[str, dict[date, ComponentStrength]]:
        stated: dict[str, dict[date, ComponentStrength]] = defaultdict(dict)
        for record in ComponentStrength.objects.filter(mission=self.mission):
            stated[record.component][record.reported_on] = record
        return stated

    def stated_totals(self, component: str) -> dict[date, ComponentStrength]:
        return self._stated_totals.get(component, {})

    def strength_series(self, component: str) -> list[tuple[date, int]]:
        """The component's strength on each reporting date, as figures read it: on a date with both, the
        stated total wins over the per-country rows (figures.strength.strength_as_of)."""
        values = {day: sums.total for day, sums in self.per_country(component).items()}
        values.update({day: record.total for day, record in self.stated_totals(component).items()})
        return sorted(values.items())

    def strength_records(self, component: str, day: date) -> RecordRef:
        """The records the component's strength on the day comes from: its stated total, or its rows."""
        stated = self.stated_totals(component).get(day)
        if stated is not None:
            return RecordRef.of(stated, component_total_label(stated))
        rows = Strength.objects.filter(mission=self.mission, reported_on=day, personnel_type__in=types_of(component))
        return RecordRef.of_rows(rows, rows_label(component, day))
