"""Checking a file of one row per patrol, row by row, into rows ready for the staging table.

A file of ten million patrols holds a few thousand distinct (mission, date, component, sector, site) cells at
most: each distinct combination is checked once, with the same rules and messages as any other import
(missions, dates, places in service), and its outcome — the values to write, or the problems to report — is
remembered. A row then costs a few dictionary look-ups; a row that repeats a bad combination gets the same
problems, with its own row number.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from missionfacts.activities import rules
from missionfacts.activities.models import Patrol
from missionfacts.imports.cells import (
    DateCells,
    MissionColumn,
    Places,
    component_of,
    positions,
    problems_so_far,
    text_of,
    words,
)
from missionfacts.imports.staging import ProblemLog
from missionfacts.imports.tabular import Table

# One staged row: where it is in the file, its values, and, for a row without a reference, how many identical
# rows came before it in the file, plus one (its occurrence number, part of its natural key).
STAGED_COLUMNS = ("row_number", "mission_id", "patrolled_on", "component", "sector_id", "site_id", "patrol_type",
                  "reference", "occurrence")


class RecordedProblems(ProblemLog):
    """The problems one check finds, kept to be replayed for every row that repeats the checked values."""

    def __init__(self):
        super().__init__("", limit=1 << 30)

    def replay(self, problems: ProblemLog, row_number: int) -> None:
        for problem in self.kept:
            problems.add(row_number, problem.column, problem.value, problem.reason)


@dataclass(frozen=True)
class Cells:
    """What a (mission, date, component, sector, site) combination of cells stands for, once checked."""

    mission_id: int | None
    patrolled_on: str | None  # ISO, as both databases read it
    component: str | None
    sector_id: int | None
    site_id: int | None
    before: RecordedProblems | None  # problems of the mission, date and component, reported first
    after: RecordedProblems | None  # problems of the place, reported after those of type and reference


class PatrolRows:
    """Checks the rows of a file of patrols and yields the valid ones, in batches, as staging tuples.

    The first row with a reference keeps it; a later valid row with the same reference (in the same mission)
    is a problem. Only a hash of each reference is kept while reading (a reference seen twice is noted as a
    suspect), and `duplicates(rows_of)` then names the rows, from the staged ones: ten million references
    would otherwise stay in memory.
    """

    def __init__(self, table: Table, problems: ProblemLog, missions: MissionColumn):
        self.table = table
        self.problems = problems
        self.missions = missions
        self.places = Places()
        self.dates = DateCells(problems)
        self.at = positions(table)
        self.columns = {name: table.header_of(column) for name, column in (
            ("mission", "mission"), ("patrolled_on", "date"), ("component", "component"), ("sector", "sector"),
            ("site", "site"), ("patrol_type", "type"), ("reference", "reference"))}
        self.cells: dict[tuple, Cells] = {}
        self.types: dict = {}
        self.only_places: dict = {}
        self.reference_limit = Patrol._meta.get_field("reference").max_length
        self.seen: dict[int, set[int]] = {}
        self.suspects: set[tuple[int, str]] = set()
        self.occurrences: dict[tuple, int] = {}
        # Per mission, the first and last day of the rows staged.
        self.spans: dict[int, tuple[str, str]] = {}
        self.rows_staged = 0
        self.last_row = 1

    # Reading -------------------------------------------------------------------------------------------------

    def batches(self) -> Iterator[list[tuple]]:
        """The file's valid rows, a batch of staging tuples (STAGED_COLUMNS) per batch of the file."""
        at = self.at
        mission_at, date_at, component_at = at["mission"], at["date"], at["component"]
        sector_at, site_at, type_at, reference_at = at["sector"], at["site"], at["type"], at["reference"]
        cells_of, types, problems = self.cells, self.types, self.problems
        occurrences, seen, limit = self.occurrences, self.seen, self.reference_limit
        for batch in self.table.batches():
            self.last_row = batch[-1][0]
            staged = []
            append = staged.append
            for row_number, fields in batch:
                key = (fields[mission_at], fields[date_at], fields[component_at], fields[sector_at], fields[site_at])
                cells = cells_of.get(key)
                if cells is None:
                    cells = cells_of[key] = self._check(*key)
                type_cell = fields[type_at]
                typed = types.get(type_cell)
                if typed is None:
                    typed = types[type_cell] = self._check_type(type_cell)
                reference = fields[reference_at]
                reference = " ".join(reference.split()) if type(reference) is str else words(reference)
                if cells.before or typed[1] or len(reference) > limit or cells.after:
                    self._report(row_number, cells, typed[1], fields[reference_at], reference)
                    continue
                mission_id = cells.mission_id
                if reference:
                    hashes = seen.get(mission_id)
                    if hashes is None:
                        hashes = seen[mission_id] = set()
                    fingerprint = hash(reference)
                    if fingerprint in hashes:
                        self.suspects.add((mission_id, reference))
                    else:
                        hashes.add(fingerprint)
                    occurrence = 0
                else:
                    same = (mission_id, cells.patrolled_on, cells.component, cells.sector_id, cells.site_id,
                            typed[0])
                    occurrence = occurrences.get(same, 0) + 1
                    occurrences[same] = occurrence
                append((row_number, mission_id, cells.patrolled_on, cells.component, cells.sector_id, cells.site_id,
                        typed[0], reference, occurrence))
            self.rows_staged += len(staged)
            yield staged
        problems.extend(self.table.problems, self.table.more_problems)

    def _report(self, row_number: int, cells: Cells, type_problems, reference_cell, reference: str) -> None:
        """The problems of a bad row, in the order the checks run: mission, date, component, type, reference
        and place."""
        if cells.before:
            cells.before.replay(self.problems, row_number)
        if type_problems:
            type_problems.replay(self.problems, row_number)
        if len(reference) > self.reference_limit:
            text_of(reference_cell, row_number, self.columns["reference"], self.problems, Patrol, "reference")
        if cells.after:
            cells.after.replay(self.problems, row_number)

    def _check_type(self, value) -> tuple[str, RecordedProblems | None]:
        found = RecordedProblems()
        text = text_of(value, 0, self.columns["patrol_type"], found, Patrol, "patrol_type")
        return text, (found if found else None)

    def _check(self, mission_cell, date_cell, component_cell, sector_cell, site_cell) -> Cells:
        columns = self.columns
        before, after = RecordedProblems(), RecordedProblems()
        mission = self.missions.mission_for(mission_cell, 0, problems=before)
        day = self.dates.read(date_cell, 0, columns["patrolled_on"], mission, problems=before)
        component = component_of(component_cell, 0, columns["component"], before)
        sector = site = None
        if mission is not None:
            if str(sector_cell).strip() == "" and str(site_cell).strip() == "":
                after.add(0, f"{columns['sector']}, {columns['site']}", "",
                          _("give the sector or the site of the patrol"))
            else:
                sector, site = self._places(mission, day, sector_cell, site_cell, after)
        if problems_so_far(before) or problems_so_far(after):
            return Cells(None, None, None, None, None, before or None, after or None)
        iso = day.isoformat()
        first, last = self.spans.get(mission.pk, (iso, iso))
        self.spans[mission.pk] = (min(first, iso), max(last, iso))
        # A patrol at a site is in that site's sector, so that figures by sector count it.
        sector_id = sector.pk if sector is not None else (site.sector_id if site is not None else None)
        return Cells(mission.pk, iso, component, sector_id, site.pk if site is not None else None, None, None)

    def _places(self, mission, day, sector_cell, site_cell, problems: RecordedProblems) -> tuple:
        """`Places.find`, with a shortcut for the usual case: names that leave no choice, of places in service
        on the day (the rules would find nothing to say)."""
        key = (mission.pk, sector_cell, site_cell)
        only = self.only_places.get(key, False)
        if only is False:
            only = self.only_places[key] = self.places.only(mission, sector_cell, site_cell)
        if only is not None and day is not None and all(
                place is None or rules.in_service(place, day) for place in only):
            return only
        return self.places.find(mission, day, None, sector_cell, site_cell, 0, self.columns, problems)

    # After staging -------------------------------------------------------------------------------------------

    def report_duplicates(self, rows_of) -> None:
        """Name the rows whose reference an earlier valid row of the file has; `rows_of(suspects)` gives the
        staged (row_number, mission_id, reference) of the suspect references, by row number."""
        if not self.suspects:
            return
        first_row_of: dict[tuple[int, str], int] = {}
        for row_number, mission_id, reference in rows_of(self.suspects):
            first = first_row_of.setdefault((mission_id, reference), row_number)
            if first != row_number:
                self.problems.add(row_number, self.columns["reference"], reference,
                                  _("the same reference as row %(row)s") % {"row": first})
