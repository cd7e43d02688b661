"""The `patrols` import: a mission's own patrol records, or its patrol counts over periods (CSV or XLSX).

The format is documented in docs/import-formats.md. The file's headers say which of two kinds it is:

- one row per patrol (`date`, `component`, `sector` and/or `site`, `type`, optional `reference`), each row a
  `Patrol`, known by its reference, or without one by its date, component, place and type (two identical
  rows are two patrols, matched to an earlier version's by their number);
- one row per count over a period (`period_start`, `period_end`, `component`, optional `sector`, `count`),
  each row a `PatrolCount`, known by its mission, component, period and sector.

Every row is about the mission of `--mission`, or of its `mission` column. A corrected file (the same file
name, for the same mission) replaces what its earlier versions brought; rows that other files or people
recorded are never touched, and a reference or count one of them already holds is a problem.

The helpers below the importer (missions, places, sources, the transaction) serve the `trainings` import too.
"""

import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import IntegrityError, connections, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_update_with_history

from missionfacts.activities import rules
from missionfacts.activities.models import Patrol, PatrolCount
from missionfacts.imports.batch import finish_batch, start_batch
from missionfacts.imports.models import ImportBatch, Source
from missionfacts.imports.problems import ImportRejected, ImportResult
from missionfacts.imports.staging import ProblemLog
from missionfacts.imports.tabular import Column, Table, open_table, parse_count, parse_date
from missionfacts.missions.models import Mission, Sector, Site
from missionfacts.personnel.models import Component

KIND = "patrols"

RECORD_COLUMNS = (
    Column("mission", "mission_acronym", required=False),
    Column("date", "patrolled_on", "patrol_date"),
    Column("component"),
    Column("sector", required=False),
    Column("site", required=False),
    Column("type", "patrol_type"),
    Column("reference", "patrol_reference", "ref", required=False),
)
COUNT_COLUMNS = (
    Column("mission", "mission_acronym", required=False),
    Column("period_start", "start"),
    Column("period_end", "end"),
    Column("component"),
    Column("sector", required=False),
    Column("count", "patrols"),
)
COUNT_ONLY = ("period_start", "period_end", "count")

COMPONENTS = {"military": Component.MILITARY, "militaire": Component.MILITARY, "police": Component.POLICE}
# Rows per INSERT, UPDATE or DELETE statement: well within SQLite's limit on query parameters.
CHUNK = 500
# Rows written between two reports of progress.
WRITE_CHUNK = 5000


def import_patrols(path: Path, *, mission=None, user=None, dry_run: bool = False, progress=None) -> ImportResult:
    """Import a file of patrols or patrol counts whole, or nothing of it; the result lists every problem."""
    path = Path(path)
    result = ImportResult(file=path.name, kind=KIND, dry_run=dry_run)
    problems = ProblemLog(path.name)
    columns = _columns_of(path, problems)
    if columns is None:
        problems.into(result)
        return result
    with open_table(path, columns) as table:
        if table.ok and columns is RECORD_COLUMNS and not {"sector", "site"} & table.present:
            table.problem(1, "sector, site", ", ".join(table.header),
                          _("missing column: a file of patrols needs a sector column, a site column, or both"))
        missions = MissionColumn(mission, table, problems)
        if not table.ok or not missions.ok:
            problems.extend(table.problems, table.more_problems)
            problems.into(result)
            return result
        reader = (_PatrolRows if columns is RECORD_COLUMNS else _CountRows)(table, problems, missions)
        run_planned_import(KIND, table, result, problems, missions, read=reader.rows, plan=reader.plan,
                           write=reader.write, user=user, dry_run=dry_run, progress=progress)
    return result


