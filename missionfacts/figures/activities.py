"""Flows over a period: patrols, trainings and fatalities.

Which source gives each figure — published counts or individual records — is decided by one rule, in
figures.coverage: the source covering the most of the period (a count when both cover as much), with the
period its value covers. Individual records are counted only up to the sheet's date (what was known then).
"""

from calendar import monthrange
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db import connections
from django.db.models import Case, Count, IntegerField, Max, Q, Sum, Value, When
from django.db.models.functions import Coalesce

from missionfacts.activities.models import (
    Patrol,
    PatrolCount,
    PatrolDay,
    PatrolMonthTotal,
    Training,
    TrainingCount,
    TrainingDay,
    TrainingParticipation,
)
from missionfacts.casualties.models import Fatality, FatalityCount
from missionfacts.figures.coverage import RECORDS, Choice, choose, coverage_by_group, coverage_rows
from missionfacts.figures.values import Figure, NotAvailable, Period, Provenance
from missionfacts.figures.versions import shown
from missionfacts.missions.models import Mission

NO_SOURCE = "no records or published counts for this period"


def _known_by(period: Period, as_of: date) -> Period | None:
    """The part of the period that had happened by the sheet's date."""
    end = min(period.end, as_of)
    return Period(period.start, end) if end >= period.start else None


def _from_counts(choice: Choice, unit: str) -> Figure:
    """The published counts a choice adds up, over the run they cover."""
    return Figure(value=sum(count.count for count in choice.counts), unit=unit, period=choice.period,
                  provenance=tuple(Provenance.of(count) for count in choice.counts))


def _by_records_period(choices: dict) -> dict[Period, list]:
    """The keys whose chosen source is records, grouped by the period to count them over."""
    grouped = defaultdict(list)
    for key, choice in choices.items():
        if choice is not None and choice.kind == RECORDS:
            grouped[choice.period].append(key)
    return grouped


def patrols_between(mission: Mission, component: str, period: Period, as_of: date) -> Figure | NotAvailable:
    """The patrols of a component over the period, from the source the coverage rule chooses."""
    return patrols_of_components(mission, (component,), period, as_of)[component]


def patrols_of_components(mission: Mission, components, period: Period,
                          as_of: date) -> dict[str, Figure | NotAvailable]:
    """Each component's patrols over the period, from its records or its published counts (figures.coverage).

    Two queries decide (the records' coverage by month, the counts); records are then summed only where
    they are chosen, from their summaries rather than one by one (`_patrol_sums`).
    """
    coverage = coverage_by_group(coverage_rows(
        PatrolMonthTotal.objects.filter(mission=mission, component__in=list(components)), "month", "component"))
    counts = list(PatrolCount.objects.for_mission(mission).filter(component__in=list(components))
                  .within(period.start, period.end).select_related("source"))
    choices = {component: choose(period, as_of, coverage.get(component),
                                 [count for count in counts if count.component == component])
               for component in components}
    figures = {}
    for run, chosen in _by_records_period(choices).items():
        groups = _patrol_sums(mission, chosen, run)
        for component in chosen:
            figures[component] = Figure(
                value=sum(groups[component].values()), unit="patrols", period=run,
                provenance=Provenance.of_groups(Patrol._meta.label, [
                    {"source__key": source, "import_batch": batch, "records": records}
                    for (source, batch), records in groups[component].items()]))
    for component, choice in choices.items():
        if choice is None:
            figures[component] = NotAvailable(unit="patrols", period=period, reason=NO_SOURCE)
        elif component not in figures:
            figures[component] = _from_counts(choice, "patrols")
    return {component: figures[component] for component in components}


def _patrol_sums(mission: Mission, components, known: Period) -> dict[str, dict[tuple, int]]:
    """Each component's patrols over the period by (source, import), summed from their summaries.

    The period's whole months from PatrolMonthTotal, the days of the months it starts and ends in from
    PatrolDay (two queries for all the components, a few hundred rows for ten years).
    """
    groups: dict[str, dict[tuple, int]] = {component: defaultdict(int) for component in components}
    whole = _whole_months(known)
    if whole is not None:
        months = PatrolMonthTotal.objects.filter(mission=mission, month__gte=whole.start, month__lte=whole.end)
        days = Q(day__gte=known.start, day__lt=whole.start) | Q(day__gt=_last_day_of_month(whole.end),
                                                                  day__lte=known.end)
    else:  # within one or two months: days only
        months, days = None, Q(day__gte=known.start, day__lte=known.end)
    summed = [PatrolDay.objects.for_mission(mission).filter(days)]
    if months is not None:
        summed.append(months)
    for rows in summed:
        for row in (rows.filter(component__in=list(components)).order_by()
                    .values("component", "source__key", "import_batch").annotate(records=Sum("patrols"))):
            groups[row["component"]][(row["source__key"], row["import_batch"])] += row["records"]
    return groups


