"""Where the mission is deployed on a date: sectors and sites in service then."""

from datetime import date

from django.db.models import Q

from missionfacts.figures.shapes import SectorDeployment, SiteInService
from missionfacts.figures.values import Figure, NotAvailable, Provenance
from missionfacts.missions.models import Mission, Sector, Site, StatedSiteCount


def deployment_on(mission: Mission, as_of: date) -> Figure | NotAvailable:
    """The sectors in service on the date, in their order, each with its sites in service then."""
    sectors = list(Sector.objects.filter(mission=mission).in_service_on(as_of).select_related("source"))
    sites = list(
        Site.objects.filter(mission=mission, sector__in=sectors).in_service_on(as_of)
        .select_related("source").order_by("pk")
    )
    if not sites:
        return NotAvailable(unit="sites", as_of=as_of, reason="no site in service on this date")
    by_sector: dict[int, list[Site]] = {}
    for site in sites:
        by_sector.setdefault(site.sector_id, []).append(site)
    deployment = tuple(
        SectorDeployment(
            key=sector.key, name_fr=sector.name_fr, name_en=sector.name_en,
            sites=tuple(
                SiteInService(site.name, tuple(p.strip() for p in site.places.split(",") if p.strip()),
                              site.latitude, site.longitude)
                for site in by_sector[sector.pk]
            ),
        )
        for sector in sectors
        if sector.pk in by_sector
    )
    provenance = tuple(Provenance.of(record) for record in [*sectors, *sites])
    return Figure(value=deployment, unit="sectors", as_of=as_of, provenance=provenance)


def site_count_on(mission: Mission, as_of: date, deployment: Figure | NotAvailable) -> Figure | NotAvailable:
    """The number of sites the sheet states.

    The mission's own stated count is used, as published, while it still describes the deployment: it was
    stated on or before the sheet's date and no site or sector has opened or closed since. Otherwise the
    sites in service are counted. (A stated count may disagree with the sites it lists; the checks say so.)
    """
    stated = (
        StatedSiteCount.objects.filter(mission=mission, stated_on__lte=as_of)
        .select_related("source").order_by("-stated_on").first()
    )
    if stated is not None and not _deployment_changed(mission, stated.stated_on, as_of):
        return Figure(value=stated.sites, unit="sites", as_of=stated.stated_on, provenance=(Provenance.of(stated),))
    if not deployment.available:
        return deployment
    listed = sum(len(sector.sites) for sector in deployment.value)
    return Figure(value=listed, unit="sites", as_of=as_of, provenance=deployment.provenance)


def _deployment_changed(mission: Mission, since: date, until: date) -> bool:
    changed = Q(valid_from__gt=since, valid_from__lte=until) | Q(valid_to__gte=since, valid_to__lt=until)
    return (
        Site.objects.filter(mission=mission).filter(changed).exists()
        or Sector.objects.filter(mission=mission).filter(changed).exists()
    )
