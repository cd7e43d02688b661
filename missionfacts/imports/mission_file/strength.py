"""Format 2's stated strength (at a date, at its peak, at withdrawal) and contributing countries."""

from django.utils.translation import gettext as _

from missionfacts.countries import is_country_code
from missionfacts.imports.mission_file.key_figures import version_key
from missionfacts.imports.mission_file.reader import MissionFileReader
from missionfacts.missions.models import CeilingScope, Mission
from missionfacts.personnel.models import ContributingCountry, StatedStrength, StatedStrengthPart

# Each section of stated strength, and the kind of its records.
# The categories that are made of others, and so may say which parts they count.
COMPONENTS = (CeilingScope.MILITARY, CeilingScope.POLICE, CeilingScope.CIVILIANS, CeilingScope.UNIFORMED)
STRENGTH_SECTIONS = {
    "strength": StatedStrength.Kind.AS_OF,
    "peak_strength": StatedStrength.Kind.PEAK,
    "withdrawal_strength": StatedStrength.Kind.AT_WITHDRAWAL,
}


def write_stated_strength(reader: MissionFileReader, mission: Mission) -> None:
    for section, kind in STRENGTH_SECTIONS.items():
        for _index, node, where in reader.entries(section):
            _write_one(reader, mission, kind, node, where)
    reader.remove_stale(StatedStrength, mission)


def _write_one(reader: MissionFileReader, mission: Mission, kind: str, node: dict, where: str) -> None:
    reported_on, precision = reader.day_or_month(node, "reported_on", where, ends=True)
    source = reader.source_of(node, where)
    total = women = None
    valid = True
    if node.get("total") is not None:
        total, women, valid = reader.number_with_women(node, "total", where)
    uniformed = uniformed_women = None
    if not reader.needs_format_3(node, "uniformed", where) and node.get("uniformed") is not None:
        uniformed, uniformed_women, uniformed_valid = reader.number_with_women(node, "uniformed", where)
        valid = valid and uniformed_valid
    covers = reader.choice(node, "total_covers", where, StatedStrength.TotalCovers,
                           default=StatedStrength.TotalCovers.ALL)
    wording_fr, wording_en = reader.bilingual(node, "wording", where, required=False)
    categories = node.get("categories") or {}
    if not isinstance(categories, dict):
        reader.problem(node, f"{where}categories", categories, _("map each category to its number"))
        categories = {}
    parts = {}
    for category in categories:
        if category not in CeilingScope.values:
            reader.problem(categories, f"{where}categories.{category}", categories[category],
                           _("not a category of personnel: one of {categories}").format(
                               categories=", ".join(CeilingScope.values)))
            valid = False
            continue
        included, excluded, extent_valid = _extent(reader, categories, category, f"{where}categories.")
        part_total, part_women, part_valid = reader.number_with_women(categories, category, f"{where}categories.")
        valid = valid and part_valid and extent_valid
        parts[category] = (part_total, part_women, included, excluded)
    if node.get("total") is None and not categories:
        reader.problem(node, f"{where}total", "", _("give the total, its categories, or both"))
        return
    if not (reported_on and source and covers and valid):
        return
    stated = reader.save(
        StatedStrength, {"mission": mission, "kind": kind, "reported_on": reported_on, **version_key(reader, source)},
        {"reported_on_precision": precision, "total": total, "women": women, "total_covers": covers,
         "uniformed": uniformed, "uniformed_women": uniformed_women,
         "wording_fr": wording_fr, "wording_en": wording_en, "source": source},
        node, where,
    )
    if stated is None:
        return
    for category, (part_total, part_women, included, excluded) in parts.items():
        reader.save(StatedStrengthPart, {"stated_strength": stated, "category": category},
                    {"total": part_total, "women": part_women, "includes": included, "excludes": excluded},
                    categories, f"{where}categories.{category}.")
    reader.writer.remove_untouched(StatedStrengthPart.objects.filter(stated_strength=stated))


def _extent(reader: MissionFileReader, categories: dict, category: str, where: str) -> tuple[str, str, bool]:
    """What a component counts beyond its usual parts (`includes`) or leaves out of them (`excludes`), as
    space-separated categories; the two keys are then taken out of the mapping that gives its number."""
    value = categories.get(category)
    if not isinstance(value, dict) or not ({"includes", "excludes"} & set(value)):
        return "", "", True
    extent, valid = {}, True
    for name in ("includes", "excludes"):
        if reader.needs_format_3(value, name, f"{where}{category}."):
            valid = False
        listed = value.pop(name, None) or []
        listed = [listed] if isinstance(listed, str) else listed
        if category not in COMPONENTS:
            reader.problem(value, f"{where}{category}.{name}", "", _("only a component ({components}) says "
                           "which parts it includes or leaves out").format(components=", ".join(COMPONENTS)))
            valid = False
        wrong = [item for item in listed if item not in CeilingScope.values or item == category] if isinstance(
            listed, list) else [listed]
        if wrong:
            reader.problem(value, f"{where}{category}.{name}", wrong[0],
                           _("not a category of personnel: one of {categories}").format(
                               categories=", ".join(CeilingScope.values)))
            valid = False
        extent[name] = " ".join(item for item in listed if item in CeilingScope.values) if not wrong else ""
    return extent["includes"], extent["excludes"], valid


def write_contributing_countries(reader: MissionFileReader, mission: Mission) -> None:
    for _index, node, where in reader.entries("contributing_countries"):
        personnel = reader.choice(node, "personnel", where, CeilingScope)
        listed_on, _precision = reader.day_or_month(node, "listed_on", where, ends=True, required=False)
        source = reader.source_of(node, where)
        countries = node.get("countries")
        if not isinstance(countries, list) or not countries:
            reader.problem(node, f"{where}countries", countries, _("give the countries as a list of ISO alpha-3 "
                           "codes, in the page's order"))
            continue
        for position, entry in enumerate(countries):
            key = _country_key(reader, node, entry, f"{where}countries[{position}]")
            if key is not None and personnel and source:
                reader.save(ContributingCountry, {"mission": mission, "personnel": personnel, **key},
                            {"position": position, "listed_on": listed_on, "source": source},
                            node, f"{where}countries[{position}].")
    reader.remove_stale(ContributingCountry, mission)


def _country_key(reader: MissionFileReader, node: dict, entry, where: str) -> dict | None:
    """A listed country: its ISO alpha-3 code, or `{name: ...}` as the page writes a country that has no
    current code ("Serbia and Montenegro")."""
    if isinstance(entry, dict):
        name = entry.get("name")
        if set(entry) != {"name"} or not isinstance(name, str) or not name.strip():
            reader.problem(node, where, entry, _("give a country's code, or its name under the key name for a "
                                                 "country without one"))
            return None
        if len(name.strip()) > 100:
            reader.problem(node, f"{where}.name", name, _("a country's name has at most 100 characters"))
            return None
        return {"country": "", "name_as_published": name.strip()}
    if not (isinstance(entry, str) and entry == entry.upper() and is_country_code(entry)):
        reader.problem(node, where, entry, _("not an ISO 3166-1 alpha-3 country code; for a country "
                       "without one any more, give its name under the key name as the page writes it"))
        return None
    return {"country": entry, "name_as_published": ""}
