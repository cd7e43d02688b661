"""Two sources giving different values for the same fact, with both values and the one the sheet uses.

For flows (patrols, trainings, fatalities), a published count over a period is compared with the
individual records of the same period; figures use the records when the sheet's period has any, and the
counts otherwise (figures.activities). For strength, two reports of the same month from different imports
are compared; figures use the later one. (A stated component total against its own per-country rows on the
same date is reported once, by `parts-do-not-add-up`.)
"""

from collections import defaultdict

from django.utils.translation import gettext_lazy as _

from missionfacts.activities.models import Patrol, PatrolCount, Training, TrainingCount
from missionfacts.casualties.models import Fatality, FatalityCount, IncidentType, PersonnelCategory
from missionfacts.checks.findings import Finding, Message, Month, RecordRef, Severity
from missionfacts.checks.labels import component_name, count_label, import_label, rows_label, sector_name
from missionfacts.checks.registry import rule
from missionfacts.checks.sheet_figures import FIGURE_NAMES, training_name, women_of
from missionfacts.checks.subject import Subject
from missionfacts.figures.activities import programme_from_sessions
from missionfacts.figures.values import Period
from missionfacts.imports.models import ImportBatch
from missionfacts.personnel.models import Strength, types_of

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


def _disagreement(subject_key: str, fact, stated: int, counted: int, used: str, records: RecordRef, *,
                  count) -> Finding:
    return Finding(
        subject=subject_key,
        message=Message(
            _("{fact}, {start} to {end}: the published count is {stated}, the individual records count {counted}; "
              "{used}."),
            fact=fact, start=count.period_start, end=count.period_end, stated=stated, counted=counted,
            used=USED[used],
        ),
        records=(RecordRef.of(count, count_label(count)), records),
        values={"period": {"start": count.period_start.isoformat(), "end": count.period_end.isoformat()},
                "published": stated, "records": counted, "used": used},
    )


def _counts(subject: Subject, model):
    """The published counts that bear on the sheet: overlapping its period, begun by its date."""
    return model.objects.filter(mission=subject.mission, period_start__lte=min(subject.as_of, subject.period.end),
                                period_end__gte=subject.period.start)


def _patrols(subject: Subject) -> list[Finding]:
    if not Patrol.objects.filter(mission=subject.mission).exists():
        return []
    findings = []
    for count in _counts(subject, PatrolCount).select_related("sector"):
        records = Patrol.objects.filter(mission=subject.mission, component=count.component).between(
            count.period_start, count.period_end)
        fact = FIGURE_NAMES[f"patrols.{count.component}"]
        figure = subject.sheet.patrols.get(count.component)
        if count.sector is not None:
            records = records.filter(sector=count.sector)
            fact = Message(_("{figure} in the sector “{sector}”"), figure=fact, sector=sector_name(count.sector))
            figure = None
        counted = records.count()
        if counted and counted != count.count:
            findings.append(_disagreement(
                f"patrols.{count.component}:{count.period_start}:{count.period_end}"
                + (f":{count.sector.key}" if count.sector else ""),
                fact, count.count, counted, _used(figure, count, Patrol),
                RecordRef.of_rows(records, Message(_("individual records of the period"))), count=count,
            ))
    return findings


def _fatalities(subject: Subject) -> list[Finding]:
    if not Fatality.objects.filter(mission=subject.mission).exists():
        return []
    findings = []
    for count in _counts(subject, FatalityCount):
        records = Fatality.objects.filter(mission=subject.mission).between(count.period_start, count.period_end)
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
        if counted and counted != count.count:
            findings.append(_disagreement(
                f"fatalities:{count.incident_type or 'all'}:{count.personnel_category or 'all'}:"
                f"{count.period_start}:{count.period_end}",
                fact, count.count, counted,
                _used(subject.sheet.fatalities_in_attacks if shown else None, count, Fatality),
                RecordRef.of_rows(records, Message(_("individual records of the period"))), count=count,
            ))
    return findings


