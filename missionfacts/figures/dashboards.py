"""The data of a mission's dashboards: series over time and rankings, computed from the records.

Like the rest of `figures`, these functions read records and return plain values; the charts, tables and CSV
files are drawn from them (factsheets.dashboard_charts) and never query the database themselves. Individual
records — patrols, training participants, fatalities — leave here only as counts.

Each series follows the sheet's rules: on a date with both a stated component total and a per-country
breakdown the stated total wins, and each month or year of a flow comes from the source the sheet would show
for that month or year (figures.coverage): the published counts inside it when they cover as much of it as
the records do, the records when they cover more. A count over a longer period cannot be placed on a month
or a year; a training count is then shown with its own period.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Max, Q, Sum
from django.db.models.functions import ExtractYear

from missionfacts.activities.models import PatrolCount, PatrolMonthTotal, Training, TrainingCount, TrainingParticipation
from missionfacts.casualties.models import Fatality, FatalityCount, IncidentType
from missionfacts.figures.coverage import COUNT, choose, coverage_by_group, coverage_rows, month_of
from missionfacts.figures.values import Period
from missionfacts.figures.versions import shown
from missionfacts.missions.models import Ceiling, CeilingScope, Mission, Resolution, Sector, StatedSiteCount
from missionfacts.personnel.models import COMPONENT_OF_TYPE, Component, ComponentStrength, PersonnelType, Strength

COMPONENTS = (Component.MILITARY, Component.POLICE)
# The ceiling scope that caps each component as a whole.
CEILING_SCOPE = {Component.MILITARY: CeilingScope.MILITARY, Component.POLICE: CeilingScope.POLICE}
TOP_COUNTRIES = 20


def latest_report_date(mission: Mission, today: date) -> date:
    """The last date on or before today with a stock reported (strength, resolution, stated sites).

    The facts page opens on it: a sheet as of today would repeat the last report under a later date. A
    mission with no such record opens on its first day, or on today; a past one on its last day.
    """
    candidates = [
        ComponentStrength.objects.for_mission(mission).latest_date_on_or_before(today),
        Strength.objects.for_mission(mission).latest_date_on_or_before(today),
        Resolution.objects.for_mission(mission).adopted_by(today).aggregate(day=Max("adopted_on"))["day"],
        StatedSiteCount.objects.filter(mission=mission, stated_on__lte=today).aggregate(day=Max("stated_on"))["day"],
    ]
    found = [day for day in candidates if day is not None]
    if found:
        return max(found)
    if mission.ended_on and mission.ended_on < today:
        # A past operation with nothing reported opens on its last day, when all it did is behind it.
        return mission.ended_on
    return min(mission.started_on, today) if mission.started_on else today


# Strength against the ceilings -------------------------------------------------------------------------------


@dataclass(frozen=True)
class StrengthPoint:
    """A component on one date: its strength reported that day and the ceiling in force; None when unknown."""

    day: date
    component: str
    strength: int | None
    ceiling: int | None


def strength_against_ceilings(mission: Mission) -> tuple[StrengthPoint, ...]:
    """Each component's strength on every reporting date, beside the ceiling in force that day.

    A resolution's adoption date is a point too (with no strength), so the ceiling line steps where it
    changed. On a date with a stated total and per-country rows, the stated total is the strength.
    """
    reported: dict[tuple[date, str], int] = {}
    breakdown = (Strength.objects.for_mission(mission).order_by().values("reported_on", "personnel_type")
                 .annotate(men_sum=Sum("men"), women_sum=Sum("women")))
    for row in breakdown:
        key = (row["reported_on"], COMPONENT_OF_TYPE[PersonnelType(row["personnel_type"])])
        reported[key] = reported.get(key, 0) + row["men_sum"] + row["women_sum"]
    for day, component, total in ComponentStrength.objects.for_mission(mission).values_list(
            "reported_on", "component", "total"):
        reported[(day, component)] = total
    ceilings = defaultdict(list)
    # An authorisation a page gives no date for (format 3) is in force on no day, so it draws no step.
    for adopted_on, scope, authorised in (Ceiling.objects.for_mission(mission)
                                          .filter(scope__in=list(CEILING_SCOPE.values()),
                                                  resolution__adopted_on__isnull=False)
                                          .order_by("resolution__adopted_on", "resolution__number")
                                          .values_list("resolution__adopted_on", "scope", "authorised")):
        ceilings[scope].append((adopted_on, authorised))
    points = []
    for component in COMPONENTS:
        steps = ceilings[CEILING_SCOPE[component]]
        days = {day for day, owner in reported if owner == component} | {day for day, _ in steps}
        for day in sorted(days):
            in_force = [authorised for adopted_on, authorised in steps if adopted_on <= day]
            points.append(StrengthPoint(day, str(component), reported.get((day, component)),
                                        in_force[-1] if in_force else None))
    return tuple(sorted(points, key=lambda point: (point.day, COMPONENTS.index(point.component))))


# Contributing countries -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CountryContribution:
    """A contributing country's place among a mission's contributors on a reporting date."""

    rank: int
    country: str  # ISO 3166-1 alpha-3
    military: int
    police: int
    women: int

    @property
    def total(self) -> int:
        return self.military + self.police


@dataclass(frozen=True)
class ContributorsAt:
    """The ranking on the last reporting date on or before the date asked, and every reporting date."""

    day: date | None
    reporting_dates: tuple[date, ...]
    countries: tuple[CountryContribution, ...]


def contributors_at(mission: Mission, day: date, limit: int = TOP_COUNTRIES) -> ContributorsAt:
    """The countries contributing most uniformed personnel, largest first, from the per-country rows.

    Equal totals share a rank and are ordered by country code; a country tied with the last place shown is
    shown too, as on the sheet. Before the first report, the first report is shown.
    """
    rows = Strength.objects.for_mission(mission)
    reporting_dates = tuple(rows.order_by("reported_on").values_list("reported_on", flat=True).distinct())
    if not reporting_dates:
        return ContributorsAt(None, (), ())
    shown = rows.latest_date_on_or_before(day) or reporting_dates[0]
    per_country: dict[str, dict[str, int]] = defaultdict(lambda: {"military": 0, "police": 0, "women": 0})
    for row in (rows.filter(reported_on=shown).order_by().values("country", "personnel_type")
                .annotate(men_sum=Sum("men"), women_sum=Sum("women"))):
        counts = per_country[row["country"]]
        counts[str(COMPONENT_OF_TYPE[PersonnelType(row["personnel_type"])])] += row["men_sum"] + row["women_sum"]
        counts["women"] += row["women_sum"]
    ordered = sorted(per_country.items(), key=lambda item: (-(item[1]["military"] + item[1]["police"]), item[0]))
    ranking: list[CountryContribution] = []
    for position, (country, counts) in enumerate(ordered, start=1):
        total = counts["military"] + counts["police"]
        rank = ranking[-1].rank if ranking and ranking[-1].total == total else position
        if position > limit and rank != ranking[-1].rank:
            break
        ranking.append(CountryContribution(rank, country, counts["military"], counts["police"], counts["women"]))
    return ContributorsAt(shown, reporting_dates, tuple(ranking))


# Women by personnel type ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WomenShare:
    """The women among one personnel type's uniformed strength on a reporting date."""

    day: date
    personnel_type: str
    women: int
    total: int

    @property
    def share(self) -> float | None:
        return self.women / self.total if self.total else None


