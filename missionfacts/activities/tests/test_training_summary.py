import random
from datetime import date, timedelta

from django.db import connection
from django.test import TestCase

from missionfacts.activities.models import Training, TrainingDay, TrainingParticipation, TrainingProgramme
from missionfacts.activities.training_summary import rebuild_training_days, refresh_training_days, refreshed_once
from missionfacts.figures import activities as figures
from missionfacts.figures.values import Period
from missionfacts.missions.models import Mission
from missionfacts.testing import a_mission, a_source

FIRST_DAY = date(2020, 1, 1)
DAYS = 30  # few, so that sessions often share a day
PEOPLE = 25  # few, so that the same persons come back to many sessions


def recomputed() -> list[tuple]:
    """The summary as it should be, from the sessions and participations themselves, in plain Python:
    (programme, day, sessions, participations, women's, first persons, first women, stated trained, stated
    women, sessions not stating women)."""
    rows: dict[tuple, list[int]] = {}
    persons: dict[tuple, list] = {}
    listed = set(TrainingParticipation.objects.values_list("training_id", flat=True))
    for pk, programme, day, trained, women in Training.objects.values_list("pk", "programme_id", "held_on", "trained",
                                                                            "women"):
        row = rows.setdefault((programme, day), [0] * 8)
        row[0] += 1
        if pk not in listed:
            row[5] += trained or 0
            row[6] += women or 0
            row[7] += women is None
    for programme, day, person, sex in TrainingParticipation.objects.values_list(
            "training__programme_id", "training__held_on", "participant_ref", "sex"):
        row = rows[(programme, day)]
        row[1] += 1
        row[2] += sex == "F"
        first = persons.setdefault((programme, person), [day, None])
        first[0] = min(first[0], day)
        if sex == "F":
            first[1] = day if first[1] is None else min(first[1], day)
    for (programme, _person), (first_day, first_woman_day) in persons.items():
        rows[(programme, first_day)][3] += 1
        if first_woman_day is not None:
            rows[(programme, first_woman_day)][4] += 1
    return sorted((*key, *counts) for key, counts in rows.items())


def summarised() -> list[tuple]:
    return sorted(TrainingDay.objects.values_list(
        "programme_id", "day", "sessions", "participations", "women_participations", "first_persons", "first_women",
        "stated_trained", "stated_women", "stated_without_women"))


