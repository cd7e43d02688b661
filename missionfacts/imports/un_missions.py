"""The `un-missions` import: the UN Peace and Security Data Hub's mission dataset (DPPADPOSS-PKO).

One row of the file is one peacekeeping operation: id, mission_acronym, mission_name, lead_department,
mission_isactive, start_date, end_date, mission_location (the headquarters), mission_longitude,
mission_latitude (written with a decimal comma, "15,9833"), last_update. The shipped catalogue
(missions/catalogue.py) was built from a copy of this file; importing a newer one keeps the missions current.

What an import may change, so that the UN's file never overwrites what a mission's own records say:
- an operation whose acronym is not known becomes a mission (no host country: the file has none);
- a provisional mission (made by another import from its acronym alone) gets the file's identity;
- a known mission gets only what it lacks: an end date once the operation has ended, a name, headquarters or
  their coordinates left empty. Where the file and the record disagree, the record is kept and a note
  names both values.
Re-importing the same file changes nothing.

The file writes a month as its first day ("2018-03-01" for UNMIL, which ended on 30 March 2018): a date on the
first of a month is read as that month, stored as its first day when it starts an operation and as its last
day when it ends one (missions.models.DatePrecision), and compared with a record's date at the coarser of the
two precisions, so "March 2018" agrees with 30 March 2018. Any other day is read as a day.
"""

import calendar
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from missionfacts.imports.batch import finish_batch, start_batch
from missionfacts.imports.problems import ImportRejected, ImportResult, Problem, problems_from_validation_error
from missionfacts.imports.staging import DatasetSource, ProblemLog
from missionfacts.imports.tabular import Column, open_table, parse_date
from missionfacts.missions.models import DatePrecision, Mission

KIND = "un-missions"
# The dataset's rows that are not peacekeeping operations (missions/reference/OPERATIONS-SOURCES.md says what
# each is): they are kept as missions of another kind. Every other row is an operation, those the catalogue
# does not list yet included.
NOT_OPERATIONS = frozenset({"UNOHCI", "UNSMA", "UNSCOB", "UNGCI", "UNFOR", "UNCPSG", "MINUCI", "MICAH"})

SOURCE = DatasetSource(
    key="un-dppadposs-pko",
    title="Peacekeeping missions (DPPADPOSS-PKO)",
    publisher="United Nations Peace and Security Data Hub",
    licence="CC BY 3.0 IGO",
    attribution="Source: United Nations Peace and Security Data Hub (DPPADPOSS-PKO)",
    url="https://psdata.un.org/dataset/DPPADPOSS-PKO",
)

COLUMNS = (
    Column("mission_acronym"),
    Column("mission_name"),
    # Some real rows have no start date (UNOHCI, UNFOR): the column is needed, a value is not.
    Column("start_date"),
    Column("end_date", required=False),
    Column("mission_location", required=False),
    Column("mission_latitude", required=False),
    Column("mission_longitude", required=False),
)
# The Mission field each column fills, in the order a note names them.
FIELD_OF_COLUMN = {
    "mission_name": "name_en", "start_date": "started_on", "end_date": "ended_on",
    "mission_location": "headquarters", "mission_latitude": "headquarters_latitude",
    "mission_longitude": "headquarters_longitude",
}
LIMITS = {"mission_latitude": 90, "mission_longitude": 180}
COORDINATE_TOLERANCE = 0.1  # degrees


def import_un_missions(path: Path, *, mission=None, user=None, dry_run: bool = False, progress=None) -> ImportResult:
    """Import the Data Hub's mission file whole, or nothing of it; the result lists every problem found."""
    path = Path(path)
    result = ImportResult(file=path.name, kind=KIND, dry_run=dry_run)
    problems = ProblemLog(path.name)
    with open_table(path, COLUMNS) as table:
        if not table.ok:
            problems.extend(table.problems, table.more_problems)
            problems.into(result)
            return result
        identities = _read_rows(table.rows(), problems)
        # Rows the reader could not take (too many values, a quote never closed): the file is refused with
        # them named, rather than imported without them.
        problems.extend(table.problems, table.more_problems)
        checksum = table.checksum
    result.rows_read = len(identities)
    if problems:
        problems.into(result)
        return result
    try:
        with transaction.atomic():
            _write(path, identities, result, user, checksum)
            if dry_run or not result.changed_anything:
                raise ImportRejected
    except ImportRejected:
        result.batch_id = None
    if not result.changed_anything:
        result.notes.append(_("Nothing changed: every operation of the file is already known as it says."))
    if mission is not None:
        result.notes.append(_("--mission {mission} was not used: every row of this file names its mission.").format(
            mission=mission))
    return result


