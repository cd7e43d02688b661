"""The `un-fatalities` import: the UN Peace and Security Data Hub's file of peacekeeping fatalities.

The file (DPPADPOSS-FATALITIES, one row per person, every mission since 1948) is read exactly as
published; one row becomes one `casualties.Fatality`, keyed on the UN's casualty_id, in one go for all
missions. Columns are read by header name, in any order:

    incident_date            -> died_on (a date the rules accept: not before the UN, not in the future)
    casualty_id              -> casualty_id (required: it is the key a corrected file is matched on)
    mission_acronym          -> mission (an unknown acronym creates a provisional mission, see the notes)
    type_of_casualty         -> must be "Fatality"
    gender                   -> sex: "M", "F" or empty (also "Male", "Female")
    casualty_personnel_type  -> personnel_category, see PERSONNEL_CATEGORIES
    type_of_incident         -> incident_type, see INCIDENT_TYPES
    isocode3                 -> nationality, or blank
    last_update              -> optional: the latest is the date the import records as the UN's data's
                                (ImportBatch.data_as_of, and covers_to: the file holds every fatality
                                recorded up to it)
    (id, casualty_nationality, m49_code are not needed and not read)

Decisions about the real file's quirks (see shared/data/un/SOURCES.md):
- Values are matched without regard to case and surrounding spaces, so "Local " is "Local".
- "Unknown" (32 rows in the 2025 file) is an incident type of its own in the file, distinct from "To Be
  Determined" (an investigation still open); the model has no "unknown", so it becomes "other".
- A value not listed below is a problem naming row, column and value: a new category must be mapped
  deliberately, never guessed.
- type_of_casualty: every row of the real file says "Fatality". Any other value is a problem, because a
  Fatality row means a death; a file that starts listing injuries needs a decision, not a silent skip.
- An empty isocode3 (52 rows) leaves the nationality blank. A former code that ISO 3166-1 has withdrawn
  (YUG, Yugoslavia; SCG, Serbia and Montenegro) also leaves it blank, with a note, since the model
  only stores current codes. Any other code that is not ISO 3166-1 is a problem.
- The same casualty_id twice: the real file lists six UNMIK staff twice, once as nationals of Montenegro
  and once of Serbia and Montenegro, all else equal. Such a pair is one person: recorded once, with the
  nationality that has a current code, and noted. Two rows with the same casualty_id that are otherwise
  identical, or that differ in anything but the nationality, are a problem naming both rows.
- m49_code written as a float ("250.0") does not matter: it is not read.
- `--mission` is not used: every row names its mission.

The file is small (one row per death), so its validated rows are held in memory to resolve repeated
casualty identifiers before they are staged.
"""

from pathlib import Path

import pycountry
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from missionfacts.casualties import rules
from missionfacts.casualties.models import Fatality, IncidentType, PersonnelCategory
from missionfacts.imports.problems import ImportResult
from missionfacts.imports.staging import DatasetSource, MissionLookup, ProblemLog, run_staged_import
from missionfacts.imports.tabular import Column, Table, open_table, parse_date

KIND = "un-fatalities"

SOURCE = DatasetSource(
    key="un-dppadposs-fatalities",
    title="Peacekeeping fatalities (DPPADPOSS-FATALITIES)",
    publisher="United Nations Peace and Security Data Hub",
    licence="CC BY 3.0 IGO",
    attribution="Source: United Nations Peace and Security Data Hub (DPPADPOSS-FATALITIES)",
)

COLUMNS = (
    Column("incident_date"),
    Column("casualty_id"),
    Column("mission_acronym"),
    Column("type_of_casualty"),
    Column("gender"),
    Column("casualty_personnel_type"),
    Column("type_of_incident"),
    Column("isocode3", "iso_code3", "iso3"),
    Column("last_update", required=False),
)
COLUMN_OF_FIELD = {
    "died_on": "incident_date", "casualty_id": "casualty_id", "mission": "mission_acronym",
    "sex": "gender", "personnel_category": "casualty_personnel_type", "incident_type": "type_of_incident",
    "nationality": "isocode3",
}

