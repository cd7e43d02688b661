"""The published facts of a mission's page, as of a sheet's date: what is shown, from which records."""

from datetime import date
from decimal import Decimal

from django.test import TestCase

from missionfacts.casualties.models import FatalityCount
from missionfacts.figures.published import Dated, published_facts
from missionfacts.missions.models import Budget, Ceiling, DatePrecision, FinancialFigure, Leadership, Resolution
from missionfacts.personnel.models import ContributingCountry, StatedStrength, StatedStrengthPart
from missionfacts.testing import a_mission, a_source


class PublishedFactsTests(TestCase):
    def setUp(self):
        self.source = a_source("page")
        self.mission = a_mission("PASTOP", started_on=date(2004, 6, 1), ended_on=date(2006, 12, 31))

    def stated(self, day: date, kind: str = StatedStrength.Kind.AS_OF, total: int | None = None,
               **parts) -> StatedStrength:
        stated = StatedStrength.objects.create(mission=self.mission, kind=kind, reported_on=day, total=total,
                                               source=self.source)
        for category, count in parts.items():
            StatedStrengthPart.objects.create(stated_strength=stated, category=category, total=count)
        return stated

    def authorisation(self, adopted_on: date, number: int | None = None, text: str = "", **ceilings) -> Resolution:
        resolution = Resolution.objects.create(mission=self.mission, number=number, adopted_on=adopted_on,
                                               ceilings_text_en=text, source=self.source)
        for scope, authorised in ceilings.items():
            Ceiling.objects.create(resolution=resolution, scope=scope, authorised=authorised)
        return resolution

    def leader(self, title: str, name: str, started_on: date, ended_on: date | None, role: str = "") -> Leadership:
        return Leadership.objects.create(mission=self.mission, role=role, title_en=title, name=name,
                                         started_on=started_on, ended_on=ended_on, source=self.source)

    def test_a_mission_without_any_page_fact_gets_no_published_section(self):
        Resolution.objects.create(mission=self.mission, number=1545, adopted_on=date(2004, 5, 21), source=self.source)
        self.leader("", "A. Commander", date(2004, 6, 1), None, role="force_commander")
        self.assertIsNone(published_facts(self.mission, date(2005, 1, 1)))

    def test_strength_keeps_an_earlier_statement_only_for_the_categories_the_later_one_lacks(self):
        self.stated(date(2008, 9, 30), total=200, military_observers=40)
        self.stated(date(2008, 10, 31), international_civilians=307, local_civilians=169)
        self.stated(date(2008, 11, 30), total=279, military_observers=44, police=235)
        strength = published_facts(self.mission, date(2009, 1, 1)).strength
        self.assertEqual([stated.reported_on.day for stated in strength.value],
                         [date(2008, 11, 30), date(2008, 10, 31)])
        self.assertEqual(strength.as_of, date(2008, 11, 30))
        self.assertEqual(len(strength.provenance), 2)

    def test_a_strength_stated_after_the_sheets_date_is_not_shown(self):
        self.stated(date(2008, 11, 30), total=279, military_observers=44, police=235)
        facts = published_facts(self.mission, date(2008, 11, 29))
        self.assertFalse(facts.strength.available)

    def test_the_total_is_kept_as_published_even_when_its_parts_do_not_add_up_to_it(self):
        self.stated(date(2005, 4, 30), kind=StatedStrength.Kind.AT_WITHDRAWAL, total=635, troops=469,
                    military_liaison_officers=41, police=135)
        [withdrawal] = published_facts(self.mission, date(2006, 1, 1)).withdrawal_strength.value
        self.assertEqual(withdrawal.total, 635)
        self.assertEqual(sum(part.total for part in withdrawal.parts), 645)

    def test_parts_come_in_the_pages_order_components_then_their_categories(self):
        self.stated(date(2005, 9, 30), kind=StatedStrength.Kind.PEAK, un_volunteers=156, police=97, troops=5400,
                    military_observers=168, international_civilians=316)
        [peak] = published_facts(self.mission, date(2006, 1, 1)).peak_strength.value
        self.assertEqual([part.category for part in peak.parts],
                         ["troops", "military_observers", "police", "international_civilians", "un_volunteers"])

    def test_the_authorisation_in_force_is_the_latest_adopted_by_the_date_and_the_history_keeps_the_others(self):
        self.authorisation(date(2002, 5, 17), number=1410, military=5000, military_observers=120)
        self.authorisation(date(2004, 5, 14), number=1543, military=477, military_liaison_officers=42)
        self.authorisation(date(2004, 9, 1), text="a residual presence")
        facts = published_facts(self.mission, date(2004, 6, 30))
        self.assertEqual(facts.authorisation.value.number, 1543)
        self.assertEqual(facts.authorisation.value.ceilings, (("military", 477), ("military_liaison_officers", 42)))
        self.assertEqual([item.number for item in facts.authorisations.value], [1410, 1543])

    def test_an_authorisation_known_to_the_year_keeps_its_precision(self):
        resolution = self.authorisation(date(2004, 1, 1), text="5,650 military personnel", military=5650)
        resolution.adopted_on_precision = DatePrecision.YEAR
        resolution.save()
        facts = published_facts(self.mission, date(2005, 1, 1))
        self.assertEqual(facts.authorisation.value.adopted_on, Dated(date(2004, 1, 1), DatePrecision.YEAR))
        self.assertEqual(facts.authorisation.value.text("fr"), "5,650 military personnel")

    def test_a_past_missions_sheet_lists_every_term_and_an_ongoing_ones_only_the_leaders_in_office(self):
        self.stated(date(2005, 1, 31), total=10, troops=10)
        self.leader("Special Representative", "First", date(2004, 6, 1), date(2006, 3, 31), role="head_of_mission")
        second = self.leader("Special Representative", "Second", date(2006, 4, 1), date(2006, 12, 31),
                             role="head_of_mission")
        second.acting = True
        second.save()
        self.leader("Chief Military Observer", "Observer", date(2004, 6, 1), None)
        past = published_facts(self.mission, date(2006, 12, 31)).leadership.value
        self.assertEqual([(term.name, term.acting) for term in past],
                         [("First", False), ("Second", True), ("Observer", False)])
        self.mission.ended_on = None
        self.mission.save()
        ongoing = published_facts(self.mission, date(2006, 6, 30)).leadership.value
        self.assertEqual([term.name for term in ongoing], ["Second", "Observer"])

    def test_fatalities_are_grouped_by_period_with_the_total_apart_from_the_categories(self):
        self.stated(date(2005, 1, 31), total=10, troops=10)
        for category, count in (("military", 21), ("police", 1), ("", 24)):
            FatalityCount.objects.create(mission=self.mission, period_start=date(2004, 6, 1),
                                         period_end=date(2006, 12, 31), personnel_category=category, count=count,
                                         source=self.source)
        [stated] = published_facts(self.mission, date(2006, 12, 31)).fatalities.value
        self.assertEqual(stated.total, 24)
        self.assertEqual(stated.categories, (("military", 21), ("police", 1)))

    def test_amounts_keep_their_currency_and_format_1_budgets_count_as_approved_budgets_in_dollars(self):
        FinancialFigure.objects.create(mission=self.mission, kind=FinancialFigure.Kind.ESTIMATE,
                                       period_start=date(2004, 6, 1), period_end=date(2006, 12, 31),
                                       amount=Decimal("678300000"), currency="USD", source=self.source)
        Budget.objects.create(mission=self.mission, period_start=date(2005, 7, 1), period_end=date(2006, 6, 30),
                              approved_usd=Decimal("307693100"), source=self.source)
        FinancialFigure.objects.create(mission=self.mission, kind=FinancialFigure.Kind.EXPENDITURE,
                                       period_start=date(2007, 1, 1), period_end=date(2007, 6, 30),
                                       amount=Decimal("1000"), currency="EUR", source=self.source)
        amounts = published_facts(self.mission, date(2006, 12, 31)).finances.value
        self.assertEqual([(amount.kind, amount.amount, amount.currency) for amount in amounts],
                         [("estimate", Decimal("678300000"), "USD"),
                          ("approved_budget", Decimal("307693100"), "USD")])

    def test_contributors_keep_the_pages_order_and_provenance_names_the_page(self):
        for position, code in enumerate(["DZA", "", "BEL"]):
            ContributingCountry.objects.create(mission=self.mission, personnel="military", country=code,
                                               name_as_published="" if code else "Serbia and Montenegro",
                                               position=position, source=self.source)
        facts = published_facts(self.mission, date(2005, 1, 1))
        [listed] = facts.contributors.value
        self.assertEqual(listed.countries, ("DZA", "", "BEL"))
        self.assertEqual(listed.names_as_published, ("", "Serbia and Montenegro", ""))
        self.assertEqual([source.key for source in facts.sources], sorted(["page", self.mission.source.key]))
