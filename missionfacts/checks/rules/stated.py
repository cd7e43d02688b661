"""Rules on what a page states with its breakdown: strength by category, fatalities by category.

The UN's pages of past missions give a grand total beside its parts ("15,000 uniformed personnel, including
14,000 troops…"), and the import keeps both as published. A single part is an "including": it may fall short
of its total but never exceed it. Two parts or more are a breakdown, which must add up exactly.
"""

from collections import defaultdict

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from missionfacts.casualties.models import FatalityCount, PersonnelCategory
from missionfacts.checks.findings import Finding, Message, RecordRef, Severity
from missionfacts.checks.labels import count_label, listed, period_label
from missionfacts.checks.registry import rule
from missionfacts.checks.rules.stated_records import parts_label, stated_label, stated_strengths, when
from missionfacts.checks.subject import Subject
from missionfacts.missions.models import PARTS_OF_COMPONENT, CeilingScope
from missionfacts.personnel.models import StatedStrength, StatedStrengthPart

# The categories a grand total adds up, beside the components: they belong to none.
OUTSIDE_COMPONENTS = (CeilingScope.UN_VOLUNTEERS, CeilingScope.OTHERS)
UNIFORMED = (CeilingScope.MILITARY, CeilingScope.POLICE)


def _differs(summed: int, stated: int, parts: int) -> bool:
    """Whether parts contradict their total: above it always, below it only when they are a breakdown."""
    return summed > stated or (parts >= 2 and summed != stated)


def _groups_of(parts: dict[str, StatedStrengthPart], groups) -> list[tuple[int, int | None]]:
    """(total, women) of each group a grand total adds up: a component's stated total where given, else the
    sum of its categories; the categories outside any component as they are."""
    found = []
    for group in groups:
        if group in parts:
            found.append((parts[group].total, parts[group].women))
            continue
        inner = [parts[category] for category in PARTS_OF_COMPONENT.get(group, ()) if category in parts]
        if inner:
            women = [part.women for part in inner]
            found.append((sum(part.total for part in inner), None if None in women else sum(women)))
    return found


@rule("stated-total-does-not-add-up", Severity.ERROR, _("A stated grand total that its parts do not add up to"))
def stated_total_does_not_add_up(subject: Subject, parameters: dict) -> list[Finding]:
    """A stated strength's grand total, and its women, against the parts the page gives beside it.

    A total of uniformed personnel adds up the military and the police; a total of all personnel adds up the
    civilians, UN Volunteers and others too.
    """
    findings = []
    for stated in stated_strengths(subject):
        if stated.total is None:
            continue
        parts = {part.category: part for part in stated.parts.all()}
        groups = UNIFORMED if stated.total_covers == StatedStrength.TotalCovers.UNIFORMED else (
            *PARTS_OF_COMPONENT, *OUTSIDE_COMPONENTS)
        found = _groups_of(parts, groups)
        if not found:
            continue
        summed = sum(total for total, _women in found)
        day = when(stated.reported_on, stated.reported_on_precision)
        records = (RecordRef.of(stated, stated_label(stated)),
                   RecordRef.of_rows(StatedStrengthPart.objects.filter(stated_strength=stated), parts_label()))
        key = f"{stated.kind}:{stated.reported_on.isoformat()}"
        if _differs(summed, stated.total, len(found)):
            findings.append(Finding(
                subject=f"{key}:total",
                message=Message(_("{kind} of {date}: the page states a total of {stated}, and its parts add up to "
                                  "{summed}."),
                                kind=capfirst(StatedStrength.Kind(stated.kind).label), date=day, stated=stated.total,
                                summed=summed),
                records=records,
                values={"kind": stated.kind, "date": stated.reported_on.isoformat(), "stated": stated.total,
                        "summed": summed},
            ))
        women = [women for _total, women in found if women is not None]
        if stated.women is not None and women and _differs(sum(women), stated.women,
                                                           len(women) if len(women) == len(found) else 1):
            findings.append(Finding(
                subject=f"{key}:women",
                message=Message(_("{kind} of {date}: the page states {stated} women in all, and its parts add up to "
                                  "{summed} women."),
                                kind=capfirst(StatedStrength.Kind(stated.kind).label), date=day, stated=stated.women,
                                summed=sum(women)),
                records=records,
                values={"kind": stated.kind, "date": stated.reported_on.isoformat(), "stated": stated.women,
                        "summed": sum(women)},
            ))
    return findings


