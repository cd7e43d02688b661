"""Where the mission is deployed on a date: sectors and sites in service then."""

from dataclasses import dataclass
from datetime import date

from missionfacts.figures.shapes import SectorDeployment, SiteInService
from missionfacts.figures.values import Figure, NotAvailable, Provenance
from missionfacts.missions.models import Mission, Sector, Site, StatedSiteCount


@dataclass(frozen=True)
class DeploymentRecords:
    """Every sector and site a mission ever had, read once (two queries) for all the dates a sheet needs.

    A mission has tens of sites over its life, so reading them all and choosing by date in Python is cheaper
    than a query per question (in service on the date? did any open or close since the stated count?).
    """

    sectors: tuple[Sector, ...]  # in the sectors' order (position, key), as the database sorts them
    sites: tuple[Site, ...]  # in the order they were recorded

    @classmethod
    def of(cls, mission: Mission) -> "DeploymentRecords":
        return cls(
            sectors=tuple(Sector.objects.filter(mission=mission).select_related("source")),
            sites=tuple(Site.objects.filter(mission=mission).select_related("source").order_by("pk")),
        )

    def changed_between(self, since: date, until: date) -> bool:
        """Whether a sector or site opened (after `since`, by `until`) or closed (from `since`, before `until`)."""
        return any(
            (record.valid_from is not None and since < record.valid_from <= until)
            or (record.valid_to is not None and since <= record.valid_to < until)
            for record in (*self.sites, *self.sectors)
        )


def _in_service(record, day: date) -> bool:
    """The rule of ValidityQuerySet.in_service_on, for records already read."""
    started = record.valid_from is None or record.valid_from <= day
    return started and (record.valid_to is None or record.valid_to >= day)


def deployment_on(mission: Mission, as_of: date, records: DeploymentRecords | None = None) -> Figure | NotAvailable:
    """The sectors in service on the date, in their order, each with its sites in service then."""
    records = records or DeploymentRecords.of(mission)
    sectors = [sector for sector in records.sectors if _in_service(sector, as_of)]
    in_service = {sector.pk for sector in sectors}
    sites = [site for site in records.sites if site.sector_id in in_service and _in_service(site, as_of)]
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


def site_count_on(mission: Mission, as_of: date, deployment: Figure | NotAvailable,
                  records: DeploymentRecords | None = None) -> Figure | NotAvailable:
    """The number of sites the sheet states.

    The mission's own stated count is used, as published, while it still describes the deployment: it was
    stated on or before the sheet's date and no site or sector has opened or closed since. Otherwise the
    sites in service are counted. (A stated count may disagree with the sites it lists; the checks say so.)
    """
    stated = (
        StatedSiteCount.objects.filter(mission=mission, stated_on__lte=as_of)
        .select_related("source").order_by("-stated_on").first()
    )
    if stated is not None:
        records = records or DeploymentRecords.of(mission)
        if not records.changed_between(stated.stated_on, as_of):
            return Figure(value=stated.sites, unit="sites", as_of=stated.stated_on,
                          provenance=(Provenance.of(stated),))
    if not deployment.available:
        return deployment
    listed = sum(len(sector.sites) for sector in deployment.value)
    return Figure(value=listed, unit="sites", as_of=as_of, provenance=deployment.provenance)
