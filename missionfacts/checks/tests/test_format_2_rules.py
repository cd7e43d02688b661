"""The rules on what format 2 of the mission file holds: stated strength, fatalities by category, money,
leadership terms; and a real-shaped file, checked whole."""

import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path

from missionfacts.casualties.models import FatalityCount
from missionfacts.checks.tests.base import RuleTestCase
from missionfacts.imports.mission_file import import_mission_file
from missionfacts.imports.tests.test_mission_file_format_2 import documented_example
from missionfacts.missions.models import Budget, Ceiling, FinancialFigure, Leadership, Mission, Resolution
from missionfacts.personnel.models import StatedStrength, StatedStrengthPart
from missionfacts.testing import a_mission

OCTOBER = date(2005, 10, 31)


class StatedStrengthCase(RuleTestCase):
    """A past mission, from October 1999, with a sheet dated 1 January 2006."""

    as_of = date(2006, 1, 1)

    def setUp(self):
        super().setUp()
        self.mission = a_mission("PASTTEST", started_on=date(1999, 10, 1))

    def strength(self, day: date = OCTOBER, kind: str = "as_of", total: int | None = None, women: int | None = None,
                 covers: str = "all", precision: str = "day", **parts) -> StatedStrength:
        stated = StatedStrength.objects.create(mission=self.mission, kind=kind, reported_on=day, total=total,
                                               women=women, total_covers=covers, reported_on_precision=precision,
                                               source=self.source)
        for category, value in parts.items():
            total_part, women_part = value if isinstance(value, tuple) else (value, None)
            StatedStrengthPart.objects.create(stated_strength=stated, category=category, total=total_part,
                                              women=women_part)
        return stated


class StatedStrengthAboveCeilingTests(StatedStrengthCase):
    rule = "strength-above-ceiling"

    def test_a_new_category_above_its_own_ceiling_is_an_error(self):
        self.resolution(1346, date(2001, 3, 30), troops=17000, military_observers=260)
        self.strength(troops=16000, military_observers=300)
        finding = self.only(self.rule)
        self.assertEqual(finding.key, "strength-above-ceiling:as_of.military_observers:2005-10-31")
        self.assertEqual(finding.message.render("en"),
                         "Strength above the authorised ceiling on 31 October 2005: 300 (military observers) for a "
                         "ceiling of 260 set by resolution 1346.")

    def test_the_peak_is_held_against_the_ceiling_in_force_at_its_month_not_a_later_one(self):
        self.resolution(1289, date(2000, 2, 7), military=11100)
        self.resolution(1346, date(2001, 3, 30), military=17500)
        self.strength(date(2000, 12, 31), kind="peak", precision="month", military=12000)
        finding = self.only(self.rule)
        self.assertEqual(finding.key, "strength-above-ceiling:peak.military:2000-12-31")
        self.assertIn("December 2000", finding.message.render("en"))
        self.assertEqual(finding.values["ceiling"], 11100)

    def test_a_component_not_stated_is_at_least_the_sum_of_its_categories(self):
        self.resolution(1346, date(2001, 3, 30), military=17500)
        self.strength(troops=17300, staff_officers=150, military_observers=260)
        self.assertEqual(self.keys(self.rule), ["strength-above-ceiling:as_of.military:2005-10-31"])

    def test_strength_within_every_ceiling_is_quiet(self):
        self.resolution(1346, date(2001, 3, 30), military=17500, troops=17000, individual_police=170)
        self.strength(kind="at_withdrawal", troops=16900, military_observers=260, individual_police=170)
        self.assertEqual(self.keys(self.rule), [])

    def test_a_ceiling_of_an_authorisation_without_a_number_is_named_by_its_date(self):
        authorisation = Resolution.objects.create(mission=self.mission, adopted_on=date(2004, 9, 1),
                                                  adopted_on_precision="month", ceilings_text_en="up to 3,250 troops",
                                                  source=self.source)
        Ceiling.objects.create(resolution=authorisation, scope="troops", authorised=3250)
        self.strength(troops=3300)
        finding = self.only(self.rule)
        self.assertTrue(finding.message.render("en").endswith("set by the authorisation of September 2004."))
        self.assertEqual(finding.records[0].label.render("en"), "authorisation of 1 September 2004: 3,250 troops")


