"""Rules on what real "Facts and figures" pages get wrong when their figures are set side by side.

A page states ceilings, strength, fatalities and money each in its own words and at its own date. These rules
read the same records the sheet prints and report where putting two of them together would mislead: a
strength beside a ceiling adopted after it, a ceiling and a strength in categories that do not match,
fatalities of personnel the mission never had, a total of money that adds up amounts of different kinds.
"""

from datetime import date, timedelta
from decimal import Decimal
from functools import partial

from django.db.models import Count, Max, Min
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from missionfacts.activities.models import PatrolCount
from missionfacts.casualties.models import Fatality, FatalityCount, PersonnelCategory
from missionfacts.checks.findings import Finding, Message, RecordRef, Severity
from missionfacts.checks.labels import ceiling_label, listed, period_label, type_rows_label
from missionfacts.checks.registry import rule
from missionfacts.checks.rules.money import Amount, amounts
from missionfacts.checks.rules.stated_records import (
    category_figures,
    stated_ref,
    stated_strengths,
    version_suffix,
    when,
)
from missionfacts.checks.rules.strength import experts_beside_liaison_officers
from missionfacts.checks.subject import Subject
from missionfacts.missions.models import PARTS_OF_COMPONENT, Ceiling, CeilingScope, FinancialFigure
from missionfacts.personnel.models import (
    Component,
    ComponentStrength,
    ContributingCountry,
    PersonnelType,
    StatedStrength,
    StatedStrengthPart,
    Strength,
)


def _authorisation(resolution) -> Message:
    adopted = when(resolution.adopted_on, resolution.adopted_on_precision)
    if resolution.number is None:
        return Message(_("the authorisation of {adopted}"), adopted=adopted)
    return Message(_("resolution {resolution} of {adopted}"), resolution=str(resolution.number), adopted=adopted)


def _what(stated: StatedStrength) -> Message:
    """"Maximum strength of September 2005": a stated strength as a finding's message opens with it."""
    return Message(_("{kind} of {date}"), kind=capfirst(StatedStrength.Kind(stated.kind).label),
                   date=when(stated.reported_on, stated.reported_on_precision))


def _under_later_ceiling(subject: Subject, scope: str, strength: int, day: date, what: Message, key: str,
                         records, version: str = "") -> Finding | None:
    """A finding when no ceiling of the scope is known to be in force on the day, and the one the sheet gives
    as in force on its own date is below the strength."""
    if subject.ceiling_on(scope, day) is not None:
        return None
    later = subject.ceiling_on(scope, subject.as_of)
    if later is None or strength <= later.authorised:
        return None
    return Finding(
        subject=f"{key}{scope}:{day.isoformat()}{version}",
        message=Message(
            _("{what}: {strength} {scope}, above the ceiling of {ceiling} set by {authorisation}; no authorisation "
              "held is known to be in force on {date}, so this strength is not held against a ceiling."),
            what=what, strength=strength, scope=CeilingScope(scope).label, ceiling=later.authorised,
            authorisation=_authorisation(later.resolution), date=day,
        ),
        records=(RecordRef.of(later, ceiling_label(later)), records()),
        values={"scope": scope, "date": day.isoformat(), "strength": strength, "ceiling": later.authorised,
                "adopted_on": later.resolution.adopted_on.isoformat(),
                "adopted_on_precision": later.resolution.adopted_on_precision},
    )


