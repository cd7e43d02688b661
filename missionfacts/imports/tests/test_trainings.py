"""The `trainings` import: a mission's training sessions, with counts (CSV or XLSX) or participants (XLSX)."""

import shutil
import tempfile
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.test import TestCase
from django.utils import translation
from openpyxl import Workbook

from missionfacts.activities.models import Training, TrainingParticipation, TrainingProgramme
from missionfacts.figures.activities import trainings_between
from missionfacts.figures.values import Period
from missionfacts.imports.models import ImportBatch
from missionfacts.imports.reference import load_reference_data
from missionfacts.imports.tests.test_patrols import snapshot
from missionfacts.imports.trainings import import_trainings
from missionfacts.missions.models import Mission
from missionfacts.testing import a_source

SESSIONS = Path(__file__).parent / "data" / "trainings" / "minusma-sessions.csv"
HEADER = "date,programme,site,reference,trained,women\n"
SESSION_HEADER = ["Date", "Programme", "Site", "Reference"]
# Two sessions of a persons programme and two of a participations programme; P-1 attends three of them.
LISTED_SESSIONS = [
    [date(2020, 2, 3), "mdsf-explosive-threats", "Gao", "MDSF-1"],
    [date(2020, 2, 17), "mdsf-explosive-threats", "Gao", "MDSF-2"],
    [date(2020, 3, 9), "unpol-trainings", "Bamako", "UNPOL-1"],
    [date(2020, 3, 16), "unpol-trainings", "Bamako", "UNPOL-2"],
]
PARTICIPANTS = [
    ["MDSF-1", "P-1", "F"], ["MDSF-1", "P-2", "M"], ["MDSF-2", "P-1", "F"], ["MDSF-2", "P-3", "M"],
    ["UNPOL-1", "P-4", "F"], ["UNPOL-1", "P-5", "m"], ["UNPOL-2", "P-4", "F"], ["UNPOL-2", "P-1", "f"],
]


class TrainingImportTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_reference_data()
        cls.minusma = Mission.objects.get(acronym="MINUSMA")

    def setUp(self):
        self.folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.folder)

    def write(self, text: str, name: str = "sessions.csv") -> Path:
        path = self.folder / name
        path.write_text(text, encoding="utf-8")
        return path

    def workbook(self, sessions=None, participants=None, name: str = "trainings.xlsx", session_header=None) -> Path:
        """A workbook with a sessions sheet and, unless it is None, a participants sheet."""
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "Sessions"
        sheet.append(session_header or SESSION_HEADER)
        for row in LISTED_SESSIONS if sessions is None else sessions:
            sheet.append(row)
        if participants is not None:
            listed = workbook.create_sheet("Participants")
            listed.append(["Session", "Participant", "Sex"])
            for row in participants:
                listed.append(row)
        path = self.folder / name
        workbook.save(path)
        return path

    def imported(self, path: Path, **options):
        options.setdefault("mission", self.minusma)
        with translation.override("en"):
            return import_trainings(path, **options)

    def only_problem(self, result):
        self.assertEqual(len(result.problems), 1, result.problems)
        return result.problems[0]

    def figures(self) -> dict:
        figures = trainings_between(self.minusma, Period(date(2020, 1, 1), date(2020, 12, 31)), date(2020, 12, 31))
        return {figure.programme_key: (figure.trained.value, figure.women.value) for figure in figures}