@rule("component-does-not-add-up", Severity.ERROR, _("A stated component that its categories do not add up to"))
def component_does_not_add_up(subject: Subject, parameters: dict) -> list[Finding]:
    """A component a page states (military personnel) against the categories it gives of it (troops, staff
    officers, military observers, military liaison officers)."""
    findings = []
    for stated in stated_strengths(subject):
        parts = {part.category: part for part in stated.parts.all()}
        for component, categories in PARTS_OF_COMPONENT.items():
            inner = [parts[category] for category in categories if category in parts]
            if component not in parts or not inner:
                continue
            whole = parts[component]
            summed = sum(part.total for part in inner)
            if not _differs(summed, whole.total, len(inner)):
                continue
            findings.append(Finding(
                subject=f"{stated.kind}:{stated.reported_on.isoformat()}:{component}",
                message=Message(
                    _("{kind} of {date}: the page states {stated} {component}, and the categories it gives of them "
                      "({categories}) add up to {summed}."),
                    kind=capfirst(StatedStrength.Kind(stated.kind).label), date=when(stated.reported_on,
                                                                           stated.reported_on_precision),
                    stated=whole.total, component=CeilingScope(component).label, summed=summed,
                    categories=listed(CeilingScope(part.category).label for part in inner),
                ),
                records=(RecordRef.of(stated, stated_label(stated)),
                         RecordRef.of_rows(StatedStrengthPart.objects.filter(pk__in=[whole.pk, *(p.pk for p in inner)]),
                                           parts_label())),
                values={"kind": stated.kind, "date": stated.reported_on.isoformat(), "component": str(component),
                        "stated": whole.total, "summed": summed,
                        "categories": {part.category: part.total for part in inner}},
            ))
    return findings


@rule("fatalities-do-not-add-up", Severity.ERROR, _("Stated fatalities that their categories do not add up to"))
def fatalities_do_not_add_up(subject: Subject, parameters: dict) -> list[Finding]:
    """A published fatality total for a period against the counts by category published for the same period.

    Troops are part of the military: when a page gives both, only the military count is added. Each source's
    version of a period (format 3) is added up on its own, never with another source's counts.
    """
    groups: dict[tuple, dict[str, FatalityCount]] = defaultdict(dict)
    for count in FatalityCount.objects.filter(mission=subject.mission, period_start__lte=subject.as_of):
        groups[(count.period_start, count.period_end, count.incident_type, count.source_id)][
            count.personnel_category] = count
    findings = []
    for (start, end, incident_type, _source), by_category in sorted(groups.items()):
        total = by_category.get("")
        categories = {category: count for category, count in by_category.items() if category}
        if PersonnelCategory.MILITARY in categories:
            categories.pop(PersonnelCategory.TROOPS, None)
        if total is None or not categories:
            continue
        summed = sum(count.count for count in categories.values())
        if not _differs(summed, total.count, len(categories)):
            continue
        findings.append(Finding(
            subject=f"{start.isoformat()}:{end.isoformat()}:{incident_type or 'all'}"
                    + ("" if _one_source(groups, start, end, incident_type) else f":{total.source.key}"),
            message=Message(_("Fatalities from {period}: the page states {stated} in all, and its categories add up "
                              "to {summed}."),
                            period=period_label(start, end), stated=total.count, summed=summed),
            records=(RecordRef.of(total, count_label(total)),
                     RecordRef.of_rows(FatalityCount.objects.filter(pk__in=[c.pk for c in categories.values()]),
                                       Message(_("fatality counts by category")))),
            values={"period": {"start": start.isoformat(), "end": end.isoformat()}, "stated": total.count,
                    "summed": summed, "categories": {category: count.count for category, count in categories.items()}},
        ))
    return findings


def _one_source(groups: dict[tuple, dict], start, end, incident_type: str) -> bool:
    """Whether a period's fatalities come from one source, as before format 3's versions: its finding keeps
    the key it always had."""
    return sum(1 for key in groups if key[:3] == (start, end, incident_type)) == 1