PERSONNEL_CATEGORIES = {
    "military": PersonnelCategory.MILITARY,
    "police": PersonnelCategory.POLICE,
    "military observer": PersonnelCategory.MILITARY_OBSERVER,
    "international civilian": PersonnelCategory.INTERNATIONAL_CIVILIAN,
    "local": PersonnelCategory.LOCAL,
    "other": PersonnelCategory.OTHER,
}
INCIDENT_TYPES = {
    "malicious act": IncidentType.MALICIOUS_ACT,
    "accident": IncidentType.ACCIDENT,
    "illness": IncidentType.ILLNESS,
    "self-inflicted": IncidentType.SELF_INFLICTED,
    "to be determined": IncidentType.TO_BE_DETERMINED,
    "unknown": IncidentType.OTHER,
    "other": IncidentType.OTHER,
}
SEXES = {"m": "M", "male": "M", "f": "F", "female": "F", "": ""}

KEY = ("casualty_id",)
VALUES = ("mission", "died_on", "personnel_category", "incident_type", "sex", "nationality")


def import_un_fatalities(path: Path, *, mission=None, user=None, dry_run: bool = False,
                         progress=None) -> ImportResult:
    """Import the UN's fatalities file whole, or nothing of it; the result lists every problem found."""
    path = Path(path)
    result = ImportResult(file=path.name, kind=KIND, dry_run=dry_run)
    problems = ProblemLog(path.name)
    with open_table(path, COLUMNS) as table:
        if not table.ok:
            problems.extend(table.problems, table.more_problems)
            problems.into(result)
            return result
        reader = _FatalityRows(table, problems)
        run_staged_import(
            table, result, problems, source=SOURCE, model=Fatality, key=KEY, values=VALUES, stage=reader.rows,
            duplicate_reason=_("the same casualty_id as row {first}"), user=user, dry_run=dry_run, progress=progress,
            batch_dates=reader.batch_dates,
        )
    if result.ok:
        result.notes[:0] = reader.notes(dry_run or not result.batch_id)
    if mission is not None:
        result.notes.append(_("--mission {mission} was not used: every row of this file names its mission.").format(
            mission=mission))
    return result


def _words(value) -> str:
    return " ".join(str(value).split()).casefold()


