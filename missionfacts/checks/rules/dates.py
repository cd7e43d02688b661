"""Rules on dates: figures whose period runs past the sheet's date, records dated outside the mission's life."""

from collections import defaultdict

from django.apps import apps
from django.db.models import Count, Max, Min, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from missionfacts.activities.models import Patrol, PatrolCount, Training, TrainingCount
from missionfacts.casualties.models import Fatality, FatalityCount
from missionfacts.checks.findings import Finding, Message, RecordRef, Severity
from missionfacts.checks.labels import model_name, record_label
from missionfacts.checks.registry import rule
from missionfacts.checks.rules.stated_records import when
from missionfacts.checks.sheet_figures import sheet_figures
from missionfacts.checks.subject import Subject
from missionfacts.missions.models import StatedSiteCount
from missionfacts.personnel.models import (
    CivilianStaffing,
    ComponentStrength,
    ContributingCountry,
    StatedStrength,
    Strength,
)


def provenance_records(figure) -> tuple[RecordRef, ...]:
    """The single records a figure's provenance names (grouped records have no one id to name)."""
    ids: dict[str, list[int]] = defaultdict(list)
    for item in figure.provenance:
        if item.record_id is not None:
            ids[item.model].append(item.record_id)
    refs = []
    for model_label, pks in ids.items():
        for record in apps.get_model(model_label).objects.filter(pk__in=pks).order_by("pk"):
            refs.append(RecordRef.of(record, record_label(record)))
    return tuple(refs)


@rule("period-after-sheet-date", Severity.WARNING, _("A figure's period ending after the sheet's date or today"))
def period_after_sheet_date(subject: Subject, parameters: dict) -> list[Finding]:
    """A flow whose period ends after the sheet's date counts what had not happened yet on that date.

    This happens when only a published count is held and its period runs on (a count "since 2013" published
    with the mandate that ends next year).
    """
    findings = []
    for path, figure, name in sheet_figures(subject.sheet):
        # Women are counted over the same period as the total they belong to: one finding is enough.
        if not figure.available or figure.period is None or path.endswith(".women"):
            continue
        end = figure.period.end
        if end > subject.as_of:
            template = _("{figure}: the figure covers {start} to {end}, a period that ends after the sheet's date "
                         "({date}).")
            limit = subject.as_of
        elif end > subject.today:
            template = _("{figure}: the figure covers {start} to {end}, a period that ends after today ({date}).")
            limit = subject.today
        else:
            continue
        findings.append(Finding(
            subject=path,
            message=Message(template, figure=name, start=figure.period.start, end=end, date=limit),
            records=provenance_records(figure),
            values={"figure": path, "period": {"start": figure.period.start.isoformat(), "end": end.isoformat()},
                    "limit": limit.isoformat()},
        ))
    return findings


# Records dated by one field, and published counts dated by their period. Amounts of money are not among
# them: a fiscal period often runs past a mission's end (its liquidation), and a leader's term may begin
# before the mission does.
DATED = [(Strength, "reported_on"), (ComponentStrength, "reported_on"), (CivilianStaffing, "reported_on"),
         (Patrol, "patrolled_on"), (Training, "held_on"), (Fatality, "died_on"), (StatedSiteCount, "stated_on"),
         (StatedStrength, "reported_on"), (ContributingCountry, "listed_on")]
PERIODS = [PatrolCount, TrainingCount, FatalityCount]


def _sides(mission) -> list[tuple]:
    sides = []
    if mission.started_on:
        sides.append(("before-start", "lt", "first", mission.started_on,
                      when(mission.started_on, mission.started_on_precision),
                      ngettext_lazy("{model}: {count} record dated before the mission began ({limit}), from {first} "
                                    "to {last}.",
                                    "{model}: {count} records dated before the mission began ({limit}), from {first} "
                                    "to {last}.", "count")))
    if mission.ended_on:
        sides.append(("after-end", "gt", "last", mission.ended_on,
                      when(mission.ended_on, mission.ended_on_precision),
                      ngettext_lazy("{model}: {count} record dated after the mission ended ({limit}), from {first} "
                                    "to {last}.",
                                    "{model}: {count} records dated after the mission ended ({limit}), from {first} "
                                    "to {last}.", "count")))
    return sides


@rule("record-outside-mission-life", Severity.WARNING, _("Records dated outside the mission's life"))
def record_outside_mission_life(subject: Subject, parameters: dict) -> list[Finding]:
    """Records dated before the mission began or after it ended; for counts, by the bounds of their period.

    A mission's dates are stored at their precision (an end known as "March 2018" is its last day), so a record
    inside the month or year a date names is inside the mission's life. Only the records that could count on
    the sheet's date are looked at — a sheet of 1960 is not about records of 1979 — and they are a warning
    about those records, never a reason to refuse the sheet.
    """
    mission = subject.mission
    candidates = {}
    for model, first_field, last_field in [*((model, field, field) for model, field in DATED),
                                           *((model, "period_start", "period_end") for model in PERIODS)]:
        for side, lookup, bound, limit, shown_limit, template in _sides(mission):
            field = first_field if bound == "first" else last_field
            condition = Q(**{f"{field}__{lookup}": limit, f"{first_field}__lte": subject.as_of})
            candidates[f"{model._meta.label}:{side}"] = (model, first_field, last_field, condition, limit,
                                                         shown_limit, template)
    found = subject.which_exist({key: model.objects.filter(condition, mission=mission)
                                 for key, (model, _first, _last, condition, *_shown) in candidates.items()})
    findings = []
    for key, (model, first_field, last_field, condition, limit, shown_limit, template) in candidates.items():
        if key not in found:
            continue
        records = model.objects.filter(condition, mission=mission)
        summary = records.aggregate(records=Count("pk"), first=Min(first_field), last=Max(last_field))
        findings.append(Finding(
            subject=key,
            message=Message(template, model=model_name(model, plural=True), count=summary["records"],
                            limit=shown_limit, first=summary["first"], last=summary["last"]),
            records=(RecordRef.of_rows(records, Message(_("records dated outside it"))),),
            values={"records": summary["records"], "first": summary["first"].isoformat(),
                    "last": summary["last"].isoformat(), "limit": limit.isoformat()},
        ))
    return findings
