"""The `mission` import: a mission described in one YAML file (format: docs/mission-file.md).

The file holds the facts a mission publishes about itself — identity, resolutions with ceilings and mandate,
sectors and sites, leadership, budgets, staffing and strength totals, published key figures — each with a
source. The MINUSMA reference dataset is such a file.
"""

from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml
from django.db import transaction

from missionfacts.activities.models import PatrolCount, TrainingCount, TrainingProgramme
from missionfacts.casualties.models import FatalityCount
from missionfacts.imports import limits
from missionfacts.imports.batch import RowWriter, file_checksum, finish_batch, start_batch
from missionfacts.imports.models import ImportBatch, Source
from missionfacts.imports.problems import ImportRejected, ImportResult, Problem
from missionfacts.imports.yaml_lines import LineDict, load_with_lines
from missionfacts.missions.models import (
    Budget,
    Ceiling,
    Leadership,
    MandateItem,
    Mission,
    Resolution,
    Sector,
    Site,
    StatedSiteCount,
)
from missionfacts.personnel.models import CivilianStaffing, ComponentStrength

KIND = "mission"
FORMAT = "missionfacts/mission-1"


def import_mission_file(path: Path, *, user=None, dry_run: bool = False) -> ImportResult:
    """Import one mission file whole, or nothing of it; the result lists every problem found."""
    path = Path(path)
    result = ImportResult(file=path.name, kind=KIND, dry_run=dry_run)
    data = _read(path, result)
    if data is None:
        return result
    checksum = file_checksum(path)
    try:
        with transaction.atomic():
            reader = _MissionFileReader(path, data, result)
            reader.write(user, checksum)
            if result.problems or dry_run or not result.changed_anything:
                raise ImportRejected
    except ImportRejected:
        result.batch_id = None
    except (TypeError, AttributeError, ValueError) as error:
        # A value of an unexpected shape (a list where a name belongs, say) that no check above caught: the file
        # is refused like any other bad file, with what went wrong, rather than with a traceback.
        result.batch_id = None
        result.problems.append(Problem(path.name, None, "", "", f"a value has a shape the format does not allow "
                                                                f"({error}); see docs/mission-file.md"))
    if result.ok and not result.changed_anything:
        earlier = ImportBatch.objects.filter(kind=KIND, checksum=checksum).first()
        result.notes.append(
            f"Nothing changed: the data already matches this file (import #{earlier.pk})."
            if earlier
            else "Nothing changed: the data already matches this file."
        )
    return result


