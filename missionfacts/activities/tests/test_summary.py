import random
from datetime import date, timedelta

from django.db import connection
from django.test import TestCase

from missionfacts.activities.models import Patrol, PatrolDay, PatrolMonthTotal
from missionfacts.activities.summary import rebuild_patrol_days, refresh_patrol_days
from missionfacts.figures.activities import patrols_of_components
from missionfacts.figures.values import Period
from missionfacts.imports.models import ImportBatch
from missionfacts.missions.models import Mission, Sector
from missionfacts.testing import a_mission, a_source

FIRST_DAY = date(2020, 1, 1)
DAYS = 40  # few, so that patrols often share a day and moves land on days that have patrols
COMPONENTS = ("military", "police")
KEY = ("mission_id", "component", "patrolled_on", "sector_id", "source_id", "import_batch_id")


def recomputed() -> list[tuple]:
    """The summary as it should be: every group of patrols with its count, from the patrols themselves."""
    counts: dict[tuple, int] = {}
    for key in Patrol.objects.values_list(*KEY):
        counts[key] = counts.get(key, 0) + 1
    return sorted(((*key, patrols) for key, patrols in counts.items()), key=repr)


def recomputed_months() -> list[tuple]:
    """The monthly summary as it should be, from the patrols themselves."""
    counts: dict[tuple, int] = {}
    for mission, component, day, *rest in Patrol.objects.values_list(*KEY):
        key = (mission, component, day.replace(day=1), *rest)
        counts[key] = counts.get(key, 0) + 1
    return sorted(((*key, patrols) for key, patrols in counts.items()), key=repr)


def summarised_months() -> list[tuple]:
    return sorted(PatrolMonthTotal.objects.values_list("mission_id", "component", "month", "sector_id", "source_id",
                                                       "import_batch_id", "patrols"), key=repr)


def summarised() -> list[tuple]:
    """Every row of the summary, duplicates and empty groups included."""
    return sorted(PatrolDay.objects.values_list("mission_id", "component", "day", "sector_id", "source_id",
                                                "import_batch_id", "patrols"), key=repr)


