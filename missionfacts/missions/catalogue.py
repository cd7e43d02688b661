"""The catalogue of every UN peacekeeping operation since 1948, shipped as reference/operations.csv.

The catalogue gives each operation its identity — names, host countries, headquarters, start and end — so that
any of them can be asked for by acronym from the first use, and so that the UN's open data, which names
operations by acronym, attaches to a known mission rather than to a provisional one. Where every value comes
from is told in reference/OPERATIONS-SOURCES.md; an unknown value is left empty and shown as "not available".

Dates are written as precisely as a source gives them: `2003-09-19`, `2003-09` or `2003`. A month or a year is
stored as its first day when it starts an operation and as its last day when it ends one, with its precision
(missions.models.DatePrecision), so that a record of 4 March 2018 lies inside an operation that ended "March 2018".

Loading only ever adds: an operation whose acronym is not in the database becomes a mission; a provisional
mission an import made from the acronym alone gets its identity and stops being provisional; a mission that is
already known (entered by hand, or by a mission file) is left as it is. One exception corrects the catalogue's
own earlier values: a mission whose dates are still exactly those an earlier catalogue wrote (its source is the
catalogue's, and no import or person has changed them since) gets the dates of this catalogue, with their
precision. Loading twice changes nothing.
"""

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from missionfacts.imports.batch import file_checksum, finish_batch, start_batch
from missionfacts.imports.models import ImportBatch, Source
from missionfacts.imports.problems import ImportResult, Problem, problems_from_validation_error
from missionfacts.missions.models import DatePrecision, Mission

KIND = "catalogue"
CATALOGUE_FILE = Path(__file__).resolve().parent / "reference" / "operations.csv"
COLUMNS = ("acronym", "name_en", "name_fr", "host_countries", "location_en", "location_fr", "headquarters",
           "headquarters_latitude", "headquarters_longitude", "started_on", "ended_on", "source", "dates_source")
DATE_FIELDS = ("started_on", "started_on_precision", "ended_on", "ended_on_precision")
# The identity a catalogue row gives a mission, as Mission fields.
IDENTITY_FIELDS = ("name_en", "name_fr", "host_country", "other_host_countries", "location_en", "location_fr",
                   "headquarters", "headquarters_latitude", "headquarters_longitude", *DATE_FIELDS)

_DATA_HUB = "https://psdata.un.org/dataset/DPPADPOSS-PKO"
_DATA_HUB_NOTE = (
    "Names, headquarters and dates of the UN Data Hub's mission dataset (copy of 19 February 2024); French "
    "names from the UN's French pages, headquarters coordinates from GeoNames (CC BY 4.0). See "
    "missions/reference/OPERATIONS-SOURCES.md for how each column was obtained."
)
# One Source per key of the catalogue's `source` column.
SOURCES = {
    "un-psdata-pko": {
        "kind": Source.Kind.DATASET,
        "title": "UN Peace and Security Data Hub, DPPADPOSS-PKO (peacekeeping missions), with missionfacts' catalogue",
        "publisher": "United Nations", "url": _DATA_HUB, "licence": "CC BY 3.0 IGO", "note": _DATA_HUB_NOTE,
    },
    "un-psdata-pko-and-sc-9365": {
        "kind": Source.Kind.DOCUMENT,
        "title": "UN Data Hub DPPADPOSS-PKO (name, start), and the Security Council's 9365th meeting, "
                 "30 June 2023, resolution 2690 (2023) (end: withdrawal by 31 December 2023)",
        "publisher": "United Nations", "url": "https://media.un.org/avlibrary/en/asset/d306/d3067286",
        "licence": "CC BY 3.0 IGO (Data Hub)", "note": _DATA_HUB_NOTE,
    },
    "un-psdata-pko-and-unmis-page": {
        "kind": Source.Kind.DOCUMENT,
        "title": "UN Data Hub DPPADPOSS-PKO (name, headquarters), and the UN's UNMIS page (UNMISS established on "
                 "9 July 2011, the day South Sudan became independent)",
        "publisher": "United Nations", "url": _DATA_HUB, "licence": "CC BY 3.0 IGO (Data Hub)",
        "note": "The Data Hub gives 8 July 2011, the day resolution 1996 (2011) was adopted. " + _DATA_HUB_NOTE,
    },
    "un-peacekeepersday-2008": {
        "kind": Source.Kind.DOCUMENT,
        "title": "United Nations Peacekeeping Operations: timeline 1948–2008 (International Day of UN Peacekeepers)",
        "publisher": "United Nations", "url": "https://www.un.org/en/events/peacekeepersday/2008/1980s.shtml",
        "note": "Gives months only: the first day of the first month and the last day of the last month stand "
                "for them.",
    },
    "un-untmih-page": {
        "kind": Source.Kind.DOCUMENT,
        "title": "UNTMIH: United Nations Transition Mission in Haiti (mission page)",
        "publisher": "United Nations", "url": "https://peacekeeping.un.org/mission/past/untmih.htm",
        "note": "Duration given as 'August to November 1997': 1 August and 30 November stand for the months.",
    },
}