def _columns_of(path: Path, problems: ProblemLog) -> tuple[Column, ...] | None:
    """Which of the two kinds of patrols file this is, from its headers; None (and a problem) if neither."""
    every = {column.name: column for column in RECORD_COLUMNS + COUNT_COLUMNS}
    optional = [Column(column.name, *column.aliases, required=False) for column in every.values()]
    with open_table(path, optional) as table:
        if not table.ok:
            problems.extend(table.problems, table.more_problems)
            return None
        present, header = table.present, ", ".join(map(str, table.header))
    is_records, is_counts = "date" in present, bool(present & set(COUNT_ONLY))
    if is_records != is_counts:
        return RECORD_COLUMNS if is_records else COUNT_COLUMNS
    problems.add(1, "", header, _(
        "cannot tell which kind of patrols file this is. One row per patrol needs the headers date, component, "
        "type and sector or site (optional: reference, mission); one row per count needs period_start, "
        "period_end, component and count (optional: sector, mission)."))
    return None


# Patrol records ------------------------------------------------------------------------------------------


PATROL_VALUES = ("patrolled_on", "component", "sector_id", "site_id", "patrol_type")


@dataclass(frozen=True)
class PatrolRow:
    row: int
    mission_id: int
    patrolled_on: date
    component: str
    sector_id: int | None
    site_id: int | None
    patrol_type: str
    reference: str

    def values(self) -> tuple:
        """The values of PATROL_VALUES, in that order."""
        return (self.patrolled_on, self.component, self.sector_id, self.site_id, self.patrol_type)

    def record(self, batch: ImportBatch, pk: int | None = None) -> Patrol:
        return Patrol(pk=pk, mission_id=self.mission_id, reference=self.reference, source_id=batch.source_id,
                      import_batch=batch, **dict(zip(PATROL_VALUES, self.values(), strict=True)))