def _trainings(subject: Subject) -> list[Finding]:
    if not Training.objects.filter(mission=subject.mission).exists():
        return []
    shown = {training.programme_key: training for training in subject.sheet.trainings}
    findings = []
    for count in _counts(subject, TrainingCount).select_related("programme"):
        programme = count.programme
        found = programme_from_sessions(programme, Period(count.period_start, count.period_end))
        if found is None:
            continue
        trained, women = found
        sessions = Training.objects.filter(programme=programme).between(count.period_start, count.period_end)
        figure = shown.get(programme.key)
        name = training_name(figure) if figure else Message("{key}", key=programme.key)
        records = RecordRef.of_rows(sessions, Message(_("individual records of the period")))
        key = f"trainings[{programme.key}]:{count.period_start}:{count.period_end}"
        if trained.value != count.count:
            findings.append(_disagreement(f"{key}:trained", name, count.count, trained.value,
                                          _used(figure.trained if figure else None, count, Training), records,
                                          count=count))
        if count.women is not None and women.available and women.value != count.women:
            findings.append(_disagreement(f"{key}:women", women_of(name), count.women, women.value,
                                          _used(figure.women if figure else None, count, Training), records,
                                          count=count))
    return findings


def _imports(batches: list[ImportBatch | None]) -> Message:
    labels = [import_label(batch) for batch in batches]
    return Message(", ".join(f"{{i{n}}}" for n in range(len(labels))), **{f"i{n}": lb for n, lb in enumerate(labels)})


def _same_month(subject: Subject) -> list[Finding]:
    """Two reports of the same month from different imports, with different totals."""
    reports: dict[tuple[str, object], dict] = defaultdict(lambda: {"total": 0, "batches": set()})
    for group in subject.strength_groups:
        if subject.within_sheet(group.reported_on):
            report = reports[(group.component, group.reported_on)]
            report["total"] += group.total
            report["batches"].add(group.import_batch)
    findings = []
    for component in ("military", "police"):
        days = sorted(day for owner, day in reports if owner == component)
        for first, second in zip(days, days[1:], strict=False):
            earlier, later = reports[(component, first)], reports[(component, second)]
            same_month = (first.year, first.month) == (second.year, second.month)
            if not same_month or earlier["batches"] == later["batches"] or earlier["total"] == later["total"]:
                continue
            batches = {b.pk: b for b in ImportBatch.objects.filter(pk__in=earlier["batches"] | later["batches"])}
            first_batches = [batches.get(pk) for pk in sorted(earlier["batches"], key=lambda pk: pk or 0)]
            second_batches = [batches.get(pk) for pk in sorted(later["batches"], key=lambda pk: pk or 0)]
            rows = Strength.objects.filter(mission=subject.mission, personnel_type__in=types_of(component))
            findings.append(Finding(
                subject=f"strength.{component}:{first.year}-{first.month:02d}",
                message=Message(
                    _("Strength of the {component} component for {month} reported twice: {first} on {first_date} "
                      "({first_import}) and {second} on {second_date} ({second_import}); figures use the later "
                      "report."),
                    component=component_name(component), month=Month(first), first=earlier["total"],
                    first_date=first, first_import=_imports(first_batches), second=later["total"],
                    second_date=second, second_import=_imports(second_batches),
                ),
                records=(
                    *(RecordRef.of(batch, import_label(batch)) for batch in batches.values()),
                    RecordRef.of_rows(rows.filter(reported_on=first), rows_label(component, first)),
                    RecordRef.of_rows(rows.filter(reported_on=second), rows_label(component, second)),
                ),
                values={"component": component, "first": {"date": first.isoformat(), "total": earlier["total"]},
                        "second": {"date": second.isoformat(), "total": later["total"]}, "used": second.isoformat()},
            ))
    return findings


@rule("sources-disagree", Severity.WARNING, _("Two sources giving different values for the same fact"))
def sources_disagree(subject: Subject, parameters: dict) -> list[Finding]:
    return [*_patrols(subject), *_fatalities(subject), *_trainings(subject), *_same_month(subject)]

