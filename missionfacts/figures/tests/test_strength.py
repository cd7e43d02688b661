from datetime import date

from django.test import TestCase

from missionfacts.figures.strength import ceiling_in_force, strength_as_of, top_contributors
from missionfacts.missions.models import Ceiling, Resolution
from missionfacts.personnel.models import ComponentStrength, Strength
from missionfacts.testing import a_mission, a_source


class StrengthAsOfTests(TestCase):
    def setUp(self):
        self.mission = a_mission()
        self.source = a_source()

    def row(self, day, country, personnel_type, men, women=0):
        return Strength.objects.create(mission=self.mission, reported_on=day, country=country,
                                       personnel_type=personnel_type, men=men, women=women, source=self.source)

    def test_it_uses_the_latest_report_on_or_before_the_date(self):
        self.row(date(2020, 5, 31), "TCD", "troops", 1000)
        self.row(date(2020, 6, 30), "TCD", "troops", 1100, 10)
        self.row(date(2020, 7, 31), "TCD", "troops", 1200)
        figure = strength_as_of(self.mission, "military", date(2020, 7, 1))
        self.assertEqual(figure.value, 1110)
        self.assertEqual(figure.as_of, date(2020, 6, 30))

    def test_a_report_on_the_date_itself_counts(self):
        self.row(date(2020, 7, 1), "TCD", "troops", 50)
        self.assertEqual(strength_as_of(self.mission, "military", date(2020, 7, 1)).value, 50)

    def test_it_is_not_available_before_any_report_rather_than_zero(self):
        self.row(date(2020, 7, 31), "TCD", "troops", 1200)
        figure = strength_as_of(self.mission, "military", date(2020, 7, 1))
        self.assertFalse(figure.available)
        self.assertIsNone(figure.value)

    def test_military_and_police_count_their_own_personnel_types(self):
        day = date(2020, 6, 30)
        self.row(day, "TCD", "troops", 100)
        self.row(day, "TCD", "staff_officer", 10)
        self.row(day, "SEN", "expert_on_mission", 1)
        self.row(day, "SEN", "formed_police_unit", 140, 20)
        self.row(day, "SEN", "individual_police", 30, 5)
        self.assertEqual(strength_as_of(self.mission, "military", day).value, 111)
        self.assertEqual(strength_as_of(self.mission, "police", day).value, 195)

    def test_a_stated_total_is_never_added_to_its_own_breakdown(self):
        day = date(2020, 6, 30)
        self.row(day, "TCD", "troops", 100)
        ComponentStrength.objects.create(mission=self.mission, reported_on=day, component="military", total=105,
                                         source=self.source)
        figure = strength_as_of(self.mission, "military", day)
        self.assertEqual(figure.value, 105)
        self.assertEqual(figure.provenance[0].model, "personnel.ComponentStrength")

    def test_a_newer_breakdown_wins_over_an_older_stated_total(self):
        ComponentStrength.objects.create(mission=self.mission, reported_on=date(2020, 5, 31), component="military",
                                         total=90, source=self.source)
        self.row(date(2020, 6, 30), "TCD", "troops", 100)
        self.assertEqual(strength_as_of(self.mission, "military", date(2020, 7, 1)).value, 100)


class CeilingTests(TestCase):
    def test_the_ceiling_in_force_is_the_latest_one_set_by_the_date(self):
        mission, source = a_mission(), a_source()
        older = Resolution.objects.create(mission=mission, number=2100, adopted_on=date(2013, 4, 25), source=source)
        newer = Resolution.objects.create(mission=mission, number=2295, adopted_on=date(2016, 6, 29), source=source)
        renewal = Resolution.objects.create(mission=mission, number=2364, adopted_on=date(2017, 6, 29), source=source)
        Ceiling.objects.create(resolution=older, scope="military", authorised=11200)
        Ceiling.objects.create(resolution=newer, scope="military", authorised=13289)
        Ceiling.objects.create(resolution=renewal, scope="police", authorised=1920)
        self.assertEqual(ceiling_in_force(mission, "military", date(2016, 6, 28)).value, 11200)
        self.assertEqual(ceiling_in_force(mission, "military", date(2018, 1, 1)).value, 13289)
        self.assertFalse(ceiling_in_force(mission, "police", date(2016, 1, 1)).available)


class TopContributorsTests(TestCase):
    def setUp(self):
        self.mission = a_mission()
        self.source = a_source()
        self.day = date(2020, 6, 30)

    def contribute(self, country, men, women=0, personnel_type="troops", day=None):
        Strength.objects.create(mission=self.mission, reported_on=day or self.day, country=country,
                                personnel_type=personnel_type, men=men, women=women, source=self.source)

    def test_countries_are_ranked_by_their_total_across_personnel_types(self):
        self.contribute("TCD", 1400)
        self.contribute("BGD", 1300)
        self.contribute("BGD", 150, personnel_type="staff_officer")
        self.contribute("SEN", 900, 20)
        ranks = top_contributors(self.mission, "military", self.day).value
        self.assertEqual([r.country for r in ranks], ["BGD", "TCD", "SEN"])
        self.assertEqual([r.total for r in ranks], [1450, 1400, 920])
        self.assertEqual(ranks[2].women, 20)

    def test_it_keeps_ten_countries(self):
        countries = ["TCD", "BGD", "SEN", "EGY", "BFA", "TGO", "NER", "GIN", "CHN", "DEU", "NPL", "CIV"]
        for index, country in enumerate(countries):
            self.contribute(country, 2000 - 100 * index)
        ranks = top_contributors(self.mission, "military", self.day).value
        self.assertEqual(len(ranks), 10)
        self.assertEqual(ranks[-1].country, "DEU")

    def test_equal_totals_share_a_rank_and_a_tie_for_tenth_place_is_shown(self):
        countries = ["TCD", "BGD", "SEN", "EGY", "BFA", "TGO", "NER", "GIN", "CHN", "DEU", "NPL"]
        for index, country in enumerate(countries[:9]):
            self.contribute(country, 2000 - 100 * index)
        self.contribute("NPL", 50)
        self.contribute("DEU", 50)
        ranks = top_contributors(self.mission, "military", self.day).value
        self.assertEqual([(r.rank, r.country) for r in ranks[-2:]], [(10, "DEU"), (10, "NPL")])
        self.assertEqual(len(ranks), 11)

    def test_police_and_military_are_ranked_apart(self):
        self.contribute("TCD", 1400)
        self.contribute("SEN", 300, personnel_type="formed_police_unit")
        self.assertEqual([r.country for r in top_contributors(self.mission, "police", self.day).value], ["SEN"])

    def test_without_per_country_records_the_ranking_is_not_available(self):
        ComponentStrength.objects.create(mission=self.mission, reported_on=self.day, component="military",
                                         total=12873, source=self.source)
        self.assertFalse(top_contributors(self.mission, "military", self.day).available)
