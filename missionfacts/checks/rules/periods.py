"""Flows whose sources disagree over one period, and key figures whose period is not their heading's.

Both read the one rule of figures.coverage, which decides what the sheet shows:

- a published count is compared with the individual records only when the records cover the count's whole
  period (as their imports state, else the months they have records in; every record held counts, even one
  dated after the sheet's date, since both sources speak of the same period). A few records inside a long
  count are not a second answer to it, and the sheet keeps the count. The finding (of `sources-disagree`)
  names both values over the count's period and which one the sheet shows, with the sheet's own number and
  period when it shows the records over a longer period;
- `period-differs-from-heading`: a key figure whose period is not the one its heading states. The sheet
  prints such a figure with its own period; the warning says that it covers only part of, or another
  period than, the others.
"""

from django.utils.translation import gettext_lazy as _

from missionfacts.activities.models import Patrol, PatrolCount, Training, TrainingCount
from missionfacts.casualties.models import Fatality, FatalityCount, IncidentType, PersonnelCategory
from missionfacts.checks.findings import Finding, Message, RecordRef, Severity
from missionfacts.checks.labels import count_label, sector_name
from missionfacts.checks.registry import rule
from missionfacts.checks.sheet_figures import FIGURE_NAMES, training_name, women_of
from missionfacts.checks.subject import Subject
from missionfacts.figures.activities import programme_from_sessions
from missionfacts.figures.coverage import coverage_by_group, coverage_rows, key_figures_period
from missionfacts.figures.values import Period

USED = {
    "count": _("the sheet uses the published count"),
    "records": _("the sheet uses the individual records"),
    "neither": _("the sheet uses neither, for its own period"),
    "not-shown": _("the sheet does not show this figure"),
}


def _used(figure, count, record_model) -> str:
    if figure is None:
        return "not-shown"
    if any(item.model == count._meta.label and item.record_id == count.pk for item in figure.provenance):
        return "count"
    if any(item.model == record_model._meta.label for item in figure.provenance):
        return "records"
    return "neither"


def _disagreement(subject_key: str, fact, stated: int, counted: int, figure, record_model, records: RecordRef, *,
                  count) -> Finding:
    used = _used(figure, count, record_model)
    values = {"period": {"start": count.period_start.isoformat(), "end": count.period_end.isoformat()},
              "published": stated, "records": counted, "used": used}
    shown_elsewhere = used == "records" and figure.period != Period(count.period_start, count.period_end)
    if shown_elsewhere:
        message = Message(
            _("{fact}, {start} to {end}: the published count is {stated}, the individual records count {counted}; "
              "the sheet uses the individual records, which cover more of its period: {shown} from {shown_start} "
              "to {shown_end}."),
            fact=fact, start=count.period_start, end=count.period_end, stated=stated, counted=counted,
            shown=figure.value, shown_start=figure.period.start, shown_end=figure.period.end,
        )
        values["shown"] = {"value": figure.value, "start": figure.period.start.isoformat(),
                           "end": figure.period.end.isoformat()}
    else:
        message = Message(
            _("{fact}, {start} to {end}: the published count is {stated}, the individual records count {counted}; "
              "{used}."),
            fact=fact, start=count.period_start, end=count.period_end, stated=stated, counted=counted,
            used=USED[used],
        )
    return Finding(subject=subject_key, message=message, records=(RecordRef.of(count, count_label(count)), records),
                   values=values)


def _counts(subject: Subject, model):
    """The published counts that bear on the sheet: overlapping its period, begun by its date."""
    return model.objects.filter(mission=subject.mission, period_start__lte=min(subject.as_of, subject.period.end),
                                period_end__gte=subject.period.start)


def _covered(coverage, count) -> bool:
    return coverage is not None and coverage.covers(Period(count.period_start, count.period_end))


def _of_the_period(records) -> RecordRef:
    return RecordRef.of_rows(records, Message(_("individual records of the period")))


def patrol_disagreements(subject: Subject) -> list[Finding]:
    patrols = Patrol.objects.filter(mission=subject.mission)
    coverage = coverage_by_group(coverage_rows(patrols, "patrolled_on", "component"))
    if not coverage:
        return []
    findings = []
    for count in _counts(subject, PatrolCount).select_related("sector", "source"):
        if not _covered(coverage.get(count.component), count):
            continue
        records = patrols.filter(component=count.component).between(count.period_start, count.period_end)
        fact = FIGURE_NAMES[f"patrols.{count.component}"]
        figure = subject.sheet.patrols.get(count.component)
        if count.sector is not None:
            records = records.filter(sector=count.sector)
            fact = Message(_("{figure} in the sector “{sector}”"), figure=fact, sector=sector_name(count.sector))
            figure = None
        counted = records.count()
        if counted != count.count:
            findings.append(_disagreement(
                f"patrols.{count.component}:{count.period_start}:{count.period_end}"
                + (f":{count.sector.key}" if count.sector else ""),
                fact, count.count, counted, figure, Patrol, _of_the_period(records), count=count,
            ))
    return findings