class Scenario:
    """Writes patrols in every way the application does, at random: a seed replays the same writes."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.sources = [a_source("summary-a"), a_source("summary-b")]
        self.missions = [self.new_mission() for _ in range(3)]

    def new_mission(self) -> Mission:
        mission = a_mission(f"MSUM{self.rng.randrange(10**6)}")
        for key in ("north", "south"):
            Sector.objects.create(mission=mission, key=key, name_fr=key, name_en=key, source=self.sources[0])
        return mission

    def day(self) -> date:
        return FIRST_DAY + timedelta(days=self.rng.randrange(DAYS))

    def place(self) -> dict:
        mission = self.rng.choice(self.missions)
        return {"mission_id": mission.pk, "component": self.rng.choice(COMPONENTS), "patrolled_on": self.day(),
                "sector_id": self.rng.choice([None, *mission.sectors.values_list("pk", flat=True)]),
                "source_id": self.rng.choice(self.sources).pk,
                "import_batch_id": self.rng.choice([None, *ImportBatch.objects.values_list("pk", flat=True)])}

    def some_patrols(self, most: int) -> list[Patrol]:
        pks = list(Patrol.objects.values_list("pk", flat=True))
        return list(Patrol.objects.filter(pk__in=self.rng.sample(pks, min(len(pks), self.rng.randint(1, most)))))

    # The writers ---------------------------------------------------------------------------------------------

    def import_by_sql(self) -> None:
        """As an importer writing through a staging table: rows in raw SQL, then the days it touched summed."""
        mission = self.rng.choice(self.missions)
        batch = ImportBatch.objects.create(kind="patrols", file_name="patrols.csv", checksum="0" * 64,
                                           source=self.sources[1])
        rows = [(mission.pk, self.day(), self.rng.choice(COMPONENTS), batch.source_id, batch.pk, "", "")
                for _ in range(self.rng.randint(1, 30))]
        with connection.cursor() as cursor:
            cursor.executemany("INSERT INTO activities_patrol (mission_id, patrolled_on, component, source_id, "
                               "import_batch_id, patrol_type, reference) VALUES (%s, %s, %s, %s, %s, %s, %s)", rows)
        if self.rng.random() < 0.5:  # a new version of a file removes what the earlier one brought on some days
            gone = self.day()
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM activities_patrol WHERE mission_id = %s AND patrolled_on = %s",
                               [mission.pk, gone])
            rows.append((mission.pk, gone))
        refresh_patrol_days(mission.pk, min(row[1] for row in rows), max(row[1] for row in rows))

    def bulk_create(self) -> None:
        Patrol.objects.bulk_create([Patrol(**self.place()) for _ in range(self.rng.randint(1, 20))])

    def create(self) -> None:
        Patrol.objects.create(**self.place())

    def move(self) -> None:
        for patrol in self.some_patrols(3):
            place = self.place()
            if self.rng.random() < 0.5:  # to another mission, or not; a sector belongs to one mission
                place.pop("mission_id")
                place["sector_id"] = None
            for name, value in place.items():
                if self.rng.random() < 0.5 or name in ("mission_id", "sector_id"):
                    setattr(patrol, name, value)
            patrol.save()

    def bulk_update(self) -> None:
        patrols = self.some_patrols(10)
        for patrol in patrols:
            patrol.patrolled_on, patrol.component = self.day(), self.rng.choice(COMPONENTS)
        Patrol.objects.bulk_update(patrols, ["patrolled_on", "component"], batch_size=3)

    def update(self) -> None:
        day = self.day()
        Patrol.objects.filter(patrolled_on__range=(day, day + timedelta(days=3))).update(
            patrolled_on=self.day(), component=self.rng.choice(COMPONENTS))

    def delete_one(self) -> None:
        for patrol in self.some_patrols(1):
            if self.rng.random() < 0.3:  # changed in memory, never saved: the saved row is what is deleted
                patrol.patrolled_on = self.day()
            patrol.delete()

    def delete_many(self) -> None:
        day = self.day()
        Patrol.objects.filter(mission=self.rng.choice(self.missions),
                              patrolled_on__range=(day, day + timedelta(days=5))).delete()

    def delete_mission(self) -> None:
        mission = self.missions.pop(self.rng.randrange(len(self.missions)))
        # A patrol's sector is protected, even from its mission's deletion.
        Patrol.objects.filter(mission=mission).update(sector=None)
        mission.delete()
        self.missions.append(self.new_mission())

    WRITERS = ("import_by_sql", "bulk_create", "create", "move", "bulk_update", "update", "delete_one",
               "delete_many", "delete_mission")
    WEIGHTS = (3, 2, 3, 3, 2, 1, 2, 2, 1)

    def step(self) -> str:
        writer = self.rng.choices(self.WRITERS, self.WEIGHTS)[0]
        getattr(self, writer)()
        return writer


class PatrolDayTests(TestCase):
    def assertSummaryExact(self, context: str = "") -> None:
        self.assertEqual(summarised(), recomputed(), context)
        self.assertEqual(summarised_months(), recomputed_months(), context)

    def test_it_matches_the_patrols_after_any_sequence_of_writes(self):
        for seed in range(6):
            with self.subTest(seed=seed):
                scenario = Scenario(seed)
                done = []
                for _ in range(60):
                    done.append(scenario.step())
                    self.assertSummaryExact(f"seed {seed}, after {done}")
                self.assertTrue(Patrol.objects.exists())

    def test_a_write_that_skips_the_refresh_is_caught(self):
        scenario = Scenario(1)
        for _ in range(10):
            scenario.step()
        self.assertSummaryExact()
        patrol = Patrol.objects.first()
        with connection.cursor() as cursor:
            cursor.execute("UPDATE activities_patrol SET patrolled_on = %s WHERE id = %s",
                           [date(2021, 6, 1), patrol.pk])
        self.assertNotEqual(summarised(), recomputed())
        refresh_patrol_days(patrol.mission_id, date(2020, 1, 1), date(2021, 12, 31))
        self.assertSummaryExact()

    def test_a_duplicated_summary_row_is_caught(self):
        Scenario(2).create()
        row = PatrolDay.objects.get()
        row.pk = None
        row.save()
        self.assertNotEqual(summarised(), recomputed())

    def test_a_refresh_sums_only_the_days_asked(self):
        scenario = Scenario(3)
        scenario.create()
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM activities_patrol")
        refresh_patrol_days(scenario.missions[0].pk, FIRST_DAY - timedelta(days=1), FIRST_DAY - timedelta(days=1))
        self.assertEqual(PatrolDay.objects.count(), 1)

    def test_a_rebuild_sums_every_patrol_again(self):
        scenario = Scenario(4)
        for _ in range(15):
            scenario.step()
        PatrolDay.objects.all().delete()
        rebuild_patrol_days()
        self.assertSummaryExact()
        self.assertTrue(PatrolDay.objects.exists())

    def test_deleting_a_mission_deletes_its_summary_only(self):
        scenario = Scenario(5)
        for mission in scenario.missions:
            Patrol.objects.create(mission=mission, component="police", patrolled_on=FIRST_DAY,
                                  source=scenario.sources[0])
        gone = scenario.missions[0]
        gone.delete()
        self.assertFalse(PatrolDay.objects.filter(mission_id=gone.pk).exists())
        self.assertEqual(PatrolDay.objects.count(), 2)
        self.assertSummaryExact()

    def test_a_queryset_deletion_refreshes_each_component_of_each_mission_once(self):
        scenario = Scenario(6)
        mission = scenario.missions[0]
        Patrol.objects.bulk_create([
            Patrol(mission=mission, component=component, patrolled_on=FIRST_DAY + timedelta(days=n),
                   source=scenario.sources[0])
            for n in range(20) for component in COMPONENTS
        ])
        statements = []
        with connection.execute_wrapper(lambda execute, sql, *args: statements.append(sql) or execute(sql, *args)):
            Patrol.objects.filter(mission=mission).delete()
        refreshes = [sql for sql in statements if sql.startswith('INSERT INTO "activities_patrolday"')]
        self.assertEqual(len(refreshes), 2)
        self.assertSummaryExact()

    def test_a_save_that_does_not_move_the_patrol_leaves_the_summary_alone(self):
        scenario = Scenario(7)
        scenario.create()
        patrol = Patrol.objects.get()
        patrol.patrol_type = "foot"
        statements = []
        with connection.execute_wrapper(lambda execute, sql, *args: statements.append(sql) or execute(sql, *args)):
            patrol.save(update_fields=["patrol_type"])
        self.assertTrue(statements)
        summaries = ("activities_patrolday", "activities_patrolmonthtotal")
        self.assertFalse([sql for sql in statements if any(table in sql for table in summaries)])

    def test_the_sheets_patrols_over_any_period_are_the_patrols_counted(self):
        """Whole months from the monthly summary and the days around them from the daily one add up to the
        patrols of the period, for periods starting and ending on any day."""
        scenario = Scenario(8)
        for _ in range(40):
            scenario.step()
        rng = random.Random(8)
        for _ in range(40):
            start = FIRST_DAY + timedelta(days=rng.randrange(-5, DAYS))
            end = start + timedelta(days=rng.choice([0, 3, 20, 31, 45, 90]))
            mission = rng.choice(scenario.missions)
            got = patrols_of_components(mission, COMPONENTS, Period(start, end), end)
            for component in COMPONENTS:
                counted = Patrol.objects.filter(mission=mission, component=component,
                                                patrolled_on__range=(start, end)).count()
                with self.subTest(period=f"{start}..{end}", component=component):
                    self.assertEqual(got[component].value if got[component].available else 0, counted)