def women_share_by_type(mission: Mission) -> tuple[WomenShare, ...]:
    """From the per-country rows: a stated component total says nothing of personnel types."""
    order = list(PersonnelType.values)
    rows = (Strength.objects.for_mission(mission).order_by().values("reported_on", "personnel_type")
            .annotate(men_sum=Sum("men"), women_sum=Sum("women")))
    shares = [WomenShare(row["reported_on"], row["personnel_type"], row["women_sum"],
                         row["men_sum"] + row["women_sum"]) for row in rows]
    return tuple(sorted(shares, key=lambda share: (share.day, order.index(share.personnel_type))))


# Patrols ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PatrolMonth:
    """The patrols of one component in one sector over a calendar month; the sector is blank when not given."""

    month: date  # its first day
    component: str
    sector_key: str
    sector_fr: str
    sector_en: str
    patrols: int
    from_counts: bool = False

    def sector(self, language: str) -> str:
        return (self.sector_fr if language == "fr" else self.sector_en) or self.sector_en or self.sector_fr


def _same_month(start: date, end: date) -> bool:
    return (start.year, start.month) == (end.year, end.month)


def patrols_per_month(mission: Mission) -> tuple[PatrolMonth, ...]:
    """Patrols by month, component and sector, each month from its records or its published counts.

    A month takes the source the sheet would show for it (figures.coverage); only a count whose period lies
    within one calendar month can be placed on a month, counts over longer periods appear on the sheet.
    """
    months: list[tuple[int, PatrolMonth]] = []
    # Summed from the monthly summary (a row per month, component, sector, source and import), not counted from
    # the patrols themselves; sectors are read apart, which spares the database a join on every row.
    totals = PatrolMonthTotal.objects.filter(mission=mission)
    records = list(totals.order_by().values_list("month", "component", "sector_id").annotate(patrols=Sum("patrols")))
    coverage = coverage_by_group(coverage_rows(totals, "month", "component")) if records else {}
    counts = [count for count in PatrolCount.objects.for_mission(mission).select_related("sector")
              if _same_month(count.period_start, count.period_end)]
    from_counts = _counted_buckets(
        {(count.period_start.replace(day=1), count.component) for count in counts}
        | {(month, component) for month, component, _sector, _patrols in records},
        lambda bucket: month_of(bucket[0]), lambda bucket: coverage.get(bucket[1]),
        lambda bucket: [count for count in counts if (count.period_start.replace(day=1), count.component) == bucket])
    named = {pk: (key, name_fr, name_en, position) for pk, key, name_fr, name_en, position in Sector.objects.filter(
        pk__in={sector_id for _month, _component, sector_id, _patrols in records if sector_id is not None}
    ).values_list("pk", "key", "name_fr", "name_en", "position")}
    by_sector: dict[tuple, int] = defaultdict(int)
    for month, component, sector_id, patrols in records:
        if (month, component) not in from_counts:
            by_sector[(month, component, *named.get(sector_id, ("", "", "", 0)))] += patrols
    for (month, component, key, name_fr, name_en, position), patrols in by_sector.items():
        months.append((position, PatrolMonth(month, component, key, name_fr, name_en, patrols)))
    summed: dict[tuple, int] = defaultdict(int)
    sectors = {}
    for count in counts:
        month = count.period_start.replace(day=1)
        if (month, count.component) not in from_counts:
            continue
        summed[(month, count.component, count.sector.key if count.sector else "")] += count.count
        if count.sector:
            sectors[count.sector.key] = count.sector
    for (month, component, sector_key), patrols in summed.items():
        sector = sectors.get(sector_key)
        months.append((sector.position if sector else 0, PatrolMonth(
            month, component, sector_key, sector.name_fr if sector else "", sector.name_en if sector else "",
            patrols, from_counts=True)))
    months.sort(key=lambda item: (item[1].month, COMPONENTS.index(item[1].component), item[1].sector_key == "",
                                  item[0], item[1].sector_key))
    return tuple(month for _, month in months)