class SessionCountTests(TrainingImportTestCase):
    def test_it_imports_one_row_per_session_with_its_counts(self):
        result = self.imported(SESSIONS)
        self.assertTrue(result.ok, result.problems)
        self.assertEqual((result.rows_read, result.rows_added), (4, 4))
        batch = ImportBatch.objects.get(pk=result.batch_id)
        self.assertEqual((batch.kind, batch.file_name, batch.source.key),
                         ("trainings", "minusma-sessions.csv", "minusma-trainings-minusma-sessions-csv"))
        session = Training.objects.get(reference="MDSF-2020-01")
        self.assertEqual(
            (session.held_on, session.programme.key, session.site.name, session.trained, session.women,
             session.import_batch_id),
            (date(2020, 2, 3), "mdsf-explosive-threats", "Gao", 24, 2, batch.pk))

    def test_a_programme_is_found_by_its_audience_and_subject_in_either_language(self):
        self.imported(SESSIONS)
        self.assertEqual(set(Training.objects.filter(reference__startswith="UNPOL").values_list(
            "programme__key", flat=True)), {"unpol-trainings"})

    def test_an_empty_women_cell_leaves_women_unknown_in_the_figures(self):
        self.imported(SESSIONS)
        self.assertIsNone(Training.objects.get(reference="UNPOL-2020-08").women)
        figures = trainings_between(self.minusma, Period(date(2020, 1, 1), date(2020, 12, 31)), date(2020, 12, 31))
        unpol = next(figure for figure in figures if figure.programme_key == "unpol-trainings")
        self.assertEqual(unpol.trained.value, 47)
        self.assertFalse(unpol.women.available)

    def test_the_figures_use_the_session_counts(self):
        self.imported(SESSIONS)
        self.assertEqual(self.figures()["mdsf-explosive-threats"], (42, 2))

    def test_a_workbook_may_give_counts_in_its_sessions_sheet_alone(self):
        path = self.workbook(sessions=[[date(2020, 2, 3), "mdsf-explosive-threats", "Gao", "MDSF-1", 20, 3]],
                             session_header=[*SESSION_HEADER, "Trained", "Women"])
        result = self.imported(path)
        self.assertTrue(result.ok, result.problems)
        self.assertEqual(self.figures()["mdsf-explosive-threats"], (20, 3))


