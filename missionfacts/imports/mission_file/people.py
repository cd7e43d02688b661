"""Leadership, and the strength totals and civilian staffing of format 1."""

from django.utils.translation import gettext as _

from missionfacts.countries import is_country_code
from missionfacts.imports.mission_file.reader import MissionFileReader
from missionfacts.imports.yaml_lines import LineDict
from missionfacts.missions.models import DatePrecision, Leadership, Mission
from missionfacts.personnel.models import CivilianStaffing, ComponentStrength


def write_leadership(reader: MissionFileReader, mission: Mission) -> None:
    for _index, node, where in reader.entries("leadership"):
        if reader.is_format_2:
            _write_format_2_leader(reader, mission, node, where)
            continue
        role, name = reader.required(node, "role", where), reader.required(node, "name", where)
        started_on, source = reader.day(node, "from", where), reader.source_of(node, where)
        if role and name and started_on and source:
            reader.save(
                Leadership, {"mission": mission, "role": role, "title_fr": "", "title_en": "",
                             "started_on": started_on},
                {"name": name, "nationality": node.get("nationality", "") or "", "source": source,
                 "ended_on": reader.day(node, "to", where, required=False)},
                node, where,
            )
    reader.remove_stale(Leadership, mission)


def _write_format_2_leader(reader: MissionFileReader, mission: Mission, node: dict, where: str) -> None:
    """A post holder as a past mission's page gives them: a title as published, a rank, a month or an open term."""
    name = reader.required(node, "name", where)
    role = node.get("role") or ""
    title_fr, title_en = reader.bilingual(node, "title", where, required=False)
    if not (role or title_fr or title_en):
        reader.problem(node, f"{where}title", "", _("give the post's title as published, or a role"))
    rank_fr, rank_en = reader.bilingual(node, "rank", where, required=False)
    nationality = node.get("nationality") or ""
    if nationality and not (isinstance(nationality, str) and is_country_code(nationality)
                            and nationality == nationality.upper()):
        reader.problem(node, f"{where}nationality", nationality, _("not an ISO 3166-1 alpha-3 country code"))
        return
    # Format 3: a holder the page names without a term is in post as of the page's date.
    started_on, started_precision = reader.day_or_month(node, "from", where, ends=False,
                                                        required=not reader.is_format_3)
    reader.needs_format_3(node, "as_of", where)
    in_post_on = None
    if reader.is_format_3 and node.get("from") in (None, ""):
        in_post_on, _precision = reader.page_date(node, where, reader.sources.get(
            node.get("source") or reader.data.get("default_source")))
    until_present = isinstance(node.get("to"), str) and node["to"].strip().lower() == "present"
    if until_present:
        ended_on, ended_precision = None, DatePrecision.DAY
    else:
        ended_on, ended_precision = reader.day_or_month(node, "to", where, ends=True, required=False)
    acting = node.get("acting", False)
    if not isinstance(acting, bool):
        reader.problem(node, f"{where}acting", acting, _("must be true or false"))
        return
    source = reader.source_of(node, where)
    if not (name and (started_on or in_post_on) and source and (role or title_fr or title_en)):
        return
    key = {"mission": mission, "role": role, "title_fr": title_fr, "title_en": title_en, "started_on": started_on}
    if started_on is None:
        key["name"] = name
    reader.save(
        Leadership, key,
        {"name": name, "nationality": nationality, "rank_fr": rank_fr, "rank_en": rank_en, "in_post_on": in_post_on,
         "started_on_precision": started_precision, "ended_on": ended_on, "ended_on_precision": ended_precision,
         "until_present": until_present, "acting": acting, "source": source},
        node, where,
    )


def write_format_1_strength(reader: MissionFileReader, mission: Mission) -> None:
    """`strength_totals` (component totals without a breakdown) and `civilian_staffing`."""
    for _index, node, where in reader.entries("strength_totals"):
        reported_on, source = reader.day(node, "reported_on", where), reader.source_of(node, where)
        for component in ("military", "police"):
            part = node.get(component)
            if part is None or not (reported_on and source):
                continue
            part = part if isinstance(part, dict) else LineDict(total=part)
            part.line = getattr(part, "line", node.line) or node.line
            total = reader.count(part, "total", f"{where}{component}.")
            women = reader.count(part, "women", f"{where}{component}.", required=False)
            if total is not None:
                reader.save(
                    ComponentStrength, {"mission": mission, "reported_on": reported_on, "component": component},
                    {"total": total, "women": women, "source": source}, part, f"{where}{component}.",
                )
    reader.remove_stale(ComponentStrength, mission)
    for _index, node, where in reader.entries("civilian_staffing"):
        reported_on, source = reader.day(node, "reported_on", where), reader.source_of(node, where)
        category = reader.required(node, "category", where)
        total = reader.count(node, "total", where)
        if reported_on and source and category and total is not None:
            reader.save(
                CivilianStaffing, {"mission": mission, "reported_on": reported_on, "category": category},
                {"total": total, "women": reader.count(node, "women", where, required=False), "source": source},
                node, where,
            )
    reader.remove_stale(CivilianStaffing, mission)