class _PatrolRows:
    """Validates one row per patrol, and turns the rows into the changes they make."""

    def __init__(self, table: Table, problems: ProblemLog, missions: "MissionColumn"):
        self.table = table
        self.problems = problems
        self.missions = missions
        self.places = Places()
        self.at = positions(table)
        self.columns = {name: table.header_of(column) for name, column in (
            ("mission", "mission"), ("patrolled_on", "date"), ("component", "component"), ("sector", "sector"),
            ("site", "site"), ("patrol_type", "type"), ("reference", "reference"))}
        self.dates = DateCells(problems)
        self.rows_kept: list[PatrolRow] = []

    def rows(self, progress: Callable[[int], None]) -> None:
        first_row_of: dict[tuple, int] = {}
        for batch in self.table.batches():
            for row_number, fields in batch:
                patrol = self.row(row_number, fields)
                if patrol is None:
                    continue
                if patrol.reference:
                    key = (patrol.mission_id, patrol.reference)
                    if key in first_row_of:
                        self.problems.add(row_number, self.columns["reference"], patrol.reference,
                                          _("the same reference as row %(row)s") % {"row": first_row_of[key]})
                        continue
                    first_row_of[key] = row_number
                self.rows_kept.append(patrol)
            progress(batch[-1][0])
        self.problems.extend(self.table.problems, self.table.more_problems)

    def row(self, row_number: int, fields: list) -> PatrolRow | None:
        at, columns, problems = self.at, self.columns, self.problems
        before = problems_so_far(problems)
        mission = self.missions.mission_for(fields[at["mission"]], row_number)
        day = self.dates.read(fields[at["date"]], row_number, columns["patrolled_on"], mission)
        component = component_of(fields[at["component"]], row_number, columns["component"], problems)
        patrol_type = text_of(fields[at["type"]], row_number, columns["patrol_type"], problems, Patrol, "patrol_type")
        reference = text_of(fields[at["reference"]], row_number, columns["reference"], problems, Patrol, "reference")
        sector_name, site_name = fields[at["sector"]], fields[at["site"]]
        sector = site = None
        if mission is not None:
            if str(sector_name).strip() == "" and str(site_name).strip() == "":
                problems.add(row_number, f"{columns['sector']}, {columns['site']}", "",
                             _("give the sector or the site of the patrol"))
            else:
                sector, site = self.places.find(mission, day, None, sector_name, site_name, row_number, columns,
                                                problems)
        if problems_so_far(problems) > before:
            return None
        # A patrol at a site is in that site's sector, so that figures by sector count it.
        sector_id = sector.pk if sector is not None else (site.sector_id if site is not None else None)
        return PatrolRow(row_number, mission.pk, day, component, sector_id, site.pk if site else None,
                         patrol_type, reference)

    def plan(self, scope: "Scope") -> "Plan":
        existing = (Patrol.objects.filter(scope.rows_of_earlier_versions())
                    .values_list("pk", "mission_id", "reference", *PATROL_VALUES))
        by_reference: dict[tuple, tuple] = {}
        anonymous: dict[tuple, list[int]] = defaultdict(list)
        for pk, mission_id, reference, *values in existing.order_by("pk").iterator(chunk_size=2000):
            if reference:
                by_reference[(mission_id, reference)] = (pk, tuple(values))
            else:
                anonymous[(mission_id, *values)].append(pk)
        plan = Plan()
        for patrol in self.rows_kept:
            if patrol.reference:
                pk, values = by_reference.pop((patrol.mission_id, patrol.reference), (None, None))
                if pk is None:
                    plan.added.append(patrol)
                elif values != patrol.values():
                    plan.changed.append((pk, patrol))
                else:
                    plan.unchanged += 1
            elif anonymous[(patrol.mission_id, *patrol.values())]:
                anonymous[(patrol.mission_id, *patrol.values())].pop(0)
                plan.unchanged += 1
            else:
                plan.added.append(patrol)
        plan.removed[Patrol] = [pk for pk, _values in by_reference.values()] + [
            pk for pks in anonymous.values() for pk in pks]
        # A corrected file may have turned from counts into records: the counts it brought go.
        plan.removed[PatrolCount] = list(PatrolCount.objects.filter(scope.rows_of_earlier_versions())
                                         .values_list("pk", flat=True))
        self.check_references(scope)
        return plan

    def check_references(self, scope: "Scope") -> None:
        """A reference that a patrol from elsewhere (another file, the admin) already holds is a problem."""
        referenced = [patrol for patrol in self.rows_kept if patrol.reference]
        for start in range(0, len(referenced), CHUNK):
            chunk = referenced[start:start + CHUNK]
            taken = {
                (mission_id, reference): file_name
                for mission_id, reference, file_name in Patrol.objects.filter(
                    scope.rows_from_elsewhere(), mission_id__in={p.mission_id for p in chunk},
                    reference__in={p.reference for p in chunk},
                ).exclude(reference="").order_by().values_list("mission_id", "reference", "import_batch__file_name")
            }
            for patrol in chunk:
                if (patrol.mission_id, patrol.reference) in taken:
                    self.problems.add(patrol.row, self.columns["reference"], patrol.reference,
                                      already_recorded(taken[(patrol.mission_id, patrol.reference)],
                                                       _("a patrol with this reference")))

    def write(self, plan: "Plan", writer: "BulkWriter") -> None:
        writer.update(Patrol, [patrol.record(writer.batch, pk) for pk, patrol in plan.changed], PATROL_VALUES)
        writer.create(Patrol, [patrol.record(writer.batch) for patrol in plan.added])


# Patrol counts -------------------------------------------------------------------------------------------


COUNT_KEY = ("mission_id", "component", "period_start", "period_end", "sector_id")


@dataclass(frozen=True)
class CountRow:
    row: int
    key: tuple  # the values of COUNT_KEY
    count: int

    def record(self, batch: ImportBatch, pk: int | None = None) -> PatrolCount:
        return PatrolCount(pk=pk, count=self.count, source_id=batch.source_id, import_batch=batch,
                           **dict(zip(COUNT_KEY, self.key, strict=True)))


