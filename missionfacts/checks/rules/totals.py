"""Rules on numbers and their totals: parts that do not add up, women above the total, negative values."""

from django.db.models import Count, F, Min, Q, Sum
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from missionfacts.activities.models import PatrolCount, Training, TrainingCount
from missionfacts.casualties.models import FatalityCount
from missionfacts.checks.findings import Finding, Message, RecordRef, Severity
from missionfacts.checks.labels import component_name, component_total_label, count_label, model_name, rows_label
from missionfacts.checks.registry import rule
from missionfacts.checks.subject import Subject
from missionfacts.missions.models import Budget, Ceiling, FinancialFigure, Sector, StatedSiteCount
from missionfacts.personnel.models import (
    CivilianStaffing,
    ComponentStrength,
    StatedStrength,
    StatedStrengthPart,
    Strength,
    types_of,
)


def _stated_totals_against_rows(subject: Subject) -> list[Finding]:
    findings = []
    for component in ("military", "police"):
        per_country = subject.per_country(component)
        for day, stated in sorted(subject.stated_totals(component).items()):
            sums = per_country.get(day)
            if sums is None or not subject.within_sheet(day):
                continue
            rows = Strength.objects.filter(mission=subject.mission, reported_on=day,
                                           personnel_type__in=types_of(component))
            if sums.total == stated.total and (stated.women is None or sums.women == stated.women):
                continue
            records = (RecordRef.of(stated, component_total_label(stated)),
                       RecordRef.of_rows(rows, rows_label(component, day)))
            if sums.total != stated.total:
                findings.append(Finding(
                    subject=f"{component}:{day.isoformat()}:total",
                    message=Message(
                        _("On {date}, the stated total of the {component} component ({stated}) differs from the sum "
                          "of the per-country rows ({summed}); a sheet for that date uses the stated total."),
                        date=day, component=component_name(component), stated=stated.total, summed=sums.total,
                    ),
                    records=records,
                    values={"component": component, "date": day.isoformat(), "stated": stated.total,
                            "summed": sums.total, "used": "stated"},
                ))
            if stated.women is not None and sums.women != stated.women:
                findings.append(Finding(
                    subject=f"{component}:{day.isoformat()}:women",
                    message=Message(
                        _("On {date}, the stated number of women in the {component} component ({stated}) differs "
                          "from the sum of the per-country rows ({summed})."),
                        date=day, component=component_name(component), stated=stated.women, summed=sums.women,
                    ),
                    records=records,
                    values={"component": component, "date": day.isoformat(), "stated": stated.women,
                            "summed": sums.women},
                ))
    return findings


def _sector_patrols_against_mission_total(subject: Subject) -> list[Finding]:
    """Patrol counts by sector against the mission-wide count of the same component and period.

    Parts above the total are always wrong; parts below it only when every sector in service during the
    period has its count (otherwise the missing sectors may make up the difference).
    """
    mission = subject.mission
    parts = {
        (group["component"], group["period_start"], group["period_end"]): group
        for group in PatrolCount.objects.filter(mission=mission, sector__isnull=False).order_by()
        .values("component", "period_start", "period_end")
        .annotate(summed=Sum("count"), sectors=Count("sector", distinct=True))
    }
    findings = []
    for total in PatrolCount.objects.filter(mission=mission, sector__isnull=True):
        part = parts.get((total.component, total.period_start, total.period_end))
        if part is None or part["summed"] == total.count:
            continue
        in_service = (
            Sector.objects.filter(mission=mission)
            .filter(Q(valid_from__lte=total.period_end) | Q(valid_from__isnull=True))
            .filter(Q(valid_to__gte=total.period_start) | Q(valid_to__isnull=True)).count()
        )
        if part["summed"] < total.count and part["sectors"] < in_service:
            continue
        by_sector = PatrolCount.objects.filter(mission=mission, sector__isnull=False, component=total.component,
                                               period_start=total.period_start, period_end=total.period_end)
        findings.append(Finding(
            subject=f"patrols.{total.component}:{total.period_start.isoformat()}:{total.period_end.isoformat()}",
            message=Message(
                _("The {component} patrol counts by sector for {start} to {end} add up to {summed}, not to the "
                  "mission-wide count of {stated}."),
                component=component_name(total.component), start=total.period_start, end=total.period_end,
                summed=part["summed"], stated=total.count,
            ),
            records=(RecordRef.of(total, count_label(total)),
                     RecordRef.of_rows(by_sector, Message(_("patrol counts by sector")))),
            values={"component": total.component, "stated": total.count, "summed": part["summed"]},
        ))
    return findings


