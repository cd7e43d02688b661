"""Key figures published as counts over periods (patrols, trainings, fatalities), and the rule settings."""

from datetime import date

from django.utils.translation import gettext as _

from missionfacts.activities.models import PatrolCount, TrainingCount, TrainingProgramme
from missionfacts.casualties.models import FatalityCount, PersonnelCategory
from missionfacts.imports.mission_file.reader import KIND, MissionFileReader
from missionfacts.imports.yaml_lines import LineDict
from missionfacts.missions.models import Mission, PeriodPrecision

# Format 2's fatality categories, worded like the pages and like the strength categories, and the codes of
# the fatalities data they are stored with.
FATALITY_CATEGORIES = {
    "troops": PersonnelCategory.TROOPS,
    "military": PersonnelCategory.MILITARY,
    "military_observers": PersonnelCategory.MILITARY_OBSERVER,
    "police": PersonnelCategory.POLICE,
    "international_civilians": PersonnelCategory.INTERNATIONAL_CIVILIAN,
    "local_civilians": PersonnelCategory.LOCAL,
    "others": PersonnelCategory.OTHER,
}


def write_patrol_counts(reader: MissionFileReader, mission: Mission) -> None:
    for _index, node, where in reader.entries("patrol_counts"):
        start, end = reader.period(node, where)
        component = reader.required(node, "component", where)
        count, source = reader.count(node, "count", where), reader.source_of(node, where)
        if start and end and component and count is not None and source:
            reader.save(
                PatrolCount,
                {"mission": mission, "component": component, "period_start": start, "period_end": end,
                 "sector": None},
                {"count": count, "source": source}, node, where,
            )
    reader.remove_stale(PatrolCount, mission)


def write_trainings(reader: MissionFileReader, mission: Mission) -> None:
    for index, node, where in reader.entries("training_programmes"):
        key, counts = reader.required(node, "key", where), reader.required(node, "counts", where)
        audience_fr, audience_en = reader.bilingual(node, "audience", where)
        subject_fr, subject_en = reader.bilingual(node, "subject", where)
        source = reader.source_of(node, where)
        if not (key and counts and source):
            continue
        programme = reader.save(
            TrainingProgramme, {"mission": mission, "key": key},
            {"audience_fr": audience_fr, "audience_en": audience_en, "subject_fr": subject_fr,
             "subject_en": subject_en, "counts": counts, "position": index, "source": source},
            node, where,
        )
        for total_index, total in enumerate(node.get("totals") or []):
            total_where = f"{where}totals[{total_index}]."
            start, end = reader.period(total, total_where)
            count = reader.count(total, "count", total_where)
            women = reader.count(total, "women", total_where, required=False)
            total_source = reader.source_of(total, total_where)
            if programme and start and end and count is not None and total_source:
                reader.save(
                    TrainingCount,
                    {"mission": mission, "programme": programme, "period_start": start, "period_end": end},
                    {"count": count, "women": women, "source": total_source}, total, total_where,
                )
    reader.remove_stale(TrainingCount, mission)


def write_fatalities(reader: MissionFileReader, mission: Mission) -> None:
    """`fatality_counts` (format 1 and 2) and format 2's `fatalities` by category, both as FatalityCount rows."""
    for _index, node, where in reader.entries("fatality_counts"):
        source = reader.source_of(node, where)
        start, end, precision, as_of_only = fatality_period(reader, mission, node, where, source)
        count = reader.count(node, "count", where)
        if start and end and count is not None and source:
            reader.save(
                FatalityCount,
                {"mission": mission, "period_start": start, "period_end": end,
                 "incident_type": node.get("incident_type", "") or "",
                 "personnel_category": node.get("personnel_category", "") or "", **version_key(reader, source)},
                {"count": count, "source": source, "period_precision": precision, "as_of_only": as_of_only},
                node, where,
            )
    for _index, node, where in reader.entries("fatalities"):
        _write_fatalities_by_category(reader, mission, node, where)
    reader.remove_stale(FatalityCount, mission)


def version_key(reader: MissionFileReader, source) -> dict:
    """In format 3 a record is given once per source: two sources' versions of one fact are kept side by side."""
    return {"source": source} if reader.is_format_3 else {}