class _CountRows:
    """Validates one row per count of patrols over a period, and turns the rows into the changes they make."""

    def __init__(self, table: Table, problems: ProblemLog, missions: "MissionColumn"):
        self.table = table
        self.problems = problems
        self.missions = missions
        self.places = Places()
        self.at = positions(table)
        self.columns = {name: table.header_of(column) for name, column in (
            ("mission", "mission"), ("period_start", "period_start"), ("period_end", "period_end"),
            ("component", "component"), ("sector", "sector"), ("count", "count"))}
        self.dates = DateCells(problems)
        self.rows_kept: list[CountRow] = []

    def rows(self, progress: Callable[[int], None]) -> None:
        first_row_of: dict[tuple, int] = {}
        for batch in self.table.batches():
            for row_number, fields in batch:
                count = self.row(row_number, fields)
                if count is None:
                    continue
                if count.key in first_row_of:
                    self.problems.add(row_number, ", ".join(self.columns[name] for name in (
                        "component", "period_start", "period_end", "sector")), "",
                        _("the same component, period and sector as row %(row)s") % {"row": first_row_of[count.key]})
                    continue
                first_row_of[count.key] = row_number
                self.rows_kept.append(count)
            progress(batch[-1][0])
        self.problems.extend(self.table.problems, self.table.more_problems)

    def row(self, row_number: int, fields: list) -> CountRow | None:
        at, columns, problems = self.at, self.columns, self.problems
        before = problems_so_far(problems)
        mission = self.missions.mission_for(fields[at["mission"]], row_number)
        start = self.dates.read(fields[at["period_start"]], row_number, columns["period_start"], mission)
        end = self.dates.read(fields[at["period_end"]], row_number, columns["period_end"], mission)
        problems.add_messages(row_number, rules.period_messages(start, end), columns,
                              {"period_end": fields[at["period_end"]]})
        component = component_of(fields[at["component"]], row_number, columns["component"], problems)
        count = count_of(fields[at["count"]], row_number, columns["count"], problems, required=True)
        sector = None
        if mission is not None and str(fields[at["sector"]]).strip() and start is not None and end is not None:
            sector, _site = self.places.find(mission, start, end, fields[at["sector"]], "", row_number, columns,
                                             problems)
        if problems_so_far(problems) > before:
            return None
        return CountRow(row_number, (mission.pk, component, start, end, sector.pk if sector else None), count)

    def plan(self, scope: "Scope") -> "Plan":
        counts = PatrolCount.objects.order_by()
        existing = {tuple(key): (pk, count) for pk, *key, count in counts.filter(
            scope.rows_of_earlier_versions()).values_list("pk", *COUNT_KEY, "count")}
        elsewhere = {tuple(key): file_name for *key, file_name in counts.filter(
            scope.rows_from_elsewhere(), mission_id__in=scope.mission_ids).values_list(
            *COUNT_KEY, "import_batch__file_name")}
        plan = Plan()
        for row in self.rows_kept:
            if row.key in elsewhere:
                self.problems.add(row.row, self.columns["count"], row.count, already_recorded(
                    elsewhere[row.key], _("a count of patrols for this component, period and sector")))
            pk, count = existing.pop(row.key, (None, None))
            if pk is None:
                plan.added.append(row)
            elif count != row.count:
                plan.changed.append((pk, row))
            else:
                plan.unchanged += 1
        plan.removed[PatrolCount] = [pk for pk, _count in existing.values()]
        # A corrected file may have turned from records into counts: the records it brought go.
        plan.removed[Patrol] = list(Patrol.objects.filter(scope.rows_of_earlier_versions())
                                    .values_list("pk", flat=True))
        return plan

    def write(self, plan: "Plan", writer: "BulkWriter") -> None:
        writer.update(PatrolCount, [row.record(writer.batch, pk) for pk, row in plan.changed], ("count",))
        writer.create(PatrolCount, [row.record(writer.batch) for row in plan.added])


# Cells -------------------------------------------------------------------------------------------------------


def positions(table: Table) -> dict[str, int]:
    """Where each column's value is in a row of `table.batches()`."""
    return {column.name: table.position(column.name) for column in table.columns}


def problems_so_far(problems: ProblemLog) -> int:
    return len(problems.kept) + problems.more


def words(value) -> str:
    """A cell's text with its spaces tidied."""
    return " ".join(str(value).split())


class DateCells:
    """Dates read from cells, each distinct text parsed once; the rules (UN's founding, today, the mission's
    life) are checked per mission."""

    def __init__(self, problems: ProblemLog):
        self.problems = problems
        self.parsed: dict = {}
        self.checked: dict = {}

    def read(self, value, row_number: int, column: str, mission: Mission | None) -> date | None:
        day = self.parsed.get(value)
        if day is None:
            try:
                day = parse_date(value)
            except ValueError as error:
                self.problems.add(row_number, column, value, error)
                return None
            self.parsed[value] = day
        if mission is None:
            return day
        messages = self.checked.get((mission.pk, day))
        if messages is None:
            messages = self.checked[(mission.pk, day)] = rules.activity_date_messages(day, "date", mission)
        if messages:
            self.problems.add_messages(row_number, messages, {"date": column}, {"date": value})
            return None
        return day


