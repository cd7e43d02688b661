"""Rules on the deployment: stated counts against the sites listed, activities at sites not in service."""

from django.db.models import Count, F, Max, Min, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from missionfacts.activities.models import Patrol, Training
from missionfacts.checks.findings import Finding, Message, RecordRef, Severity
from missionfacts.checks.labels import model_name, sector_name, validity_label
from missionfacts.checks.registry import rule
from missionfacts.checks.subject import Subject
from missionfacts.missions.models import Sector, Site, StatedSiteCount


@rule("stated-count-differs-from-list", Severity.WARNING, _("A stated count that disagrees with the items listed"))
def stated_count_differs_from_list(subject: Subject, parameters: dict) -> list[Finding]:
    """The number of sites the mission states against the sites in service on the day it stated it.

    Only the statement the sheet may use is compared: the latest one on or before the sheet's date.
    """
    mission = subject.mission
    stated = (StatedSiteCount.objects.filter(mission=mission, stated_on__lte=subject.as_of)
              .order_by("-stated_on").first())
    if stated is None:
        return []
    day = stated.stated_on
    sites = Site.objects.filter(mission=mission, sector__in=Sector.objects.filter(mission=mission).in_service_on(day))
    sites = sites.in_service_on(day).order_by("sector__position", "pk")
    names = [site.name for site in sites]
    if len(names) == stated.sites:
        return []
    site_count = subject.sheet.site_count
    uses_stated = any(item.model == stated._meta.label and item.record_id == stated.pk
                      for item in site_count.provenance)
    return [Finding(
        subject=day.isoformat(),
        message=Message(
            _("On {date}, the mission states {stated} sites but lists {listed} in service that day; the sheet shows "
              "{used}."),
            date=day, stated=stated.sites, listed=len(names), used=site_count.value if site_count.available else "—",
        ),
        records=(
            RecordRef.of(stated, Message(_("stated on {date}: {sites}"), date=day, sites=stated.sites)),
            RecordRef.of_rows(sites, Message(_("sites in service on {date}: {names}"), date=day,
                                             names=", ".join(names))),
        ),
        values={"stated": stated.sites, "listed": len(names), "used": site_count.value,
                "used_source": "stated" if uses_stated else "listed"},
    )]


# Activities that happen at a site or in a sector, by the field that dates them.
AT_A_PLACE = [(Patrol, "patrolled_on", "site"), (Training, "held_on", "site"), (Patrol, "patrolled_on", "sector")]


@rule("record-outside-site-validity", Severity.ERROR, _("Activities at a site or in a sector not in service then"))
def record_outside_site_validity(subject: Subject, parameters: dict) -> list[Finding]:
    outside = {}
    for model, date_field, place in AT_A_PLACE:
        condition = Q(**{f"{place}__valid_from__gt": F(date_field)}) | Q(**{f"{place}__valid_to__lt": F(date_field)})
        outside[(model, date_field, place)] = model.objects.filter(mission=subject.mission).filter(condition)
    found = subject.which_exist({f"{model._meta.label}:{place}": records
                                 for (model, _field, place), records in outside.items()})
    findings = []
    for (model, date_field, place), records in outside.items():
        if f"{model._meta.label}:{place}" not in found:
            continue
        groups = (
            records.order_by().values(place)
            .annotate(records=Count("pk"), first=Min(date_field), last=Max(date_field))
        )
        places = {item.pk: item for item in (Site if place == "site" else Sector).objects.filter(
            pk__in=[group[place] for group in groups])}
        for group in groups:
            where = places[group[place]]
            name = where.name if place == "site" else sector_name(where)
            findings.append(Finding(
                subject=f"{model._meta.label}:{place}:{where.pk}",
                message=Message(
                    ngettext_lazy(
                        "{model}: {count} record outside the validity of “{name}” ({validity}), from {first} to "
                        "{last}.",
                        "{model}: {count} records outside the validity of “{name}” ({validity}), from {first} to "
                        "{last}.", "count",
                    ),
                    model=model_name(model, plural=True), count=group["records"], name=name,
                    validity=validity_label(where.valid_from, where.valid_to), first=group["first"],
                    last=group["last"],
                ),
                records=(
                    RecordRef.of(where, Message("{name}", name=name)),
                    RecordRef.of_rows(records.filter(**{place: where}), Message(_("records dated outside it"))),
                ),
                values={"place": place, "records": group["records"], "first": group["first"].isoformat(),
                        "last": group["last"].isoformat()},
            ))
    return findings
