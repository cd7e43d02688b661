"""Strength against the ceilings in force, and jumps from one report to the next."""

from datetime import date

from missionfacts.checks.models import RuleSetting
from missionfacts.checks.tests.base import RuleTestCase
from missionfacts.personnel.models import CivilianStaffing

JUNE = date(2020, 6, 30)


class StrengthAboveCeilingTests(RuleTestCase):
    rule = "strength-above-ceiling"

    def test_it_reports_a_component_above_its_ceiling_naming_the_ceiling_and_the_total(self):
        resolution = self.resolution(military=13289, police=1920)
        stated = self.stated("military", JUNE, 13500)
        finding = self.only(self.rule)
        self.assertEqual(finding.key, "strength-above-ceiling:military:2020-06-30")
        self.assertEqual(finding.severity, "error")
        self.assertEqual(
            finding.message.render("en"),
            "Strength above the authorised ceiling on 30 June 2020: 13,500 (military personnel) for a ceiling of "
            "13,289 set by resolution 2531.",
        )
        self.assertEqual([(r.model, r.ids) for r in finding.records],
                         [("missions.Ceiling", (resolution.ceilings.get(scope="military").pk,)),
                          ("personnel.ComponentStrength", (stated.pk,))])

    def test_strength_at_the_ceiling_is_not_above_it(self):
        self.resolution(military=13289)
        self.stated("military", JUNE, 13289)
        self.assertEqual(self.keys(self.rule), [])

    def test_a_sub_component_the_resolution_caps_apart_is_checked_from_its_personnel_type(self):
        self.resolution(police=1920, formed_police_units=1440, individual_police=480)
        self.row(JUNE, "SEN", "formed_police_unit", 1400, 60)
        self.row(JUNE, "BFA", "individual_police", 300, 20)
        self.assertEqual(self.keys(self.rule), ["strength-above-ceiling:formed_police_units:2020-06-30"])
        rows = self.only(self.rule).records[1]
        self.assertEqual(rows.label.render("en"), "per-country rows of the type “Formed police units” on 30 June 2020")

    def test_strength_is_compared_with_the_ceiling_in_force_on_its_own_date(self):
        # A drawdown: the new, lower ceiling did not yet apply to the strength reported before it.
        self.resolution(2480, date(2019, 6, 28), military=15000)
        self.resolution(2531, date(2020, 6, 29), military=13000)
        self.stated("military", date(2020, 5, 31), 14000)
        self.assertEqual(self.keys(self.rule), [])

    def test_civilian_staffing_is_checked_against_a_civilian_ceiling(self):
        self.resolution(civilians=100)
        for category, total in (("international", 60), ("national", 50)):
            CivilianStaffing.objects.create(mission=self.mission, reported_on=JUNE, category=category, total=total,
                                            source=self.source)
        self.assertEqual(self.keys(self.rule), ["strength-above-ceiling:civilians:2020-06-30"])


class StrengthJumpTests(RuleTestCase):
    rule = "strength-jump"

    def test_it_warns_of_a_jump_beyond_a_quarter_between_monthly_reports(self):
        self.stated("military", date(2020, 5, 31), 10000)
        self.stated("military", JUNE, 13000)
        finding = self.only(self.rule)
        self.assertEqual((finding.key, finding.severity), ("strength-jump:military:2020-06-30", "warning"))
        self.assertIn("10\u202f000 au 31 mai 2020, puis 13\u202f000 au 30 juin 2020 (+30\u00a0%)",
                      finding.message.render("fr"))

    def test_a_change_within_the_threshold_is_not_reported(self):
        self.row(date(2020, 5, 31), "TCD", "troops", 1000)
        self.row(JUNE, "TCD", "troops", 1200)
        self.assertEqual(self.keys(self.rule), [])

    def test_a_drop_counts_as_a_jump_too_and_per_country_rows_make_the_series(self):
        self.row(date(2020, 5, 31), "TCD", "troops", 1000)
        self.row(JUNE, "TCD", "troops", 100)
        self.assertEqual(self.keys(self.rule), ["strength-jump:military:2020-06-30"])

    def test_reports_far_apart_are_not_compared(self):
        self.stated("police", date(2019, 6, 30), 1000)
        self.stated("police", JUNE, 1700)
        self.assertEqual(self.keys(self.rule), [])

    def test_the_mission_can_raise_the_threshold(self):
        self.stated("military", date(2020, 5, 31), 10000)
        self.stated("military", JUNE, 13000)
        RuleSetting.objects.create(mission=self.mission, rule_id=self.rule, parameters={"threshold": 0.4})
        self.assertEqual(self.keys(self.rule), [])
