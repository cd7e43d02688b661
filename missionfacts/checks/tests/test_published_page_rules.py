"""The rules on what real pages get wrong when their figures are set side by side: strength beside a later
ceiling, ceilings and strength in categories that do not match, fatalities of personnel a mission never had,
and totals of money that add up amounts of different kinds; and the shipped pages, which have none of these."""

from datetime import date
from decimal import Decimal

from django.test import TestCase

from missionfacts.casualties.models import Fatality, FatalityCount
from missionfacts.checks.engine import run_checks
from missionfacts.checks.tests.test_format_2_rules import StatedStrengthCase
from missionfacts.imports.reference import load_reference_data, load_shipped_fatalities, reference_files
from missionfacts.missions.models import Budget, Ceiling, FinancialFigure, Mission, Resolution
from missionfacts.personnel.models import ContributingCountry
from missionfacts.testing import a_source

SEPTEMBER = date(2005, 9, 30)
PAGE_RULES = ("strength-before-authorisation", "ceiling-categories-differ", "fatalities-of-absent-personnel",
              "money-total-mixes-kinds")


class StrengthBeforeAuthorisationTests(StatedStrengthCase):
    rule = "strength-before-authorisation"
    as_of = date(2006, 12, 31)

    def authorisation(self, adopted_on: date, precision: str = "day", number: int | None = None,
                      **ceilings) -> Resolution:
        resolution = Resolution.objects.create(mission=self.mission, number=number, adopted_on=adopted_on,
                                               adopted_on_precision=precision, source=self.source,
                                               ceilings_text_en="" if number else "up to 5,000 military personnel")
        for scope, authorised in ceilings.items():
            Ceiling.objects.create(resolution=resolution, scope=scope, authorised=authorised)
        return resolution

    def test_a_peak_above_a_ceiling_adopted_after_it_is_a_warning_naming_both_dates_not_an_error(self):
        self.authorisation(date(2006, 6, 1), number=1692, military=5000)
        self.strength(SEPTEMBER, kind="peak", troops=5400, military_observers=168)
        self.assertEqual(self.keys("strength-above-ceiling"), [])
        finding = self.only(self.rule)
        self.assertEqual(finding.key, "strength-before-authorisation:peak.military:2005-09-30")
        self.assertEqual(finding.severity, "warning")
        self.assertEqual(finding.message.render("en"),
                         "Maximum strength of 30 September 2005: 5,568 military personnel, above the ceiling of 5,000 "
                         "set by resolution 1692 of 1 June 2006; no authorisation held is known to be in force on "
                         "30 September 2005, so this strength is not held against a ceiling.")
        self.assertIn("5\u202f568", finding.message.render("fr"))
        self.assertIn("30 septembre 2005", finding.message.render("fr"))

    def test_an_authorisation_known_only_by_its_year_is_not_held_against_a_strength_of_that_year(self):
        self.authorisation(date(2005, 1, 1), precision="year", military=5000)
        self.strength(SEPTEMBER, military=5665)
        self.assertEqual(self.keys("strength-above-ceiling"), [])
        finding = self.only(self.rule)
        self.assertIn("set by the authorisation of 2005;", finding.message.render("en"))
        self.assertEqual(finding.values["adopted_on_precision"], "year")

    def test_the_next_year_it_is_in_force_and_an_excess_is_an_error_of_strength_above_ceiling(self):
        self.authorisation(date(2004, 1, 1), precision="year", military=5000)
        self.strength(SEPTEMBER, military=5665)
        self.assertEqual(self.keys(self.rule), [])
        self.assertEqual(self.keys("strength-above-ceiling"), ["strength-above-ceiling:as_of.military:2005-09-30"])

    def test_a_strength_within_the_later_ceiling_is_quiet(self):
        # MINURCAT's page: the strength of November 2008 beside resolution 1861 of January 2009.
        self.authorisation(date(2009, 1, 14), number=1861, police=300, military_liaison_officers=25, military=5200)
        self.strength(date(2008, 11, 30), total=279, covers="uniformed", military_observers=44, police=235)
        self.assertEqual(self.keys(self.rule, as_of=date(2010, 12, 31)), [])

    def test_an_undated_authorisation_is_never_held_against_a_strength(self):
        self.authorisation(None, number=1923, military=10)
        self.authorisation(date(2006, 6, 1), number=1692, military=6000)
        self.strength(SEPTEMBER, military=5665)
        self.assertEqual(self.keys(self.rule), [])
        self.assertEqual(self.keys("strength-above-ceiling"), [])

    def test_two_sources_versions_of_one_strength_each_have_a_finding_named_by_its_source(self):
        self.authorisation(date(2006, 6, 1), number=1692, military=5000)
        self.strength(SEPTEMBER, military=5665)
        self.source = a_source("mission-site")
        self.strength(SEPTEMBER, military=5600)
        self.assertEqual(sorted(self.keys(self.rule)),
                         ["strength-before-authorisation:as_of.military:2005-09-30:mission-site",
                          "strength-before-authorisation:as_of.military:2005-09-30:test-source"])

    def test_the_sheets_own_strength_above_a_later_ceiling_is_named_by_its_date(self):
        self.authorisation(date(2006, 6, 1), number=1692, police=1000)
        self.stated("police", SEPTEMBER, 1200)
        finding = self.only(self.rule)
        self.assertEqual(finding.key, "strength-before-authorisation:police:2005-09-30")
        self.assertTrue(finding.message.render("en").startswith("Strength of 30 September 2005: 1,200 police "
                                                                "personnel, above the ceiling of 1,000"))


