"""Format 2's stated strength (at a date, at its peak, at withdrawal) and contributing countries."""

from missionfacts.countries import is_country_code
from missionfacts.imports.mission_file.reader import MissionFileReader
from missionfacts.missions.models import CeilingScope, Mission
from missionfacts.personnel.models import ContributingCountry, StatedStrength, StatedStrengthPart

# Each section of stated strength, and the kind of its records.
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
    covers = reader.choice(node, "total_covers", where, StatedStrength.TotalCovers,
                           default=StatedStrength.TotalCovers.ALL)
    wording_fr, wording_en = reader.bilingual(node, "wording", where, required=False)
    categories = node.get("categories") or {}
    if not isinstance(categories, dict):
        reader.problem(node, f"{where}categories", categories, "map each category to its number")
        categories = {}
    parts = {}
    for category in categories:
        if category not in CeilingScope.values:
            reader.problem(categories, f"{where}categories.{category}", categories[category],
                           f"not a category of personnel: one of {', '.join(CeilingScope.values)}")
            valid = False
            continue
        part_total, part_women, part_valid = reader.number_with_women(categories, category, f"{where}categories.")
        valid = valid and part_valid
        parts[category] = (part_total, part_women)
    if node.get("total") is None and not categories:
        reader.problem(node, f"{where}total", "", "give the total, its categories, or both")
        return
    if not (reported_on and source and covers and valid):
        return
    stated = reader.save(
        StatedStrength, {"mission": mission, "kind": kind, "reported_on": reported_on},
        {"reported_on_precision": precision, "total": total, "women": women, "total_covers": covers,
         "wording_fr": wording_fr, "wording_en": wording_en, "source": source},
        node, where,
    )
    if stated is None:
        return
    for category, (part_total, part_women) in parts.items():
        reader.save(StatedStrengthPart, {"stated_strength": stated, "category": category},
                    {"total": part_total, "women": part_women}, categories, f"{where}categories.{category}.")
    reader.writer.remove_untouched(StatedStrengthPart.objects.filter(stated_strength=stated))


def write_contributing_countries(reader: MissionFileReader, mission: Mission) -> None:
    for _index, node, where in reader.entries("contributing_countries"):
        personnel = reader.choice(node, "personnel", where, CeilingScope)
        listed_on, _precision = reader.day_or_month(node, "listed_on", where, ends=True, required=False)
        source = reader.source_of(node, where)
        countries = node.get("countries")
        if not isinstance(countries, list) or not countries:
            reader.problem(node, f"{where}countries", countries, "give the countries as a list of ISO alpha-3 codes, "
                           "in the page's order")
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
            reader.problem(node, where, entry, "give a country's code, or {name: ...} for a country without one")
            return None
        if len(name.strip()) > 100:
            reader.problem(node, f"{where}.name", name, "a country's name has at most 100 characters")
            return None
        return {"country": "", "name_as_published": name.strip()}
    if not (isinstance(entry, str) and entry == entry.upper() and is_country_code(entry)):
        reader.problem(node, where, entry, "not an ISO 3166-1 alpha-3 country code; for a country without one "
                       "any more, give {name: ...} as the page writes it")
        return None
    return {"country": entry, "name_as_published": ""}