def component_of(value, row_number: int, column: str, problems: ProblemLog) -> str | None:
    component = COMPONENTS.get(words(value).casefold())
    if component is None:
        problems.add(row_number, column, value, _("unknown component; use military or police"))
    return component


def count_of(value, row_number: int, column: str, problems: ProblemLog, *, required: bool) -> int | None:
    try:
        count = parse_count(value)
    except ValueError as error:
        problems.add(row_number, column, value, error)
        return None
    if count is None:
        if required:
            problems.add(row_number, column, value, _("the count is empty"))
        return None
    messages = rules.count_messages(count, "count")
    if messages:
        problems.add_messages(row_number, messages, {"count": column}, {"count": value})
        return None
    return count


def text_of(value, row_number: int, column: str, problems: ProblemLog, model, field_name: str) -> str:
    text = words(value)
    limit = model._meta.get_field(field_name).max_length
    if len(text) > limit:
        problems.add(row_number, column, value, _("at most %(limit)s characters") % {"limit": limit})
    return text


def already_recorded(file_name: str | None, what) -> str:
    if file_name:
        return _("%(what)s is already recorded for this mission, from the file %(file)s") % {
            "what": what, "file": file_name}
    return _("%(what)s was already entered by hand for this mission") % {"what": what}


# Missions ----------------------------------------------------------------------------------------------------


class MissionColumn:
    """The mission of each row: the importer's `mission` (from --mission), or the file's `mission` column.

    With both, a row's mission must be empty or the same as --mission. A mission is never created from a
    file of its own records: its sectors, sites and programmes come from its mission file.
    """

    def __init__(self, mission, table: Table, problems: ProblemLog):
        self.table = table
        self.problems = problems
        self.has_column = table.ok and "mission" in table.present
        self.column = table.header_of("mission") if table.ok else "mission"
        self.by_acronym = {found.acronym.casefold(): found for found in Mission.objects.all()}
        self.used: dict[int, Mission] = {}
        self.ok = True
        self.default = mission
        if isinstance(mission, str):
            self.default = self.by_acronym.get(mission.strip().casefold())
            if self.default is None:
                problems.add(None, "mission", mission, self.unknown_reason())
                self.ok = False
        elif mission is None and table.ok and not self.has_column:
            problems.add(None, "mission", "", _(
                "the file does not say which mission it is about: give --mission ACRONYM or add a mission column"))
            self.ok = False

    def unknown_reason(self) -> str:
        return _("unknown mission; known missions: %(missions)s") % {
            "missions": ", ".join(sorted(found.acronym for found in self.by_acronym.values())) or "—"}

    def mission_for(self, value, row_number: int) -> Mission | None:
        text = words(value) if self.has_column else ""
        if not text:
            if self.default is None:
                self.problems.add(row_number, self.column, value, _("the mission is empty"))
                return None
            return self.use(self.default)
        found = self.by_acronym.get(text.casefold())
        if found is None:
            self.problems.add(row_number, self.column, value, self.unknown_reason())
            return None
        if self.default is not None and found.pk != self.default.pk:
            self.problems.add(row_number, self.column, value, _("the row is about %(row)s, but --mission is %(given)s")
                              % {"row": found.acronym, "given": self.default.acronym})
            return None
        return self.use(found)

    def use(self, mission: Mission) -> Mission:
        self.used.setdefault(mission.pk, mission)
        return mission


# Places ------------------------------------------------------------------------------------------------------


def name_key(value) -> str:
    """A place name as compared: no accents, no case, hyphens and apostrophes as spaces."""
    text = unicodedata.normalize("NFKD", str(value))
    text = "".join(character for character in text if not unicodedata.combining(character))
    return " ".join(re.sub(r"[-_/'’.]", " ", text).split()).casefold()