def fatality_disagreements(subject: Subject) -> list[Finding]:
    fatalities = Fatality.objects.filter(mission=subject.mission)
    coverage = coverage_by_group(coverage_rows(fatalities, "died_on")).get(None)
    if coverage is None:
        return []
    findings = []
    for count in _counts(subject, FatalityCount).select_related("source"):
        if not _covered(coverage, count):
            continue
        records = fatalities.between(count.period_start, count.period_end)
        kinds = []
        if count.incident_type:
            records = records.filter(incident_type=count.incident_type)
            kinds.append(IncidentType(count.incident_type).label)
        if count.personnel_category:
            records = records.filter(personnel_category=count.personnel_category)
            kinds.append(PersonnelCategory(count.personnel_category).label)
        shown = count.incident_type == IncidentType.MALICIOUS_ACT and not count.personnel_category
        fact = (FIGURE_NAMES["fatalities_in_attacks"] if shown else Message(
            _("Fatalities ({kind})"), kind=Message(", ".join(f"{{k{i}}}" for i in range(len(kinds))),
                                                   **{f"k{i}": kind for i, kind in enumerate(kinds)}),
        ) if kinds else Message(_("Fatalities")))
        counted = records.count()
        if counted != count.count:
            findings.append(_disagreement(
                f"fatalities:{count.incident_type or 'all'}:{count.personnel_category or 'all'}:"
                f"{count.period_start}:{count.period_end}",
                fact, count.count, counted, subject.sheet.fatalities_in_attacks if shown else None, Fatality,
                _of_the_period(records), count=count,
            ))
    return findings


def training_disagreements(subject: Subject) -> list[Finding]:
    coverage = coverage_by_group(coverage_rows(Training.objects.filter(mission=subject.mission), "held_on",
                                               "programme"))
    if not coverage:
        return []
    shown = {training.programme_key: training for training in subject.sheet.trainings}
    findings = []
    for count in _counts(subject, TrainingCount).select_related("programme", "source"):
        programme = count.programme
        if not _covered(coverage.get(programme.pk), count):
            continue
        period = Period(count.period_start, count.period_end)
        # A programme covered over the period but without a session in it trained no one.
        trained_value, women_value = 0, 0
        found = programme_from_sessions(programme, period)
        if found is not None:
            trained, women = found
            trained_value, women_value = trained.value, women.value if women.available else None
        sessions = Training.objects.filter(programme=programme).between(count.period_start, count.period_end)
        figure = shown.get(programme.key)
        name = training_name(figure) if figure else Message("{key}", key=programme.key)
        records = _of_the_period(sessions)
        key = f"trainings[{programme.key}]:{count.period_start}:{count.period_end}"
        if trained_value != count.count:
            findings.append(_disagreement(f"{key}:trained", name, count.count, trained_value,
                                          figure.trained if figure else None, Training, records, count=count))
        if count.women is not None and women_value is not None and women_value != count.women:
            findings.append(_disagreement(f"{key}:women", women_of(name), count.women, women_value,
                                          figure.women if figure else None, Training, records, count=count))
    return findings


def flow_disagreements(subject: Subject) -> list[Finding]:
    """The findings of `sources-disagree` about patrols, fatalities and trainings."""
    return [*patrol_disagreements(subject), *fatality_disagreements(subject), *training_disagreements(subject)]


def _key_figures(subject: Subject):
    sheet = subject.sheet
    for component, figure in sheet.patrols.items():
        yield f"patrols.{component}", figure, FIGURE_NAMES[f"patrols.{component}"]
    for training in sheet.trainings:
        yield f"trainings[{training.programme_key}].trained", training.trained, training_name(training)
    yield "fatalities_in_attacks", sheet.fatalities_in_attacks, FIGURE_NAMES["fatalities_in_attacks"]


@rule("period-differs-from-heading", Severity.WARNING,
      _("A key figure covering another period than the one its heading states"))
def period_differs_from_heading(subject: Subject, parameters: dict) -> list[Finding]:
    heading = key_figures_period(subject.sheet)
    findings = []
    for path, figure, name in _key_figures(subject):
        if not figure.available or figure.period is None or figure.period == heading:
            continue
        findings.append(Finding(
            subject=f"{path}:{figure.period.start}:{figure.period.end}",
            message=Message(
                _("{figure}: {value} covers {start} to {end}, not the period its heading states ({heading_start} to "
                  "{heading_end}); the sheet prints it with its own period."),
                figure=name, value=figure.value, start=figure.period.start, end=figure.period.end,
                heading_start=heading.start, heading_end=heading.end,
            ),
            values={"value": figure.value,
                    "period": {"start": figure.period.start.isoformat(), "end": figure.period.end.isoformat()},
                    "heading": {"start": heading.start.isoformat(), "end": heading.end.isoformat()}},
        ))
    return findings