@rule("strength-before-authorisation", Severity.WARNING, _("Strength above a ceiling authorised only after its date"))
def strength_before_authorisation(subject: Subject, parameters: dict) -> list[Finding]:
    """A strength dated before every authorisation held of its category, above the ceiling the sheet gives.

    `strength-above-ceiling` holds each strength against the ceiling in force on the strength's own date, an
    authorisation counting only once its whole date, at its precision, is past ("2005" is not known to be in
    force on 30 September 2005). A strength dated before every authorisation held of its category has no such
    ceiling, yet the sheet prints it beside the ceilings in force on the sheet's date: when it is above one of
    them, a reader sees a breach that nothing shows. A warning, not an error: the strength may well have been
    within the ceiling of an earlier authorisation the page does not give. A strength within the later ceiling
    misleads nobody and is not reported (MINURCAT's page gives its strength of November 2008 beside resolution
    1861 of January 2009).
    """
    findings = []
    every = stated_strengths(subject)
    for stated in every:
        figures, _uncountable = category_figures(stated)
        for scope, figure in figures.items():
            findings.append(_under_later_ceiling(subject, scope, figure.total, stated.reported_on, _what(stated),
                                                 f"{stated.kind}.", partial(stated_ref, stated, figure.parts),
                                                 version_suffix(stated, every)))
    for component in (Component.MILITARY, Component.POLICE):
        figure = subject.sheet.strength.get(component)
        if figure is not None and figure.available:
            what = Message(_("Strength of {date}"), date=figure.as_of)
            findings.append(_under_later_ceiling(subject, component, figure.value, figure.as_of, what, "",
                                                 partial(subject.strength_records, component, figure.as_of)))
    return [finding for finding in findings if finding is not None]


def _counted(label, total: int) -> Message:
    return Message(_("{category} ({count})"), category=label, count=total)


@rule("ceiling-categories-differ", Severity.WARNING, _("Strength and ceilings in categories that do not match"))
def ceiling_categories_differ(subject: Subject, parameters: dict) -> list[Finding]:
    """A stated strength that no ceiling in force on its date can be held against, for want of a like category.

    `strength-above-ceiling` compares like with like: a category with the ceiling of the same category, a
    component with the ceiling of the component (its categories added up when the page does not state it).
    Two cases escape it, and are reported here: a component (military, police, civilian) for which the page
    gives only categories the authorisation does not cap, while it caps others (military observers beside a
    ceiling of military liaison officers); and a category the page counts with more than its ceiling does
    (civilian staff with UN Volunteers) without giving the extra apart. The per-country rows have a third:
    their experts on mission are military observers and liaison officers together, so beside a ceiling of
    liaison officers they are held against neither category's ceiling, only against a military one. A
    warning: nothing is shown wrong, but the sheet prints a ceiling and a strength that no check has compared.
    """
    findings = []
    every = stated_strengths(subject)
    for stated in every:
        day = stated.reported_on
        version = version_suffix(stated, every)
        figures, uncountable = category_figures(stated)
        for component, categories in PARTS_OF_COMPONENT.items():
            family = (component, *categories)
            capped = [ceiling for scope in family if (ceiling := subject.ceiling_on(scope, day)) is not None]
            given = [scope for scope in family if scope in figures]
            if not capped or not given or any(ceiling.scope in figures for ceiling in capped):
                continue
            parts = [part for scope in given for part in figures[scope].parts]
            # A component the page does not state is named by the categories it gives, not by their sum.
            given = [scope for scope in given if any(part.category == scope for part in figures[scope].parts)]
            findings.append(Finding(
                subject=f"{stated.kind}:{day.isoformat()}:{component}{version}",
                message=Message(
                    _("{what}: the page gives {given}, and the ceilings in force on {date} are for {capped}; no "
                      "category is held against a ceiling of its own."),
                    what=_what(stated), date=day,
                    given=listed(_counted(CeilingScope(scope).label, figures[scope].total) for scope in given),
                    capped=listed(_counted(CeilingScope(ceiling.scope).label, ceiling.authorised)
                                   for ceiling in capped),
                ),
                records=(stated_ref(stated, parts),
                         RecordRef.of_rows(Ceiling.objects.filter(pk__in=[c.pk for c in capped]),
                                           Message(_("ceilings in force on {date}"), date=day))),
                values={"kind": stated.kind, "date": day.isoformat(), "component": str(component),
                        "strength": {scope: figures[scope].total for scope in given},
                        "ceilings": {ceiling.scope: ceiling.authorised for ceiling in capped}},
            ))
        for item in uncountable:
            ceiling = subject.ceiling_on(item.part.category, day)
            if ceiling is None:
                continue
            findings.append(Finding(
                subject=f"{stated.kind}:{day.isoformat()}:{item.part.category}:includes{version}",
                message=Message(
                    _("{what}: the page's {category} ({total}) include {extra}, which the ceiling of {ceiling} does "
                      "not count and the page does not give apart; they are not held against it."),
                    what=_what(stated), category=CeilingScope(item.part.category).label, total=item.part.total,
                    extra=listed(CeilingScope(name).label if name in CeilingScope.values else name
                                  for name in item.extra),
                    ceiling=ceiling.authorised,
                ),
                records=(stated_ref(stated, [item.part]), RecordRef.of(ceiling, ceiling_label(ceiling))),
                values={"kind": stated.kind, "date": day.isoformat(), "category": item.part.category,
                        "strength": item.part.total, "includes": list(item.extra), "ceiling": ceiling.authorised},
            ))
    experts = _experts_not_compared(subject)
    return [*findings, experts] if experts else findings