class RecordsAboveNewCeilingsTests(StatedStrengthCase):
    rule = "strength-above-ceiling"

    def test_per_country_troops_and_civilian_categories_are_held_against_their_own_ceilings(self):
        from missionfacts.personnel.models import CivilianStaffing

        self.resolution(1346, date(2001, 3, 30), troops=1000, staff_officers=100, international_civilians=50,
                        local_civilians=500)
        self.row(OCTOBER, "PAK", "troops", 990, 20)
        self.row(OCTOBER, "BGD", "staff_officer", 80)
        for category, total in (("international", 60), ("national", 400)):
            CivilianStaffing.objects.create(mission=self.mission, reported_on=OCTOBER, category=category,
                                            total=total, source=self.source)
        self.assertEqual(sorted(self.keys(self.rule)), ["strength-above-ceiling:international_civilians:2005-10-31",
                                                        "strength-above-ceiling:troops:2005-10-31"])


class OutsideMissionLifeTests(StatedStrengthCase):
    rule = "record-outside-mission-life"

    def test_a_stated_strength_dated_after_the_mission_ended_is_reported_and_its_last_month_is_not(self):
        self.mission.ended_on = date(2005, 12, 31)
        self.mission.ended_on_precision = "month"
        self.mission.save()
        self.strength(date(2005, 12, 31), kind="at_withdrawal", precision="month", total=1230)
        self.assertEqual(self.keys(self.rule, as_of=date(2005, 12, 31)), [])
        self.strength(date(2006, 3, 31), total=12)
        self.assertEqual(self.keys(self.rule, as_of=date(2006, 3, 31)),
                         ["record-outside-mission-life:personnel.StatedStrength:after-end"])


class StatedTotalTests(StatedStrengthCase):
    rule = "stated-total-does-not-add-up"

    def test_a_grand_total_its_breakdown_does_not_reach_is_an_error_naming_both(self):
        stated = self.strength(total=15000, covers="uniformed", troops=13800, military_observers=200, police=900)
        finding = self.only(self.rule)
        self.assertEqual(finding.key, "stated-total-does-not-add-up:as_of:2005-10-31:total")
        self.assertEqual(finding.message.render("en"),
                         "Strength of 31 October 2005: the page states a total of 15,000, and its parts add up to "
                         "14,900.")
        self.assertEqual(finding.records[0].ids, (stated.pk,))
        self.assertEqual(len(finding.records[1].ids), 3)

    def test_a_breakdown_that_adds_up_is_quiet_and_uses_a_stated_component_over_its_categories(self):
        self.strength(total=15000, covers="uniformed", military=14000, troops=13800, military_observers=100,
                      police=1000, international_civilians=500)
        self.assertEqual(self.keys(self.rule), [])

    def test_a_total_of_all_personnel_counts_the_civilians_and_volunteers(self):
        self.strength(total=15000, military=14000, police=1000, un_volunteers=200)
        self.assertEqual(self.keys(self.rule), ["stated-total-does-not-add-up:as_of:2005-10-31:total"])

    def test_a_single_part_is_an_including_that_may_fall_short_but_not_exceed(self):
        self.strength(total=17500, military_observers=260)
        self.assertEqual(self.keys(self.rule), [])
        self.strength(date(2005, 11, 30), total=200, military_observers=260)
        self.assertEqual(self.keys(self.rule), ["stated-total-does-not-add-up:as_of:2005-11-30:total"])

    def test_women_of_the_parts_are_held_against_the_stated_women(self):
        self.strength(total=1000, women=50, troops=(900, 40), individual_police=(100, 30))
        self.assertEqual(self.keys(self.rule), ["stated-total-does-not-add-up:as_of:2005-10-31:women"])

    def test_a_strength_dated_after_the_sheet_is_not_looked_at(self):
        self.strength(date(2006, 6, 30), total=5, troops=3, police=1)
        self.assertEqual(self.keys(self.rule), [])


class ComponentTests(StatedStrengthCase):
    rule = "component-does-not-add-up"

    def test_military_that_its_troops_staff_officers_and_observers_do_not_make_is_an_error(self):
        self.strength(military=17500, troops=16900, staff_officers=200, military_observers=260)
        finding = self.only(self.rule)
        self.assertEqual(finding.key, "component-does-not-add-up:as_of:2005-10-31:military")
        self.assertEqual(finding.message.render("en"),
                         "Strength of 31 October 2005: the page states 17,500 military personnel, and the categories "
                         "it gives of them (troops, staff officers, military observers) add up to 17,360.")

    def test_a_component_whose_categories_add_up_or_that_names_one_of_them_is_quiet(self):
        self.strength(military=17500, troops=17040, staff_officers=200, military_observers=260,
                      police=170, individual_police=60)
        self.assertEqual(self.keys(self.rule), [])


class WomenAboveTotalTests(StatedStrengthCase):
    rule = "women-above-total"

    def test_women_above_a_stated_total_are_kept_and_reported(self):
        self.strength(total=100, women=120, troops=(80, 90))
        self.assertEqual(len(self.findings(self.rule)), 2)