class Scenario:
    """Writes sessions and participations in every way the application does, at random, from a seed."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.source = a_source("training-summary")
        self.missions = [self.new_mission() for _ in range(2)]

    def new_mission(self) -> Mission:
        mission = a_mission(f"MTRN{self.rng.randrange(10**6)}")
        for key, counts in (("persons", "persons"), ("participations", "participations"), ("other", "persons")):
            TrainingProgramme.objects.create(mission=mission, key=key, audience_fr=key, audience_en=key,
                                             subject_fr=key, subject_en=key, counts=counts, source=self.source)
        return mission

    def day(self) -> date:
        return FIRST_DAY + timedelta(days=self.rng.randrange(DAYS))

    def programme(self) -> TrainingProgramme:
        return self.rng.choice(list(TrainingProgramme.objects.filter(mission__in=self.missions)))

    def pick(self, rows, most: int = 1) -> list:
        """Up to `most` rows of a queryset, drawn by the scenario's seed (the database's random order is not)."""
        pks = list(rows.order_by("pk").values_list("pk", flat=True).distinct())
        chosen = self.rng.sample(pks, min(most, len(pks)))
        return list(rows.model.objects.filter(pk__in=chosen).order_by("pk"))

    def session(self) -> Training | None:
        return next(iter(self.pick(Training.objects.all())), None)

    def participants(self, session: Training, most: int) -> list[TrainingParticipation]:
        people = self.rng.sample(range(PEOPLE), self.rng.randint(1, most))
        taken = set(session.participations.values_list("participant_ref", flat=True))
        return [TrainingParticipation(training=session, participant_ref=f"P{person}", sex=self.rng.choice("FM"))
                for person in people if f"P{person}" not in taken]

    # The writers ---------------------------------------------------------------------------------------------

    def new_session(self) -> None:
        programme = self.programme()
        session = Training.objects.create(mission=programme.mission, programme=programme, held_on=self.day(),
                                          source=self.source)
        TrainingParticipation.objects.bulk_create(self.participants(session, 8))

    def stated_sessions(self) -> None:
        """Sessions that give counts instead of listing participants, some without the women's."""
        programme = self.programme()
        Training.objects.bulk_create([
            Training(mission=programme.mission, programme=programme, held_on=self.day(), source=self.source,
                     trained=trained, women=self.rng.choice([None, trained // 2]))
            for trained in self.rng.sample(range(1, 40), 3)])

    def restate(self) -> None:
        session = next(iter(self.pick(Training.objects.filter(participations__isnull=True))), None)
        if session is not None:
            session.trained, session.women = (session.trained or 0) + 1, self.rng.choice([None, 0])
            session.save()

    def add_one(self) -> None:
        session = self.session()
        if session is not None:
            for participation in self.participants(session, 1):
                participation.save()

    def change_sex(self) -> None:
        participation = next(iter(self.pick(TrainingParticipation.objects.all())), None)
        if participation is not None:
            participation.sex = "M" if participation.sex == "F" else "F"
            participation.save()

    def move_participation(self) -> None:
        participation = next(iter(self.pick(TrainingParticipation.objects.all())), None)
        session = self.session()
        if participation is not None and not session.participations.filter(
                participant_ref=participation.participant_ref).exists():
            participation.training = session
            participation.save()

    def move_session(self) -> None:
        session = self.session()
        if session is not None:
            session.held_on = self.day()
            if self.rng.random() < 0.5:
                session.programme = self.rng.choice(list(session.mission.training_programmes.all()))
            session.save()

    def bulk_update_sessions(self) -> None:
        sessions = self.pick(Training.objects.all(), 4)
        for session in sessions:
            session.held_on = self.day()
        Training.objects.bulk_update(sessions, ["held_on"], batch_size=2)

    def bulk_update_participations(self) -> None:
        participations = self.pick(TrainingParticipation.objects.all(), 6)
        for participation in participations:
            participation.sex = self.rng.choice("FM")
        TrainingParticipation.objects.bulk_update(participations, ["sex"], batch_size=4)

    def update(self) -> None:
        day = self.day()
        Training.objects.filter(held_on__range=(day, day + timedelta(days=3))).update(held_on=self.day())
        TrainingParticipation.objects.filter(participant_ref=f"P{self.rng.randrange(PEOPLE)}").update(
            sex=self.rng.choice("FM"))

    def delete_participations(self) -> None:
        TrainingParticipation.objects.filter(participant_ref=f"P{self.rng.randrange(PEOPLE)}").delete()

    def delete_session(self) -> None:
        session = self.session()
        if session is not None:
            session.delete()

    def delete_sessions(self) -> None:
        day = self.day()
        Training.objects.filter(held_on__range=(day, day + timedelta(days=4))).delete()

    def import_like(self) -> None:
        """As the `trainings` importer writes: in chunks, summed once at the end."""
        with refreshed_once():
            for _ in range(3):
                self.new_session()
            self.delete_participations()

    def by_sql(self) -> None:
        session = self.session()
        if session is not None:
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM activities_trainingparticipation WHERE training_id = %s", [session.pk])
            refresh_training_days([session.programme_id])

    def delete_mission(self) -> None:
        mission = self.missions.pop(self.rng.randrange(len(self.missions)))
        Training.objects.filter(mission=mission).delete()  # sessions protect their programme
        mission.delete()
        self.missions.append(self.new_mission())

    WRITERS = ("new_session", "stated_sessions", "restate", "add_one", "change_sex", "move_participation",
               "move_session", "bulk_update_sessions",
               "bulk_update_participations", "update", "delete_participations", "delete_session", "delete_sessions",
               "import_like", "by_sql", "delete_mission")
    WEIGHTS = (6, 2, 1, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 2, 1, 1)

    def step(self) -> str:
        writer = self.rng.choices(self.WRITERS, self.WEIGHTS)[0]
        getattr(self, writer)()
        return writer


class TrainingDayTests(TestCase):
    def assertSummaryExact(self, context: str = "") -> None:
        self.assertEqual(summarised(), recomputed(), context)

    def test_it_matches_the_participations_after_any_sequence_of_writes(self):
        for seed in range(5):
            with self.subTest(seed=seed):
                scenario = Scenario(seed)
                done = []
                for _ in range(50):
                    done.append(scenario.step())
                    self.assertSummaryExact(f"seed {seed}, after {done}")
                self.assertTrue(TrainingParticipation.objects.exists())

    def test_a_write_that_skips_the_refresh_is_caught(self):
        scenario = Scenario(1)
        for _ in range(5):
            scenario.new_session()
        self.assertSummaryExact()
        participation = TrainingParticipation.objects.first()
        with connection.cursor() as cursor:
            cursor.execute("UPDATE activities_trainingparticipation SET sex = CASE WHEN sex = 'F' THEN 'M' ELSE 'F' "
                           "END WHERE id = %s", [participation.pk])
        self.assertNotEqual(summarised(), recomputed())
        rebuild_training_days()
        self.assertSummaryExact()

    def test_an_import_like_block_sums_each_programme_once(self):
        scenario = Scenario(2)
        statements = []
        with connection.execute_wrapper(lambda execute, sql, *args: statements.append(sql) or execute(sql, *args)):
            scenario.import_like()
        refreshes = [sql for sql in statements if "INSERT INTO" in sql and "activities_trainingday" in sql]
        self.assertEqual(len(refreshes), 1)
        self.assertSummaryExact()

    def test_the_sheets_figures_are_the_ones_counted_from_the_records(self):
        """Each programme's trained and women, read from the summary, equal a count from every session and
        participation, for periods from the start (read from the summary) and later ones (grouped)."""
        scenario = Scenario(3)
        for _ in range(60):
            scenario.step()
        before = FIRST_DAY - timedelta(days=5)
        periods = [(before, FIRST_DAY + timedelta(days=offset)) for offset in (0, 7, 15, DAYS)]
        periods += [(FIRST_DAY + timedelta(days=10), FIRST_DAY + timedelta(days=DAYS))]
        checked = 0
        for mission in scenario.missions:
            for start, end in periods:
                got = {figure.programme_key: figure
                       for figure in figures.trainings_between(mission, Period(start, end), end)}
                for programme in mission.training_programmes.all():
                    expected = self.counted(programme, start, end)
                    figure = got[programme.key]
                    with self.subTest(mission=mission.acronym, programme=programme.key, period=f"{start}..{end}"):
                        checked += 1
                        self.assertEqual(figure.trained.value, expected[0])
                        self.assertEqual(figure.women.value if figure.women.available else None, expected[1])
        self.assertGreater(checked, 10)

    @staticmethod
    def counted(programme, start: date, end: date) -> tuple[int, int | None]:
        sessions = list(Training.objects.filter(programme=programme, held_on__range=(start, end)))
        if not sessions:
            # Every period asked for touches the month the sessions cover (figures.coverage): none held, none
            # trained.
            return 0, 0
        people = list(TrainingParticipation.objects.filter(training__in=sessions).values_list("participant_ref", "sex"))
        if programme.counts == "participations":
            trained, women = len(people), sum(sex == "F" for _ref, sex in people)
        else:
            trained, women = len({ref for ref, _sex in people}), len({ref for ref, sex in people if sex == "F"})
        stated = [session for session in sessions if not session.participations.exists()]
        if any(session.women is None for session in stated):
            women = None
        else:
            women += sum(session.women for session in stated)
        return trained + sum(session.trained or 0 for session in stated), women