class ParticipantListTests(TrainingImportTestCase):
    def test_listed_participants_give_distinct_persons_and_participations_in_the_figures(self):
        result = self.imported(self.workbook(participants=PARTICIPANTS))
        self.assertTrue(result.ok, result.problems)
        self.assertEqual((result.rows_read, result.rows_added), (12, 4))
        self.assertEqual(result.notes[0], "The counts above are of sessions. The participants sheet lists 8 "
                                          "participations of 5 distinct participants.")
        self.assertEqual(TrainingParticipation.objects.count(), 8)
        figures = self.figures()
        # Persons: P-1, P-2 and P-3, one woman. Participations: P-4 twice, P-5, P-1; three by women.
        self.assertEqual(figures["mdsf-explosive-threats"], (3, 1))
        self.assertEqual(figures["unpol-trainings"], (4, 3))

    def test_the_programmes_daily_summary_follows_imports_and_corrected_files(self):
        """The summary the sheet reads (activities.TrainingDay) after an import, a corrected version of the same
        file (a session moved, one gone, participants changed) and a dry run equals a recomputation."""
        from missionfacts.activities.tests.test_training_summary import recomputed, summarised

        self.assertTrue(self.imported(self.workbook(participants=PARTICIPANTS)).ok)
        self.assertEqual(summarised(), recomputed())
        self.assertTrue(summarised())
        corrected = [[date(2020, 2, 4), *LISTED_SESSIONS[0][1:]], LISTED_SESSIONS[2], LISTED_SESSIONS[3]]
        participants = [row for row in PARTICIPANTS if row[0] != "MDSF-2"] + [["UNPOL-2", "P-6", "F"]]
        result = self.imported(self.workbook(sessions=corrected, participants=participants))
        self.assertTrue(result.ok, result.problems)
        self.assertEqual(summarised(), recomputed())
        self.assertEqual(self.figures()["mdsf-explosive-threats"], (2, 1))
        before = summarised()
        dry = self.imported(self.workbook(participants=PARTICIPANTS), dry_run=True)
        self.assertTrue(dry.ok, dry.problems)
        self.assertEqual(summarised(), before)

    def test_a_session_of_a_workbook_with_participants_may_still_give_counts(self):
        sessions = [[*row, None, None] for row in LISTED_SESSIONS] + [
            [date(2020, 4, 1), "unpol-trainings", "Gao", "UNPOL-3", 10, 4]]
        path = self.workbook(sessions=sessions, participants=PARTICIPANTS,
                             session_header=[*SESSION_HEADER, "trained", "women"])
        result = self.imported(path)
        self.assertTrue(result.ok, result.problems)
        self.assertEqual(self.figures()["unpol-trainings"], (14, 7))

    def test_a_workbook_without_a_sessions_sheet_is_a_problem_naming_it(self):
        workbook = Workbook()
        workbook.active.title = "Sheet1"
        workbook.save(self.folder / "trainings.xlsx")
        problem = self.only_problem(self.imported(self.folder / "trainings.xlsx"))
        self.assertEqual(problem.value, "sessions")
        self.assertIn("no sheet named 'sessions' (one row per session); its sheets are: Sheet1", problem.reason)

    def test_a_workbook_without_participants_or_counts_is_a_problem_naming_the_missing_sheet(self):
        problem = self.only_problem(self.imported(self.workbook()))
        self.assertEqual(problem.value, "participants")
        self.assertIn("the workbook has no sheet named 'participants'", problem.reason)
        self.assertFalse(Training.objects.exists())

    def test_a_participants_sheet_without_a_sex_column_is_a_problem_naming_the_expected_headers(self):
        workbook = Workbook()
        workbook.active.title = "sessions"
        workbook.active.append(SESSION_HEADER)
        workbook.active.append(LISTED_SESSIONS[0])
        workbook.create_sheet("participants").append(["session", "participant"])
        workbook["participants"].append(["MDSF-1", "P-1"])
        workbook.save(self.folder / "trainings.xlsx")
        problem = self.only_problem(self.imported(self.folder / "trainings.xlsx"))
        self.assertEqual((problem.file, problem.row, problem.column), ("trainings.xlsx [participants]", 1, "sex"))
        self.assertIn("Expected headers, in any order and any capitalisation: session, participant, sex",
                      problem.reason)

    def test_a_participant_of_an_unknown_session_is_a_problem_in_the_participants_sheet(self):
        problem = self.only_problem(self.imported(self.workbook(participants=[*PARTICIPANTS, ["MDSF-9", "P-9", "F"]])))
        self.assertEqual((problem.file, problem.row, problem.column, problem.value),
                         ("trainings.xlsx [Participants]", 10, "Session", "MDSF-9"))

    def test_a_participant_listed_twice_for_a_session_is_a_problem(self):
        problem = self.only_problem(self.imported(self.workbook(participants=[*PARTICIPANTS, ["MDSF-1", "P-2", "M"]])))
        self.assertEqual((problem.row, problem.value, problem.reason),
                         (10, "P-2", "this participant is already listed for this session"))

    def test_a_sex_other_than_f_or_m_is_a_problem(self):
        problem = self.only_problem(self.imported(self.workbook(participants=[*PARTICIPANTS, ["MDSF-1", "P-6", "X"]])))
        self.assertEqual((problem.column, problem.value, problem.reason), ("Sex", "X", "Sex must be F or M."))

    def test_a_participant_recorded_with_two_sexes_is_a_problem(self):
        problem = self.only_problem(self.imported(self.workbook(participants=[*PARTICIPANTS, ["UNPOL-1", "P-2", "F"]])))
        self.assertEqual((problem.row, problem.reason), (10, "the same participant is recorded as M in row 3"))

    def test_a_session_with_both_participants_and_counts_is_a_problem(self):
        sessions = [[*row, 12, None] for row in LISTED_SESSIONS[:1]] + LISTED_SESSIONS[1:]
        path = self.workbook(sessions=sessions, participants=PARTICIPANTS, session_header=[*SESSION_HEADER, "trained"])
        problem = self.only_problem(self.imported(path))
        self.assertEqual((problem.file, problem.row, problem.column), ("trainings.xlsx [Sessions]", 2, "trained"))

    def test_a_session_with_neither_participants_nor_counts_is_a_problem(self):
        path = self.workbook(participants=[row for row in PARTICIPANTS if row[0] != "UNPOL-2"])
        problem = self.only_problem(self.imported(path))
        self.assertEqual((problem.row, problem.column), (5, "trained"))
        self.assertIn("no participant of this session is listed", problem.reason)


