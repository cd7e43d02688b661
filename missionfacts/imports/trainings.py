"""The `trainings` import: a mission's training sessions, with their counts or their participants listed.

The format is documented in docs/import-formats.md. Two shapes:

- a CSV (or an XLSX with a `sessions` sheet) of one row per session: `date`, `programme` (or `audience` and
  `subject`), optional `site`, `reference`, `trained` and optional `women`;
- an XLSX with a `sessions` sheet and a `participants` sheet (`session`, `participant`, `sex`): each
  participant row is one `TrainingParticipation`, from which the figures compute both distinct persons and
  participations. A session of such a workbook may still give counts instead, when no participant of it is
  listed.

Each session row is a `Training`, known by its reference. A programme is never created here: programmes
come from the mission file, and an unknown one is a problem. The mission, the places, the scope of a
corrected file and the transaction work as in the `patrols` import (helpers in `cells` and `planned`).
"""

from calendar import monthrange
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from missionfacts.activities import rules
from missionfacts.activities.models import Training, TrainingParticipation, TrainingProgramme
from missionfacts.imports.cells import (
    DateCells,
    MissionColumn,
    Places,
    already_recorded,
    count_of,
    name_key,
    positions,
    problems_so_far,
    text_of,
    words,
)
from missionfacts.imports.models import ImportBatch
from missionfacts.imports.planned import CHUNK, BulkWriter, Plan, Scope, run_planned_import
from missionfacts.imports.problems import ImportResult
from missionfacts.imports.staging import ProblemLog
from missionfacts.imports.tabular import MAX_COUNT, XLSX_SIGNATURE, Column, Table, max_count_text, open_table
from missionfacts.missions.models import Mission

KIND = "trainings"
SESSIONS_SHEET = "sessions"
PARTICIPANTS_SHEET = "participants"

SESSION_COLUMNS = (
    Column("mission", "mission_acronym", required=False),
    Column("date", "held_on", "session_date"),
    Column("programme", "programme_key", "program", required=False),
    Column("audience", required=False),
    Column("subject", required=False),
    Column("site", required=False),
    Column("reference", "session", "session_reference"),
    Column("trained", required=False),
    Column("women", required=False),
)
PARTICIPANT_COLUMNS = (
    Column("session", "session_reference"),
    Column("participant", "participant_reference", "participant_ref"),
    Column("sex"),
)
SEXES = {"f": "F", "female": "F", "femme": "F", "m": "M", "male": "M", "homme": "M"}
SESSION_VALUES = ("held_on", "programme_id", "site_id", "trained", "women")


def import_trainings(path: Path, *, mission=None, user=None, dry_run: bool = False, progress=None) -> ImportResult:
    """Import a file of training sessions whole, or nothing of it; the result lists every problem."""
    path = Path(path)
    result = ImportResult(file=path.name, kind=KIND, dry_run=dry_run)
    problems = ProblemLog(path.name)
    sheets = sheet_names(path)
    sessions_sheet = participants_sheet = None
    if sheets is not None:
        sessions_sheet = find_sheet(sheets, SESSIONS_SHEET)
        participants_sheet = find_sheet(sheets, PARTICIPANTS_SHEET)
        if sessions_sheet is None:
            problems.add(None, "", SESSIONS_SHEET, _(
                "the workbook has no sheet named 'sessions' (one row per session); its sheets are: %(sheets)s")
                % {"sheets": ", ".join(sheets)})
            problems.into(result)
            return result
    with open_table(path, SESSION_COLUMNS, sheet=sessions_sheet) as sessions:
        # In a workbook, each problem names its sheet along with the file.
        problems = ProblemLog(f"{path.name} [{sessions.sheet}]" if sessions.sheet else path.name)
        check_session_header(sessions, participants_sheet, sheets is not None)
        missions = MissionColumn(mission, sessions, problems)
        if not sessions.ok or not missions.ok:
            problems.extend(sessions.problems, sessions.more_problems)
            problems.into(result)
            return result
        reader = _SessionRows(sessions, problems, missions)
        options = {"read": reader.rows, "plan": reader.plan, "write": reader.write, "user": user, "dry_run": dry_run,
                   "progress": progress, "rows_read": reader.rows_read}
        if participants_sheet is None:
            run_planned_import(KIND, sessions, result, problems, missions, **options)
        else:
            with open_table(path, PARTICIPANT_COLUMNS, sheet=participants_sheet) as participants:
                reader.participants = participants
                estimated = (sessions.estimated_rows or 0) + (participants.estimated_rows or 0)
                run_planned_import(KIND, sessions, result, problems, missions, estimated_rows=estimated, **options)
    # The problems of the sessions sheet first, then those of the participants sheet, each in row order.
    result.problems.sort(key=lambda problem: (problem.file != problems.file, problem.row or 0))
    if result.ok and reader.participations:
        result.notes.insert(0, _(
            "The counts above are of sessions. The participants sheet lists %(participations)s participations of "
            "%(persons)s distinct participants.") % {"participations": len(reader.participations),
                                                    "persons": len(reader.sexes)})
    return result