def _experts_not_compared(subject: Subject) -> Finding | None:
    """The latest per-country experts on mission, when a ceiling of liaison officers keeps them from the
    observers' ceiling and no military ceiling holds them either."""
    experts = PersonnelType.EXPERT_ON_MISSION
    by_day = {day: total for day, total in subject.per_type([experts]).items() if day <= subject.as_of}
    if not by_day:
        return None
    day = max(by_day)
    if not experts_beside_liaison_officers(subject, day) or subject.ceiling_on(CeilingScope.MILITARY, day):
        return None
    capped = [ceiling for scope in (CeilingScope.MILITARY_OBSERVERS, CeilingScope.MILITARY_LIAISON_OFFICERS)
              if (ceiling := subject.ceiling_on(scope, day)) is not None]
    rows = Strength.objects.filter(mission=subject.mission, reported_on=day, personnel_type=experts)
    return Finding(
        subject=f"{experts}:{day.isoformat()}",
        message=Message(
            _("On {date}, the per-country rows count {count} experts on mission, military observers and liaison "
              "officers together, and the ceilings in force are for {capped}; no ceiling is held against them."),
            date=day, count=by_day[day],
            capped=listed(_counted(CeilingScope(ceiling.scope).label, ceiling.authorised) for ceiling in capped),
        ),
        records=(RecordRef.of_rows(rows, type_rows_label(experts, day)),
                 RecordRef.of_rows(Ceiling.objects.filter(pk__in=[c.pk for c in capped]),
                                   Message(_("ceilings in force on {date}"), date=day))),
        values={"date": day.isoformat(), "experts_on_mission": by_day[day],
                "ceilings": {ceiling.scope: ceiling.authorised for ceiling in capped}},
    )


# What shows that a mission had uniformed personnel of a fatality category: ceilings, stated strength and
# contributors of the component or of one of its categories, per-country rows of its personnel types, and
# stated totals and patrols of the component. Military observers are military personnel (the UN's fatalities
# data counts them so), and "uniformed" may mean either component.
MILITARY_EVIDENCE = ((CeilingScope.MILITARY, *PARTS_OF_COMPONENT[CeilingScope.MILITARY], CeilingScope.UNIFORMED),
                     (PersonnelType.TROOPS, PersonnelType.STAFF_OFFICER, PersonnelType.EXPERT_ON_MISSION), "military")
POLICE_EVIDENCE = ((CeilingScope.POLICE, *PARTS_OF_COMPONENT[CeilingScope.POLICE], CeilingScope.UNIFORMED),
                   (PersonnelType.FORMED_POLICE_UNIT, PersonnelType.INDIVIDUAL_POLICE), "police")
EVIDENCE_OF = {
    PersonnelCategory.MILITARY: MILITARY_EVIDENCE,
    PersonnelCategory.TROOPS: MILITARY_EVIDENCE,
    PersonnelCategory.MILITARY_OBSERVER: MILITARY_EVIDENCE,
    PersonnelCategory.POLICE: POLICE_EVIDENCE,
}