class FatalitiesTests(StatedStrengthCase):
    rule = "fatalities-do-not-add-up"

    def count(self, count: int, category: str = "") -> FatalityCount:
        return FatalityCount.objects.create(mission=self.mission, period_start=date(1999, 10, 1),
                                            period_end=date(2005, 12, 31), personnel_category=category, count=count,
                                            source=self.source)

    def test_a_total_its_categories_do_not_reach_is_an_error(self):
        self.count(192)
        self.count(180, "troops")
        self.count(2, "military_observer")
        self.count(6, "local")
        finding = self.only(self.rule)
        self.assertEqual(finding.values["summed"], 188)
        self.assertEqual(finding.message.render("en"),
                         "Fatalities from 1 October 1999 to 31 December 2005: the page states 192 in all, and its "
                         "categories add up to 188.")

    def test_a_total_its_categories_make_is_quiet(self):
        self.count(188)
        self.count(180, "troops")
        self.count(2, "military_observer")
        self.count(6, "local")
        self.assertEqual(self.keys(self.rule), [])

    def test_troops_are_not_added_to_the_military_they_belong_to(self):
        self.count(190)
        self.count(185, "military")
        self.count(180, "troops")
        self.count(5, "police")
        self.assertEqual(self.keys(self.rule), [])


class MoneyTests(StatedStrengthCase):
    def figure(self, kind: str, start: date, end: date, amount: int, currency: str = "USD") -> FinancialFigure:
        return FinancialFigure.objects.create(mission=self.mission, kind=kind, period_start=start, period_end=end,
                                              amount=Decimal(amount), currency=currency, source=self.source)

    def test_two_fiscal_periods_that_share_months_are_a_warning(self):
        self.figure("appropriation", date(2004, 7, 1), date(2005, 6, 30), 100)
        self.figure("appropriation", date(2005, 1, 1), date(2005, 12, 31), 100)
        finding = self.only("budget-periods-overlap")
        self.assertEqual((finding.key, finding.severity),
                         ("budget-periods-overlap:appropriation:2004-07-01:2005-01-01", "warning"))

    def test_a_whole_mission_expenditure_beside_yearly_ones_and_amounts_of_other_kinds_are_quiet(self):
        self.figure("expenditure", date(1999, 10, 1), date(2005, 12, 31), 2800)
        self.figure("expenditure", date(2004, 7, 1), date(2005, 6, 30), 300)
        self.figure("appropriation", date(2004, 1, 1), date(2004, 12, 31), 300)
        self.assertEqual(self.keys("budget-periods-overlap"), [])

    def test_a_format_1_approved_budget_overlapping_a_stated_one_is_reported(self):
        Budget.objects.create(mission=self.mission, period_start=date(2004, 7, 1), period_end=date(2005, 6, 30),
                              approved_usd=Decimal(100), source=self.source)
        self.figure("approved_budget", date(2005, 1, 1), date(2005, 12, 31), 100)
        self.assertEqual(len(self.findings("budget-periods-overlap")), 1)

    def test_an_expenditure_above_its_appropriation_is_a_warning_naming_both_amounts(self):
        self.figure("appropriation", date(2004, 7, 1), date(2005, 6, 30), 291603000)
        spent = self.figure("expenditure", date(2004, 7, 1), date(2005, 6, 30), 300000000)
        finding = self.only("expenditure-above-appropriation")
        self.assertEqual(finding.severity, "warning")
        self.assertEqual(finding.message.render("en"),
                         "For 1 July 2004 to 30 June 2005, the expenditure (300,000,000 USD) is above the "
                         "appropriation (291,603,000 USD).")
        self.assertEqual(finding.records[0].ids, (spent.pk,))

    def test_an_expenditure_within_its_appropriation_or_in_another_currency_is_quiet(self):
        self.figure("appropriation", date(2004, 7, 1), date(2005, 6, 30), 100)
        self.figure("expenditure", date(2004, 7, 1), date(2005, 6, 30), 100)
        self.figure("expenditure", date(2005, 7, 1), date(2006, 6, 30), 500, "EUR")
        self.figure("approved_budget", date(2005, 7, 1), date(2006, 6, 30), 100)
        self.assertEqual(self.keys("expenditure-above-appropriation"), [])