def _read_rows(rows, problems: ProblemLog) -> dict[str, tuple[int, dict]]:
    """Each operation's identity by upper-cased acronym, with its row; problems for what cannot be read."""
    identities: dict[str, tuple[int, dict]] = {}
    for row, cells in rows:
        # A workbook's cells may be numbers or dates: each is read as the text it shows.
        values = {column: str(value) for column, value in cells.items()}
        acronym = " ".join(values["mission_acronym"].split())
        if not acronym:
            problems.add(row, "mission_acronym", "", _("the acronym is required"))
            continue
        if acronym.upper() in identities:
            problems.add(row, "mission_acronym", acronym,
                         _("the same operation as row {first}").format(first=identities[acronym.upper()][0]))
            continue
        identity = {"acronym": acronym, "name_en": " ".join(values["mission_name"].split()),
                    "headquarters": " ".join(values["mission_location"].split())}
        for column in ("start_date", "end_date"):
            field = FIELD_OF_COLUMN[column]
            identity[field], identity[f"{field}_precision"] = _day(values[column], row, column, problems,
                                                                   ends=column == "end_date")
        for column, limit in LIMITS.items():
            identity[FIELD_OF_COLUMN[column]] = _degrees(values[column], row, column, limit, problems)
        started, ended = identity["started_on"], identity["ended_on"]
        if started and ended and ended < started:
            problems.add(row, "end_date", values["end_date"], _("the operation cannot end before it starts"))
        if bool(values["mission_latitude"].strip()) != bool(values["mission_longitude"].strip()):
            problems.add(row, "mission_latitude", values["mission_latitude"],
                         _("give both the latitude and the longitude, or neither"))
        identities[acronym.upper()] = (row, identity)
    return identities


def _day(value: str, row: int, column: str, problems: ProblemLog, *, ends: bool) -> tuple[date | None, str]:
    """The date and its precision: the first of a month stands for the month, its last day when it `ends`."""
    if not value.strip():
        return None, DatePrecision.DAY
    try:
        day = parse_date(value)
    except ValueError as error:
        problems.add(row, column, value, error)
        return None, DatePrecision.DAY
    if day.day != 1:
        return day, DatePrecision.DAY
    return (day.replace(day=calendar.monthrange(day.year, day.month)[1]) if ends else day), DatePrecision.MONTH


def _degrees(value: str, row: int, column: str, limit: int, problems: ProblemLog) -> float | None:
    text = value.strip().replace(",", ".")
    if not text:
        return None
    try:
        degrees = float(text)
    except ValueError:
        problems.add(row, column, value, _("not a number of degrees"))
        return None
    if not -limit <= degrees <= limit:
        problems.add(row, column, value, _("must lie between -{limit} and {limit} degrees").format(limit=limit))
        return None
    return degrees


def _write(path: Path, identities: dict[str, tuple[int, dict]], result: ImportResult, user, checksum: str) -> None:
    source = SOURCE.get_or_create()
    batch = start_batch(KIND, path, source, user=user, checksum=checksum)
    known = {mission.acronym.upper(): mission for mission in Mission.objects.all()}
    for key, (row, identity) in identities.items():
        mission = known.get(key)
        if mission is None:
            _save(Mission(**identity, kind=_kind(key), source=source, import_batch=batch), row, path, result)
            result.rows_added += 1
            continue
        fields = {name: value for name, value in identity.items() if name != "acronym"}
        if mission.is_provisional:
            changes = {name: value for name, value in fields.items() if value not in (None, "")}
            changes.update(is_provisional=False, kind=_kind(key), source=source)
        else:
            changes = {name: value for name, value in fields.items()
                       if value not in (None, "") and getattr(mission, name) in (None, "")}
            # A date the record lacked comes with the precision the file gives it.
            changes.update({f"{name}_precision": fields[f"{name}_precision"] for name in DATE_FIELDS
                            if name in changes})
            _note_disagreements(mission, fields, changes, result)
        if not changes:
            result.rows_unchanged += 1
            continue
        for name, value in changes.items():
            setattr(mission, name, value)
        mission.import_batch = batch
        _save(mission, row, path, result)
        result.rows_changed += 1
    if result.problems:
        raise ImportRejected
    finish_batch(batch, result)


DATE_FIELDS = ("started_on", "ended_on")


def _kind(acronym: str) -> str:
    return Mission.Kind.OTHER if acronym.upper() in NOT_OPERATIONS else Mission.Kind.PEACEKEEPING


def _save(mission: Mission, row: int, path: Path, result: ImportResult) -> None:
    """Save the mission if the model's own rules accept it; else name the row's problems (nothing is kept)."""
    try:
        mission.full_clean(exclude=["source", "import_batch"])
    except ValidationError as error:
        columns = {field: column for column, field in FIELD_OF_COLUMN.items()} | {"acronym": "mission_acronym"}
        for problem in problems_from_validation_error(error, path.name, row, {}):
            result.problems.append(Problem(path.name, row, columns.get(problem.column, problem.column),
                                           str(getattr(mission, problem.column, "") or ""), problem.reason))
        return
    mission.save()


def _note_disagreements(mission: Mission, fields: dict, changes: dict, result: ImportResult) -> None:
    column_of = {field: column for column, field in FIELD_OF_COLUMN.items()}
    for name, value in fields.items():
        current = getattr(mission, name)
        if name not in column_of or name in changes or value in (None, "") or current in (None, ""):
            continue
        if name in DATE_FIELDS:
            precision = DatePrecision.coarsest(fields[f"{name}_precision"], getattr(mission, f"{name}_precision"))
            if precision.truncated(value) == precision.truncated(current):
                continue
        elif current == value:
            continue
        # Coordinates of one town from two gazetteers differ by a few hundredths of a degree; a tenth (about
        # 11 km) is a different place, or, as in some of the file's rows, latitude and longitude swapped.
        if isinstance(value, float) and abs(value - current) < COORDINATE_TOLERANCE:
            continue
        if name in DATE_FIELDS:
            value = DatePrecision(fields[f"{name}_precision"]).iso(value)
        result.notes.append(_("{mission}: the file gives {column} {value}, the record {current}; the record is "
                              "kept.").format(mission=mission.acronym, column=column_of[name], value=value,
                                              current=current))