def fatality_period(reader: MissionFileReader, mission: Mission, node: dict, where: str, source,
                    ) -> tuple[date | None, date | None, str, bool]:
    """A count's period with its precision, or (format 3) only the date the page states it as of.

    A count as of a date is the mission's since it began: its period starts on the mission's recorded start,
    which the sheet does not show as the page's.
    """
    reader.needs_format_3(node, "as_of", where)
    if not (reader.is_format_3 and node.get("period") is None):
        return (*reader.period_with_precision(node, where), False)
    as_of, as_of_precision = reader.page_date(node, where, source)
    if as_of is None:
        return None, None, PeriodPrecision.DAY, True
    if mission.started_on is None or mission.started_on > as_of:
        reader.problem(node, f"{where}as_of", as_of.isoformat(), _("a count as of a date runs from the "
                       "mission's start: give the mission's started_on (on or before this date), or the count's "
                       "period"))
        return None, None, PeriodPrecision.DAY, True
    # The precision is the date's: the start is the mission's, never shown as the page's.
    return mission.started_on, as_of, as_of_precision, True


def _write_fatalities_by_category(reader: MissionFileReader, mission: Mission, node: dict, where: str) -> None:
    source = reader.source_of(node, where)
    if node.get("period") is not None and node.get("as_of") is not None:
        reader.problem(node, f"{where}as_of", node.get("as_of"), _("give the period or the date it is stated as "
                       "of, not both"))
        return
    start, end, precision, as_of_only = fatality_period(reader, mission, node, where, source)
    categories = node.get("categories") or {}
    if not isinstance(categories, dict):
        reader.problem(node, f"{where}categories", categories, _("map each category to its count"))
        categories = {}
    counts = {}
    if node.get("total") is not None:
        counts[""] = (reader.count(node, "total", where), node, where)
    for category in categories:
        if category not in FATALITY_CATEGORIES:
            reader.problem(categories, f"{where}categories.{category}", categories[category],
                           _("not a category of fatalities: one of {categories}").format(
                               categories=", ".join(FATALITY_CATEGORIES)))
            continue
        counts[FATALITY_CATEGORIES[category]] = (reader.count(categories, category, f"{where}categories."),
                                                 categories, f"{where}categories.{category}.")
    if node.get("total") is None and not categories:
        reader.problem(node, f"{where}total", "", _("give the total, its categories, or both"))
        return
    if not (start and end and source):
        return
    for code, (count, line_node, count_where) in counts.items():
        if count is not None:
            reader.save(
                FatalityCount,
                {"mission": mission, "period_start": start, "period_end": end, "incident_type": "",
                 "personnel_category": str(code), **version_key(reader, source)},
                {"count": count, "source": source, "period_precision": precision, "as_of_only": as_of_only},
                line_node, count_where,
            )


def write_rule_settings(reader: MissionFileReader, mission: Mission) -> None:
    """The optional `checks:` section: per rule, `enabled`, `severity` and the rule's own parameters."""
    from missionfacts.checks.models import RuleSetting

    section = reader.data.get("checks")
    if section is not None and not isinstance(section, dict):
        reader.problem(reader.data, "checks", "", _("map each rule's identifier to its settings"))
        section = {}
    for rule_id, node in (section or {}).items():
        where = f"checks.{rule_id}."
        node = LineDict() if node is None else node
        if not isinstance(node, dict):
            reader.problem(section, f"checks.{rule_id}", node, _("give the rule's settings as a "
                           "mapping, e.g. the key enabled set to false, or threshold set to 0.3"))
            continue
        enabled = node.get("enabled", True)
        if not isinstance(enabled, bool):
            reader.problem(node, f"{where}enabled", enabled, _("must be true or false"))
            continue
        parameters = {name: value for name, value in node.items() if name not in ("enabled", "severity")}
        reader.writer.write(
            RuleSetting, {"mission": mission, "rule_id": str(rule_id)},
            {"enabled": enabled, "severity": node.get("severity") or "", "parameters": parameters},
            row=getattr(node, "line", None) or section.line, prefix=where,
        )
    reader.writer.remove_untouched(RuleSetting.objects.filter(mission=mission, import_batch__kind=KIND))