def _evidence(subject: Subject, scopes, personnel_types, component: str) -> dict:
    mission = subject.mission
    return {
        "ceilings": Ceiling.objects.filter(resolution__mission=mission, scope__in=scopes),
        "stated": StatedStrengthPart.objects.filter(stated_strength__mission=mission, category__in=scopes),
        "contributors": ContributingCountry.objects.filter(mission=mission, personnel__in=scopes),
        "rows": Strength.objects.filter(mission=mission, personnel_type__in=personnel_types),
        "totals": ComponentStrength.objects.filter(mission=mission, component=component),
        "patrols": PatrolCount.objects.filter(mission=mission, component=component),
    }


def _fatalities_by_category(subject: Subject) -> dict[str, list[Message]]:
    """Each uniformed category's fatalities up to the sheet's date: the stated counts, and the records."""
    stated: dict[str, list[Message]] = {}
    for count in FatalityCount.objects.filter(mission=subject.mission, period_start__lte=subject.as_of,
                                              personnel_category__in=list(EVIDENCE_OF)).order_by("period_start"):
        stated.setdefault(count.personnel_category, []).append(
            Message(_("{count} for {period}"), count=count.count,
                    period=period_label(count.period_start, count.period_end)))
    records = (Fatality.objects.filter(mission=subject.mission, died_on__lte=subject.as_of,
                                       personnel_category__in=list(EVIDENCE_OF)).order_by()
               .values("personnel_category").annotate(records=Count("pk"), first=Min("died_on"), last=Max("died_on")))
    for group in records:
        stated.setdefault(group["personnel_category"], []).append(
            Message(ngettext_lazy("{count} individual record from {first} to {last}",
                                  "{count} individual records from {first} to {last}", "count"),
                    count=group["records"], first=group["first"], last=group["last"]))
    return stated


@rule("fatalities-of-absent-personnel", Severity.WARNING, _("Fatalities of personnel the mission never had"))
def fatalities_of_absent_personnel(subject: Subject, parameters: dict) -> list[Finding]:
    """Fatalities of a uniformed category (military, police) of which the mission's records hold no trace.

    Every source the sheet holds is asked, over the mission's whole life: ceilings, stated strength,
    contributing countries, per-country rows, stated totals and patrols of that component or one of its
    categories. Only a mission whose records do describe its uniformed personnel (the other component has
    some) is judged: of one whose composition is not held, nothing can be said. Civilian categories are not
    judged, since every mission has civilian staff and pages seldom count them. A warning: the category may
    be misread from the page, or the mission's records may lack that component.
    """
    by_category = _fatalities_by_category(subject)
    if not by_category:
        return []
    querysets = {}
    for evidence in {MILITARY_EVIDENCE, POLICE_EVIDENCE}:
        for name, queryset in _evidence(subject, *evidence).items():
            querysets[f"{evidence[2]}.{name}"] = queryset
    found = {name.split(".")[0] for name in subject.which_exist(querysets)}
    findings = []
    for category, counts in sorted(by_category.items()):
        component = EVIDENCE_OF[category][2]
        if component in found or not found:
            continue
        findings.append(Finding(
            subject=f"{category}",
            message=Message(
                _("Fatalities in the category “{category}” ({counts}), but the mission's records hold no "
                  "{component}: no ceiling, strength, contributing country or patrol."),
                category=PersonnelCategory(category).label, counts=listed(counts),
                component=CeilingScope(component).label,
            ),
            records=tuple(
                ref for ref in (
                    RecordRef.of_rows(FatalityCount.objects.filter(mission=subject.mission, personnel_category=category,
                                                                   period_start__lte=subject.as_of),
                                      Message(_("stated fatalities of the category"))),
                    RecordRef.of_rows(Fatality.objects.filter(mission=subject.mission, personnel_category=category,
                                                              died_on__lte=subject.as_of),
                                      Message(_("fatality records of the category"))),
                ) if ref.ids
            ),
            values={"category": category, "component": component},
        ))
    return findings


# Amounts of one family may be added up; the families are what the General Assembly grants (an approved
# budget is appropriated), what is spent, and what is estimated.
KIND_FAMILY = {
    FinancialFigure.Kind.APPROVED_BUDGET: "granted",
    FinancialFigure.Kind.APPROPRIATION: "granted",
    FinancialFigure.Kind.EXPENDITURE: "spent",
    FinancialFigure.Kind.ESTIMATE: "estimated",
}
# The share of an amount its rounding may hide, at most: "$2.8 billion" is read as rounded to 100 million only
# up to this share of it.
MAX_ROUNDING_SHARE = Decimal("0.005")


