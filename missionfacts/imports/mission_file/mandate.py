"""Resolutions (authorisations, in format 2) with their ceilings and mandate."""

from django.utils.translation import gettext as _

from missionfacts.imports.mission_file.reader import MissionFileReader
from missionfacts.missions.models import Ceiling, CeilingScope, MandateItem, Mission, Resolution

# The scopes format 1 knows; format 2 takes every category of CeilingScope.
FORMAT_1_SCOPES = ("military", "police", "military_observers", "individual_police", "formed_police_units",
                   "civilians")


def write_resolutions(reader: MissionFileReader, mission: Mission) -> None:
    for _index, node, where in reader.entries("resolutions"):
        resolution = _write_resolution(reader, mission, node, where)
        if resolution is None:
            continue
        _write_ceilings(reader, resolution, node, where)
        for kind, section in ((MandateItem.Kind.PRIORITY, "priorities"), (MandateItem.Kind.TASK, "tasks")):
            for position, item in enumerate(node.get(section) or [], start=1):
                item_where = f"{where}{section}[{position - 1}]."
                title_fr, title_en = reader.bilingual(item, "title", item_where, required=False)
                text_fr, text_en = reader.bilingual(item, "text", item_where)
                reader.save(
                    MandateItem, {"resolution": resolution, "kind": kind, "position": position},
                    {"title_fr": title_fr, "title_en": title_en, "text_fr": text_fr, "text_en": text_en},
                    item, item_where,
                )
        reader.writer.remove_untouched(MandateItem.objects.filter(resolution=resolution))
    reader.remove_stale(Resolution, mission)


def _write_resolution(reader: MissionFileReader, mission: Mission, node: dict, where: str) -> Resolution | None:
    source = reader.source_of(node, where)
    if not reader.is_format_2:
        number = reader.count(node, "number", where)
        adopted_on = reader.day(node, "adopted_on", where)
        if number is None or adopted_on is None or source is None:
            return None
        values = {"adopted_on": adopted_on, "source": source,
                  "mandate_ends_on": reader.day(node, "mandate_ends_on", where, required=False)}
        return reader.save(Resolution, {"mission": mission, "number": number}, values, node, where)
    # Format 2: the number may be missing when the page gives none; the ceilings' wording then says what
    # was authorised, and the date identifies the authorisation. Format 3 also takes an authorisation without
    # a date: known by its number alone, or by the page's words alone, which then identify it.
    number = reader.count(node, "number", where, required=False)
    date_optional = reader.is_format_3
    adopted_on, precision = reader.day_or_month(node, "adopted_on", where, ends=False, required=not date_optional)
    text_fr, text_en = reader.bilingual(node, "ceilings_text", where, required=number is None)
    if number is None and (node.get("number") not in (None, "") or not (text_fr or text_en)):
        return None
    if (adopted_on is None and (not date_optional or node.get("adopted_on") not in (None, ""))) or source is None:
        return None
    values = {"adopted_on": adopted_on, "adopted_on_precision": precision, "source": source,
              "mandate_ends_on": reader.day(node, "mandate_ends_on", where, required=False),
              "ceilings_text_fr": text_fr, "ceilings_text_en": text_en}
    key = {"mission": mission, "number": number}
    if number is None:
        key["adopted_on"] = adopted_on
        del values["adopted_on"]
        if adopted_on is None:
            key.update(ceilings_text_fr=text_fr, ceilings_text_en=text_en)
            del values["ceilings_text_fr"], values["ceilings_text_en"]
    return reader.save(Resolution, key, values, node, where)


def _write_ceilings(reader: MissionFileReader, resolution: Resolution, node: dict, where: str) -> None:
    ceilings = node.get("ceilings") or {}
    if not isinstance(ceilings, dict):
        reader.problem(node, f"{where}ceilings", ceilings, _("map each category to its authorised number"))
        ceilings = {}
    known = CeilingScope.values if reader.is_format_2 else FORMAT_1_SCOPES
    for scope in ceilings:
        if scope not in known:
            reader.problem(ceilings, f"{where}ceilings.{scope}", ceilings[scope],
                           _("not a category of personnel: one of {categories}").format(
                               categories=", ".join(known)))
            continue
        authorised = reader.count(ceilings, scope, f"{where}ceilings.")
        if authorised is not None:
            reader.save(Ceiling, {"resolution": resolution, "scope": scope}, {"authorised": authorised},
                        ceilings, f"{where}ceilings.")
    reader.writer.remove_untouched(Ceiling.objects.filter(resolution=resolution))