class CeilingCategoriesDifferTests(StatedStrengthCase):
    rule = "ceiling-categories-differ"
    as_of = date(2010, 12, 31)

    def test_observers_beside_a_ceiling_of_liaison_officers_are_not_compared_and_the_pair_is_named(self):
        self.resolution(1861, date(2009, 1, 14), military_liaison_officers=25, police=300)
        self.strength(date(2009, 3, 31), military_observers=44, police=235)
        self.assertEqual(self.keys("strength-above-ceiling"), [])
        finding = self.only(self.rule)
        self.assertEqual(finding.key, "ceiling-categories-differ:as_of:2009-03-31:military")
        self.assertEqual(finding.message.render("en"),
                         "Strength of 31 March 2009: the page gives military observers (44), and the ceilings in force "
                         "on 31 March 2009 are for military liaison officers (25); no category is held against a "
                         "ceiling of its own.")
        self.assertIn("officiers de liaison militaires (25)", finding.message.render("fr"))

    def test_a_military_ceiling_holds_the_observers_through_the_component(self):
        self.resolution(1861, date(2009, 1, 14), military_liaison_officers=25, military=5200)
        self.strength(date(2009, 3, 31), military_observers=44)
        self.assertEqual(self.keys(self.rule), [])

    def test_military_that_leaves_out_its_observers_gets_them_back_against_a_ceiling_that_counts_them(self):
        # ONUB's authorisation: "5,650 military personnel, including 200 military observers".
        self.resolution(1545, date(2004, 5, 21), military=5650, military_observers=200)
        self.strength(SEPTEMBER, military=5600, military_observers=168)
        self.mission.stated_strengths.get().parts.filter(category="military").update(excludes="military_observers")
        finding = self.only("strength-above-ceiling")
        self.assertEqual(finding.key, "strength-above-ceiling:as_of.military:2005-09-30")
        self.assertEqual(finding.values["strength"], 5768)
        self.assertEqual(self.keys(self.rule), [])

    def test_civilians_counted_with_volunteers_the_page_does_not_give_apart_are_not_held_against_their_ceiling(self):
        self.resolution(1545, date(2004, 5, 21), civilians=900)
        self.strength(SEPTEMBER, civilians=1000)
        self.mission.stated_strengths.get().parts.update(includes="un_volunteers")
        self.assertEqual(self.keys("strength-above-ceiling"), [])
        finding = self.only(self.rule)
        self.assertEqual(finding.key, "ceiling-categories-differ:as_of:2005-09-30:civilians:includes")
        self.assertEqual(finding.message.render("en"),
                         "Strength of 30 September 2005: the page's civilian personnel (1,000) include United Nations "
                         "Volunteers, which the ceiling of 900 does not count and the page does not give apart; they "
                         "are not held against it.")

    def test_the_pages_uniformed_total_meets_a_ceiling_of_uniformed_personnel_naming_the_stated_strength(self):
        self.resolution(1528, date(2004, 2, 27), uniformed=6910, troops=6240)
        stated = self.strength(SEPTEMBER, total=7000, covers="uniformed", troops=6200)
        finding = self.only("strength-above-ceiling")
        self.assertEqual(finding.key, "strength-above-ceiling:as_of.uniformed:2005-09-30")
        self.assertEqual(finding.records[1].model, "personnel.StatedStrength")
        self.assertEqual(finding.records[1].ids, (stated.pk,))

    def test_a_usual_part_named_as_included_is_not_taken_out_again(self):
        self.resolution(1545, date(2004, 5, 21), military=5650)
        self.strength(SEPTEMBER, military=5700, military_observers=168)
        self.mission.stated_strengths.get().parts.filter(category="military").update(includes="military_observers")
        self.assertEqual(self.only("strength-above-ceiling").values["strength"], 5700)

    def test_volunteers_given_apart_are_taken_out_before_the_civilians_meet_their_ceiling(self):
        self.resolution(1545, date(2004, 5, 21), civilians=800)
        self.strength(SEPTEMBER, civilians=1000, un_volunteers=150)
        self.mission.stated_strengths.get().parts.filter(category="civilians").update(includes="un_volunteers")
        self.assertEqual(self.keys(self.rule), [])
        self.assertEqual(self.only("strength-above-ceiling").values["strength"], 850)


    def test_experts_on_mission_beside_two_ceilings_of_their_kind_are_named_not_held_against_the_observers(self):
        self.resolution(1861, date(2009, 1, 14), military_observers=20, military_liaison_officers=25)
        self.row(date(2009, 3, 31), "BGD", "expert_on_mission", 40)
        self.assertEqual(self.keys("strength-above-ceiling"), [])
        finding = self.only(self.rule)
        self.assertEqual(finding.key, "ceiling-categories-differ:expert_on_mission:2009-03-31")
        self.assertEqual(finding.message.render("en"),
                         "On 31 March 2009, the per-country rows count 40 experts on mission, military observers and "
                         "liaison officers together, and the ceilings in force are for military observers (20), "
                         "military liaison officers (25); no ceiling is held against them.")

    def test_experts_on_mission_beside_a_military_ceiling_are_held_against_it_alone(self):
        self.resolution(1861, date(2009, 1, 14), military=30, military_observers=20, military_liaison_officers=25)
        self.row(date(2009, 3, 31), "BGD", "expert_on_mission", 40)
        self.assertEqual(self.keys(self.rule), [])
        self.assertEqual(self.keys("strength-above-ceiling"), ["strength-above-ceiling:military:2009-03-31"])