def _counted_buckets(buckets, period_of, coverage_of, counts_of) -> set:
    """The buckets (months, years) whose figure the coverage rule takes from the published counts."""
    chosen = set()
    for bucket in buckets:
        choice = choose(period_of(bucket), date.max, coverage_of(bucket), counts_of(bucket))
        if choice is not None and choice.kind == COUNT:
            chosen.add(bucket)
    return chosen


# Trainings -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrainingBySex:
    """A training programme's sessions and participants over a period, by sex.

    Sessions are counted by calendar year; a published count keeps its own period (and has no sessions).
    Participants are persons or participations, as the programme counts them; `not_given` are those whose
    sex no record says.
    """

    programme_key: str
    subject_fr: str
    subject_en: str
    counts: str
    period: Period
    sessions: int | None
    women: int
    men: int
    not_given: int

    @property
    def participants(self) -> int:
        return self.women + self.men + self.not_given

    def subject(self, language: str) -> str:
        return (self.subject_fr if language == "fr" else self.subject_en) or self.subject_en or self.subject_fr


def _year(year: int) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31))


def trainings_by_sex(mission: Mission) -> tuple[TrainingBySex, ...]:
    programmes = list(mission.training_programmes.all())
    sessions: dict[tuple[int, int], dict[str, int]] = defaultdict(
        lambda: {"sessions": 0, "women": 0, "men": 0, "not_given": 0})
    for row in (Training.objects.for_mission(mission).annotate(year=ExtractYear("held_on")).order_by()
                .values("programme_id", "year").annotate(
                    # Distinct: the filters below join the participants, one row each.
                    held=Count("pk", distinct=True),
                    stated=Sum("trained", filter=Q(participations__isnull=True)),
                    stated_women=Sum("women", filter=Q(participations__isnull=True, women__isnull=False)),
                    stated_known=Sum("trained", filter=Q(participations__isnull=True, women__isnull=False)))):
        group = sessions[(row["programme_id"], row["year"])]
        group["sessions"] += row["held"]
        group["women"] += row["stated_women"] or 0
        group["men"] += (row["stated_known"] or 0) - (row["stated_women"] or 0)
        group["not_given"] += (row["stated"] or 0) - (row["stated_known"] or 0)
    by_programme = {programme.pk: programme for programme in programmes}
    listed = (TrainingParticipation.objects.filter(training__mission=mission)
              .annotate(year=ExtractYear("training__held_on")).order_by()
              .values("training__programme_id", "year", "sex")
              .annotate(participations=Count("pk"), persons=Count("participant_ref", distinct=True)))
    for row in listed:
        programme = by_programme[row["training__programme_id"]]
        counted = row["persons"] if programme.counts == programme.Counts.PERSONS else row["participations"]
        group = sessions[(programme.pk, row["year"])]
        group["women" if row["sex"] == "F" else "men"] += counted
    coverage = coverage_by_group(coverage_rows(Training.objects.for_mission(mission), "held_on", "programme")) \
        if sessions else {}
    counts = list(TrainingCount.objects.filter(programme__in=programmes).order_by("period_start"))
    # A year with sessions takes the source the sheet would show for it; a count within one year competes
    # for that year, a count over a longer period is shown with its own period.
    in_one_year = [count for count in counts if count.period_start.year == count.period_end.year]
    from_counts = _counted_buckets(
        set(sessions), lambda bucket: _year(bucket[1]), lambda bucket: coverage.get(bucket[0]),
        lambda bucket: [count for count in in_one_year
                        if (count.programme_id, count.period_start.year) == bucket])
    figures = []
    for programme in programmes:
        years = sorted(year for pk, year in sessions if pk == programme.pk and (pk, year) not in from_counts)
        for year in years:
            group = sessions[(programme.pk, year)]
            figures.append(TrainingBySex(programme.key, programme.subject_fr, programme.subject_en, programme.counts,
                                         _year(year), group["sessions"], group["women"], group["men"],
                                         group["not_given"]))
        for count in counts:
            year = (programme.pk, count.period_start.year)
            if count.programme_id != programme.pk:
                continue
            if count.period_end.year == year[1] and year in sessions and year not in from_counts:
                continue  # That year's sessions are its figure.
            women = count.women or 0
            figures.append(TrainingBySex(
                programme.key, programme.subject_fr, programme.subject_en, programme.counts,
                Period(count.period_start, count.period_end), None, women,
                count.count - women if count.women is not None else 0,
                0 if count.women is not None else count.count))
    return tuple(figures)