class Places:
    """A mission's sectors (by key or name) and sites (by name, or a place a twin name groups), as in service
    on a day or during a period; a site given with its sector is looked for in that sector."""

    def __init__(self):
        self.sectors: dict[int, dict[str, list[Sector]]] = {}
        self.sites: dict[int, dict[str, list[Site]]] = {}
        self.keys: dict = {}

    def key(self, value) -> str:
        """name_key, remembered per cell value."""
        found = self.keys.get(value)
        if found is None:
            found = self.keys[value] = name_key(value)
        return found

    def _load(self, mission: Mission) -> None:
        if mission.pk in self.sectors:
            return
        sectors, sites = defaultdict(list), defaultdict(list)
        for sector in Sector.objects.filter(mission=mission):
            for name in {sector.key, sector.name_fr, sector.name_en}:
                sectors[name_key(name)].append(sector)
        for site in Site.objects.filter(mission=mission):
            for name in {site.name, *(place for place in site.places.split(",") if place.strip())}:
                sites[name_key(name)].append(site)
        self.sectors[mission.pk], self.sites[mission.pk] = sectors, sites

    def find(self, mission: Mission, start: date | None, end: date | None, sector_name, site_name, row_number: int,
             columns: dict, problems: ProblemLog) -> tuple[Sector | None, Site | None]:
        """The sector and site a row names (either may be empty); problems for what cannot be found."""
        self._load(mission)
        sector = site = None
        if str(sector_name).strip():
            candidates = self.sectors[mission.pk].get(self.key(sector_name), [])
            if not candidates:
                problems.add(row_number, columns["sector"], sector_name, _(
                    "unknown sector; the sectors of %(mission)s are: %(names)s") % {
                    "mission": mission.acronym, "names": self._names(self.sectors[mission.pk], "key")})
                return None, None
            sector = self._pick(candidates, start, end)
        if str(site_name).strip():
            candidates = self.sites[mission.pk].get(self.key(site_name), [])
            if not candidates:
                problems.add(row_number, columns["site"], site_name, _(
                    "unknown site; the sites of %(mission)s are: %(names)s") % {
                    "mission": mission.acronym, "names": self._names(self.sites[mission.pk], "name")})
                return None, None
            site = self._pick([c for c in candidates if sector is None or c.sector_id == sector.pk] or candidates,
                              start, end)
            if site is None:
                problems.add(row_number, columns["site"], site_name, _(
                    "more than one site of this name was in service then: give its sector too"))
                return None, None
        if start is not None:
            messages = rules.place_messages(mission.pk, start, end, sector=sector, site=site)
            if messages:
                problems.add_messages(row_number, messages, columns, {"sector": sector_name, "site": site_name})
                return None, None
        return sector, site

    @staticmethod
    def _pick(candidates: list, start: date | None, end: date | None):
        """The one candidate in service then; None if several are; if none is, the first (for the rules to
        say why it does not do)."""
        if start is None:
            return candidates[0]
        serving = list({place.pk: place for place in candidates if rules.in_service(place, start, end)}.values())
        if len(serving) > 1:
            return None
        return serving[0] if serving else candidates[0]

    @staticmethod
    def _names(index: dict, attribute: str, limit: int = 30) -> str:
        names = sorted({getattr(place, attribute) for places in index.values() for place in places})
        return ", ".join(names[:limit]) + (", …" if len(names) > limit else "") if names else "—"


# Sources, scope and the transaction ---------------------------------------------------------------------------


def file_source(kind: str, file_name: str, missions: Iterable[Mission]) -> Source:
    """The Source standing for one file of a mission's own records, the same for every version of the file."""
    acronyms = "-".join(sorted(mission.acronym for mission in missions))
    key = slugify(f"{acronyms}-{kind}-{file_name.replace('.', '-')}")
    limit = Source._meta.get_field("key").max_length
    if len(key) > limit:
        key = f"{key[:limit - 9]}-{hashlib.sha256(key.encode()).hexdigest()[:8]}"
    source, _created = Source.objects.get_or_create(key=key, defaults={
        "kind": Source.Kind.DATASET, "title": f"{acronyms}: {file_name}", "publisher": acronyms,
        "note": f"The file {file_name}, imported with `missionfacts import {kind}`.",
    })
    return source