@rule("parts-do-not-add-up", Severity.ERROR, _("Parts that do not add up to a stated total"))
def parts_do_not_add_up(subject: Subject, parameters: dict) -> list[Finding]:
    """A stated total against its parts given separately.

    The parts held are: the per-country rows (by personnel type, as men and women) of a component against
    its stated total on the same date, and patrol counts by sector against the mission-wide count. Civilian
    staffing has no stated total of its own, and strength is not held by sector, so those are not compared.
    """
    return [*_stated_totals_against_rows(subject), *_sector_patrols_against_mission_total(subject)]


# Records with a number of women beside their total, and the path from the record to its mission. The
# database forbids women above the total in the first four, but rows written by raw SQL or another tool may
# not have gone through it; a stated strength keeps them as the page publishes them.
WOMEN_WITHIN = [(ComponentStrength, "total", "mission"), (CivilianStaffing, "total", "mission"),
                (TrainingCount, "count", "mission"), (Training, "trained", "mission"),
                (StatedStrength, "total", "mission"), (StatedStrengthPart, "total", "stated_strength__mission")]


@rule("women-above-total", Severity.ERROR, _("More women than the total"))
def women_above_total(subject: Subject, parameters: dict) -> list[Finding]:
    above = {model._meta.label: model.objects.filter(**{to_mission: subject.mission}, women__gt=F(total_field))
             for model, total_field, to_mission in WOMEN_WITHIN}
    found = subject.which_exist(above)
    findings = []
    for model, total_field, _to_mission in WOMEN_WITHIN:
        if model._meta.label not in found:
            continue
        for record in above[model._meta.label]:
            total = getattr(record, total_field)
            label = Message(_("{model} of {date}"), model=model_name(model), date=_date_of(record))
            findings.append(Finding(
                subject=f"{model._meta.label}:{record.pk}",
                message=Message(_("More women than the total: {women} women for a total of {total} ({record})."),
                                women=record.women, total=total, record=label),
                records=(RecordRef.of(record, label),),
                values={"women": record.women, "total": total},
            ))
    return findings


def _date_of(record):
    if isinstance(record, StatedStrengthPart):
        return record.stated_strength.reported_on
    for name in ("reported_on", "held_on", "period_start"):
        if hasattr(record, name):
            return getattr(record, name)
    return None


# Every number a mission's records hold, by model, with the path from the model to the mission.
NUMBERS = [
    (ComponentStrength, ("total", "women"), "mission"),
    (CivilianStaffing, ("total", "women"), "mission"),
    (PatrolCount, ("count",), "mission"),
    (TrainingCount, ("count", "women"), "mission"),
    (FatalityCount, ("count",), "mission"),
    (Training, ("trained", "women"), "mission"),
    (StatedSiteCount, ("sites",), "mission"),
    (Ceiling, ("authorised",), "resolution__mission"),
    (Budget, ("approved_usd",), "mission"),
    (StatedStrength, ("total", "women"), "mission"),
    (StatedStrengthPart, ("total", "women"), "stated_strength__mission"),
    (FinancialFigure, ("amount",), "mission"),
]


def _negative(model, field: str, queryset, count: int, lowest) -> Finding:
    return Finding(
        subject=f"{model._meta.label}.{field}",
        message=Message(
            ngettext_lazy("{model}: {count} record has a negative value in “{field}” (lowest: {lowest}).",
                          "{model}: {count} records have a negative value in “{field}” (lowest: {lowest}).", "count"),
            model=model_name(model, plural=True), count=count, field=model._meta.get_field(field).verbose_name,
            lowest=lowest,
        ),
        records=(RecordRef.of_rows(queryset, Message(_("records with a negative value"))),),
        values={"field": field, "records": count, "lowest": float(lowest) if not isinstance(lowest, int) else lowest},
    )


@rule("negative-value", Severity.ERROR, _("Negative values"))
def negative_value(subject: Subject, parameters: dict) -> list[Finding]:
    negative = {
        f"{model._meta.label}.{field}": (model, field, model.objects.filter(**{to_mission: subject.mission,
                                                                              f"{field}__lt": 0}))
        for model, fields, to_mission in NUMBERS for field in fields
    }
    found = subject.which_exist({name: queryset for name, (_model, _field, queryset) in negative.items()})
    for field in ("men", "women"):
        # Strength's lowest values come with the per-date sums every strength rule shares.
        if min((getattr(group, f"lowest_{field}") for group in subject.strength_groups), default=0) < 0:
            name = f"personnel.Strength.{field}"
            negative[name] = (Strength, field, Strength.objects.filter(mission=subject.mission, **{f"{field}__lt": 0}))
            found.add(name)
    findings = []
    for name, (model, field, queryset) in negative.items():
        if name in found:
            summary = queryset.aggregate(records=Count("pk"), lowest=Min(field))
            findings.append(_negative(model, field, queryset, summary["records"], summary["lowest"]))
    return findings