class _FatalityRows:
    """Validates the rows of the file into staging tuples (row, casualty_id, mission, date, category, type,
    sex, nationality), merging a casualty listed twice under two nationalities."""

    def __init__(self, table: Table, problems: ProblemLog):
        self.table = table
        self.problems = problems
        self.missions: MissionLookup | None = None
        self.columns = {name: table.header_of(column) for name, column in COLUMN_OF_FIELD.items()}
        self.former_codes: dict[str, int] = {}
        self.no_nationality = 0
        self.merged: list[tuple[int, int]] = []
        self.last_updates: dict = {}

    def rows(self, source, staging):
        self.missions = MissionLookup(source, self.problems)
        by_casualty: dict[str, tuple] = {}
        for row_number, values in self.table.records():
            staged = self.row(row_number, values)
            if staged is None:
                continue
            earlier = by_casualty.get(staged[1])
            by_casualty[staged[1]] = staged if earlier is None else self.merge(earlier, staged)
        part = staging.part
        yield [(row[0], part(0, row[1]), *row[2:]) for row in by_casualty.values()]

    def row(self, row_number: int, values: tuple) -> tuple | None:
        day, casualty_id, acronym, casualty_type, gender, category, incident, code, last_update = values
        problems_before = len(self.problems.kept) + self.problems.more
        columns = self.columns
        casualty_id = str(casualty_id).strip()
        if not casualty_id:
            self.problems.add(row_number, columns["casualty_id"], "", _("the casualty_id is empty: it identifies "
                              "the person when a corrected file is imported"))
        elif len(casualty_id) > Fatality._meta.get_field("casualty_id").max_length:
            self.problems.add(row_number, columns["casualty_id"], casualty_id, _("the casualty_id is too long"))
        mission_id = self.missions.id_for(acronym, row_number, columns["mission"])
        if _words(casualty_type) != "fatality":
            self.problems.add(row_number, self.table.header_of("type_of_casualty"), casualty_type,
                              _("only fatalities can be imported: type_of_casualty must be 'Fatality'"))
        try:
            died_on = parse_date(day)
        except ValueError as error:
            self.problems.add(row_number, columns["died_on"], day, str(error))
            died_on = None
        sex = SEXES.get(_words(gender))
        if sex is None:
            self.problems.add(row_number, columns["sex"], gender, _("unknown gender; use M, F or leave it empty"))
        personnel_category = PERSONNEL_CATEGORIES.get(_words(category))
        if personnel_category is None:
            self.problems.add(row_number, columns["personnel_category"], category,
                              _("unknown personnel type; known: Military, Police, Military Observer, "
                                "International Civilian, Local, Other"))
        incident_type = INCIDENT_TYPES.get(_words(incident))
        if incident_type is None:
            self.problems.add(row_number, columns["incident_type"], incident,
                              _("unknown type of incident; known: Malicious Act, Accident, Illness, "
                                "Self-Inflicted, To Be Determined, Unknown, Other"))
        nationality = self.nationality(code)
        self.read_last_update(row_number, last_update)
        if None not in (died_on, sex, personnel_category, incident_type):
            messages = rules.fatality_messages(died_on=died_on, nationality=nationality, sex=sex,
                                               personnel_category=personnel_category, incident_type=incident_type)
            self.problems.add_messages(row_number, messages, columns,
                                       {"died_on": day, "nationality": code, "sex": gender})
        if len(self.problems.kept) + self.problems.more > problems_before:
            return None
        return (row_number, casualty_id, mission_id, died_on.isoformat(), str(personnel_category),
                str(incident_type), sex, nationality)

    def read_last_update(self, row_number: int, value) -> None:
        """Remember the row's last_update (each distinct value read once); an unreadable one is a problem."""
        if value in self.last_updates or value in ("", None):
            return
        try:
            self.last_updates[value] = parse_date(value)
        except ValueError as error:
            self.problems.add(row_number, self.table.header_of("last_update"), value, str(error))

    def batch_dates(self) -> dict:
        """The UN's date of the file (its latest last_update), up to which it holds every fatality; none
        when the file has no last_update."""
        if not self.last_updates:
            return {}
        as_of = max(self.last_updates.values())
        return {"data_as_of": as_of, "covers_from": None, "covers_to": as_of}

    def nationality(self, value) -> str:
        """An ISO code, or "" when the file gives none or a withdrawn one; the rules judge anything else."""
        code = str(value).strip().upper()
        if not code:
            self.no_nationality += 1
        elif pycountry.countries.get(alpha_3=code) is None and pycountry.historic_countries.get(alpha_3=code):
            self.former_codes[code] = self.former_codes.get(code, 0) + 1
            return ""
        return code

    def merge(self, earlier: tuple, later: tuple) -> tuple:
        """Two rows with one casualty_id: one person under two nationalities, or a problem."""
        if earlier[2:7] == later[2:7] and earlier[7] != later[7]:
            self.merged.append((earlier[0], later[0]))
            return later if not earlier[7] and later[7] else earlier
        self.problems.add(later[0], self.columns["casualty_id"], later[1],
                          _("the same casualty_id as row {first}").format(first=earlier[0]))
        return earlier

    def notes(self, dry_run: bool) -> list[str]:
        notes = []
        if self.missions is not None and (note := self.missions.note(dry_run)):
            notes.append(note)
        if self.merged:
            pairs = ", ".join(_("{first} and {second}").format(first=first, second=second)
                              for first, second in self.merged)
            notes.append(ngettext(
                "{count} casualty is listed twice with different nationalities and otherwise the same details "
                "(rows {pairs}): it is recorded once, with the nationality that has a current country code.",
                "{count} casualties are listed twice with different nationalities and otherwise the same details "
                "(rows {pairs}): each is recorded once, with the nationality that has a current country code.",
                len(self.merged)).format(count=len(self.merged), pairs=pairs))
        if self.former_codes:
            codes = ", ".join(ngettext("{code} ({count} row)", "{code} ({count} rows)", count).format(
                code=code, count=count) for code, count in sorted(self.former_codes.items()))
            notes.append(_("Former country codes that ISO 3166-1 has withdrawn were left blank as nationality: "
                           "{codes}.").format(codes=codes))
        if self.no_nationality:
            notes.append(ngettext("{count} row gives no isocode3: its nationality is left blank.",
                                  "{count} rows give no isocode3: their nationality is left blank.",
                                  self.no_nationality).format(count=self.no_nationality))
        return notes
