"""Flows over a period: patrols, trainings and fatalities.

Individual records are counted only up to the sheet's date (what was known then); when a period has no
individual records, the published counts whose whole period lies inside it are used instead.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

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
from missionfacts.figures.values import Figure, NotAvailable, Period, Provenance
from missionfacts.missions.models import Mission


def _known_by(period: Period, as_of: date) -> Period | None:
    """The part of the period that had happened by the sheet's date."""
    end = min(period.end, as_of)
    return Period(period.start, end) if end >= period.start else None


def _from_counts(counts, unit: str, period: Period) -> Figure | NotAvailable:
    counts = counts.within(period.start, period.end).select_related("source")
    listed = list(counts)
    if not listed:
        return NotAvailable(unit=unit, period=period, reason="no records or published counts for this period")
    covered = Period(min(c.period_start for c in listed), max(c.period_end for c in listed))
    return Figure(
        value=sum(c.count for c in listed), unit=unit, period=covered,
        provenance=tuple(Provenance.of(c) for c in listed),
    )


def patrols_between(mission: Mission, component: str, period: Period, as_of: date) -> Figure | NotAvailable:
    """The patrols of a component over the period (up to the sheet's date), or the published counts."""
    return patrols_of_components(mission, (component,), period, as_of)[component]


def patrols_of_components(mission: Mission, components, period: Period,
                          as_of: date) -> dict[str, Figure | NotAvailable]:
    """Each component's patrols over the period (up to the sheet's date), or its published counts.

    Patrols are summed from their summaries, not counted one by one: the period's whole months from
    PatrolMonthTotal, the days of the months it starts and ends in from PatrolDay (two queries for all the
    components, a few hundred rows for ten years); the provenance still names the patrols.
    """
    known = _known_by(period, as_of)
    groups: dict[str, dict[tuple, int]] = {component: defaultdict(int) for component in components}
    if known is not None:
        # The whole months of the period: from first_whole up to (not including) after_whole.
        first_whole = known.start if known.start.day == 1 else _next_month(known.start)
        day_after = known.end + timedelta(days=1)
        after_whole = day_after if day_after.day == 1 else known.end.replace(day=1)
        if first_whole < after_whole:
            months = PatrolMonthTotal.objects.filter(mission=mission, month__gte=first_whole, month__lt=after_whole)
            days = Q(day__gte=known.start, day__lt=first_whole) | Q(day__gte=after_whole, day__lte=known.end)
        else:  # within one or two months: days only
            months, days = None, Q(day__gte=known.start, day__lte=known.end)
        summed = [PatrolDay.objects.for_mission(mission).filter(days)]
        if months is not None:
            summed.append(months)
        for rows in summed:
            for row in (rows.filter(component__in=list(components)).order_by()
                        .values("component", "source__key", "import_batch").annotate(records=Sum("patrols"))):
                groups[row["component"]][(row["source__key"], row["import_batch"])] += row["records"]
    figures = {}
    for component in components:
        total = sum(groups[component].values())
        if total:
            figures[component] = Figure(value=total, unit="patrols", period=known, provenance=Provenance.of_groups(
                Patrol._meta.label, [{"source__key": source, "import_batch": batch, "records": records}
                                     for (source, batch), records in groups[component].items()]))
        else:
            figures[component] = _from_counts(PatrolCount.objects.for_mission(mission).filter(component=component),
                                              "patrols", period)
    return figures


def _next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def fatalities_between(mission: Mission, period: Period, as_of: date, incident_type: str = "") -> Figure | NotAvailable:
    """Fatalities over the period; an empty incident type means all of them."""
    known = _known_by(period, as_of)
    if known is not None:
        records = Fatality.objects.for_mission(mission).between(known.start, known.end)
        if incident_type:
            records = records.filter(incident_type=incident_type)
        total = records.count()
        if total:
            return Figure(value=total, unit="persons", period=known, provenance=Provenance.of_queryset(records))
    counts = FatalityCount.objects.for_mission(mission).filter(incident_type=incident_type, personnel_category="")
    return _from_counts(counts, "persons", period)


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
    """Each programme's figures: from its sessions over the period (up to the sheet's date), or the published
    counts. Three queries for all the programmes, read from their daily summary (activities.TrainingDay)."""
    programmes = list(mission.training_programmes.all())
    known = _known_by(period, as_of)
    from_sessions = _from_sessions(programmes, known) if known is not None and programmes else {}
    figures = []
    for programme in programmes:
        found = from_sessions.get(programme.pk)
        trained, women = found if found is not None else _from_programme_counts(programme, period)
        figures.append(TrainingFigure(
            programme.key, programme.counts, programme.audience_fr, programme.audience_en,
            programme.subject_fr, programme.subject_en, trained, women,
        ))
    return figures


def programme_from_sessions(programme, period: Period) -> tuple | None:
    """(trained, women) of one programme's sessions over the period, or None if it held none then."""
    return _from_sessions([programme], period).get(programme.pk)


def _from_programme_counts(programme, period: Period):
    counts = TrainingCount.objects.filter(programme=programme)
    trained = _from_counts(counts, programme.counts, period)
    if not trained.available:
        return trained, trained
    women_counts = [c.women for c in counts.within(period.start, period.end)]
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