@dataclass
class Scope:
    """What a file speaks for: the rows that earlier versions of it (same kind, same file name) brought for
    the missions it names."""

    kind: str
    file_name: str
    mission_ids: set[int]
    earlier: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.earlier = list(ImportBatch.objects.filter(kind=self.kind, file_name=self.file_name)
                            .values_list("pk", flat=True))

    def rows_of_earlier_versions(self) -> Q:
        return Q(mission_id__in=self.mission_ids, import_batch_id__in=self.earlier)

    def rows_from_elsewhere(self) -> Q:
        return Q(import_batch__isnull=True) | ~Q(import_batch_id__in=self.earlier)


@dataclass
class Plan:
    """The changes a file makes: rows to add, (pk, row) to change, the number unchanged, pks to remove, and
    how many other rows go along (a session's participants)."""

    added: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    unchanged: int = 0
    removed: dict[type, list[int]] = field(default_factory=dict)
    along: int = 0

    def count_into(self, result: ImportResult) -> None:
        result.rows_added = len(self.added)
        result.rows_changed = len(self.changed)
        result.rows_unchanged = self.unchanged
        result.rows_removed = sum(len(pks) for pks in self.removed.values())

    @property
    def writes(self) -> int:
        return len(self.added) + len(self.changed) + sum(len(pks) for pks in self.removed.values()) + self.along


class BulkWriter:
    """Writes an import's rows in chunks, each with a history entry when its model keeps a history
    (django-simple-history), and says how many rows it has written."""

    HISTORY_FIELDS = ("history_date", "history_change_reason", "history_type", "history_user_id")

    def __init__(self, batch: ImportBatch, written: Callable[[int], None]):
        self.batch = batch
        self.written = written
        self.done = 0
        self.reason = f"import #{batch.pk} of {batch.file_name}"
        self.now = timezone.now()

    def _advance(self, rows: int) -> None:
        self.done += rows
        self.written(self.done)

    def create(self, model: type, records: list) -> None:
        for start in range(0, len(records), WRITE_CHUNK):
            chunk = model.objects.bulk_create(records[start:start + WRITE_CHUNK], batch_size=CHUNK)
            if keeps_history(model) and not self._history_of_new(model, [record.pk for record in chunk]):
                model.history.bulk_history_create(chunk, batch_size=CHUNK, default_user=self.batch.imported_by,
                                                  default_change_reason=self.reason, default_date=self.now)
            self._advance(len(chunk))

    def _history_of_new(self, model: type, pks: list) -> bool:
        """Copy new rows into their history table with one INSERT ... SELECT; False if that cannot be done.

        django-simple-history's `bulk_history_create` builds a historical instance per row, which makes an
        import five times slower than the rows alone; the entries written here are the ones it would write.
        """
        history = getattr(model, model._meta.simple_history_manager_attribute).model
        tracked = {field.attname: field.column for field in history.tracked_fields}
        own = {field.attname for field in history._meta.concrete_fields if not field.primary_key}
        if None in pks or not pks or own != set(tracked) | set(self.HISTORY_FIELDS):
            return False
        connection = connections[model.objects.db]
        quote = connection.ops.quote_name
        columns = [*tracked.values(), *(history._meta.get_field(name).column for name in self.HISTORY_FIELDS)]
        when = history._meta.get_field("history_date").get_db_prep_value(self.now, connection)
        insert = (f"INSERT INTO {quote(history._meta.db_table)} ({', '.join(map(quote, columns))}) "
                  f"SELECT {', '.join(quote(column) for column in tracked.values())}, %s, %s, %s, %s "
                  f"FROM {quote(model._meta.db_table)} WHERE {quote(model._meta.pk.column)} IN ")
        with connection.cursor() as cursor:
            for start in range(0, len(pks), CHUNK):
                chunk = pks[start:start + CHUNK]
                cursor.execute(insert + f"({', '.join(['%s'] * len(chunk))})",
                               [when, self.reason, "+", self.batch.imported_by_id, *chunk])
        return True

    def update(self, model: type, records: list, fields: Iterable[str]) -> None:
        """Update the fields of records (and their source and import); records must be complete, since their
        history entries copy every field."""
        fields = [*fields, "source", "import_batch"]
        for start in range(0, len(records), WRITE_CHUNK):
            chunk = records[start:start + WRITE_CHUNK]
            if keeps_history(model):
                bulk_update_with_history(chunk, model, fields, batch_size=CHUNK, default_user=self.batch.imported_by,
                                         default_change_reason=self.reason, default_date=self.now)
            else:
                model.objects.bulk_update(chunk, fields, batch_size=CHUNK)
            self._advance(len(chunk))

    def delete(self, model: type, pks: list[int], *, by: str = "pk") -> None:
        """Delete rows whose `by` field is one of pks; deletion sends each row's signals, so a model that keeps
        its history records the deletion."""
        for start in range(0, len(pks), CHUNK):
            deleted, _by_model = model.objects.filter(**{f"{by}__in": pks[start:start + CHUNK]}).delete()
            self._advance(deleted if by != "pk" else len(pks[start:start + CHUNK]))


