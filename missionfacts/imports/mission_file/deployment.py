"""Sectors, the sites in them, and the number of sites the mission states."""

from django.utils.translation import gettext as _

from missionfacts.imports.mission_file.reader import MissionFileReader
from missionfacts.missions.models import Mission, Sector, Site, StatedSiteCount


def write_deployment(reader: MissionFileReader, mission: Mission) -> None:
    for index, node, where in reader.entries("sectors"):
        key = reader.required(node, "key", where)
        name_fr, name_en = reader.bilingual(node, "name", where)
        source = reader.source_of(node, where)
        if not key or source is None:
            continue
        sector = reader.save(
            Sector, {"mission": mission, "key": key},
            {"name_fr": name_fr, "name_en": name_en, "position": index, "source": source,
             "valid_from": reader.day(node, "valid_from", where, required=False),
             "valid_to": reader.day(node, "valid_to", where, required=False)},
            node, where,
        )
        for site_index, site in enumerate(node.get("sites") or []):
            _write_site(reader, mission, sector, site, f"{where}sites[{site_index}].")
    reader.remove_stale(Site, mission)
    reader.remove_stale(Sector, mission)
    for _index, node, where in reader.entries("stated_site_counts"):
        stated_on, sites = reader.day(node, "stated_on", where), reader.count(node, "sites", where)
        source = reader.source_of(node, where)
        if stated_on and sites is not None and source:
            reader.save(StatedSiteCount, {"mission": mission, "stated_on": stated_on},
                        {"sites": sites, "source": source}, node, where)
    reader.remove_stale(StatedSiteCount, mission)


def _write_site(reader: MissionFileReader, mission: Mission, sector: Sector | None, site: dict, where: str) -> None:
    name = reader.required(site, "name", where)
    source = reader.source_of(site, where)
    latitude, longitude = site.get("latitude"), site.get("longitude")
    for axis, value in (("latitude", latitude), ("longitude", longitude)):
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            reader.problem(site, f"{where}{axis}", value, _("a decimal number of degrees is required"))
    if sector is None or not name or source is None:
        return
    if not all(isinstance(v, (int, float)) for v in (latitude, longitude)):
        return
    valid_from = reader.day(site, "valid_from", where, required=False)
    reader.save(
        Site, {"mission": mission, "sector": sector, "name": name, "valid_from": valid_from},
        {"places": ", ".join(site.get("places") or []), "latitude": float(latitude),
         "longitude": float(longitude), "source": source,
         "valid_to": reader.day(site, "valid_to", where, required=False)},
        site, where,
    )
