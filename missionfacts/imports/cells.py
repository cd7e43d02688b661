"""Reading the cells of a mission's own records (patrols, trainings): missions, dates, places, components, counts.

Each helper turns a raw cell into a value, or adds a problem naming the row, column, value and reason. The
`patrols` and `trainings` importers share them, so that both read a date, a place or a mission the same way.
"""

import re
import unicodedata
from collections import defaultdict
from datetime import date

from django.utils.translation import gettext_lazy as _

from missionfacts.activities import rules
from missionfacts.imports.staging import ProblemLog
from missionfacts.imports.tabular import Table, parse_count, parse_date
from missionfacts.missions.models import Mission, Sector, Site
from missionfacts.personnel.models import Component

COMPONENTS = {"military": Component.MILITARY, "militaire": Component.MILITARY, "police": Component.POLICE}


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

    def read(self, value, row_number: int, column: str, mission: Mission | None,
             problems: ProblemLog | None = None) -> date | None:
        problems = self.problems if problems is None else problems
        day = self.parsed.get(value)
        if day is None:
            try:
                day = parse_date(value)
            except ValueError as error:
                problems.add(row_number, column, value, error)
                return None
            self.parsed[value] = day
        if mission is None:
            return day
        messages = self.checked.get((mission.pk, day))
        if messages is None:
            messages = self.checked[(mission.pk, day)] = rules.activity_date_messages(day, "date", mission)
        if messages:
            problems.add_messages(row_number, messages, {"date": column}, {"date": value})
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

    def mission_for(self, value, row_number: int, problems: ProblemLog | None = None) -> Mission | None:
        problems = self.problems if problems is None else problems
        text = words(value) if self.has_column else ""
        if not text:
            if self.default is None:
                problems.add(row_number, self.column, value, _("the mission is empty"))
                return None
            return self.use(self.default)
        found = self.by_acronym.get(text.casefold())
        if found is None:
            problems.add(row_number, self.column, value, self.unknown_reason())
            return None
        if self.default is not None and found.pk != self.default.pk:
            problems.add(row_number, self.column, value, _("the row is about %(row)s, but --mission is %(given)s")
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

    def only(self, mission: Mission, sector_name, site_name) -> tuple[Sector | None, Site | None] | None:
        """The sector and site the names leave no choice about (one place each, the site in the sector), as
        `find` would pick them on any day they are in service; None when `find` has more to say."""
        self._load(mission)
        sector = site = None
        if str(sector_name).strip():
            candidates = {place.pk: place for place in self.sectors[mission.pk].get(self.key(sector_name), [])}
            if len(candidates) != 1:
                return None
            sector = next(iter(candidates.values()))
        if str(site_name).strip():
            candidates = {place.pk: place for place in self.sites[mission.pk].get(self.key(site_name), [])}
            in_sector = {pk: place for pk, place in candidates.items()
                         if sector is None or place.sector_id == sector.pk}
            if len(in_sector) != 1:
                return None
            site = next(iter(in_sector.values()))
        return sector, site

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

