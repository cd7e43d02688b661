"""The `un-contributions` import: the UN Peace and Security Data Hub's uniformed personnel contributions.

One row of the file (DPO-UCHISTORICAL, monthly since 1990) is one `personnel.Strength` row: a mission, a
month-end reporting date, a contributing country, a personnel type, men and women. Columns are read by
header name in any order and any capitalisation, so both forms of the export are read alike:

- the Data Hub's current CSV: contributing_country, contribution_id, female_personnel, isocode3,
  last_reporting_date, m49_code, male_personnel, mission_acronym, personnel_type;
- the older export (odp_contributionsbygender.csv): Contributing_Country, ISOCode3, Mission_Acronym,
  Personnel_Type, Female_Personnel, Male_Personnel, Last_Reporting_Date, with dates like "30-Nov-20".

How values are read (decisions, so a reader of the data knows what was assumed):
- mission_acronym: an existing mission, matched without regard to case; an acronym not yet known
  creates a provisional mission, listed in the result's notes (the file covers every mission at once).
- last_reporting_date: any form `tabular.parse_date` reads (ISO, "30-Nov-20", Excel dates). The dataset has
  no last_update column: its latest reporting date is the date the import records as the UN's data's
  (ImportBatch.data_as_of, and covers_to: the file holds every month-end reported up to it).
- isocode3: an ISO 3166-1 alpha-3 code, upper-cased; an empty or unknown code is a problem.
- personnel_type: "Troops", "Staff Officer", "Experts on Mission", "Formed Police Units" and
  "Individual Police" (case and spacing aside, singular or plural); anything else is a problem.
- male_personnel, female_personnel: whole numbers, not negative. An empty cell is read as 0, because
  the UN's export leaves the female column empty when a contingent has no women (a note says so); a
  row with both empty is a problem, since it says nothing.
- total_personnel (optional, for exports that carry it): women may not exceed it, and men and women
  must add up to it.
- The other columns (contributing_country, contribution_id, m49_code) are not needed and not read.
- A mission, date, country and personnel type given twice in one file is a problem naming both rows.
- `--mission` is not used: every row names its mission.
"""

from datetime import date
from operator import itemgetter
from pathlib import Path

from django.utils.translation import gettext as _

from missionfacts.imports.problems import ImportResult
from missionfacts.imports.staging import DatasetSource, MissionLookup, ProblemLog, run_staged_import
from missionfacts.imports.tabular import Column, Table, open_table, parse_count, parse_date
from missionfacts.personnel import rules
from missionfacts.personnel.models import PersonnelType, Strength

KIND = "un-contributions"

SOURCE = DatasetSource(
    key="un-dpo-uchistorical",
    title="Uniformed personnel contributions by mission, country and personnel type (DPO-UCHISTORICAL)",
    publisher="United Nations Peace and Security Data Hub",
    licence="CC BY 3.0 IGO",
    attribution="Source: United Nations Peace and Security Data Hub (DPO-UCHISTORICAL)",
)

COLUMNS = (
    Column("mission_acronym"),
    Column("last_reporting_date"),
    Column("isocode3", "iso_code3", "iso3"),
    Column("personnel_type"),
    Column("male_personnel"),
    Column("female_personnel"),
    Column("total_personnel", "total", required=False),
)
# Where each Strength field comes from, to name the file's column in a problem.
COLUMN_OF_FIELD = {
    "mission": "mission_acronym", "reported_on": "last_reporting_date", "country": "isocode3",
    "personnel_type": "personnel_type", "men": "male_personnel", "women": "female_personnel",
    "total": "total_personnel",
}

PERSONNEL_TYPES = {
    "troops": PersonnelType.TROOPS,
    "troop": PersonnelType.TROOPS,
    "staff officer": PersonnelType.STAFF_OFFICER,
    "staff officers": PersonnelType.STAFF_OFFICER,
    "experts on mission": PersonnelType.EXPERT_ON_MISSION,
    "expert on mission": PersonnelType.EXPERT_ON_MISSION,
    "formed police units": PersonnelType.FORMED_POLICE_UNIT,
    "formed police unit": PersonnelType.FORMED_POLICE_UNIT,
    "individual police": PersonnelType.INDIVIDUAL_POLICE,
}
UN_LABELS = "Troops, Staff Officer, Experts on Mission, Formed Police Units, Individual Police"

