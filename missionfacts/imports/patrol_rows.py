"""Checking a file of one row per patrol, a batch of rows at a time, into rows ready for the staging table.

A file of ten million patrols holds a few thousand distinct (mission, date, component, sector, site) cells at
most: each distinct combination is checked once, with the same rules and messages as any other import
(missions, dates, places in service), and its outcome — the values to write, or the problems to report — is
remembered. A row that repeats a bad combination gets the same problems, with its own row number.

A batch of rows without problems is checked column by column: each column is mapped through the cells
already found good (the dates of the mission, the components, the places with the days they are in service,
the types) by C code (`map`, `zip`), with no Python statement per row; the combinations it has never seen
are checked first. A batch with anything else in it (a bad value, a place out of service on the day, a
reference too long, rows of several missions) is checked row by row, which reports each row's problems.
Both give the same rows, occurrence numbers and suspect references, in the same order.
"""

import itertools
import math
import operator
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

from missionfacts.activities import rules
from missionfacts.activities.models import Patrol
from missionfacts.imports import columnar
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
from missionfacts.imports.columnar import NotColumnar
from missionfacts.imports.staging import ProblemLog
from missionfacts.imports.tabular import Table
from missionfacts.missions.models import Mission, Sector, Site

# One staged row: where it is in the file, its values, and, for a row without a reference, how many identical
# rows came before it in the file, plus one (its occurrence number, part of its natural key).
STAGED_COLUMNS = ("row_number", "mission_id", "patrolled_on", "component", "sector_id", "site_id", "patrol_type",
                  "reference", "occurrence")
# Rows of the file checked at a time: column by column when they allow it, else row by row.
BATCH_ROWS = 1000
# What the daily summary counts a staged row under: (mission_id, component, patrolled_on, sector_id).
_DAY_KEY = operator.itemgetter(1, 3, 2, 4)


class RecordedProblems(ProblemLog):
    """The problems one check finds, kept to be replayed for every row that repeats the checked values."""

    def __init__(self):
        super().__init__("", limit=1 << 30)

    def replay(self, problems: ProblemLog, row_number: int) -> None:
        for problem in self.kept:
            problems.add(row_number, problem.column, problem.value, problem.reason)


@dataclass(frozen=True)
class Refusal:
    """Why a (mission, date, component, sector, site) combination of cells cannot be staged."""

    before: RecordedProblems | None  # problems of the mission, date and component, reported first
    after: RecordedProblems | None  # problems of the place, reported after those of type and reference


# What a combination of cells stands for once checked: (mission_id, ISO date, component, sector_id, site_id),
# or the problems to report on every row that has it.
Checked = tuple | Refusal