def _read(path: Path, result: ImportResult):
    refused = limits.file_problems(path)
    if refused:
        result.problems.extend(refused)
        return None
    try:
        raw = path.read_bytes()
    except OSError as error:
        result.problems.append(Problem(path.name, None, "", "", f"cannot read the file: {error.strerror}"))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        result.problems.append(
            Problem(path.name, None, "", "", f"not UTF-8 text (byte {error.start}); save the file as UTF-8")
        )
        return None
    if not text.strip():
        result.problems.append(Problem(path.name, None, "", "", "the file is empty"))
        return None
    try:
        data = load_with_lines(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else None
        reason = getattr(error, "problem", None) or str(error)
        result.problems.append(Problem(path.name, line, "", "", f"not valid YAML: {reason}"))
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        result.problems.append(
            Problem(path.name, 1, "format", str(data.get("format", "")) if isinstance(data, dict) else "",
                    f"the file must start with 'format: {FORMAT}'")
        )
        return None
    return data


class _MissionFileReader:
    """Walks a parsed mission file and writes its records, collecting problems instead of stopping."""

    def __init__(self, path: Path, data: LineDict, result: ImportResult):
        self.path = path
        self.data = data
        self.result = result
        self.sources: dict[str, Source] = {}
        self.writer: RowWriter | None = None

    # Reading helpers -------------------------------------------------------------------------------------

    def problem(self, node, column: str, value, reason: str) -> None:
        line = getattr(node, "line", None)
        self.result.problems.append(Problem(self.path.name, line, column, "" if value is None else str(value), reason))

    def required(self, node: dict, name: str, where: str):
        if not isinstance(node, dict) or node.get(name) in (None, ""):
            self.problem(node, f"{where}{name}", "", "this field is required")
            return None
        return node[name]

    def day(self, node: dict, name: str, where: str, required: bool = True) -> date | None:
        value = node.get(name) if isinstance(node, dict) else None
        if value in (None, ""):
            if required:
                self.problem(node, f"{where}{name}", "", "this date is required (YYYY-MM-DD)")
            return None
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.problem(node, f"{where}{name}", value, "not a date of the form YYYY-MM-DD")
            return None

    def count(self, node: dict, name: str, where: str, required: bool = True) -> int | None:
        value = node.get(name) if isinstance(node, dict) else None
        if value in (None, ""):
            if required:
                self.problem(node, f"{where}{name}", "", "this number is required")
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(node, f"{where}{name}", value, "not a whole number")
            return None
        if value < 0:
            self.problem(node, f"{where}{name}", value, "cannot be negative")
            return None
        return value

    def bilingual(self, node: dict, name: str, where: str, required: bool = True) -> tuple[str, str]:
        value = node.get(name) if isinstance(node, dict) else None
        if value is None:
            if required:
                self.problem(node, f"{where}{name}", "", "this text is required in French (fr) and English (en)")
            return "", ""
        if isinstance(value, str):
            self.problem(node, f"{where}{name}", value, "give the text as 'fr:' and 'en:'")
            return "", ""
        french, english = str(value.get("fr", "") or "").strip(), str(value.get("en", "") or "").strip()
        if required and not (french and english):
            self.problem(value, f"{where}{name}", "", "both French (fr) and English (en) are required")
        return french, english

    def period(self, node: dict, where: str) -> tuple[date | None, date | None]:
        value = node.get("period") if isinstance(node, dict) else None
        if not isinstance(value, list) or len(value) != 2:
            self.problem(node, f"{where}period", value, "give the period as [first day, last day]")
            return None, None
        bounds = []
        for bound in value:
            try:
                bounds.append(bound if isinstance(bound, date) else date.fromisoformat(str(bound)))
            except ValueError:
                self.problem(node, f"{where}period", bound, "not a date of the form YYYY-MM-DD")
                return None, None
        return bounds[0], bounds[1]

    def source_of(self, node: dict, where: str) -> Source | None:
        key = (node.get("source") if isinstance(node, dict) else None) or self.data.get("default_source")
        if key not in self.sources:
            self.problem(node, f"{where}source", key, "unknown source: declare it under 'sources'")
            return None
        return self.sources[key]

    def items(self, name: str) -> list:
        value = self.data.get(name) or []
        if not isinstance(value, list):
            self.problem(self.data, name, "", "must be a list")
            return []
        return value

    # Writing ---------------------------------------------------------------------------------------------

    def write(self, user, checksum: str) -> None:
        self.write_sources()
        if self.result.problems:
            return
        first_source = next(iter(self.sources.values()))
        batch = start_batch(KIND, self.path, self.sources.get(self.data.get("default_source"), first_source),
                            user, checksum)
        self.writer = RowWriter(batch, self.result)
        mission = self.write_mission()
        if mission is None:
            return
        self.write_resolutions(mission)
        self.write_deployment(mission)
        self.write_people(mission)
        self.write_key_figures(mission)
        self.write_rule_settings(mission)
        finish_batch(batch, self.result)

    def write_sources(self) -> None:
        for index, node in enumerate(self.items("sources")):
            where = f"sources[{index}]."
            key = self.required(node, "key", where)
            kind = self.required(node, "kind", where)
            title = self.required(node, "title", where)
            if not (key and kind and title):
                continue
            published_on = self.day(node, "published_on", where, required=False)
            source, _ = Source.objects.get_or_create(key=key, defaults={"kind": kind, "title": title})
            values = {
                "kind": kind, "title": title, "publisher": node.get("publisher", "") or "",
                "published_on": published_on, "url": node.get("url", "") or "",
                "licence": node.get("licence", "") or "", "note": (node.get("note", "") or "").strip(),
            }
            for name, value in values.items():
                setattr(source, name, value)
            from django.core.exceptions import ValidationError

            try:
                source.full_clean()
            except ValidationError as error:
                for field_name, messages in error.message_dict.items():
                    self.problem(node, f"{where}{field_name}", values.get(field_name, ""), " ".join(messages))
                continue
            source.save()
            self.sources[key] = source
        if not self.sources and not self.result.problems:
            self.problem(self.data, "sources", "", "declare at least one source")
        default = self.data.get("default_source")
        if default and default not in self.sources and not self.result.problems:
            self.problem(self.data, "default_source", default, "unknown source: declare it under 'sources'")

    def write_mission(self) -> Mission | None:
        node = self.data.get("mission")
        if not isinstance(node, dict):
            self.problem(self.data, "mission", "", "the 'mission' section is required")
            return None
        acronym = self.required(node, "acronym", "mission.")
        name_fr, name_en = self.bilingual(node, "name", "mission.")
        source = self.source_of(node, "mission.")
        if not acronym or source is None:
            return None
        values = {
            "name_fr": name_fr, "name_en": name_en, "host_country": node.get("host_country", "") or "",
            "headquarters": node.get("headquarters", "") or "",
            "started_on": self.day(node, "started_on", "mission.", required=False),
            "ended_on": self.day(node, "ended_on", "mission.", required=False),
            "is_provisional": False, "source": source,
        }
        return self.writer.write(Mission, {"acronym": acronym}, values, row=node.line, prefix="mission.")

    def write_resolutions(self, mission: Mission) -> None:
        for index, node in enumerate(self.items("resolutions")):
            where = f"resolutions[{index}]."
            number = self.count(node, "number", where)
            adopted_on = self.day(node, "adopted_on", where)
            source = self.source_of(node, where)
            if number is None or adopted_on is None or source is None:
                continue
            values = {
                "adopted_on": adopted_on,
                "mandate_ends_on": self.day(node, "mandate_ends_on", where, required=False),
                "source": source,
            }
            resolution = self.writer.write(
                Resolution, {"mission": mission, "number": number}, values, row=node.line, prefix=where
            )
            if resolution is None:
                continue
            ceilings = node.get("ceilings") or {}
            for scope, authorised in ceilings.items():
                authorised = self.count(ceilings, scope, f"{where}ceilings.")
                if authorised is not None:
                    self.writer.write(
                        Ceiling, {"resolution": resolution, "scope": scope}, {"authorised": authorised},
                        row=ceilings.line, prefix=f"{where}ceilings.",
                    )
            self.writer.remove_untouched(Ceiling.objects.filter(resolution=resolution))
            for kind, section in ((MandateItem.Kind.PRIORITY, "priorities"), (MandateItem.Kind.TASK, "tasks")):
                for position, item in enumerate(node.get(section) or [], start=1):
                    item_where = f"{where}{section}[{position - 1}]."
                    title_fr, title_en = self.bilingual(item, "title", item_where, required=False)
                    text_fr, text_en = self.bilingual(item, "text", item_where)
                    self.writer.write(
                        MandateItem, {"resolution": resolution, "kind": kind, "position": position},
                        {"title_fr": title_fr, "title_en": title_en, "text_fr": text_fr, "text_en": text_en},
                        row=item.line, prefix=item_where,
                    )
            self.writer.remove_untouched(MandateItem.objects.filter(resolution=resolution))
        self.remove_stale(Resolution, mission)

    def write_deployment(self, mission: Mission) -> None:
        for index, node in enumerate(self.items("sectors")):
            where = f"sectors[{index}]."
            key = self.required(node, "key", where)
            name_fr, name_en = self.bilingual(node, "name", where)
            source = self.source_of(node, where)
            if not key or source is None:
                continue
            sector = self.writer.write(
                Sector, {"mission": mission, "key": key},
                {"name_fr": name_fr, "name_en": name_en, "position": index, "source": source,
                 "valid_from": self.day(node, "valid_from", where, required=False),
                 "valid_to": self.day(node, "valid_to", where, required=False)},
                row=node.line, prefix=where,
            )
            for site_index, site in enumerate(node.get("sites") or []):
                site_where = f"{where}sites[{site_index}]."
                name = self.required(site, "name", site_where)
                site_source = self.source_of(site, site_where)
                latitude, longitude = site.get("latitude"), site.get("longitude")
                for axis, value in (("latitude", latitude), ("longitude", longitude)):
                    if not isinstance(value, (int, float)) or isinstance(value, bool):
                        self.problem(site, f"{site_where}{axis}", value, "a decimal number of degrees is required")
                if sector is None or not name or site_source is None:
                    continue
                if not all(isinstance(v, (int, float)) for v in (latitude, longitude)):
                    continue
                valid_from = self.day(site, "valid_from", site_where, required=False)
                self.writer.write(
                    Site, {"mission": mission, "sector": sector, "name": name, "valid_from": valid_from},
                    {"places": ", ".join(site.get("places") or []), "latitude": float(latitude),
                     "longitude": float(longitude), "source": site_source,
                     "valid_to": self.day(site, "valid_to", site_where, required=False)},
                    row=site.line, prefix=site_where,
                )
        self.remove_stale(Site, mission)
        self.remove_stale(Sector, mission)
        for index, node in enumerate(self.items("stated_site_counts")):
            where = f"stated_site_counts[{index}]."
            stated_on, sites, source = self.day(node, "stated_on", where), self.count(node, "sites", where), \
                self.source_of(node, where)
            if stated_on and sites is not None and source:
                self.writer.write(StatedSiteCount, {"mission": mission, "stated_on": stated_on},
                                  {"sites": sites, "source": source}, row=node.line, prefix=where)
        self.remove_stale(StatedSiteCount, mission)

    def write_people(self, mission: Mission) -> None:
        for index, node in enumerate(self.items("leadership")):
            where = f"leadership[{index}]."
            role, name = self.required(node, "role", where), self.required(node, "name", where)
            started_on, source = self.day(node, "from", where), self.source_of(node, where)
            if role and name and started_on and source:
                self.writer.write(
                    Leadership, {"mission": mission, "role": role, "started_on": started_on},
                    {"name": name, "nationality": node.get("nationality", "") or "", "source": source,
                     "ended_on": self.day(node, "to", where, required=False)},
                    row=node.line, prefix=where,
                )
        self.remove_stale(Leadership, mission)
        for index, node in enumerate(self.items("budgets")):
            where = f"budgets[{index}]."
            start, end = self.period(node, where)
            source = self.source_of(node, where)
            try:
                amount = Decimal(str(node.get("approved_usd")))
            except (InvalidOperation, ValueError):
                self.problem(node, f"{where}approved_usd", node.get("approved_usd"), "not an amount")
                continue
            if start and end and source:
                self.writer.write(Budget, {"mission": mission, "period_start": start},
                                  {"period_end": end, "approved_usd": amount, "source": source},
                                  row=node.line, prefix=where)
        self.remove_stale(Budget, mission)
        for index, node in enumerate(self.items("strength_totals")):
            where = f"strength_totals[{index}]."
            reported_on, source = self.day(node, "reported_on", where), self.source_of(node, where)
            for component in ("military", "police"):
                part = node.get(component)
                if part is None or not (reported_on and source):
                    continue
                part = part if isinstance(part, dict) else LineDict(total=part)
                part.line = getattr(part, "line", node.line) or node.line
                total = self.count(part, "total", f"{where}{component}.")
                women = self.count(part, "women", f"{where}{component}.", required=False)
                if total is not None:
                    self.writer.write(
                        ComponentStrength, {"mission": mission, "reported_on": reported_on, "component": component},
                        {"total": total, "women": women, "source": source},
                        row=part.line, prefix=f"{where}{component}.",
                    )
        self.remove_stale(ComponentStrength, mission)
        for index, node in enumerate(self.items("civilian_staffing")):
            where = f"civilian_staffing[{index}]."
            reported_on, source = self.day(node, "reported_on", where), self.source_of(node, where)
            category = self.required(node, "category", where)
            total = self.count(node, "total", where)
            if reported_on and source and category and total is not None:
                self.writer.write(
                    CivilianStaffing, {"mission": mission, "reported_on": reported_on, "category": category},
                    {"total": total, "women": self.count(node, "women", where, required=False), "source": source},
                    row=node.line, prefix=where,
                )
        self.remove_stale(CivilianStaffing, mission)

    def write_key_figures(self, mission: Mission) -> None:
        for index, node in enumerate(self.items("patrol_counts")):
            where = f"patrol_counts[{index}]."
            start, end = self.period(node, where)
            component = self.required(node, "component", where)
            count, source = self.count(node, "count", where), self.source_of(node, where)
            if start and end and component and count is not None and source:
                self.writer.write(
                    PatrolCount,
                    {"mission": mission, "component": component, "period_start": start, "period_end": end,
                     "sector": None},
                    {"count": count, "source": source}, row=node.line, prefix=where,
                )
        self.remove_stale(PatrolCount, mission)
        for index, node in enumerate(self.items("training_programmes")):
            where = f"training_programmes[{index}]."
            key, counts = self.required(node, "key", where), self.required(node, "counts", where)
            audience_fr, audience_en = self.bilingual(node, "audience", where)
            subject_fr, subject_en = self.bilingual(node, "subject", where)
            source = self.source_of(node, where)
            if not (key and counts and source):
                continue
            programme = self.writer.write(
                TrainingProgramme, {"mission": mission, "key": key},
                {"audience_fr": audience_fr, "audience_en": audience_en, "subject_fr": subject_fr,
                 "subject_en": subject_en, "counts": counts, "position": index, "source": source},
                row=node.line, prefix=where,
            )
            for total_index, total in enumerate(node.get("totals") or []):
                total_where = f"{where}totals[{total_index}]."
                start, end = self.period(total, total_where)
                count = self.count(total, "count", total_where)
                women = self.count(total, "women", total_where, required=False)
                total_source = self.source_of(total, total_where)
                if programme and start and end and count is not None and total_source:
                    self.writer.write(
                        TrainingCount,
                        {"mission": mission, "programme": programme, "period_start": start, "period_end": end},
                        {"count": count, "women": women, "source": total_source}, row=total.line, prefix=total_where,
                    )
        self.remove_stale(TrainingCount, mission)
        for index, node in enumerate(self.items("fatality_counts")):
            where = f"fatality_counts[{index}]."
            start, end = self.period(node, where)
            count, source = self.count(node, "count", where), self.source_of(node, where)
            if start and end and count is not None and source:
                self.writer.write(
                    FatalityCount,
                    {"mission": mission, "period_start": start, "period_end": end,
                     "incident_type": node.get("incident_type", "") or "",
                     "personnel_category": node.get("personnel_category", "") or ""},
                    {"count": count, "source": source}, row=node.line, prefix=where,
                )
        self.remove_stale(FatalityCount, mission)

    def write_rule_settings(self, mission: Mission) -> None:
        """The optional `checks:` section: per rule, `enabled`, `severity` and the rule's own parameters."""
        from missionfacts.checks.models import RuleSetting

        section = self.data.get("checks")
        if section is not None and not isinstance(section, dict):
            self.problem(self.data, "checks", "", "map each rule's identifier to its settings")
            section = {}
        for rule_id, node in (section or {}).items():
            where = f"checks.{rule_id}."
            node = LineDict() if node is None else node
            if not isinstance(node, dict):
                self.problem(section, f"checks.{rule_id}", node, "give the rule's settings as a mapping, "
                             "e.g. {enabled: false} or {threshold: 0.3}")
                continue
            enabled = node.get("enabled", True)
            if not isinstance(enabled, bool):
                self.problem(node, f"{where}enabled", enabled, "must be true or false")
                continue
            parameters = {name: value for name, value in node.items() if name not in ("enabled", "severity")}
            self.writer.write(
                RuleSetting, {"mission": mission, "rule_id": str(rule_id)},
                {"enabled": enabled, "severity": node.get("severity") or "", "parameters": parameters},
                row=getattr(node, "line", None) or section.line, prefix=where,
            )
        self.writer.remove_untouched(RuleSetting.objects.filter(mission=mission, import_batch__kind=KIND))

    def remove_stale(self, model, mission: Mission) -> None:
        """Remove what earlier mission-file imports brought for this mission and this file no longer has."""
        self.writer.remove_untouched(model.objects.filter(mission=mission, import_batch__kind=KIND))