KEY = ("mission", "reported_on", "country", "personnel_type")
VALUES = ("men", "women")


def import_un_contributions(path: Path, *, mission=None, user=None, dry_run: bool = False,
                            progress=None) -> ImportResult:
    """Import a UN contributions file whole, or nothing of it; the result lists every problem found."""
    path = Path(path)
    result = ImportResult(file=path.name, kind=KIND, dry_run=dry_run)
    problems = ProblemLog(path.name)
    with open_table(path, COLUMNS) as table:
        if not table.ok:
            problems.extend(table.problems, table.more_problems)
            problems.into(result)
            return result
        reader = _ContributionRows(table, problems)
        run_staged_import(
            table, result, problems, source=SOURCE, model=Strength, key=KEY, values=VALUES, stage=reader.rows,
            duplicate_reason=_("the same mission, reporting date, country and personnel type as row {first}"),
            user=user, dry_run=dry_run, progress=progress, batch_dates=reader.batch_dates,
        )
    if reader.missions is not None and result.ok:
        note = reader.missions.note(dry_run or not result.batch_id)
        if note:
            result.notes.insert(0, note)
    if reader.empty_counts and result.ok:
        result.notes.append(
            _("Empty male_personnel or female_personnel cells were read as 0: the UN's export leaves the female "
              "column empty when a contingent has no women.")
        )
    if mission is not None:
        result.notes.append(_("--mission {mission} was not used: every row of this file names its mission.").format(
            mission=mission))
    return result