def sheet_names(path: Path) -> list[str] | None:
    """The sheets of an XLSX workbook; None for a CSV, or for a workbook that `tabular` will report as broken.

    `tabular` opens a sheet by its exact name; this lets the importer find `sessions` and `participants`
    whatever their capitalisation, and tell whether a participants sheet is there at all.
    """
    try:
        with open(path, "rb") as stream:
            signature = stream.read(len(XLSX_SIGNATURE))
    except OSError:
        return None
    if signature != XLSX_SIGNATURE and path.suffix.lower() not in {".xlsx", ".xlsm"}:
        return None
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True)
    except Exception:  # Whatever breaks openpyxl, `tabular` then reports as an unreadable workbook.
        return None
    try:
        return list(workbook.sheetnames)
    finally:
        workbook.close()


def find_sheet(sheets: list[str], name: str) -> str | None:
    return next((sheet for sheet in sheets if sheet.strip().casefold() == name), None)


def in_sheet(problems, label: str) -> list:
    """Problems of one sheet of a workbook, their file naming the sheet."""
    return [replace(problem, file=label) for problem in problems]


def keep_problems(log: ProblemLog, problems, more: int = 0) -> None:
    """Add problems to a log as they are: unlike `ProblemLog.extend`, keeping the file (and sheet) they name."""
    for problem in problems:
        if len(log.kept) < log.limit:
            log.kept.append(problem)
        else:
            log.more += 1
    log.more += more


def check_session_header(sessions: Table, participants_sheet: str | None, is_workbook: bool) -> None:
    """The columns that depend on each other: a programme key or audience and subject; counts or a sheet of
    participants."""
    if not sessions.ok:
        return
    present = sessions.present
    if "programme" not in present and not {"audience", "subject"} <= present:
        sessions.problem(1, "programme", ", ".join(map(str, sessions.header)), _(
            "missing column: give the programme's key in a programme column, or its audience and subject in "
            "audience and subject columns"))
    if participants_sheet is None and "trained" not in present:
        if is_workbook:
            sessions.problem(None, "", PARTICIPANTS_SHEET, _(
                "the workbook has no sheet named 'participants', and its sessions sheet has no trained column: "
                "list the participants of each session in a participants sheet (session, participant, sex), or "
                "give each session's counts in trained and women columns"))
        else:
            sessions.problem(1, "trained", ", ".join(map(str, sessions.header)), _(
                "missing column trained: a CSV of sessions gives each session's counts in trained and (optionally) "
                "women columns; to list participants instead, use an XLSX workbook with a participants sheet"))


@dataclass(frozen=True)
class SessionRow:
    row: int
    mission_id: int
    reference: str
    held_on: date
    programme_id: int
    site_id: int | None
    trained: int | None
    women: int | None

    def values(self) -> tuple:
        """The values of SESSION_VALUES, in that order."""
        return (self.held_on, self.programme_id, self.site_id, self.trained, self.women)

    def record(self, batch: ImportBatch, pk: int | None = None) -> Training:
        return Training(pk=pk, mission_id=self.mission_id, reference=self.reference, source_id=batch.source_id,
                        import_batch=batch, **dict(zip(SESSION_VALUES, self.values(), strict=True)))


