"""The mission file's sources and the mission itself."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from missionfacts.countries import is_country_code
from missionfacts.imports.mission_file.reader import MissionFileReader
from missionfacts.imports.models import Source
from missionfacts.imports.source_owners import changed_fields, refusal_to_change
from missionfacts.missions.models import Mission


def write_sources(reader: MissionFileReader) -> None:
    """Create the file's sources and change those only its own mission cites (imports.source_owners)."""
    owners = _file_mission(reader)
    for index, node in enumerate(reader.items("sources")):
        where = f"sources[{index}]."
        key = reader.required(node, "key", where)
        kind = reader.required(node, "kind", where)
        title = reader.required(node, "title", where)
        if not (key and kind and title):
            continue
        published_on = reader.day(node, "published_on", where, required=False)
        source = Source.objects.filter(key=key).first() or Source(key=key)
        values = {
            "kind": kind, "title": title, "publisher": node.get("publisher", "") or "",
            "published_on": published_on, "url": node.get("url", "") or "",
            "licence": node.get("licence", "") or "", "note": (node.get("note", "") or "").strip(),
        }
        changed = changed_fields(source, values)
        refusal = refusal_to_change(source, owners) if changed else None
        if refusal:
            reader.problem(node, f"{where}{changed[0]}", values[changed[0]], refusal)
            continue
        for name, value in values.items():
            setattr(source, name, value)
        try:
            source.full_clean()
        except ValidationError as error:
            for field_name, messages in error.message_dict.items():
                reader.problem(node, f"{where}{field_name}", values.get(field_name, ""), " ".join(messages))
            continue
        if changed:
            # A source the file changes is a change the file brings, even when none of its records change.
            reader.result.rows_changed += source.pk is not None
            source.save()
        reader.sources[key] = source
    if not reader.sources and not reader.result.problems:
        reader.problem(reader.data, "sources", "", _("declare at least one source"))
    default = reader.data.get("default_source")
    if default and default not in reader.sources and not reader.result.problems:
        reader.problem(reader.data, "default_source", default, _("unknown source: declare it under 'sources'"))


def _file_mission(reader: MissionFileReader) -> list[Mission]:
    """The mission the file is about, as a list of the missions it speaks for: none before it exists."""
    node = reader.data.get("mission")
    acronym = node.get("acronym") if isinstance(node, dict) else None
    if not isinstance(acronym, str) or not acronym:
        return []
    return list(Mission.objects.filter(acronym=acronym))


def write_mission(reader: MissionFileReader) -> Mission | None:
    node = reader.data.get("mission")
    if not isinstance(node, dict):
        reader.problem(reader.data, "mission", "", _("the 'mission' section is required"))
        return None
    acronym = reader.required(node, "acronym", "mission.")
    name_fr, name_en = reader.bilingual(node, "name", "mission.")
    source = reader.source_of(node, "mission.")
    if not acronym or source is None:
        return None
    values = {
        "name_fr": name_fr, "name_en": name_en, "host_country": node.get("host_country", "") or "",
        "headquarters": node.get("headquarters", "") or "",
        "is_provisional": False, "source": source,
    }
    if reader.is_format_2:
        values.update(_format_2_mission_values(reader, node))
    else:
        values["started_on"] = reader.day(node, "started_on", "mission.", required=False)
        values["ended_on"] = reader.day(node, "ended_on", "mission.", required=False)
    if reader.is_format_3:
        preferred = reader.data.get("preferred_source")
        if preferred is not None and preferred not in reader.sources:
            reader.problem(reader.data, "preferred_source", preferred, _("unknown source: declare it under 'sources'"))
            return None
        values["preferred_source"] = reader.sources.get(preferred)
    # What the file leaves out keeps the value the mission has: a fact sheet of 2020 says nothing of the end
    # of its mission, and must not erase the end date the catalogue of operations gave it (missions/catalogue.py).
    for name, key in _OPTIONAL_IDENTITY.items():
        if key not in node:
            values.pop(name, None)
    # Likewise the language a one-language page does not give: MINURCAT's French page keeps the English name.
    for name in ("name_fr", "name_en", "location_fr", "location_en"):
        if values.get(name) == "":
            values.pop(name)
    return reader.writer.write(Mission, {"acronym": acronym}, values, row=node.line, prefix="mission.")


# Mission fields that a mission file may leave out, and the `mission:` key that gives each.
_OPTIONAL_IDENTITY = {
    "host_country": "host_country", "headquarters": "headquarters", "other_host_countries": "other_host_countries",
    "location_fr": "location", "location_en": "location",
    "headquarters_latitude": "headquarters_coordinates", "headquarters_longitude": "headquarters_coordinates",
    "started_on": "started_on", "started_on_precision": "started_on",
    "ended_on": "ended_on", "ended_on_precision": "ended_on",
}


def _format_2_mission_values(reader: MissionFileReader, node: dict) -> dict:
    """Where and when a past mission worked, as its page says: location, headquarters, months of its life."""
    where = "mission."
    location_fr, location_en = reader.bilingual(node, "location", where, required=False)
    other_headquarters_fr, other_headquarters_en = reader.bilingual(node, "other_headquarters", where, required=False)
    financing_fr, financing_en = reader.bilingual(node, "financing", where, required=False)
    started_on, started_precision = reader.day_or_month(node, "started_on", where, ends=False, required=False)
    ended_on, ended_precision = reader.day_or_month(node, "ended_on", where, ends=True, required=False)
    others = node.get("other_host_countries") or []
    if isinstance(others, str):
        others = others.split()
    if not isinstance(others, list):
        reader.problem(node, f"{where}other_host_countries", others, _("give a list of ISO alpha-3 codes"))
        others = []
    for index, code in enumerate(others):
        if not isinstance(code, str) or not is_country_code(code) or code != code.upper():
            reader.problem(node, f"{where}other_host_countries[{index}]", code,
                           _("not an ISO 3166-1 alpha-3 country code"))
    latitude = longitude = None
    coordinates = node.get("headquarters_coordinates")
    if coordinates is not None:
        if not isinstance(coordinates, dict):
            reader.problem(node, f"{where}headquarters_coordinates", coordinates,
                           _("give the latitude and the longitude under the keys latitude and longitude"))
        else:
            latitude, longitude = (_degrees(reader, coordinates, axis) for axis in ("latitude", "longitude"))
    return {
        "location_fr": location_fr, "location_en": location_en,
        "other_headquarters_fr": other_headquarters_fr, "other_headquarters_en": other_headquarters_en,
        "financing_fr": financing_fr, "financing_en": financing_en,
        "other_host_countries": " ".join(code for code in others if isinstance(code, str)),
        "headquarters_latitude": latitude, "headquarters_longitude": longitude,
        "started_on": started_on, "started_on_precision": started_precision,
        "ended_on": ended_on, "ended_on_precision": ended_precision,
        "text_language": reader.language or "",
    }


def _degrees(reader: MissionFileReader, node: dict, axis: str) -> float | None:
    value = node.get(axis)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        reader.problem(node, f"mission.headquarters_coordinates.{axis}", value,
                       _("a decimal number of degrees is required"))
        return None
    return float(value)