class FatalitiesOfAbsentPersonnelTests(StatedStrengthCase):
    rule = "fatalities-of-absent-personnel"

    def fatalities(self, category: str, count: int, period=(date(2004, 6, 1), date(2005, 12, 31))) -> FatalityCount:
        return FatalityCount.objects.create(mission=self.mission, period_start=period[0], period_end=period[1],
                                            personnel_category=category, count=count, source=self.source)

    def test_police_fatalities_of_a_mission_with_only_military_personnel_are_a_warning(self):
        self.resolution(1545, date(2004, 5, 21), military=5650, military_observers=200)
        self.fatalities("military", 21)
        self.fatalities("police", 1)
        finding = self.only(self.rule)
        self.assertEqual(finding.key, "fatalities-of-absent-personnel:police")
        self.assertEqual(finding.message.render("en"),
                         "Fatalities in the category “police” (1 for 1 June 2004 to 31 December 2005), but the "
                         "mission's records hold no police personnel: no ceiling, strength, contributing country or "
                         "patrol.")
        self.assertIn("police", finding.message.render("fr"))

    def test_the_individual_records_of_the_un_file_count_too(self):
        self.resolution(1545, date(2004, 5, 21), troops=5000)
        Fatality.objects.create(mission=self.mission, died_on=date(2005, 3, 4), personnel_category="police",
                                incident_type="accident", source=self.source)
        finding = self.only(self.rule)
        self.assertIn("1 individual record from 4 March 2005 to 4 March 2005", finding.message.render("en"))
        self.assertEqual(finding.records[0].model, "casualties.Fatality")

    def test_police_named_anywhere_in_the_records_makes_the_fatalities_plausible(self):
        self.resolution(1545, date(2004, 5, 21), military=5650)
        self.fatalities("police", 1)
        ContributingCountry.objects.create(mission=self.mission, personnel="police", country="BEN", position=1,
                                           source=self.source)
        self.assertEqual(self.keys(self.rule), [])

    def test_a_mission_whose_uniformed_personnel_are_not_held_is_not_judged(self):
        self.fatalities("police", 1)
        self.fatalities("international_civilian", 2)
        self.assertEqual(self.keys(self.rule), [])


