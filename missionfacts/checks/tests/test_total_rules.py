"""Parts against their stated totals, women against the total, and negative numbers."""

from datetime import date

from missionfacts.activities.models import PatrolCount
from missionfacts.checks.tests.base import RuleTestCase, check_constraints_off
from missionfacts.missions.models import Sector
from missionfacts.personnel.models import ComponentStrength, Strength

JUNE = date(2020, 6, 30)


class PartsDoNotAddUpTests(RuleTestCase):
    rule = "parts-do-not-add-up"

    def test_a_stated_total_that_its_per_country_rows_do_not_reach_is_an_error_naming_both_values(self):
        stated = self.stated("military", JUNE, 1000)
        self.row(JUNE, "TCD", "troops", 900, 10)
        self.row(JUNE, "TCD", "staff_officer", 80)
        finding = self.only(self.rule)
        self.assertEqual((finding.key, finding.severity), ("parts-do-not-add-up:military:2020-06-30:total", "error"))
        self.assertEqual(
            finding.message.render("en"),
            "On 30 June 2020, the stated total of the military component (1,000) differs from the sum of the "
            "per-country rows (990); a sheet for that date uses the stated total.",
        )
        self.assertEqual(finding.records[0].ids, (stated.pk,))
        self.assertEqual(len(finding.records[1].ids), 2)
        self.assertEqual(finding.values["used"], "stated")

    def test_rows_that_add_up_to_the_stated_total_and_rows_of_another_date_are_not_reported(self):
        self.stated("military", JUNE, 1000)
        self.row(JUNE, "TCD", "troops", 990, 10)
        self.row(date(2020, 5, 31), "TCD", "troops", 1)
        self.assertEqual(self.keys(self.rule), [])

    def test_stated_women_are_compared_with_the_women_of_the_rows(self):
        self.stated("police", JUNE, 300, women=50)
        self.row(JUNE, "SEN", "formed_police_unit", 260, 40)
        self.assertEqual(self.keys(self.rule), ["parts-do-not-add-up:police:2020-06-30:women"])

    def sector(self, key: str, **validity) -> Sector:
        return Sector.objects.create(mission=self.mission, key=key, name_fr=key, name_en=key, source=self.source,
                                     **validity)

    def patrols(self, count: int, sector=None) -> PatrolCount:
        return PatrolCount.objects.create(mission=self.mission, component="military", sector=sector, count=count,
                                          period_start=date(2019, 7, 1), period_end=JUNE, source=self.source)

    def test_patrols_by_sector_must_add_up_to_the_mission_wide_count_when_every_sector_is_given(self):
        north, south = self.sector("north"), self.sector("south")
        self.patrols(100)
        self.patrols(60, north)
        self.patrols(30, south)
        self.assertEqual(self.keys(self.rule), ["parts-do-not-add-up:patrols.military:2019-07-01:2020-06-30"])

    def test_patrols_of_some_sectors_only_may_fall_short_but_never_exceed_the_total(self):
        north, _south = self.sector("north"), self.sector("south")
        self.patrols(100)
        self.patrols(60, north)
        self.assertEqual(self.keys(self.rule), [])
        PatrolCount.objects.filter(sector=north).update(count=120)
        self.assertEqual(len(self.keys(self.rule)), 1)

    def test_a_sector_closed_before_the_period_is_not_expected_to_have_a_count(self):
        north, _closed = self.sector("north"), self.sector("closed", valid_to=date(2018, 12, 31))
        self.patrols(100)
        self.patrols(100, north)
        self.assertEqual(self.keys(self.rule), [])


class WomenAboveTotalTests(RuleTestCase):
    rule = "women-above-total"

    def test_a_row_written_past_the_database_constraint_is_reported(self):
        with check_constraints_off(ComponentStrength):
            stated = self.stated("police", JUNE, 300, women=320)
        finding = self.only(self.rule)
        self.assertEqual(finding.key, f"women-above-total:personnel.ComponentStrength:{stated.pk}")
        self.assertEqual(finding.message.render("en"), "More women than the total: 320 women for a total of 300 "
                                                       "(Component strength of 30 June 2020).")

    def test_women_within_the_total_are_not_reported(self):
        self.stated("police", JUNE, 300, women=300)
        self.assertEqual(self.keys(self.rule), [])


class NegativeValueTests(RuleTestCase):
    rule = "negative-value"

    def test_negative_numbers_are_reported_by_model_and_field(self):
        with check_constraints_off(Strength, PatrolCount):
            self.row(JUNE, "TCD", "troops", -5)
            self.row(JUNE, "SEN", "troops", -2)
            PatrolCount.objects.create(mission=self.mission, component="police", count=-1, source=self.source,
                                       period_start=date(2020, 1, 1), period_end=JUNE)
        self.assertEqual(self.keys(self.rule), ["negative-value:activities.PatrolCount.count",
                                                "negative-value:personnel.Strength.men"])
        strength = self.findings(self.rule)[1]
        self.assertEqual(strength.message.render("en"),
                         "Uniformed strength: 2 records have a negative value in “men” (lowest: -5).")
        self.assertEqual(len(strength.records[0].ids), 2)

    def test_zero_is_not_negative(self):
        self.row(JUNE, "TCD", "troops", 0)
        self.assertEqual(self.keys(self.rule), [])