# Fatalities ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FatalitiesInYear:
    """The fatalities of one type of incident in one calendar year; a blank type is a count of all types."""

    year: int
    incident_type: str
    fatalities: int
    from_counts: bool = False


def fatalities_per_year(mission: Mission) -> tuple[FatalitiesInYear, ...]:
    """Fatalities by year and type, each year from the records or the published counts of all personnel.

    A year takes the source the sheet would show for it (figures.coverage); only a count whose period lies
    within one calendar year can be placed on a year.
    """
    fatalities = Fatality.objects.for_mission(mission)
    by_year = [FatalitiesInYear(row["year"], row["incident_type"], row["fatalities"])
               for row in (fatalities.annotate(year=ExtractYear("died_on")).order_by()
                           .values("year", "incident_type").annotate(fatalities=Count("pk")))]
    coverage = coverage_by_group(coverage_rows(fatalities, "died_on")).get(None) if by_year else None
    # Of two sources' versions of one count (format 3), only the one the sheet shows is added up.
    counts = shown([count for count in FatalityCount.objects.for_mission(mission).filter(personnel_category="")
                    .select_related("source").order_by("pk") if count.period_start.year == count.period_end.year],
                   lambda count: (count.period_start, count.period_end, count.incident_type), mission)
    from_counts = _counted_buckets(
        {count.period_start.year for count in counts} | {item.year for item in by_year}, _year,
        lambda year: coverage, lambda year: [count for count in counts if count.period_start.year == year])
    years = [item for item in by_year if item.year not in from_counts]
    summed: dict[tuple[int, str], int] = defaultdict(int)
    for count in counts:
        if count.period_start.year in from_counts:
            summed[(count.period_start.year, count.incident_type)] += count.count
    years += [FatalitiesInYear(year, incident_type, fatalities, from_counts=True)
              for (year, incident_type), fatalities in summed.items()]
    order = ["", *IncidentType.values]
    return tuple(sorted(years, key=lambda item: (item.year, order.index(item.incident_type)
                                                 if item.incident_type in order else len(order))))