@dataclass(frozen=True)
class Operation:
    """One catalogue row, read and checked: the identity it gives the mission of its acronym."""

    row: int
    acronym: str
    source_key: str
    identity: dict

    @property
    def dates(self) -> tuple:
        return tuple(self.identity[name] for name in DATE_FIELDS)

    def as_mission(self, source: Source) -> Mission:
        return Mission(acronym=self.acronym, source=source, is_provisional=False, **self.identity)


def read_catalogue(path: Path = CATALOGUE_FILE) -> tuple[list[Operation], list[Problem]]:
    """Every row of the catalogue file, or the problems that keep it from loading (file, row, field each)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        return [], [Problem(path.name, None, "", "", f"cannot read the catalogue as UTF-8 text: {error}")]
    reader = csv.DictReader(text.splitlines())
    missing = [column for column in COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        return [], [Problem(path.name, 1, column, "", "this column is missing from the header") for column in missing]
    operations, problems, first_row_of = [], [], {}
    for values in reader:
        # The line the row ends on: the row number a spreadsheet shows, blank lines counted.
        row_number = reader.line_num
        if None in values or any(value is None for value in values.values()):
            problems.append(Problem(path.name, row_number, "", "", f"the row does not have {len(COLUMNS)} values"))
            continue
        values = {name: value.strip() for name, value in values.items()}
        operation, row_problems = _read_row(path.name, row_number, values)
        problems.extend(row_problems)
        if operation is None:
            continue
        earlier = first_row_of.setdefault(operation.acronym.upper(), row_number)
        if earlier != row_number:
            problems.append(Problem(path.name, row_number, "acronym", operation.acronym,
                                    f"the acronym is already in row {earlier}"))
            continue
        operations.append(operation)
    return operations, problems


def _read_row(file: str, row: int, values: dict) -> tuple[Operation | None, list[Problem]]:
    problems = []

    def problem(column: str, reason: str) -> None:
        problems.append(Problem(file, row, column, values.get(column, ""), reason))

    for column in ("acronym", "name_en", "source"):
        if not values[column]:
            problem(column, "this field is required")
    if values["source"] and values["source"] not in SOURCES:
        problem("source", f"unknown source key; known keys: {', '.join(sorted(SOURCES))}")
    (started_on, started_precision), (ended_on, ended_precision) = (
        _day(values, column, problem, ends=column == "ended_on") for column in ("started_on", "ended_on"))
    if started_on is None and values["started_on"] == "":
        problem("started_on", "this date is required (YYYY-MM-DD, YYYY-MM or YYYY)")
    if started_on and ended_on and ended_on < started_on:
        problem("ended_on", "the operation cannot end before it starts")
    if not all(address.startswith("https://") for address in values["dates_source"].split()):
        problem("dates_source", "give the addresses (https://…) of the pages the dates come from, separated by "
                                "spaces, or leave it empty")
    before = len(problems)
    latitude, longitude = (_degrees(values, column, limit, problem) for column, limit in
                           (("headquarters_latitude", 90), ("headquarters_longitude", 180)))
    if (latitude is None) != (longitude is None) and len(problems) == before:
        problem("headquarters_longitude" if longitude is None else "headquarters_latitude",
                "give both the latitude and the longitude of the headquarters, or neither")
    hosts = values["host_countries"].split()
    identity = {
        "name_en": values["name_en"], "name_fr": values["name_fr"],
        "host_country": hosts[0] if hosts else "", "other_host_countries": " ".join(hosts[1:]),
        "location_en": values["location_en"], "location_fr": values["location_fr"],
        "headquarters": values["headquarters"], "headquarters_latitude": latitude,
        "headquarters_longitude": longitude, "started_on": started_on, "started_on_precision": started_precision,
        "ended_on": ended_on, "ended_on_precision": ended_precision,
    }
    # The model's own field rules (lengths, ISO country codes, a country listed twice), as the admin applies them.
    try:
        Mission(acronym=values["acronym"], **identity).clean_fields(exclude=["source", "import_batch"])
    except ValidationError as error:
        for found in problems_from_validation_error(error, file, row, {**values, **identity}):
            column = "host_countries" if found.column in ("host_country", "other_host_countries") else found.column
            if not any(existing.column == column for existing in problems):
                problems.append(Problem(file, row, column, values.get(column, found.value), found.reason))
    if problems:
        return None, problems
    return Operation(row, values["acronym"], values["source"], identity), []


def _day(values: dict, column: str, problem, *, ends: bool) -> tuple[date | None, str]:
    """The date of the column and its precision: a month or a year stands for its last day when it ends."""
    # Imported here: the mission-file package loads the reference data, which loads this catalogue.
    from missionfacts.imports.mission_file.reader import parse_day_or_month

    if not values[column]:
        return None, DatePrecision.DAY
    parsed = parse_day_or_month(values[column], ends=ends)
    if parsed is None:
        problem(column, "not a date of the form YYYY-MM-DD, YYYY-MM or YYYY")
        return None, DatePrecision.DAY
    return parsed


def _degrees(values: dict, column: str, limit: int, problem) -> float | None:
    if not values[column]:
        return None
    try:
        degrees = float(values[column])
    except ValueError:
        problem(column, "not a decimal number of degrees")
        return None
    if not -limit <= degrees <= limit:
        problem(column, f"must lie between -{limit} and {limit} degrees")
        return None
    return degrees


def load_catalogue(path: Path = CATALOGUE_FILE) -> ImportResult:
    """Add the catalogue's operations the database lacks, complete provisional missions, and correct the dates
    an earlier catalogue wrote and nothing has changed since; all or nothing."""
    path = Path(path)
    result = ImportResult(file=path.name, kind=KIND)
    operations, problems = read_catalogue(path)
    result.rows_read = len(operations)
    if problems:
        result.problems = problems
        return result
    known = {mission.acronym.upper(): mission for mission in Mission.objects.select_related("source")}
    new = [operation for operation in operations if operation.acronym.upper() not in known]
    upgraded = [(operation, known[operation.acronym.upper()]) for operation in operations
                if operation.acronym.upper() in known and known[operation.acronym.upper()].is_provisional]
    redated = _with_earlier_catalogue_dates(operations, known)
    result.rows_unchanged = len(operations) - len(new) - len(upgraded) - len(redated)
    if not (new or upgraded or redated):
        result.notes.append("Nothing changed: every operation of the catalogue is already known.")
        return result
    with transaction.atomic():
        changed = [*upgraded, *redated]
        sources = _sources({operation.source_key for operation, _ in changed} | {op.source_key for op in new})
        batch = start_batch(KIND, path, sources[(new or [op for op, _ in changed])[0].source_key],
                            checksum=file_checksum(path))
        missions = [operation.as_mission(sources[operation.source_key]) for operation in new]
        for mission in missions:
            mission.import_batch = batch
        bulk_create_with_history(missions, Mission, batch_size=500)
        for operation, mission in upgraded:
            for name, value in operation.identity.items():
                setattr(mission, name, value)
            mission.is_provisional, mission.source, mission.import_batch = False, sources[operation.source_key], batch
        for operation, mission in redated:
            for name in DATE_FIELDS:
                setattr(mission, name, operation.identity[name])
            mission.source, mission.import_batch = sources[operation.source_key], batch
        bulk_update_with_history([mission for _, mission in changed], Mission,
                                 [*IDENTITY_FIELDS, "is_provisional", "source", "import_batch"], batch_size=500)
        result.rows_added, result.rows_changed = len(new), len(changed)
        # The writes go past the signals that change the data version; the batch changes it once.
        finish_batch(batch, result)
    if upgraded:
        result.notes.append("Provisional missions completed from the catalogue: "
                            + ", ".join(sorted(mission.acronym for _, mission in upgraded)) + ".")
    if redated:
        result.notes.append("Dates corrected to the catalogue's, with their precision: "
                            + ", ".join(sorted(mission.acronym for _, mission in redated)) + ".")
    return result


def _dates(record) -> tuple:
    return tuple(getattr(record, name) for name in DATE_FIELDS)


def _with_earlier_catalogue_dates(operations: list[Operation], known: dict[str, Mission]
                                  ) -> list[tuple[Operation, Mission]]:
    """The missions whose dates are still those the catalogue last wrote, where this catalogue's differ.

    An earlier catalogue stored the Data Hub's months as days ("2018-03-01" for March 2018). A mission is
    corrected only while its source is the catalogue's and its history shows its dates unchanged since a
    catalogue last wrote them: dates a mission file, an import or an editor set are never overruled.
    """
    candidates = {mission.pk: operation for operation in operations
                  if (mission := known.get(operation.acronym.upper())) and not mission.is_provisional
                  and mission.source.key in SOURCES and _dates(mission) != operation.dates}
    if not candidates:
        return []
    written: dict[int, tuple] = {}
    edited: set[int] = set()
    previous_batch: dict[int, int | None] = {}
    history = Mission.history.filter(id__in=candidates).order_by("history_date", "history_id")
    catalogue_batches = set(ImportBatch.objects.filter(kind=KIND).values_list("pk", flat=True))
    for entry in history.only("id", "import_batch_id", *DATE_FIELDS):
        # The entry where a catalogue batch wrote the mission; any later entry with other dates is an edit.
        if entry.import_batch_id in catalogue_batches and previous_batch.get(entry.id, 0) != entry.import_batch_id:
            written[entry.id] = _dates(entry)
            edited.discard(entry.id)
        elif entry.id in written and _dates(entry) != written[entry.id]:
            edited.add(entry.id)
        previous_batch[entry.id] = entry.import_batch_id
    return [(operation, mission) for operation in operations
            if (mission := known.get(operation.acronym.upper())) and mission.pk in candidates
            and mission.pk not in edited and written.get(mission.pk) == _dates(mission)]


def _sources(keys: set[str]) -> dict[str, Source]:
    """The catalogue's sources, created on first use; an existing source of the same key is left as it is."""
    found = {source.key: source for source in Source.objects.filter(key__in=keys)}
    for key in sorted(keys - set(found)):
        found[key] = Source.objects.create(key=key, **SOURCES[key])
    return found