def _whole_months(known: Period) -> Period | None:
    """The first days of the first and the last month the period holds whole; None if it holds none.

    Reckoned month by month, not by adding days, so that a period reaching the ends of the calendar (year 1,
    31 December 9999) does not overflow.
    """
    first = known.start.replace(day=1)
    if known.start.day != 1:
        if (first.year, first.month) == (date.max.year, 12):
            return None
        first = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    last = known.end.replace(day=1)
    if known.end != _last_day_of_month(known.end):
        if (last.year, last.month) == (date.min.year, 1):
            return None
        last = date(last.year - (last.month == 1), (last.month - 2) % 12 + 1, 1)
    return Period(first, last) if first <= last else None


def _last_day_of_month(day: date) -> date:
    return day.replace(day=monthrange(day.year, day.month)[1])


def fatalities_between(mission: Mission, period: Period, as_of: date, incident_type: str = "") -> Figure | NotAvailable:
    """Fatalities over the period from the source the coverage rule chooses; an empty incident type means all.

    The records' coverage is that of all the mission's fatalities: a file that holds them completely holds
    those of every type.
    """
    records = Fatality.objects.for_mission(mission)
    coverage = coverage_by_group(coverage_rows(records, "died_on")).get(None)
    counts = FatalityCount.objects.for_mission(mission).filter(incident_type=incident_type, personnel_category="")
    # Of two sources' versions of one count (format 3), only the one the sheet shows is added up (figures.versions).
    counts = shown(list(counts.within(period.start, period.end).select_related("source").order_by("pk")),
                   lambda count: (count.period_start, count.period_end, count.incident_type), mission)
    choice = choose(period, as_of, coverage, counts)
    if choice is None:
        return NotAvailable(unit="persons", period=period, reason=NO_SOURCE)
    if choice.kind != RECORDS:
        return _from_counts(choice, "persons")
    records = records.between(choice.period.start, choice.period.end)
    if incident_type:
        records = records.filter(incident_type=incident_type)
    provenance = Provenance.of_queryset(records)
    return Figure(value=sum(item.records for item in provenance), unit="persons", period=choice.period,
                  provenance=provenance)


@dataclass(frozen=True)
class TrainingFigure:
    """A training programme's figures over a period: how many (persons or participations), of whom women."""

    programme_key: str
    counts: str
    audience_fr: str
    audience_en: str
    subject_fr: str
    subject_en: str
    trained: Figure | NotAvailable
    women: Figure | NotAvailable


def trainings_between(mission: Mission, period: Period, as_of: date) -> list[TrainingFigure]:
    """Each programme's figures over the period, from its sessions or its published counts (figures.coverage).

    Two queries decide for all the programmes (the sessions' coverage by month, the counts); sessions are
    then summed from their daily summary (activities.TrainingDay) only where they are chosen.
    """
    programmes = list(mission.training_programmes.all())
    if not programmes:
        return []
    ids = [programme.pk for programme in programmes]
    coverage = coverage_by_group(coverage_rows(Training.objects.filter(programme__in=ids), "held_on", "programme"))
    counts = list(TrainingCount.objects.filter(programme__in=ids).within(period.start, period.end)
                  .select_related("source"))
    choices = {programme.pk: choose(period, as_of, coverage.get(programme.pk),
                                    [count for count in counts if count.programme_id == programme.pk])
               for programme in programmes}
    from_sessions = {}
    for run, chosen in _by_records_period(choices).items():
        found = _from_sessions([programme for programme in programmes if programme.pk in chosen], run)
        for pk in chosen:
            # A programme whose records cover the run but hold no session then trained no one.
            from_sessions[pk] = found.get(pk) or (Figure(0, _unit_of(programmes, pk), period=run),
                                                  Figure(0, "persons", period=run))
    figures = []
    for programme in programmes:
        choice = choices[programme.pk]
        if choice is None:
            trained = women = NotAvailable(unit=programme.counts, period=period, reason=NO_SOURCE)
        elif choice.kind == RECORDS:
            trained, women = from_sessions[programme.pk]
        else:
            trained, women = _from_programme_counts(choice, programme.counts)
        figures.append(TrainingFigure(
            programme.key, programme.counts, programme.audience_fr, programme.audience_en,
            programme.subject_fr, programme.subject_en, trained, women,
        ))
    return figures


def _unit_of(programmes, pk: int) -> str:
    return next(programme.counts for programme in programmes if programme.pk == pk)


def programme_from_sessions(programme, period: Period) -> tuple | None:
    """(trained, women) of one programme's sessions over the period, or None if it held none then."""
    return _from_sessions([programme], period).get(programme.pk)


def _from_programme_counts(choice: Choice, unit: str):
    trained = _from_counts(choice, unit)
    women_counts = [count.women for count in choice.counts]
    if None in women_counts:
        women = NotAvailable(unit="persons", period=trained.period, reason="women not given in every count")
    else:
        women = Figure(value=sum(women_counts), unit="persons", period=trained.period, provenance=trained.provenance)
    return trained, women