class _ContributionRows:
    """Validates the rows of one file into staging tuples (row, packed key, men, women).

    Each distinct value of a column is checked once, by the rules in `personnel.rules`, and remembered; a
    row whose values have all been seen before costs a few dictionary look-ups. A row with anything new or
    wrong in it goes the careful way, which records every problem it has.
    """

    def __init__(self, table: Table, problems: ProblemLog):
        self.table = table
        self.problems = problems
        self.missions: MissionLookup | None = None
        self.part = None
        # The share of the packed key of each raw value seen valid, per key column (see StagingTable.part).
        self.key_parts: tuple[dict, dict, dict, dict] = ({}, {}, {}, {})
        self.dates: dict = {}
        self.countries: dict = {}
        self.kinds: dict = {}
        self.men: dict = {}
        self.women: dict = {}
        self.empty_counts = False
        self.columns = {name: table.header_of(column) for name, column in COLUMN_OF_FIELD.items()}

    def rows(self, source, staging):
        """Lists of staging tuples (row, packed key, men, women), one per batch of the file.

        Row by row on purpose. Most of the time here goes to the dictionary look-ups of freshly read
        strings, which a column-wise version (zip the batch into columns, map each through the dictionaries)
        does as well; it measured slower on CPython 3.11, because turning a batch into columns costs more
        than the interpreter's small per-row overhead.
        """
        self.missions = MissionLookup(source, self.problems)
        self.part = staging.part
        keys, men_counts, women_counts = self.key_parts, self.men, self.women
        mission_part, day_part, country_part, kind_part = keys
        careful = self.careful
        at = self.table.position
        fields_of = itemgetter(*(at(column.name) for column in COLUMNS))
        mission, day, country, kind, men, women, total = fields_of(range(len(self.table.header) + 1))
        for batch in self.table.batches():
            staged = []
            append = staged.append
            for row_number, fields in batch:
                try:
                    if fields[total] != "":
                        raise KeyError(total)  # the total's rules are checked the careful way
                    append((row_number, mission_part[fields[mission]] + day_part[fields[day]]
                            + country_part[fields[country]] + kind_part[fields[kind]],
                            men_counts[fields[men]], women_counts[fields[women]]))
                except KeyError:
                    row = careful(row_number, fields_of(fields))
                    if row is not None:
                        append(row)
            yield staged

    def batch_dates(self) -> dict:
        """The latest reporting date of the file: the UN's data are as of it; none for a file with no row."""
        if not self.dates:
            return {}
        as_of = date.fromisoformat(max(self.dates.values()))
        return {"data_as_of": as_of, "covers_from": None, "covers_to": as_of}

    def careful(self, row_number: int, values: tuple) -> tuple | None:
        acronym, day, code, kind, men, women, total = values
        problems_before = len(self.problems.kept) + self.problems.more
        mission_id = self.missions.id_for(acronym, row_number, self.columns["mission"])
        reported_on = self._date(day, row_number)
        country = self._country(code, row_number)
        personnel_type = self._kind(kind, row_number)
        men_count = self._count(self.men, "men", men, row_number, empty_ok=women != "")
        women_count = self._count(self.women, "women", women, row_number, empty_ok=men != "")
        if men == "" and women == "":
            self.problems.add(row_number, f"{self.columns['men']}, {self.columns['women']}", "",
                              _("both counts are empty: the row says nothing"))
        total_count = self._count({}, "total", total, row_number, empty_ok=True) if total != "" else None
        if None not in (men_count, women_count, total_count):
            messages = {**rules.women_within_total_messages(women_count, total_count),
                        **rules.parts_make_total_messages(men_count, women_count, total_count)}
            self.problems.add_messages(row_number, messages, self.columns,
                                       {"women": women, "total": total})
        if len(self.problems.kept) + self.problems.more > problems_before:
            return None
        mission_part, day_part, country_part, kind_part = self.key_parts
        key = (mission_part.setdefault(acronym, self.part(0, mission_id))
               + day_part.setdefault(day, self.part(1, reported_on))
               + country_part.setdefault(code, self.part(2, country))
               + kind_part.setdefault(kind, self.part(3, personnel_type)))
        return (row_number, key, men_count, women_count)

    def _date(self, value, row_number: int) -> str | None:
        found = self.dates.get(value)
        if found is not None:
            return found
        try:
            reported_on = parse_date(value)
        except ValueError as error:
            self.problems.add(row_number, self.columns["reported_on"], value, str(error))
            return None
        messages = rules.reporting_date_messages(reported_on)
        if messages:
            self.problems.add_messages(row_number, messages, self.columns, {"reported_on": value})
            return None
        self.dates[value] = reported_on.isoformat()
        return self.dates[value]

    def _country(self, value, row_number: int) -> str | None:
        found = self.countries.get(value)
        if found is not None:
            return found
        code = str(value).strip().upper()
        if not code:
            self.problems.add(row_number, self.columns["country"], value, _("the country code is empty"))
            return None
        messages = rules.country_messages(code)
        if messages:
            self.problems.add_messages(row_number, messages, self.columns, {"country": value})
            return None
        self.countries[value] = code
        return code

    def _kind(self, value, row_number: int) -> str | None:
        found = self.kinds.get(value)
        if found is not None:
            return found
        personnel_type = PERSONNEL_TYPES.get(" ".join(str(value).split()).casefold())
        if personnel_type is None:
            self.problems.add(row_number, self.columns["personnel_type"], value,
                              _("unknown personnel type; the UN's are: {labels}").format(labels=UN_LABELS))
            return None
        messages = rules.personnel_type_messages(personnel_type)
        if messages:  # only if PERSONNEL_TYPES and the model's choices ever disagree
            self.problems.add_messages(row_number, messages, self.columns, {"personnel_type": value})
            return None
        self.kinds[value] = str(personnel_type)
        return self.kinds[value]

    def _count(self, seen: dict, field: str, value, row_number: int, *, empty_ok: bool) -> int | None:
        found = seen.get(value)
        if found is not None:
            return found
        try:
            count = parse_count(value)
        except ValueError as error:
            self.problems.add(row_number, self.columns[field], value, str(error))
            return None
        if count is None:
            if not empty_ok:
                return None
            self.empty_counts = True
            # An empty female cell is common; an empty male cell is not remembered, so that a row where
            # both are empty always comes this way and is reported.
            if field == "women":
                seen[value] = 0
            return 0
        messages = rules.count_messages(count, field)
        if messages:
            self.problems.add_messages(row_number, messages, self.columns, {field: value})
            return None
        seen[value] = count
        return count