class _SessionRows:
    """Validates the sessions (and participants, if listed), and turns them into the changes they make."""

    def __init__(self, table: Table, problems: ProblemLog, missions: MissionColumn):
        self.table = table
        self.problems = problems
        self.missions = missions
        self.places = Places()
        self.at = positions(table)
        self.participant_at: dict[str, int] = {}
        self.programmes: dict[int, dict] = {}
        self.columns = {name: table.header_of(column) for name, column in (
            ("mission", "mission"), ("held_on", "date"), ("programme", "programme"), ("site", "site"),
            ("reference", "reference"), ("trained", "trained"), ("women", "women"))}
        self.dates = DateCells(problems)
        self.sessions: dict[str, SessionRow] = {}
        self.participants: Table | None = None
        # The participants sheet's valid rows as (session, participant, sex); per session reference, its
        # participants as {participant: sex}; and per participant, the sex and row it was first listed with.
        self.participations: list[tuple[str, str, str]] = []
        self.listed: dict[str, dict[str, str]] = defaultdict(dict)
        self.sexes: dict[str, tuple[str, int]] = {}
        # The references of earlier sessions whose participants this file changes.
        self.relisted: set[str] = set()

    def rows_read(self) -> int:
        return self.table.rows_read + (self.participants.rows_read if self.participants is not None else 0)

    # Reading -------------------------------------------------------------------------------------------------

    def rows(self, progress) -> None:
        for batch in self.table.batches():
            for row_number, fields in batch:
                self.session(row_number, fields)
            progress(batch[-1][0])
        self.problems.extend(self.table.problems, self.table.more_problems)
        if self.participants is None:
            return
        done = self.table.rows_read
        label = f"{self.table.path.name} [{self.participants.sheet}]"
        log = ProblemLog(label, self.problems.limit)
        if self.participants.ok:
            self.participant_at = positions(self.participants)
            for batch in self.participants.batches():
                for row_number, fields in batch:
                    self.participant(row_number, fields, log)
                progress(done + batch[-1][0])
            self.check_listed()
        keep_problems(self.problems, log.kept, log.more)
        keep_problems(self.problems, in_sheet(self.participants.problems, label), self.participants.more_problems)

    def session(self, row_number: int, fields: list) -> None:
        at, columns, log = self.at, self.columns, self.problems
        before = problems_so_far(log)
        mission = self.missions.mission_for(fields[at["mission"]], row_number)
        held_on = self.dates.read(fields[at["date"]], row_number, columns["held_on"], mission)
        reference = text_of(fields[at["reference"]], row_number, columns["reference"], log, Training, "reference")
        if not reference:
            log.add(row_number, columns["reference"], "", _(
                "the session's reference is empty: it identifies the session in a corrected file and in the "
                "participants sheet"))
        programme = self.programme(mission, fields, row_number, log) if mission is not None else None
        site = None
        if mission is not None and str(fields[at["site"]]).strip():
            _sector, site = self.places.find(mission, held_on, None, "", fields[at["site"]], row_number, columns, log)
        trained = count_of(fields[at["trained"]], row_number, columns["trained"], log, required=False)
        women = count_of(fields[at["women"]], row_number, columns["women"], log, required=False)
        log.add_messages(row_number, rules.women_within_messages(women, trained), columns,
                         {"women": fields[at["women"]]})
        if women is not None and trained is None and problems_so_far(log) == before:
            log.add(row_number, columns["women"], fields[at["women"]], _("women are given without trained"))
        if reference in self.sessions:
            log.add(row_number, columns["reference"], reference,
                    _("the same session reference as row %(row)s") % {"row": self.sessions[reference].row})
            return
        if problems_so_far(log) > before:
            return
        self.sessions[reference] = SessionRow(row_number, mission.pk, reference, held_on, programme.pk,
                                              site.pk if site else None, trained, women)

    def programme(self, mission: Mission, fields: list, row_number: int, log: ProblemLog) -> TrainingProgramme | None:
        """The programme a row names by key, or by audience and subject (in French or in English)."""
        at = self.at
        index = self.programmes.get(mission.pk)
        if index is None:
            index = self.programmes[mission.pk] = {}
            for programme in TrainingProgramme.objects.filter(mission=mission):
                index[name_key(programme.key)] = programme
                index[(name_key(programme.audience_fr), name_key(programme.subject_fr))] = programme
                index[(name_key(programme.audience_en), name_key(programme.subject_en))] = programme
        key, audience, subject = fields[at["programme"]], fields[at["audience"]], fields[at["subject"]]
        if words(key):
            found, column, value = index.get(name_key(key)), self.columns["programme"], key
        elif words(audience) or words(subject):
            found = index.get((name_key(audience), name_key(subject)))
            column = f"{self.table.header_of('audience')}, {self.table.header_of('subject')}"
            value = f"{words(audience)} / {words(subject)}"
        else:
            log.add(row_number, self.columns["programme"], "", _("the programme is empty"))
            return None
        if found is None:
            keys = sorted(programme.key for programme in index.values())
            log.add(row_number, column, value, _(
                "unknown programme; the programmes of %(mission)s are: %(keys)s (programmes come from the mission "
                "file)") % {"mission": mission.acronym, "keys": ", ".join(dict.fromkeys(keys)) or "—"})
            return None
        messages = rules.programme_messages(mission.pk, found)
        log.add_messages(row_number, messages, {"programme": column}, {"programme": value})
        return None if messages else found

    def participant(self, row_number: int, fields: list, log: ProblemLog) -> None:
        at = self.participant_at
        header = self.participants.header_of
        session, person, sex_text = words(fields[at["session"]]), words(fields[at["participant"]]), fields[at["sex"]]
        before = problems_so_far(log)
        if session not in self.sessions:
            reason = _("the session reference is empty") if not session else _(
                "no session with this reference in the sessions sheet (or that session has a problem)")
            log.add(row_number, header("session"), session, reason)
        if not person:
            log.add(row_number, header("participant"), "", _("the participant's reference is empty"))
        text_of(person, row_number, header("participant"), log, TrainingParticipation, "participant_ref")
        sex = SEXES.get(words(sex_text).casefold(), words(sex_text))
        log.add_messages(row_number, rules.sex_messages(sex), {"sex": header("sex")}, {"sex": sex_text})
        if problems_so_far(log) > before:
            return
        if person in self.listed[session]:
            log.add(row_number, header("participant"), person, _("this participant is already listed for this "
                                                                 "session"))
            return
        first = self.sexes.setdefault(person, (sex, row_number))
        if first[0] != sex:
            log.add(row_number, header("sex"), sex_text, _("the same participant is recorded as %(sex)s in row "
                                                           "%(row)s") % {"sex": first[0], "row": first[1]})
            return
        self.listed[session][person] = sex
        self.participations.append((session, person, sex))

    def check_listed(self) -> None:
        """Each session of a workbook with participants gives either its participants or its counts."""
        log = self.problems
        for reference, session in self.sessions.items():
            if reference in self.listed and session.trained is not None:
                log.add(session.row, self.columns["trained"], session.trained, _(
                    "this session's participants are listed in the participants sheet: leave trained and women "
                    "empty, the figures count them from the list"))
            elif reference not in self.listed and session.trained is None:
                log.add(session.row, self.columns["trained"], "", _(
                    "no participant of this session is listed in the participants sheet, and it gives no count"))

    # Planning and writing ------------------------------------------------------------------------------------

    def plan(self, scope: Scope) -> Plan:
        earlier = Training.objects.filter(scope.rows_of_earlier_versions()).order_by()
        existing = {(mission_id, reference): (pk, tuple(values)) for pk, mission_id, reference, *values
                    in earlier.values_list("pk", "mission_id", "reference", *SESSION_VALUES).iterator(chunk_size=2000)}
        listed_before: dict[int, dict[str, str]] = defaultdict(dict)
        participations = TrainingParticipation.objects.filter(training__in=earlier.values("pk")).order_by()
        for training_id, person, sex in participations.values_list("training_id", "participant_ref", "sex").iterator(
                chunk_size=2000):
            listed_before[training_id][person] = sex
        self.check_references(scope)
        self.check_day_totals(scope)
        plan = Plan()
        for session in self.sessions.values():
            pk, values = existing.pop((session.mission_id, session.reference), (None, None))
            if pk is None:
                plan.added.append(session)
            elif listed_before.get(pk, {}) != self.listed.get(session.reference, {}):
                plan.changed.append((pk, session))
                self.relisted.add(session.reference)
            elif values != session.values():
                plan.changed.append((pk, session))
            else:
                plan.unchanged += 1
        plan.removed[Training] = [pk for pk, _values in existing.values()]
        written = {session.reference for session in plan.added} | self.relisted
        plan.along = sum(1 for session, _person, _sex in self.participations if session in written)
        return plan

    def check_references(self, scope: Scope) -> None:
        """A session reference that a session from elsewhere (another file, the admin) already holds."""
        sessions = list(self.sessions.values())
        for start in range(0, len(sessions), CHUNK):
            chunk = sessions[start:start + CHUNK]
            elsewhere = Training.objects.filter(
                scope.rows_from_elsewhere(), mission_id__in={s.mission_id for s in chunk},
                reference__in={s.reference for s in chunk}).exclude(reference="").order_by()
            taken = {(mission_id, reference): file_name for mission_id, reference, file_name
                     in elsewhere.values_list("mission_id", "reference", "import_batch__file_name")}
            for session in chunk:
                if (session.mission_id, session.reference) in taken:
                    self.problems.add(session.row, self.columns["reference"], session.reference, already_recorded(
                        taken[(session.mission_id, session.reference)], _("a training session with this reference")))

    def check_day_totals(self, scope: Scope) -> None:
        """A programme's sessions of one day whose trained add up past MAX_COUNT, those from elsewhere included:
        the day's summary (activities.training_summary) holds their sum in a count of its own. Women are at most
        the trained of each session, so their sum is too."""
        totals: dict[tuple[int, date], int] = defaultdict(int)
        largest: dict[tuple[int, date], SessionRow] = {}
        for session in self.sessions.values():
            key = (session.programme_id, session.held_on)
            totals[key] += session.trained or 0
            if key not in largest or (session.trained or 0) > (largest[key].trained or 0):
                largest[key] = session
        if not totals:
            return
        days = [day for _programme, day in totals]
        elsewhere = (Training.objects.filter(scope.rows_from_elsewhere(), programme_id__in={key[0] for key in totals},
                                             held_on__range=(min(days), max(days)), trained__isnull=False)
                     .order_by().values_list("programme_id", "held_on").annotate(trained_sum=Sum("trained")))
        for programme_id, held_on, trained in elsewhere:
            if (programme_id, held_on) in totals:
                totals[(programme_id, held_on)] += trained
        for key, total in totals.items():
            if total > MAX_COUNT:
                session = largest[key]
                self.problems.add(session.row, self.columns["trained"], session.trained, _(
                    "the sessions of this programme on this day train more than %(limit)s in all, the largest "
                    "count the database holds") % {"limit": max_count_text()})

    def write(self, plan: Plan, writer: BulkWriter) -> None:
        batch = writer.batch
        # The file holds the sessions of the months from its first to its last completely (figures.coverage).
        days = [session.held_on for session in self.sessions.values()]
        if days:
            first, last = min(days), max(days)
            batch.covers_from = first.replace(day=1)
            batch.covers_to = last.replace(day=monthrange(last.year, last.month)[1])
        writer.update(Training, [session.record(batch, pk) for pk, session in plan.changed], SESSION_VALUES)
        writer.create(Training, [session.record(batch) for session in plan.added])
        # A changed session whose participants changed has them listed anew (none, if it now gives counts).
        writer.delete(TrainingParticipation, [pk for pk, session in plan.changed if session.reference in self.relisted],
                      by="training_id")
        written = {session.reference for session in plan.added} | self.relisted
        if not self.participations or not written:
            return
        # bulk_create does not give ids back on every database: the sessions are found again by reference, which
        # is unique within the file.
        pk_of = dict(Training.objects.filter(import_batch=batch).values_list("reference", "pk"))
        writer.create(TrainingParticipation, [
            TrainingParticipation(training_id=pk_of[session], participant_ref=person, sex=sex)
            for session, person, sex in self.participations if session in written])