def _from_sessions(programmes, known: Period) -> dict[int, tuple]:
    """(trained, women) of each programme that held sessions in the period: listed participants first,
    stated counts for sessions without them.

    Sessions, participations and stated counts add up over any period in the daily summary. Persons add up
    only from a programme's first listed session on (the first sessions of persons and of women are what the
    summary counts), which is the sheet's usual period; a programme with participants listed before the
    period has its persons grouped from the participations instead.
    """
    summed = _summed_days([programme.pk for programme in programmes], known)
    held = [programme for programme in programmes if (summed.get(programme.pk) or {}).get("held")]
    if not held:
        return {}
    groups = defaultdict(list)
    for group in (Training.objects.filter(programme__in=[programme.pk for programme in held])
                  .between(known.start, known.end).order_by()
                  .values("programme", "source__key", "import_batch").annotate(records=Count("pk"))):
        groups[group["programme"]].append(group)
    figures = {}
    for programme in held:
        row = summed[programme.pk]
        if programme.counts != programme.Counts.PERSONS:
            listed, listed_women = row["listed"], row["listed_women"]
        elif not row["listed_before"]:
            listed, listed_women = row["persons"], row["women"]
        else:
            listed, listed_women = _persons_grouped(programme, known)
        provenance = Provenance.of_groups(Training._meta.label, groups[programme.pk])
        trained = Figure(value=listed + row["stated"], unit=programme.counts, period=known,
                         provenance=provenance)
        if row["not_stating_women"]:
            women = NotAvailable(unit="persons", period=known, reason="women not given in every session")
        else:
            women = Figure(value=listed_women + row["stated_of_women"], unit="persons", period=known,
                           provenance=provenance)
        figures[programme.pk] = (trained, women)
    return figures


# Per programme, from its daily summary: over the period, its sessions, participations (and women's) and stated
# counts; before the period, the days with participations listed; up to the period's end, the persons and
# women first seen. Conditional sums in SQL of their own: the ORM takes longer to build nine filtered
# aggregates than the database takes to compute them.
_SUMMED_DAYS = """
SELECT programme_id,
       SUM(CASE WHEN day >= %(start)s AND day <= %(end)s THEN sessions ELSE 0 END),
       SUM(CASE WHEN day >= %(start)s AND day <= %(end)s THEN participations ELSE 0 END),
       SUM(CASE WHEN day >= %(start)s AND day <= %(end)s THEN women_participations ELSE 0 END),
       SUM(CASE WHEN day >= %(start)s AND day <= %(end)s THEN stated_trained ELSE 0 END),
       SUM(CASE WHEN day >= %(start)s AND day <= %(end)s THEN stated_women ELSE 0 END),
       SUM(CASE WHEN day >= %(start)s AND day <= %(end)s THEN stated_without_women ELSE 0 END),
       SUM(CASE WHEN day < %(start)s AND participations > 0 THEN 1 ELSE 0 END),
       SUM(CASE WHEN day <= %(end)s THEN first_persons ELSE 0 END),
       SUM(CASE WHEN day <= %(end)s THEN first_women ELSE 0 END)
FROM {table} WHERE programme_id IN ({programmes}) GROUP BY programme_id
"""
_SUMMED_NAMES = ("held", "listed", "listed_women", "stated", "stated_of_women", "not_stating_women", "listed_before",
                 "persons", "women")


def _summed_days(programme_ids: list[int], known: Period) -> dict[int, dict[str, int]]:
    connection = connections[TrainingDay.objects.db]
    marks = ", ".join(f"%(programme_{index})s" for index in range(len(programme_ids)))
    params = {"start": connection.ops.adapt_datefield_value(known.start),
              "end": connection.ops.adapt_datefield_value(known.end),
              **{f"programme_{index}": pk for index, pk in enumerate(programme_ids)}}
    with connection.cursor() as cursor:
        cursor.execute(_SUMMED_DAYS.format(table=connection.ops.quote_name(TrainingDay._meta.db_table),
                                           programmes=marks), params)
        return {pk: dict(zip(_SUMMED_NAMES, (int(value or 0) for value in values), strict=True))
                for pk, *values in cursor.fetchall()}


def _persons_grouped(programme, known: Period) -> tuple[int, int]:
    """Distinct persons and women of a programme's sessions over a period, grouped from the participations:
    one group per reference, a woman if any of her rows says F (a third faster than two COUNT(DISTINCT))."""
    woman = Max(Case(When(sex="F", then=Value(1)), default=Value(0), output_field=IntegerField()))
    found = (TrainingParticipation.objects.filter(training__programme=programme,
                                                  training__held_on__gte=known.start, training__held_on__lte=known.end)
             .values("participant_ref").annotate(woman=woman)
             .aggregate(persons=Count("participant_ref"), women=Coalesce(Sum("woman"), 0)))
    return found["persons"], found["women"]
