from datetime import date

from django.test import TestCase

from missionfacts.activities.models import (
    Patrol,
    PatrolCount,
    Training,
    TrainingCount,
    TrainingParticipation,
    TrainingProgramme,
)
from missionfacts.casualties.models import Fatality, FatalityCount
from missionfacts.figures.activities import fatalities_between, patrols_between, trainings_between
from missionfacts.figures.values import Period
from missionfacts.imports.models import ImportBatch
from missionfacts.testing import a_mission, a_source

PERIOD = Period(date(2020, 1, 1), date(2020, 12, 31))
LATE = date(2030, 1, 1)


class PatrolsBetweenTests(TestCase):
    def setUp(self):
        self.mission, self.source = a_mission(), a_source()

    def patrol(self, day, component="military", batch=None):
        Patrol.objects.create(mission=self.mission, patrolled_on=day, component=component, source=self.source,
                              import_batch=batch)

    def a_file_covering(self, start, end):
        return ImportBatch.objects.create(kind="patrols", file_name="patrols.csv", checksum="0" * 64,
                                          source=self.source, covers_from=start, covers_to=end)

    def test_period_bounds_are_inclusive(self):
        batch = self.a_file_covering(date(2019, 1, 1), date(2021, 12, 31))
        for day in (date(2019, 12, 31), date(2020, 1, 1), date(2020, 12, 31), date(2021, 1, 1)):
            self.patrol(day, batch=batch)
        figure = patrols_between(self.mission, "military", PERIOD, LATE)
        self.assertEqual((figure.value, figure.period), (2, PERIOD))

    def test_patrols_after_the_sheets_date_are_not_yet_known(self):
        batch = self.a_file_covering(date(2020, 1, 1), date(2020, 12, 31))
        self.patrol(date(2020, 3, 1), batch=batch)
        self.patrol(date(2020, 9, 1), batch=batch)
        figure = patrols_between(self.mission, "military", PERIOD, date(2020, 6, 30))
        self.assertEqual(figure.value, 1)
        self.assertEqual(figure.period, Period(date(2020, 1, 1), date(2020, 6, 30)))

    def test_records_without_a_stated_coverage_cover_only_their_months(self):
        self.patrol(date(2020, 3, 1))
        self.patrol(date(2020, 3, 20))
        self.patrol(date(2020, 9, 1))
        figure = patrols_between(self.mission, "military", PERIOD, LATE)
        self.assertEqual((figure.value, figure.period), (2, Period(date(2020, 3, 1), date(2020, 3, 31))))

    def test_a_file_covering_the_period_with_no_patrol_of_a_month_gives_zero_for_that_month(self):
        batch = self.a_file_covering(date(2020, 1, 1), date(2020, 3, 31))
        self.patrol(date(2020, 1, 6), batch=batch)
        figure = patrols_between(self.mission, "military", Period(date(2020, 2, 1), date(2020, 2, 29)), LATE)
        self.assertEqual((figure.value, figure.period), (0, Period(date(2020, 2, 1), date(2020, 2, 29))))

    def test_a_published_count_is_used_when_there_are_no_individual_records(self):
        PatrolCount.objects.create(mission=self.mission, component="police", period_start=date(2020, 1, 1),
                                   period_end=date(2020, 12, 31), count=93873, source=self.source)
        figure = patrols_between(self.mission, "police", PERIOD, date(2020, 7, 1))
        self.assertEqual(figure.value, 93873)
        self.assertEqual(figure.provenance[0].model, "activities.PatrolCount")

    def test_a_count_that_only_partly_overlaps_the_period_is_not_used(self):
        PatrolCount.objects.create(mission=self.mission, component="police", period_start=date(2019, 7, 1),
                                   period_end=date(2020, 6, 30), count=500, source=self.source)
        self.assertFalse(patrols_between(self.mission, "police", PERIOD, LATE).available)

    def test_records_of_one_month_do_not_shrink_a_count_of_the_whole_period(self):
        PatrolCount.objects.create(mission=self.mission, component="military", period_start=date(2020, 1, 1),
                                   period_end=date(2020, 12, 31), count=999, source=self.source)
        self.patrol(date(2020, 5, 5))
        figure = patrols_between(self.mission, "military", PERIOD, LATE)
        self.assertEqual((figure.value, figure.period), (999, PERIOD))

    def test_the_months_records_are_the_figure_of_that_month(self):
        PatrolCount.objects.create(mission=self.mission, component="military", period_start=date(2020, 1, 1),
                                   period_end=date(2020, 12, 31), count=999, source=self.source)
        self.patrol(date(2020, 5, 5))
        may = Period(date(2020, 5, 1), date(2020, 5, 31))
        figure = patrols_between(self.mission, "military", may, LATE)
        self.assertEqual((figure.value, figure.period, figure.provenance[0].model), (1, may, "activities.Patrol"))

    def test_a_published_count_wins_over_records_covering_the_same_period(self):
        batch = self.a_file_covering(date(2020, 1, 1), date(2020, 12, 31))
        PatrolCount.objects.create(mission=self.mission, component="military", period_start=date(2020, 1, 1),
                                   period_end=date(2020, 12, 31), count=999, source=self.source)
        self.patrol(date(2020, 5, 5), batch=batch)
        self.assertEqual(patrols_between(self.mission, "military", PERIOD, LATE).value, 999)

    def test_records_covering_more_of_the_period_win_over_a_shorter_count(self):
        batch = self.a_file_covering(date(2020, 1, 1), date(2020, 12, 31))
        PatrolCount.objects.create(mission=self.mission, component="military", period_start=date(2020, 1, 1),
                                   period_end=date(2020, 6, 30), count=999, source=self.source)
        self.patrol(date(2020, 5, 5), batch=batch)
        self.patrol(date(2020, 11, 5), batch=batch)
        figure = patrols_between(self.mission, "military", PERIOD, LATE)
        self.assertEqual((figure.value, figure.period), (2, PERIOD))

    def test_a_count_covering_part_of_the_period_keeps_its_own_period(self):
        PatrolCount.objects.create(mission=self.mission, component="police", period_start=date(2020, 7, 1),
                                   period_end=date(2020, 9, 30), count=40, source=self.source)
        figure = patrols_between(self.mission, "police", PERIOD, LATE)
        self.assertEqual((figure.value, figure.period), (40, Period(date(2020, 7, 1), date(2020, 9, 30))))

    def test_no_patrols_is_not_available_rather_than_zero(self):
        self.patrol(date(2020, 5, 5), component="police")
        figure = patrols_between(self.mission, "military", PERIOD, LATE)
        self.assertFalse(figure.available)