def _rounding(amount: Decimal) -> Decimal:
    """Half the unit an amount seems rounded to ("678,300,000": 50,000), at most a small share of it."""
    whole = int(amount)
    if amount != whole or whole == 0:
        return Decimal("0.005")
    unit = 1
    while whole % (unit * 10) == 0:
        unit *= 10
    return min(Decimal(unit) / 2, amount * MAX_ROUNDING_SHARE)


def _tilings(total: Amount, candidates: list[Amount], start: date) -> list[list[Amount]]:
    """Every sequence of candidates whose periods follow each other without gap or overlap from `start` to
    the end of the total's period."""
    found = []
    for part in candidates:
        if part.start != start:
            continue
        if part.end == total.end:
            found.append([part])
        elif part.end < total.end:
            found.extend([part, *rest] for rest in _tilings(total, candidates, part.end + timedelta(days=1)))
    return found


def _amount_label(amount: Amount) -> Message:
    return Message(_("{kind} for {period} ({amount} {currency})"), kind=FinancialFigure.Kind(amount.kind).label,
                   period=period_label(amount.start, amount.end), amount=amount.amount, currency=amount.currency)


@rule("money-total-mixes-kinds", Severity.WARNING, _("A total of money that adds up amounts of different kinds"))
def money_total_mixes_kinds(subject: Subject, parameters: dict) -> list[Finding]:
    """An amount over a period that is the sum of amounts over its sub-periods of different kinds.

    A page that adds the appropriation of one year to the expenditure of the next, and states the sum as its
    total, gives a figure that is neither: it is reported naming every part. The parts are amounts of the same
    currency whose periods follow each other and fill the total's period exactly, and whose sum is the total
    up to the rounding the amounts show (a total written "678,300,000" is rounded to the hundred thousand).
    Approved budgets and appropriations are one family (the money granted); expenditures and estimates are
    others. Parts all of one family beside a total of another (yearly appropriations, and the expenditure of
    the whole mission) are normal and not reported. A warning: the sum may be a coincidence of round figures.
    """
    held = [amount for amount in amounts(subject) if amount.start <= subject.as_of]
    findings, reported = [], set()
    for total in held:
        candidates = [amount for amount in held if amount is not total and amount.currency == total.currency
                      and total.start <= amount.start and amount.end <= total.end
                      and (amount.start, amount.end) != (total.start, total.end)]
        for parts in _tilings(total, candidates, total.start):
            key = f"{total.kind}:{total.start.isoformat()}:{total.end.isoformat()}:{total.currency}"
            if any(other is not total and (other.kind, other.start, other.end) == (total.kind, total.start, total.end)
                   for other in held):
                # One source's version of the total (format 3): its finding is named by that source.
                key += f":{total.record.source.key}"
            kinds = {KIND_FAMILY[part.kind] for part in parts}
            summed = sum(part.amount for part in parts)
            tolerance = _rounding(total.amount) + sum(_rounding(part.amount) for part in parts)
            if len(parts) < 2 or len(kinds) < 2 or abs(summed - total.amount) > tolerance or key in reported:
                continue
            reported.add(key)
            findings.append(Finding(
                subject=key,
                message=Message(
                    _("The {kind} of {amount} {currency} for {period} is the sum of amounts of different kinds: "
                      "{parts}."),
                    kind=FinancialFigure.Kind(total.kind).label, amount=total.amount, currency=total.currency,
                    period=period_label(total.start, total.end), parts=listed(_amount_label(p) for p in parts),
                ),
                records=(total.ref, *(part.ref for part in parts)),
                values={"kind": total.kind, "amount": str(total.amount), "currency": total.currency,
                        "period": {"start": total.start.isoformat(), "end": total.end.isoformat()},
                        "parts": [{"kind": part.kind, "amount": str(part.amount), "start": part.start.isoformat(),
                                   "end": part.end.isoformat()} for part in parts]},
            ))
    return findings