class LeadershipTests(StatedStrengthCase):
    rule = "leadership-terms-overlap"

    def leader(self, name: str, start: date, end: date | None = None, *, title: str = "Force Commander",
               start_precision: str = "day", end_precision: str = "day", present: bool = False) -> Leadership:
        return Leadership.objects.create(mission=self.mission, title_en=title, name=name, started_on=start,
                                         started_on_precision=start_precision, ended_on=end,
                                         ended_on_precision=end_precision, until_present=present,
                                         source=self.source)

    def test_two_holders_of_one_post_at_once_are_a_warning(self):
        self.leader("A", date(2003, 1, 1), date(2004, 6, 30))
        self.leader("B", date(2004, 3, 1), date(2005, 12, 31))
        finding = self.only(self.rule)
        self.assertEqual((finding.key, finding.severity), ("leadership-terms-overlap:Force Commander:2004-03-01",
                                                           "warning"))
        self.assertEqual(finding.message.render("en"),
                         "Two terms of the same post overlap: A, Force Commander, 1 January 2003 to 30 June 2004 "
                         "and B, Force Commander, 1 March 2004 to 31 December 2005.")

    def test_a_term_to_present_followed_by_another_overlaps(self):
        self.leader("A", date(2003, 1, 1), present=True)
        self.leader("B", date(2005, 1, 1), start_precision="year")
        self.assertEqual(len(self.findings(self.rule)), 1)

    def test_a_handover_within_the_month_the_page_gives_and_other_posts_are_quiet(self):
        self.leader("A", date(2003, 1, 1), date(2005, 12, 31), end_precision="month")
        self.leader("B", date(2005, 12, 1), start_precision="month")
        self.leader("C", date(2004, 1, 1), title="Chief Military Observer")
        self.leader("D", date(2002, 1, 1))  # no end given: not known to overlap
        self.assertEqual(self.keys(self.rule), [])


class DocumentedExampleTests(RuleTestCase):
    def test_the_documented_format_2_example_passes_the_new_rules(self):
        path = Path(tempfile.mkdtemp()) / "example.yaml"
        path.write_text(documented_example(), encoding="utf-8")
        result = import_mission_file(path)
        self.assertTrue(result.ok, result.problems)
        self.mission = Mission.objects.get(acronym="EXAMPLE2")
        for rule_id in ("strength-above-ceiling", "stated-total-does-not-add-up", "component-does-not-add-up",
                        "fatalities-do-not-add-up", "budget-periods-overlap", "expenditure-above-appropriation",
                        "leadership-terms-overlap", "women-above-total", "negative-value"):
            self.assertEqual(self.keys(rule_id, as_of=date(2005, 12, 31)), [], rule_id)

    def test_an_inconsistent_format_2_file_imports_as_published_and_every_new_rule_reports_it(self):
        inconsistent = (
            documented_example()
            .replace("    total: 1230\n", "    total: 1231\n")  # the breakdown adds up to 1,230
            .replace("{troops: 17080, military_observers: 260, individual_police: 60}",
                     "{military: 17000, troops: 17080, military_observers: 260, individual_police: 60}")
            .replace("    total: 190\n", "    total: 191\n")
            .replace("    from: 2003-11\n    to: 2005-12\n", "    from: 2003-11\n    to: 2006-02\n")
            .replace("    from: 2005\n    to: present\n",
                     "    from: 2005\n    to: present\n    role: head_of_mission\n")
            .replace("finances:\n", "finances:\n  - {kind: expenditure, period: [2004-07-01, 2005-06-30], "
                                    "amount: 300000000}\n  - {kind: appropriation, period: [2005-01-01, "
                                    "2005-12-31], amount: 1}\n")
        )
        path = Path(tempfile.mkdtemp()) / "inconsistent.yaml"
        path.write_text(inconsistent, encoding="utf-8")
        result = import_mission_file(path)
        self.assertTrue(result.ok, result.problems)
        self.mission = Mission.objects.get(acronym="EXAMPLE2")
        self.assertEqual(StatedStrength.objects.get(kind="as_of").total, 1231)
        keys = set(self.keys("stated-total-does-not-add-up", as_of=date(2005, 12, 31))
                   + self.keys("component-does-not-add-up", as_of=date(2005, 12, 31))
                   + self.keys("fatalities-do-not-add-up", as_of=date(2005, 12, 31))
                   + self.keys("budget-periods-overlap", as_of=date(2005, 12, 31))
                   + self.keys("expenditure-above-appropriation", as_of=date(2005, 12, 31))
                   + self.keys("leadership-terms-overlap", as_of=date(2005, 12, 31)))
        self.assertEqual(keys, {
            "stated-total-does-not-add-up:as_of:2005-11-30:total",
            "stated-total-does-not-add-up:peak:2002-03-31:total",
            "component-does-not-add-up:peak:2002-03-31:military",
            "fatalities-do-not-add-up:1999-10-01:2005-12-31:all",
            "budget-periods-overlap:appropriation:2004-07-01:2005-01-01",
            "expenditure-above-appropriation:2004-07-01:2005-06-30:USD",
            "leadership-terms-overlap:head_of_mission:2005-01-01",
        })