class PatrolRows:
    """Checks the rows of a file of patrols and yields the valid ones, in batches, as staging tuples.

    The first row with a reference keeps it; a later valid row with the same reference (in the same mission)
    is a problem. Only a hash of each reference is kept while reading (a reference seen twice is noted as a
    suspect), and `report_duplicates(rows_of)` then names the rows, from the staged ones: ten million references
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
        # Every combination of cells and every type cell checked, with its outcome.
        self.cells: dict[tuple, Checked] = {}
        self.types: dict = {}
        # The parts of the good combinations, which the column-wise checks map cells through: mission cell ->
        # mission id; per mission cell, date cell -> ISO date; component cell -> component; per mission id,
        # (sector cell, site cell) -> (first and last ISO date on which the places are both in service, sector
        # id, site id), for names that leave no choice of place; type cell -> type.
        self.good_missions: dict = {}
        self.good_days: dict = {}
        self.good_components: dict = {}
        self.good_places: dict[int, dict[tuple, tuple]] = {}
        self.good_types: dict = {}
        self.only_places: dict = {}
        self.reference_limit = Patrol._meta.get_field("reference").max_length
        self.seen: dict[int, set[int]] = {}
        self.suspects: set[tuple[int, str]] = set()
        self.occurrences: dict[tuple, int] = {}
        # Per mission, the first and last day of the rows staged.
        self.spans: dict[int, tuple[str, str]] = {}
        # The staged rows per (mission_id, component, ISO day, sector_id): the daily summary of an import that
        # only adds patrols (activities.summary.add_patrol_days), without grouping them again in SQL.
        self.day_counts: Counter = Counter()
        self.rows_staged = 0
        self.last_row = 1

    # Reading -------------------------------------------------------------------------------------------------

    def batches(self) -> Iterator[list[tuple]]:
        """The file's valid rows, a batch of staging tuples (STAGED_COLUMNS) per batch of the file."""
        for batch in self.table.batches(BATCH_ROWS):
            self.last_row = batch[-1][0]
            staged = self._by_column(batch)
            if staged is None:
                staged = self._by_row(batch)
            self.rows_staged += len(staged)
            self.day_counts.update(map(_DAY_KEY, staged))
            yield staged
        self.problems.extend(self.table.problems, self.table.more_problems)

    def columnar_batches(self) -> Iterator[list[tuple]]:
        """The same staging tuples as `batches()`, from the file's columns as pyarrow reads them
        (`imports.columnar`), for a file without a single problem.

        Raises NotColumnar on the first sign of anything else (a bad value, a cell out of service on the
        day, a reference too long, a file `columnar` does not take): the caller then starts again with
        `batches()` on a new PatrolRows, which reports every problem with its row.
        """
        names = ["mission", "date", "component", "sector", "site", "type", "reference"]
        for first_row, count, columns in columnar.batches(self.table, names, as_text=["reference"]):
            staged = self._columnar(first_row, count, columns)
            self.last_row = first_row + count - 1
            self.rows_staged += len(staged)
            yield staged

    def _columnar(self, first_row: int, count: int, columns: dict[str, columnar.Column]) -> list[tuple]:
        """One batch of `columnar_batches`: each distinct (mission, date, component, sector, site) cell
        combination and each type checked once as `_by_row` checks them, and the rows mapped through the
        outcomes by numpy."""
        import numpy

        parts = [columns[name] for name in ("mission", "date", "component", "sector", "site")]
        values = self._mapped_rows(*parts) if len(parts[0].values) == 1 else None
        if values is None:
            values = self._rows_of_combinations(*self._each_combination(parts))
        mission_ids, days, components, sector_ids, site_ids = values
        types = []
        for cell in columns["type"].values:
            typed = self.types.get(cell)
            if typed is None:
                typed = self._type_of(cell)
            if typed[1]:
                raise NotColumnar("a row has a problem")
            types.append(typed[0])
        row_types = numpy.array(types, dtype=object)[columns["type"].indexes].tolist()
        references, without_reference = columnar.tidied_texts(columns["reference"])
        if max(map(len, references)) > self.reference_limit:
            raise NotColumnar("a reference is too long")
        occurrences = [0] * count
        for row in numpy.flatnonzero(without_reference).tolist():
            same = (mission_ids[row], days[row], components[row], sector_ids[row], site_ids[row], row_types[row])
            occurrences[row] = self.occurrences[same] = self.occurrences.get(same, 0) + 1
        missions = set(mission_ids) if len(parts[0].values) > 1 else {mission_ids[0]}
        for mission_id in missions:
            with_reference = ~without_reference
            if len(missions) > 1:
                with_reference &= numpy.array(mission_ids) == mission_id
            given = (references if with_reference.all()
                     else numpy.array(references, dtype=object)[with_reference].tolist())
            if given:
                self._fingerprint(mission_id, given)
        return list(zip(range(first_row, first_row + count), mission_ids, days, components, sector_ids, site_ids,
                        row_types, references, occurrences, strict=True))

    def _mapped_rows(self, mission, day, component, sector, site) -> tuple[list, ...] | None:
        """Each row's (mission id, ISO day, component, sector id, site id) in a batch of one mission cell, found
        by mapping each column's distinct cells through the good parts, as `_by_column` does, with the batch's
        counts added to the daily summary; None if a cell is not one, or a place is out of service on a row's
        day: `_each_combination` then checks the batch."""
        import numpy

        mission_cell = mission.values[0]
        pair_codes = sector.indexes.astype(numpy.int64) * len(site.values) + site.indexes
        pairs, row_pair = numpy.unique(pair_codes, return_inverse=True)
        pair_cells = [(sector.values[code // len(site.values)], site.values[code % len(site.values)])
                      for code in pairs.tolist()]
        for attempt in range(2):
            mission_id = self.good_missions.get(mission_cell)
            days = self.good_days.get(mission_cell, {})
            isos = [days.get(cell) for cell in day.values]
            components = [self.good_components.get(cell) for cell in component.values]
            in_mission = self.good_places.get(mission_id, {})
            places = [in_mission.get(cells) for cells in pair_cells]
            if mission_id is not None and None not in isos and None not in components and None not in places:
                break
            if attempt:
                return None
            # Check, as `_by_row` would, the first row with each cell not yet known to be good: a good row makes
            # its cells known, a bad one is a problem.
            rows = set()
            for outcomes, indexes in ((isos, day.indexes), (components, component.indexes), (places, row_pair)):
                if None in outcomes:
                    _, first_rows = numpy.unique(indexes, return_index=True)
                    unknown = [index for index, outcome in enumerate(outcomes) if outcome is None]
                    rows.update(first_rows[unknown].tolist())
            for row in sorted(rows):
                key = (mission_cell, day.values[day.indexes[row]], component.values[component.indexes[row]],
                       sector.values[sector.indexes[row]], site.values[site.indexes[row]])
                if type(self.cells.get(key) or self._cells_of(key)) is Refusal:
                    raise NotColumnar("a row has a problem")
        # The places must be in service on each row's day (ISO dates compare as the dates do; "" and "\uffff"
        # stand for no first and no last day).
        row_days = numpy.array([date.fromisoformat(iso).toordinal() for iso in isos])[day.indexes]
        firsts = numpy.array([date.fromisoformat(place[0]).toordinal() if place[0] else 0 for place in places])
        lasts = numpy.array([date.fromisoformat(place[1]).toordinal() if place[1] != "\uffff" else 1 << 30
                             for place in places])
        if not ((firsts[row_pair] <= row_days) & (row_days <= lasts[row_pair])).all():
            return None
        self._span(mission_id, min(isos), max(isos))
        # The daily summary's counts, per (day, component, sector).
        sectors = sorted({place[2] for place in places}, key=lambda sector_id: (sector_id is None, sector_id))
        sector_of_pair = numpy.array([sectors.index(place[2]) for place in places])
        groups = (day.indexes.astype(numpy.int64) * len(components) + component.indexes) * len(sectors)
        groups += sector_of_pair[row_pair]
        counted = numpy.bincount(groups)
        found = numpy.flatnonzero(counted)
        rest, sector_index = numpy.divmod(found, len(sectors))
        day_index, component_index = numpy.divmod(rest, len(components))
        keys = zip(itertools.repeat(mission_id), numpy.array(components, dtype=object)[component_index].tolist(),
                   numpy.array(isos, dtype=object)[day_index].tolist(),
                   numpy.array(sectors, dtype=object)[sector_index].tolist())
        self.day_counts.update(dict(zip(keys, counted[found].tolist(), strict=False)))
        return ([mission_id] * len(row_pair), numpy.array(isos, dtype=object)[day.indexes].tolist(),
                numpy.array(components, dtype=object)[component.indexes].tolist(),
                numpy.array([place[2] for place in places], dtype=object)[row_pair].tolist(),
                numpy.array([place[3] for place in places], dtype=object)[row_pair].tolist())

    def _rows_of_combinations(self, checked: list[tuple], row_combination) -> tuple[list, ...]:
        """`_mapped_rows` for a batch checked combination by combination."""
        import numpy

        for (mission_id, day, component, sector_id, _site_id), rows in zip(
                checked, numpy.bincount(row_combination, minlength=len(checked)).tolist(), strict=True):
            if rows:
                self.day_counts[mission_id, component, day, sector_id] += rows
        return tuple(numpy.array(values, dtype=object)[row_combination].tolist()
                     for values in zip(*checked, strict=True))

    def _each_combination(self, parts: list[columnar.Column]) -> tuple[list[tuple], object]:
        """(the values of each distinct (mission, date, component, sector, site) combination of cells in the
        batch, each row's combination), each combination checked once as `_by_row` checks it."""
        import numpy

        sizes = [len(part.values) for part in parts]
        if math.prod(sizes) >> 62:
            raise NotColumnar("too many distinct cells in one batch")
        codes = parts[0].indexes.astype(numpy.int64)
        for part, size in zip(parts[1:], sizes[1:], strict=True):
            codes = codes * size + part.indexes
        combinations, row_combination = numpy.unique(codes, return_inverse=True)
        checked = []
        for code in combinations.tolist():
            indexes = []
            for size in reversed(sizes):
                code, index = divmod(code, size)
                indexes.append(index)
            key = tuple(part.values[index] for part, index in zip(parts, reversed(indexes), strict=True))
            found = self.cells.get(key)
            if found is None:
                found = self._cells_of(key)
            if type(found) is Refusal:
                raise NotColumnar("a row has a problem")
            checked.append(found)
        return checked, row_combination

    def _by_column(self, batch: list[tuple[int, list]]) -> list[tuple] | None:
        """The staging tuples of a batch of one mission whose values are all parts of good combinations, with
        the places in service on each row's day, found column by column.

        None for any other batch (one with a bad value, a reference too long, or rows of several missions),
        having changed nothing but the memory of checked values: `_by_row` then checks it.
        """
        at = self.at
        numbers, rows = zip(*batch, strict=True)
        columns = list(zip(*rows, strict=True))
        mission_cells = columns[at["mission"]]
        if mission_cells.count(mission_cells[0]) != len(mission_cells):
            return None
        try:
            found = self._values(mission_cells[0], columns)
        except KeyError:
            # Check each new combination once, in the order of the rows, as `_by_row` would, and try again: a
            # value now known to be bad leaves the batch to `_by_row`.
            for key in dict.fromkeys(zip(mission_cells, columns[at["date"]], columns[at["component"]],
                                         columns[at["sector"]], columns[at["site"]], strict=True)):
                if key not in self.cells:
                    self._cells_of(key)
            for cell in dict.fromkeys(columns[at["type"]]):
                if cell not in self.types:
                    self._type_of(cell)
            try:
                found = self._values(mission_cells[0], columns)
            except KeyError:
                return None
        mission_id, days, components, firsts, lasts, sector_ids, site_ids, types = found
        if not (all(map(operator.le, firsts, days)) and all(map(operator.le, days, lasts))):
            return None
        # What `words` makes of each cell: its text, spaces tidied.
        references = list(map(" ".join, map(str.split, map(str, columns[at["reference"]]))))
        if max(map(len, references)) > self.reference_limit:
            return None
        self._span(mission_id, min(days), max(days))
        if all(references):
            occurrences, given = [0] * len(references), references
        else:
            occurrences = self._occurrences(mission_id, days, components, sector_ids, site_ids, types, references)
            given = list(filter(None, references))
        if given:
            self._fingerprint(mission_id, given)
        return list(zip(numbers, [mission_id] * len(numbers), days, components, sector_ids, site_ids, types,
                        references, occurrences, strict=True))

    def _values(self, mission_cell, columns: list[tuple]) -> tuple:
        """The columns of values of a batch of one mission cell, each cell mapped through the good parts
        (KeyError for a cell that is not one): (mission id, days, components, first and last days in service
        of the places, sector ids, site ids, types)."""
        at = self.at
        mission_id = self.good_missions[mission_cell]
        days = list(map(self.good_days[mission_cell].__getitem__, columns[at["date"]]))
        components = list(map(self.good_components.__getitem__, columns[at["component"]]))
        places = list(map(self.good_places[mission_id].__getitem__,
                          zip(columns[at["sector"]], columns[at["site"]], strict=True)))
        types = list(map(self.good_types.__getitem__, columns[at["type"]]))
        return mission_id, days, components, *zip(*places, strict=True), types

    def _occurrences(self, mission_id: int, *columns: list) -> list[int]:
        """Each row's occurrence number, from its columns of values (days, components, sector ids, site ids,
        types, references): 0 with a reference, else its number among identical rows."""
        occurrences, counts = [], self.occurrences
        for *values, reference in zip(*columns, strict=True):
            if reference:
                occurrences.append(0)
            else:
                same = (mission_id, *values)
                occurrence = counts[same] = counts.get(same, 0) + 1
                occurrences.append(occurrence)
        return occurrences

    def _fingerprint(self, mission_id: int, references: list[str]) -> None:
        """Remember the hashes of a mission's references, in order, noting as a suspect each reference whose
        hash was already there (as `_by_row` does one by one)."""
        hashes = self.seen.setdefault(mission_id, set())
        fingerprints = list(map(hash, references))
        if hashes.isdisjoint(fingerprints):
            known = len(hashes)
            hashes.update(fingerprints)
            if len(hashes) == known + len(fingerprints):
                return
            # Some repeat within the batch: the later ones are the suspects.
            hashes = set()
        for fingerprint, reference in zip(fingerprints, references, strict=True):
            if fingerprint in hashes:
                self.suspects.add((mission_id, reference))
            else:
                hashes.add(fingerprint)

    def _by_row(self, batch: list[tuple[int, list]]) -> list[tuple]:
        """The staging tuples of a batch, row by row, with the problems of every bad row."""
        at = self.at
        mission_at, date_at, component_at = at["mission"], at["date"], at["component"]
        sector_at, site_at, type_at, reference_at = at["sector"], at["site"], at["type"], at["reference"]
        cells_of, types, occurrences, seen = self.cells, self.types, self.occurrences, self.seen
        limit = self.reference_limit
        staged = []
        append = staged.append
        for row_number, fields in batch:
            key = (fields[mission_at], fields[date_at], fields[component_at], fields[sector_at], fields[site_at])
            cells = cells_of.get(key)
            if cells is None:
                cells = self._cells_of(key)
            type_cell = fields[type_at]
            typed = types.get(type_cell)
            if typed is None:
                typed = self._type_of(type_cell)
            reference = fields[reference_at]
            reference = " ".join(reference.split()) if type(reference) is str else words(reference)
            if type(cells) is Refusal or typed[1] or len(reference) > limit:
                self._report(row_number, cells, typed[1], fields[reference_at], reference)
                continue
            mission_id = cells[0]
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
                same = (*cells, typed[0])
                occurrence = occurrences[same] = occurrences.get(same, 0) + 1
            append((row_number, *cells, typed[0], reference, occurrence))
        return staged

    def _report(self, row_number: int, cells: Checked, type_problems, reference_cell, reference: str) -> None:
        """The problems of a bad row, in the order the checks run: mission, date, component, type, reference
        and place."""
        refusal = cells if type(cells) is Refusal else Refusal(None, None)
        if refusal.before:
            refusal.before.replay(self.problems, row_number)
        if type_problems:
            type_problems.replay(self.problems, row_number)
        if len(reference) > self.reference_limit:
            text_of(reference_cell, row_number, self.columns["reference"], self.problems, Patrol, "reference")
        if refusal.after:
            refusal.after.replay(self.problems, row_number)

    # Checking each distinct value once -----------------------------------------------------------------------

    def _type_of(self, value) -> tuple[str, RecordedProblems | None]:
        found = RecordedProblems()
        text = text_of(value, 0, self.columns["patrol_type"], found, Patrol, "patrol_type")
        typed = self.types[value] = (text, (found if found else None))
        if not found:
            self.good_types[value] = text
        return typed

    def _cells_of(self, key: tuple) -> Checked:
        checked = self.cells[key] = self._known_parts(*key) or self._check(*key)
        if type(checked) is tuple:
            self._span(checked[0], checked[1], checked[1])
        return checked

    def _span(self, mission_id: int, first: str, last: str) -> None:
        known = self.spans.get(mission_id)
        self.spans[mission_id] = (min(known[0], first), max(known[1], last)) if known else (first, last)

    def _known_parts(self, mission_cell, date_cell, component_cell, sector_cell, site_cell) -> tuple | None:
        """The values of a combination whose mission and date, component and places are each part of a good
        one, with the places in service on the day: what `_check` would find, without asking the rules
        again; None for any other combination."""
        mission_id = self.good_missions.get(mission_cell)
        iso = self.good_days.get(mission_cell, {}).get(date_cell)
        component = self.good_components.get(component_cell)
        if mission_id is None or iso is None or component is None:
            return None
        places = self.good_places.get(mission_id, {}).get((sector_cell, site_cell))
        if places is None or not places[0] <= iso <= places[1]:
            return None
        return mission_id, iso, component, places[2], places[3]

    def _check(self, mission_cell, date_cell, component_cell, sector_cell, site_cell) -> Checked:
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
            return Refusal(before or None, after or None)
        iso = day.isoformat()
        self.good_missions[mission_cell] = mission.pk
        self.good_days.setdefault(mission_cell, {})[date_cell] = iso
        self.good_components[component_cell] = component
        # A patrol at a site is in that site's sector, so that figures by sector count it.
        sector_id = sector.pk if sector is not None else (site.sector_id if site is not None else None)
        return mission.pk, iso, component, sector_id, site.pk if site is not None else None

    def _places(self, mission, day: date | None, sector_cell, site_cell, problems: RecordedProblems) -> tuple:
        """`Places.find`, with a shortcut for the usual case: names that leave no choice, of places in service
        on the day (the rules would find nothing to say)."""
        key = (mission.pk, sector_cell, site_cell)
        only = self.only_places.get(key, False)
        if only is False:
            only = self.only_places[key] = self.places.only(mission, sector_cell, site_cell)
            if only is not None:
                self.good_places.setdefault(mission.pk, {})[(sector_cell, site_cell)] = self._in_service(*only)
        if only is not None and day is not None and all(
                place is None or rules.in_service(place, day) for place in only):
            return only
        return self.places.find(mission, day, None, sector_cell, site_cell, 0, self.columns, problems)

    @staticmethod
    def _in_service(sector, site) -> tuple:
        """(first ISO day on which both places are in service, last one, sector id, site id), as `in_service`
        sees it: ISO dates compare as the dates do."""
        places = [place for place in (sector, site) if place is not None]
        first = max((place.valid_from.isoformat() for place in places if place.valid_from), default="")
        last = min((place.valid_to.isoformat() for place in places if place.valid_to), default="\uffff")
        # A patrol at a site is in that site's sector, so that figures by sector count it.
        sector_id = sector.pk if sector is not None else (site.sector_id if site is not None else None)
        return first, last, sector_id, site.pk if site is not None else None

    # After staging -------------------------------------------------------------------------------------------

    def ids_used(self) -> dict[type, set[int]]:
        """The ids of the missions, sectors and sites the staged rows may point to (every good combination
        checked), per model, read from the database by the checks."""
        missions, sectors, sites = set(), set(), set()
        for checked in self.cells.values():
            if type(checked) is tuple:
                missions.add(checked[0])
                sectors.add(checked[3])
                sites.add(checked[4])
        for mission_id, places in self.good_places.items():
            missions.add(mission_id)
            for _first, _last, sector_id, site_id in places.values():
                sectors.add(sector_id)
                sites.add(site_id)
        return {Mission: missions, Sector: sectors - {None}, Site: sites - {None}}

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
