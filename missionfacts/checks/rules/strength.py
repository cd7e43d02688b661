"""Rules on uniformed and civilian strength: against the ceilings, and from one report to the next."""

from datetime import date
from functools import partial
from itertools import pairwise

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from missionfacts.checks.findings import Finding, Message, Percent, RecordRef, Severity
from missionfacts.checks.labels import ceiling_label, component_name, type_rows_label
from missionfacts.checks.registry import Parameter, rule
from missionfacts.checks.rules.stated_records import category_figures, stated_ref, stated_strengths, when
from missionfacts.checks.subject import Subject
from missionfacts.missions.models import CeilingScope
from missionfacts.personnel.models import CivilianStaffing, Component, PersonnelType, Strength

# The parts of a component a resolution may cap apart, and the personnel types that make them up.
SUB_COMPONENT_TYPES = {
    CeilingScope.MILITARY_OBSERVERS: [PersonnelType.EXPERT_ON_MISSION],
    CeilingScope.INDIVIDUAL_POLICE: [PersonnelType.INDIVIDUAL_POLICE],
    CeilingScope.FORMED_POLICE_UNITS: [PersonnelType.FORMED_POLICE_UNIT],
    CeilingScope.TROOPS: [PersonnelType.TROOPS],
    CeilingScope.STAFF_OFFICERS: [PersonnelType.STAFF_OFFICER],
}
# Each category of civilian staffing, and the ceiling category that caps it. Military liaison officers have
# no personnel type of their own (the UN counts them among the experts on mission), so no rows reach them.
CIVILIAN_SCOPES = {
    CivilianStaffing.Category.INTERNATIONAL: CeilingScope.INTERNATIONAL_CIVILIANS,
    CivilianStaffing.Category.NATIONAL: CeilingScope.LOCAL_CIVILIANS,
    CivilianStaffing.Category.VOLUNTEERS: CeilingScope.UN_VOLUNTEERS,
}


def experts_beside_liaison_officers(subject: Subject, day: date) -> bool:
    """Whether a ceiling of military liaison officers is in force on the day: the experts on mission of the
    per-country rows are then observers and liaison officers together, like neither ceiling alone, and are
    held against the military ceiling only (ceiling-categories-differ names them when there is none)."""
    return subject.ceiling_on(CeilingScope.MILITARY_LIAISON_OFFICERS, day) is not None


def _above(subject: Subject, scope: str, strength: int, day: date, records, *, key: str = "",
           shown_date=None) -> Finding | None:
    """A finding when the strength is above the ceiling in force on its date; `records()` names its records."""
    ceiling = subject.ceiling_on(scope, day)
    if ceiling is None or strength <= ceiling.authorised:
        return None
    resolution = ceiling.resolution
    if resolution.number is None:
        template = _("Strength above the authorised ceiling on {date}: {strength} ({scope}) for a ceiling of {ceiling} "
                     "set by the authorisation of {adopted}.")
    else:
        template = _("Strength above the authorised ceiling on {date}: {strength} ({scope}) for a ceiling of {ceiling} "
                     "set by resolution {resolution}.")
    return Finding(
        subject=f"{key}{scope}:{day.isoformat()}",
        message=Message(
            template, date=day if shown_date is None else shown_date, strength=strength,
            scope=CeilingScope(ceiling.scope).label, ceiling=ceiling.authorised, resolution=str(resolution.number),
            adopted=when(resolution.adopted_on, resolution.adopted_on_precision),
        ),
        records=(RecordRef.of(ceiling, ceiling_label(ceiling)), records()),
        values={"scope": scope, "as_of": day.isoformat(), "strength": strength, "ceiling": ceiling.authorised,
                "resolution": resolution.number},
    )


def _stated_above_ceilings(subject: Subject) -> list[Finding | None]:
    """Each category of a stated strength (at a date, at its peak, at withdrawal) against its own ceiling.

    Categories are matched like with like (stated_records.category_figures): a component the page does not
    state is at least the sum of the categories it gives of it, so that sum is held against the component's
    ceiling too (above it, the component surely is); one that leaves out or adds parts is counted as the
    ceiling counts it, or not compared.
    """
    findings = []
    for stated in stated_strengths(subject):
        figures, _uncountable = category_figures(stated)
        for scope, figure in figures.items():
            strength, rows = figure.total, figure.parts
            findings.append(_above(subject, scope, strength, stated.reported_on, partial(stated_ref, stated, rows),
                                   key=f"{stated.kind}.", shown_date=when(stated.reported_on,
                                                                          stated.reported_on_precision)))
    return findings


