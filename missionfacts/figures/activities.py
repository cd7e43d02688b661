"""Flows over a period: patrols, trainings and fatalities.

Individual records are counted only up to the sheet's date (what was known then); when a period has no
individual records, the published counts whose whole period lies inside it are used instead.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Case, Count, Exists, IntegerField, Max, OuterRef, Q, Sum, Value, When
from django.db.models.functions import Coalesce

from missionfacts.activities.models import (
    Patrol,
    PatrolCount,
    PatrolDay,
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
    """The patrols of a component over the period (up to the sheet's date), or the published counts.

    Patrols are summed from their daily summary (activities.PatrolDay, a row per day, sector, source and
    import), not counted one by one; the provenance still names the patrols.
    """
    known = _known_by(period, as_of)
    if known is not None:
        groups = list(PatrolDay.objects.for_mission(mission).filter(component=component).between(known.start, known.end)
                      .order_by().values("source__key", "import_batch").annotate(records=Sum("patrols")))
        total = sum(group["records"] for group in groups)
        if total:
            return Figure(value=total, unit="patrols", period=known,
                          provenance=Provenance.of_groups(Patrol._meta.label, groups))
    return _from_counts(PatrolCount.objects.for_mission(mission).filter(component=component), "patrols", period)


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
    figures = []
    for programme in mission.training_programmes.all():
        trained, women = _programme_between(programme, period, as_of)
        figures.append(TrainingFigure(
            programme.key, programme.counts, programme.audience_fr, programme.audience_en,
            programme.subject_fr, programme.subject_en, trained, women,
        ))
    return figures


def _programme_between(programme, period: Period, as_of: date):
    known = _known_by(period, as_of)
    if known is not None:
        sessions = Training.objects.filter(programme=programme).between(known.start, known.end)
        if sessions.exists():
            return _from_sessions(programme, sessions, known)
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


def _from_sessions(programme, sessions, known: Period):
    """Persons or participations from sessions: listed participants first, stated counts otherwise."""
    provenance = Provenance.of_queryset(sessions)
    # NOT EXISTS rather than a LEFT JOIN: PostgreSQL would otherwise read every participation of every mission.
    stated = sessions.filter(~Exists(TrainingParticipation.objects.filter(training=OuterRef("pk")))).aggregate(
        stated_trained=Sum("trained"), stated_women=Sum("women"),
        unknown_women=Count("pk", filter=Q(women__isnull=True)),
    )
    listed = _listed_from_summary(programme, known)
    if listed is None:
        # One pass over the participations. Persons: one group per reference, a woman if any of her rows says
        # F (a third faster than two COUNT(DISTINCT) on both databases).
        woman = Max(Case(When(sex="F", then=Value(1)), default=Value(0), output_field=IntegerField()))
        listed = (TrainingParticipation.objects.filter(training__in=sessions).values("participant_ref")
                  .annotate(woman=woman).aggregate(trained=Count("participant_ref"), women=Coalesce(Sum("woman"), 0)))
    trained = listed["trained"] + (stated["stated_trained"] or 0)
    women_value = listed["women"] + (stated["stated_women"] or 0)
    trained_figure = Figure(value=trained, unit=programme.counts, period=known, provenance=provenance)
    if stated["unknown_women"]:
        return trained_figure, NotAvailable(unit="persons", period=known, reason="women not given in every session")
    return trained_figure, Figure(value=women_value, unit="persons", period=known, provenance=provenance)


def _listed_from_summary(programme, known: Period) -> dict | None:
    """The listed participants' figures from the programme's daily summary (activities.TrainingDay), or None.

    Participations add up over any period. Persons do only from the programme's first session on, the
    sheet's usual period: then they are the persons first seen by the period's end. A period that starts
    later (None) has its persons grouped from the participations.
    """
    days = TrainingDay.objects.filter(programme=programme)
    if programme.counts != programme.Counts.PERSONS:
        return days.filter(day__gte=known.start, day__lte=known.end).aggregate(
            trained=Coalesce(Sum("participations"), 0), women=Coalesce(Sum("women_participations"), 0))
    by_end = Q(day__lte=known.end)
    found = days.aggregate(earlier=Count("pk", filter=Q(day__lt=known.start)),
                           trained=Coalesce(Sum("first_persons", filter=by_end), 0),
                           women=Coalesce(Sum("first_women", filter=by_end), 0))
    return None if found.pop("earlier") else found