def keeps_history(model: type) -> bool:
    return bool(getattr(model._meta, "simple_history_manager_attribute", None))


def run_planned_import(kind: str, table: Table, result: ImportResult, problems: ProblemLog,
                       missions: MissionColumn, *, read: Callable, plan: Callable[[Scope], Plan],
                       write: Callable[[Plan, BulkWriter], None], user=None, dry_run: bool = False,
                       progress: Callable[[int, int | None], None] | None = None,
                       rows_read: Callable[[], int] | None = None,
                       estimated_rows: int | None = None) -> None:
    """Read, plan and write one file in one transaction, filling in the result.

    `read(progress)` validates the rows into the reader, adding the problems it and the table found;
    `plan(scope)` compares them with what earlier versions of the file brought; `write(plan, writer)` adds
    and changes rows (removals are done here). Nothing stays written if the file has any problem, on a dry
    run, or when it changes nothing (then no import is recorded either).

    Progress is counted in rows of the file: checking them is the first half of the way, writing what they
    change the second.
    """
    total = table.estimated_rows if estimated_rows is None else estimated_rows

    def after_batch(row_number: int) -> None:
        if progress is not None:
            progress((row_number - 1) // 2, total)

    try:
        with transaction.atomic():
            read(after_batch)
            result.rows_read = rows_read() if rows_read else table.rows_read
            if problems:
                raise ImportRejected
            scope = Scope(kind, table.path.name, set(missions.used))
            changes = plan(scope)
            if problems:
                raise ImportRejected
            changes.count_into(result)
            if dry_run or not result.changed_anything:
                raise ImportRejected
            source = file_source(kind, table.path.name, missions.used.values())
            batch = start_batch(kind, table.path, source, user, table.checksum)
            rows, writes = result.rows_read, max(changes.writes, 1)

            def written(done: int) -> None:
                if progress is not None:
                    progress(rows // 2 + (rows - rows // 2) * min(done, writes) // writes, rows)

            writer = BulkWriter(batch, written)
            for model, pks in changes.removed.items():
                writer.delete(model, pks)
            write(changes, writer)
            finish_batch(batch, result)
    except ImportRejected:
        result.batch_id = None
    except IntegrityError as error:
        # Only when another import or an editor wrote the same rows while this file was being read.
        result.batch_id = None
        problems.add(None, "", "", _("the database refused the file, so nothing was written: %(error)s") % {
            "error": error})
    if progress is not None and result.rows_read:
        progress(result.rows_read, result.rows_read)
    problems.into(result)
    if result.ok and not result.changed_anything:
        earlier = ImportBatch.objects.filter(kind=kind, checksum=table.checksum).first()
        result.notes.append(
            _("Nothing changed: the data already matches this file (import #%(batch)s).") % {"batch": earlier.pk}
            if earlier else _("Nothing changed: the data already matches this file."))
    elif result.ok and dry_run:
        result.notes.append(_("Dry run: the file is valid; nothing was written."))