@rule("strength-above-ceiling", Severity.ERROR, _("Strength above the authorised ceiling in force"))
def strength_above_ceiling(subject: Subject, parameters: dict) -> list[Finding]:
    """The sheet's strength, each part a resolution caps apart, and every category of the strengths a page
    states (at a date, at its peak, at withdrawal), against the ceiling in force on its date."""
    if not subject.ceilings:
        return []
    findings = []
    for component in (Component.MILITARY, Component.POLICE):
        figure = subject.sheet.strength[component]
        if figure.available:
            findings.append(_above(subject, component, figure.value, figure.as_of,
                                   lambda c=component, d=figure.as_of: subject.strength_records(c, d)))
    for scope, personnel_types in SUB_COMPONENT_TYPES.items():
        by_day = {day: total for day, total in subject.per_type(personnel_types).items() if day <= subject.as_of}
        if by_day:
            day = max(by_day)
            if scope == CeilingScope.MILITARY_OBSERVERS and experts_beside_liaison_officers(subject, day):
                continue
            rows = Strength.objects.filter(mission=subject.mission, reported_on=day, personnel_type__in=personnel_types)
            label = type_rows_label(personnel_types[0], day)
            findings.append(_above(subject, scope, by_day[day], day,
                                   lambda rows=rows, label=label: RecordRef.of_rows(rows, label)))
    staffing = CivilianStaffing.objects.for_mission(subject.mission)
    day = staffing.latest_date_on_or_before(subject.as_of) if subject.ceiling_on("civilians", subject.as_of) else None
    if day is not None:
        on_day = staffing.filter(reported_on=day)
        total = on_day.aggregate(total_sum=Sum("total"))["total_sum"]
        label = Message(_("civilian staffing on {date}"), date=day)
        findings.append(_above(subject, CeilingScope.CIVILIANS, total, day,
                               lambda: RecordRef.of_rows(on_day, label)))
    findings.extend(_civilian_categories_above_ceilings(subject, staffing))
    findings.extend(_stated_above_ceilings(subject))
    return [finding for finding in findings if finding is not None]


def _civilian_categories_above_ceilings(subject: Subject, staffing) -> list[Finding | None]:
    """Each category of civilian staffing, at its latest date, against a ceiling of its own category."""
    findings = []
    for category, scope in CIVILIAN_SCOPES.items():
        if subject.ceiling_on(scope, subject.as_of) is None:
            continue
        of_category = staffing.filter(category=category)
        day = of_category.latest_date_on_or_before(subject.as_of)
        if day is None:
            continue
        record = of_category.get(reported_on=day)
        label = Message(_("civilian staffing on {date}"), date=day)
        findings.append(_above(subject, scope, record.total, day, partial(RecordRef.of, record, label)))
    return findings


@rule(
    "strength-jump", Severity.WARNING, _("A jump in strength from one monthly report to the next"),
    parameters=(Parameter("threshold", 0.25, 0.01, 10.0), Parameter("max_gap_days", 62, 1, 366, integer=True)),
)
def strength_jump(subject: Subject, parameters: dict) -> list[Finding]:
    """A component's strength changing by more than the threshold between two reports close in time.

    Only reports at most `max_gap_days` apart are compared: a change over a year is policy, over a month it
    is more likely a typing error. The reports looked at are those of the sheet's period, up to its date.
    """
    threshold, max_gap = parameters["threshold"], parameters["max_gap_days"]
    findings = []
    for component in (Component.MILITARY, Component.POLICE):
        series = [(day, value) for day, value in subject.strength_series(component) if subject.within_sheet(day)]
        for (before_day, before), (after_day, after) in pairwise(series):
            if (after_day - before_day).days > max_gap or before == 0:
                continue
            change = (after - before) / before
            if abs(change) <= threshold:
                continue
            findings.append(Finding(
                subject=f"{component}:{after_day.isoformat()}",
                message=Message(
                    _("Strength of the {component} component: {before} on {before_date}, then {after} on "
                      "{after_date} ({change}); a change of more than {threshold} between two reports is likely a "
                      "typing error."),
                    component=component_name(component), before=before, before_date=before_day, after=after,
                    after_date=after_day, change=Percent(change, signed=True), threshold=Percent(threshold),
                ),
                records=(subject.strength_records(component, before_day),
                         subject.strength_records(component, after_day)),
                values={"component": str(component), "before": before, "before_date": before_day.isoformat(),
                        "after": after, "after_date": after_day.isoformat(), "change": round(change, 4),
                        "threshold": threshold},
            ))
    return findings