class MoneyTotalMixesKindsTests(StatedStrengthCase):
    rule = "money-total-mixes-kinds"
    as_of = date(2007, 1, 1)

    def amount(self, kind: str, start: date, end: date, amount: str, currency: str = "USD") -> FinancialFigure:
        return FinancialFigure.objects.create(mission=self.mission, kind=kind, period_start=start, period_end=end,
                                              amount=Decimal(amount), currency=currency, source=self.source)

    def test_a_total_adding_an_appropriation_to_an_expenditure_is_a_warning_naming_every_part(self):
        self.amount("appropriation", date(2004, 7, 1), date(2006, 6, 30), "630000000")
        self.amount("appropriation", date(2004, 7, 1), date(2005, 6, 30), "329700000")
        self.amount("expenditure", date(2005, 7, 1), date(2006, 6, 30), "300300000")
        finding = self.only(self.rule)
        self.assertEqual(finding.key, "money-total-mixes-kinds:appropriation:2004-07-01:2006-06-30:USD")
        self.assertEqual(finding.message.render("en"),
                         "The appropriation of 630,000,000 USD for 1 July 2004 to 30 June 2006 is the sum of amounts "
                         "of different kinds: appropriation for 1 July 2004 to 30 June 2005 (329,700,000 USD), "
                         "expenditure for 1 July 2005 to 30 June 2006 (300,300,000 USD).")
        self.assertIn("dépenses", finding.message.render("fr"))
        self.assertEqual(len(finding.records), 3)

    def test_a_rounded_total_is_matched_within_its_rounding(self):
        # "$678.3 million" is rounded to the hundred thousand.
        self.amount("estimate", date(2004, 6, 1), date(2006, 12, 31), "678300000")
        Budget.objects.create(mission=self.mission, period_start=date(2004, 6, 1), period_end=date(2005, 6, 30),
                              approved_usd=Decimal("329714400"), source=self.source)
        self.amount("expenditure", date(2005, 7, 1), date(2006, 12, 31), "348600000")
        self.assertEqual(self.keys(self.rule), ["money-total-mixes-kinds:estimate:2004-06-01:2006-12-31:USD"])

    def test_yearly_appropriations_beside_the_whole_missions_expenditure_are_quiet(self):
        self.amount("expenditure", date(2004, 7, 1), date(2006, 6, 30), "629000000")
        self.amount("appropriation", date(2004, 7, 1), date(2005, 6, 30), "329700000")
        self.amount("approved_budget", date(2005, 7, 1), date(2006, 6, 30), "300300000")
        self.assertEqual(self.keys(self.rule), [])

    def test_parts_of_different_kinds_that_do_not_make_the_total_or_leave_a_gap_are_quiet(self):
        self.amount("expenditure", date(2004, 7, 1), date(2006, 6, 30), "700000000")
        self.amount("appropriation", date(2004, 7, 1), date(2005, 6, 30), "329700000")
        self.amount("expenditure", date(2005, 7, 1), date(2006, 6, 30), "300300000")
        self.amount("estimate", date(2004, 7, 1), date(2006, 5, 31), "400000000")
        self.amount("estimate", date(2005, 7, 1), date(2006, 6, 30), "70300000", currency="EUR")
        self.assertEqual(self.keys(self.rule), [])


class ShippedPagesTests(TestCase):
    """Every shipped reference file (the pages of missions/reference/pages, and MINUSMA's sheet), with the
    catalogue and the UN's fatalities file as a user gets them: none of these rules finds anything."""

    @classmethod
    def setUpTestData(cls):
        load_reference_data()
        load_shipped_fatalities()

    def test_no_rule_on_published_pages_reports_anything_on_them_across_their_lives(self):
        acronyms = [path.stem.upper() for path in reference_files()]
        self.assertTrue({"MINUSMA", "ONUB", "MINURCAT"} <= set(acronyms))
        for acronym in acronyms:
            mission = Mission.objects.get(acronym=acronym)
            end = mission.ended_on or date(2021, 6, 30)
            self.assertGreater((end - mission.started_on).days, 365)
            days = {mission.started_on + (end - mission.started_on) * step // 8 for step in range(1, 9)}
            days |= {date(2020, 6, 29), date(2020, 6, 30), date(2020, 7, 1)} if acronym == "MINUSMA" else set()
            for day in sorted(days):
                with self.subTest(mission=acronym, as_of=day.isoformat()):
                    report = run_checks(mission, day)
                    self.assertEqual([finding.key for finding in report.findings if finding.rule in PAGE_RULES], [])