class BadSessionFileTests(TrainingImportTestCase):
    def assert_problem(self, rows: str, column: str, value: str, reason: str, header: str = HEADER):
        problem = self.only_problem(self.imported(self.write(header + rows)))
        self.assertEqual((problem.file, problem.row, problem.column, problem.value), ("sessions.csv", 2, column, value))
        self.assertIn(reason, problem.reason)
        self.assertFalse(Training.objects.exists())

    def test_an_unknown_programme_is_a_problem_listing_the_missions_programmes(self):
        self.assert_problem("2020-02-03,first-aid,Gao,S-1,10,2\n", "programme", "first-aid",
                            "unknown programme; the programmes of MINUSMA are: mdsf-explosive-threats, unpol-trainings")

    def test_an_unknown_audience_and_subject_is_a_problem(self):
        self.assert_problem("2020-02-03,judges,first aid,S-1,10\n", "audience, subject", "judges / first aid",
                            "unknown programme", header="date,audience,subject,reference,trained\n")

    def test_women_above_trained_is_a_problem(self):
        self.assert_problem("2020-02-03,unpol-trainings,Gao,S-1,10,12\n", "women", "12",
                            "Women cannot outnumber the persons trained.")

    def test_a_negative_count_is_a_problem(self):
        self.assert_problem("2020-02-03,unpol-trainings,Gao,S-1,-10,\n", "trained", "-10", "cannot be negative")

    def test_a_count_that_is_not_a_whole_number_is_a_problem(self):
        self.assert_problem("2020-02-03,unpol-trainings,Gao,S-1,ten,\n", "trained", "ten", "not a whole number")

    def test_a_malformed_date_is_a_problem(self):
        self.assert_problem("Feb 3rd 2020,unpol-trainings,Gao,S-1,10,\n", "date", "Feb 3rd 2020", "not a date")

    def test_an_unknown_site_is_a_problem(self):
        self.assert_problem("2020-02-03,unpol-trainings,Paris,S-1,10,\n", "site", "Paris", "unknown site")

    def test_an_empty_reference_is_a_problem(self):
        self.assert_problem("2020-02-03,unpol-trainings,Gao,,10,\n", "reference", "", "reference is empty")

    def test_the_same_session_reference_twice_is_a_problem(self):
        problem = self.only_problem(self.imported(self.write(
            HEADER + "2020-02-03,unpol-trainings,Gao,S-1,10,\n2020-02-04,unpol-trainings,Gao,S-1,10,\n")))
        self.assertEqual((problem.row, problem.reason), (3, "the same session reference as row 2"))

    def test_missing_headers_are_named_with_the_expected_ones(self):
        problem = self.only_problem(self.imported(self.write("date,programme,trained\n2020-02-03,x,1\n")))
        self.assertEqual((problem.row, problem.column), (1, "reference"))
        self.assertIn("Expected headers, in any order and any capitalisation: date, reference", problem.reason)

    def test_a_csv_needs_a_trained_column(self):
        problem = self.only_problem(self.imported(self.write("date,programme,reference\n2020-02-03,x,S-1\n")))
        self.assertEqual(problem.column, "trained")

    def test_an_empty_file_is_a_problem(self):
        problem = self.only_problem(self.imported(self.write("")))
        self.assertEqual(problem.reason, "the file is empty")