class TrainingsBetweenTests(TestCase):
    def setUp(self):
        self.mission, self.source = a_mission(), a_source()

    def programme(self, counts):
        return TrainingProgramme.objects.create(
            mission=self.mission, key=counts, counts=counts, audience_fr="policiers", audience_en="police officers",
            subject_fr="formations UNPOL", subject_en="UNPOL trainings", source=self.source,
        )

    def session(self, programme, day, participants):
        training = Training.objects.create(mission=self.mission, programme=programme, held_on=day, source=self.source)
        for reference, sex in participants:
            TrainingParticipation.objects.create(training=training, participant_ref=reference, sex=sex)

    def test_listed_participants_give_distinct_persons_for_a_persons_programme(self):
        programme = self.programme("persons")
        self.session(programme, date(2020, 2, 1), [("P1", "F"), ("P2", "M")])
        self.session(programme, date(2020, 3, 1), [("P1", "F"), ("P3", "M")])
        [figure] = trainings_between(self.mission, PERIOD, LATE)
        self.assertEqual((figure.trained.value, figure.women.value), (3, 1))

    def test_listed_participants_give_participations_for_a_participations_programme(self):
        programme = self.programme("participations")
        self.session(programme, date(2020, 2, 1), [("P1", "F"), ("P2", "M")])
        self.session(programme, date(2020, 3, 1), [("P1", "F"), ("P3", "M")])
        [figure] = trainings_between(self.mission, PERIOD, LATE)
        self.assertEqual((figure.trained.value, figure.women.value), (4, 2))

    def test_published_totals_carry_their_women(self):
        programme = self.programme("persons")
        TrainingCount.objects.create(mission=self.mission, programme=programme, period_start=PERIOD.start,
                                     period_end=PERIOD.end, count=1226, women=27, source=self.source)
        [figure] = trainings_between(self.mission, PERIOD, LATE)
        self.assertEqual((figure.trained.value, figure.women.value), (1226, 27))

    def test_women_are_not_available_when_a_total_does_not_give_them(self):
        programme = self.programme("persons")
        TrainingCount.objects.create(mission=self.mission, programme=programme, period_start=PERIOD.start,
                                     period_end=PERIOD.end, count=1226, source=self.source)
        [figure] = trainings_between(self.mission, PERIOD, LATE)
        self.assertEqual(figure.trained.value, 1226)
        self.assertFalse(figure.women.available)


class FatalitiesBetweenTests(TestCase):
    def setUp(self):
        self.mission, self.source = a_mission(), a_source()

    def death(self, day, incident_type="malicious_act"):
        Fatality.objects.create(mission=self.mission, died_on=day, personnel_category="military",
                                incident_type=incident_type, source=self.source)

    def test_it_counts_only_the_incident_type_asked_for(self):
        self.death(date(2020, 2, 1))
        self.death(date(2020, 2, 2), incident_type="illness")
        self.assertEqual(fatalities_between(self.mission, PERIOD, LATE, "malicious_act").value, 1)
        self.assertEqual(fatalities_between(self.mission, PERIOD, LATE).value, 2)

    def test_a_published_count_is_used_without_records(self):
        FatalityCount.objects.create(mission=self.mission, period_start=PERIOD.start, period_end=PERIOD.end,
                                     incident_type="malicious_act", count=135, source=self.source)
        self.assertEqual(fatalities_between(self.mission, PERIOD, LATE, "malicious_act").value, 135)
        self.assertFalse(fatalities_between(self.mission, PERIOD, LATE, "illness").available)


class FatalitiesBetweenVersionsTests(TestCase):
    def test_two_sources_versions_of_one_count_are_not_added_together(self):
        mission = a_mission()
        for count, key in ((7, "un-site"), (9, "mission-site")):
            FatalityCount.objects.create(mission=mission, period_start=PERIOD.start, period_end=PERIOD.end,
                                         incident_type="malicious_act", count=count, source=a_source(key))
        self.assertEqual(fatalities_between(mission, PERIOD, LATE, "malicious_act").value, 7)