class TrainingReimportTests(TrainingImportTestCase):
    def test_a_rejected_file_leaves_the_database_exactly_as_it_was(self):
        self.imported(self.workbook(participants=PARTICIPANTS))
        before = snapshot()
        result = self.imported(self.workbook(participants=[*PARTICIPANTS[:-1], ["UNPOL-2", "P-1", "X"]]))
        self.assertFalse(result.ok)
        self.assertEqual(snapshot(), before)

    def test_importing_the_same_file_again_changes_nothing_and_says_so(self):
        path = self.workbook(participants=PARTICIPANTS)
        first = self.imported(path)
        before = snapshot()
        again = self.imported(path)
        self.assertTrue(again.ok, again.problems)
        self.assertEqual((again.rows_added, again.rows_changed, again.rows_removed, again.rows_unchanged), (0, 0, 0, 4))
        self.assertIn(f"Nothing changed: the data already matches this file (import #{first.batch_id}).", again.notes)
        self.assertIsNone(again.batch_id)
        self.assertEqual(snapshot(), before)

    def test_a_corrected_file_replaces_what_its_earlier_version_brought(self):
        self.imported(self.workbook(participants=PARTICIPANTS))
        kept = Training.objects.get(reference="MDSF-1")
        corrected = [row for row in PARTICIPANTS if row[:2] != ["MDSF-2", "P-3"]] + [["MDSF-2", "P-6", "F"]]
        result = self.imported(self.workbook(sessions=LISTED_SESSIONS[:3], participants=[
            row for row in corrected if row[0] != "UNPOL-2"]))
        self.assertTrue(result.ok, result.problems)
        self.assertEqual((result.rows_added, result.rows_changed, result.rows_removed, result.rows_unchanged),
                         (0, 1, 1, 2))
        self.assertEqual(Training.objects.get(reference="MDSF-1").import_batch_id, kept.import_batch_id)
        self.assertEqual(sorted(TrainingParticipation.objects.filter(training__reference="MDSF-2")
                                .values_list("participant_ref", "sex")), [("P-1", "F"), ("P-6", "F")])
        self.assertFalse(Training.objects.filter(reference="UNPOL-2").exists())
        self.assertEqual(self.figures()["mdsf-explosive-threats"], (3, 2))

    def test_a_session_that_turns_from_participants_to_counts_loses_its_participants(self):
        self.imported(self.workbook(participants=PARTICIPANTS))
        sessions = [[*row, 5, 1] for row in LISTED_SESSIONS]
        result = self.imported(self.workbook(sessions=sessions, session_header=[*SESSION_HEADER, "trained", "women"]))
        self.assertTrue(result.ok, result.problems)
        self.assertEqual(result.rows_changed, 4)
        self.assertFalse(TrainingParticipation.objects.exists())
        self.assertEqual(self.figures()["unpol-trainings"], (10, 2))


def messages_of(record) -> dict:
    """What full_clean() (the admin's and the API's validation) says about a record, in English."""
    with translation.override("en"):
        try:
            record.full_clean()
        except ValidationError as error:
            return {field: [str(text) for text in texts] for field, texts in error.message_dict.items()}
    return {}


class SharedRuleTests(TrainingImportTestCase):
    """The admin and the API validate with the models' full_clean(); it says what the import says."""

    def test_a_session_of_another_missions_programme_is_refused(self):
        other = Mission.objects.get(acronym="MINUSCA")  # from the catalogue of operations
        programme = TrainingProgramme.objects.get(mission=self.minusma, key="unpol-trainings")
        session = Training(mission=other, programme=programme, held_on=date(2020, 2, 3), trained=10,
                           source=a_source())
        self.assertEqual(messages_of(session), {"programme": ["The training programme belongs to another mission."]})

    def test_a_session_with_more_women_than_trained_is_refused_in_the_same_words(self):
        programme = TrainingProgramme.objects.get(mission=self.minusma, key="unpol-trainings")
        session = Training(mission=self.minusma, programme=programme, held_on=date(2020, 2, 3), trained=10,
                           women=12, source=a_source())
        problem = self.only_problem(self.imported(self.write(HEADER + "2020-02-03,unpol-trainings,Gao,S-1,10,12\n")))
        self.assertEqual(messages_of(session), {"women": [problem.reason]})
