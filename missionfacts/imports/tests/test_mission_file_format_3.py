"""The `mission` import of format 3: what real "Facts and figures" pages publish, without invented values."""

import tempfile
import textwrap
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.test import TestCase
from django.utils import translation

from missionfacts.casualties.models import FatalityCount
from missionfacts.imports.mission_file import import_mission_file
from missionfacts.imports.models import Source
from missionfacts.missions.models import FinancialFigure, KeyFigure, Leadership, Mission, PeriodPrecision, Resolution
from missionfacts.personnel.models import ContributingCountry, StatedStrength

HEAD = """\
format: missionfacts/mission-3
language: en
default_source: un-page
sources:
  - {key: un-page, kind: document, title: "UN page", published_on: 2024-05-31,
     url: "https://peacekeeping.un.org/en/mission/example"}
  - {key: mission-page, kind: document, title: "Mission page", url: "https://example.unmissions.org/faits"}
mission:
  acronym: PAGE
  name: {fr: Mission de la page, en: Mission of the page}
  started_on: 2014-04
"""


class FormatThreeTests(TestCase):
    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp())

    def imported(self, text: str, head: str = HEAD):
        path = self.tmp / "page.yaml"
        path.write_text(head + text, encoding="utf-8")
        with translation.override("en"):
            return import_mission_file(path)

    def accepted(self, text: str, head: str = HEAD) -> Mission:
        result = self.imported(text, head)
        self.assertTrue(result.ok, result.problems)
        return Mission.objects.get(acronym="PAGE")

    def refused(self, text: str, head: str = HEAD):
        result = self.imported(text, head)
        self.assertFalse(result.ok)
        self.assertFalse(Mission.objects.filter(acronym="PAGE").exists(), "a refused file wrote its mission")
        self.assertTrue(all(problem.file == "page.yaml" for problem in result.problems))
        return {problem.column: problem for problem in result.problems}

    # Optional dates ----------------------------------------------------------------------------------------

    def test_a_leader_named_without_a_term_is_in_post_on_the_sources_date(self):
        mission = self.accepted("leadership:\n  - {title: Head of Mission, name: C. Example}\n")
        leader = Leadership.objects.get(mission=mission)
        self.assertEqual((leader.started_on, leader.ended_on, leader.in_post_on), (None, None, date(2024, 5, 31)))

    def test_a_leader_without_a_term_takes_the_date_the_file_gives(self):
        self.accepted("leadership:\n  - {title: Force Commander, name: D. Example, as_of: 2023-12}\n")
        self.assertEqual(Leadership.objects.get().in_post_on, date(2023, 12, 31))

    def test_a_leader_without_a_term_nor_any_date_is_refused_with_the_field_to_fill_in(self):
        problems = self.refused("leadership:\n  - {title: Head of Mission, name: C. Example, source: mission-page}\n")
        self.assertIn("leadership[0].as_of", problems)
        self.assertIn("mission-page", problems["leadership[0].as_of"].reason)
        self.assertEqual(problems["leadership[0].as_of"].row, 13)

    def test_an_authorisation_known_only_by_its_resolution_has_no_date(self):
        mission = self.accepted("resolutions:\n  - number: 1923\n")
        resolution = Resolution.objects.get(mission=mission)
        self.assertEqual((resolution.number, resolution.adopted_on), (1923, None))

    def test_an_authorisation_known_only_by_prose_is_kept_by_its_words(self):
        mission = self.accepted('resolutions:\n  - ceilings_text: "a military component was authorised"\n'
                                '  - ceilings_text: "a police component was added"\n')
        self.assertEqual(sorted(Resolution.objects.filter(mission=mission).values_list("ceilings_text_en", flat=True)),
                         ["a military component was authorised", "a police component was added"])

    def test_an_authorisation_without_number_date_or_words_is_refused(self):
        problems = self.refused("resolutions:\n  - ceilings: {military: 100}\n")
        self.assertIn("resolutions[0].ceilings_text", problems)

    def test_fatalities_as_of_the_pages_date_keep_no_period_of_their_own(self):
        mission = self.accepted("fatalities:\n  - as_of: 2024-03\n    total: 12\n    categories: {military: 10}\n")
        counts = FatalityCount.objects.filter(mission=mission)
        self.assertEqual({(count.personnel_category, count.count) for count in counts}, {("", 12), ("military", 10)})
        self.assertTrue(all(count.as_of_only for count in counts))
        # The count runs from the mission's start as recorded, to the date the page gives.
        self.assertEqual({(count.period_start, count.period_end) for count in counts},
                         {(date(2014, 4, 1), date(2024, 3, 31))})
        # Shown to the month the page gave: "as of March 2024".
        self.assertEqual({count.period_precision for count in counts}, {PeriodPrecision.MONTH})

    def test_fatalities_without_a_period_take_the_sources_date(self):
        self.accepted("fatalities:\n  - {total: 7}\n")
        self.assertEqual(FatalityCount.objects.get().period_end, date(2024, 5, 31))

    def test_fatalities_with_both_a_period_and_a_date_are_refused(self):
        problems = self.refused("fatalities:\n  - {period: [2020-01-01, 2020-12-31], as_of: 2020-12-31, total: 1}\n")
        self.assertIn("not both", problems["fatalities[0].as_of"].reason)

    def test_a_format_2_file_giving_a_date_instead_of_a_period_is_told_it_needs_format_3(self):
        head = HEAD.replace("mission-3", "mission-2")
        problems = self.refused("fatalities:\n  - {as_of: 2020-12-31, total: 1}\n", head=head)
        self.assertIn("missionfacts/mission-3", problems["fatalities[0].as_of"].reason)

    # Periods with their precision --------------------------------------------------------------------------

    def test_a_budget_year_is_the_first_of_july_to_the_thirtieth_of_june(self):
        self.accepted('finances:\n  - {kind: approved_budget, period: "2017 - 2018", amount: 1000000}\n')
        figure = FinancialFigure.objects.get()
        self.assertEqual((figure.period_start, figure.period_end, figure.period_precision),
                         (date(2017, 7, 1), date(2018, 6, 30), PeriodPrecision.BUDGET_YEAR))

    def test_a_budget_year_of_years_that_do_not_follow_each_other_is_refused(self):
        problems = self.refused('finances:\n  - {kind: approved_budget, period: "2017-2019", amount: 1000000}\n')
        self.assertEqual(problems["finances[0].period"].value, "2017-2019")
        self.assertIn("2017-2018", problems["finances[0].period"].reason)

    def test_a_range_of_months_keeps_its_month_precision(self):
        self.accepted("finances:\n  - {kind: expenditure, period: [2017-07, 2018-06], amount: 5}\n")
        figure = FinancialFigure.objects.get()
        self.assertEqual((figure.period_start, figure.period_end, figure.period_precision),
                         (date(2017, 7, 1), date(2018, 6, 30), PeriodPrecision.MONTH))

    def test_a_period_given_by_a_month_and_a_day_is_shown_at_the_coarser(self):
        self.accepted("fatalities:\n  - {period: [2014-04, 2016-12-31], total: 3}\n")
        self.assertEqual(FatalityCount.objects.get().period_precision, PeriodPrecision.MONTH)

    # What a stated total includes ---------------------------------------------------------------------------

    def test_a_component_records_the_parts_it_includes_and_those_it_leaves_out(self):
        self.accepted("strength:\n  - reported_on: 2024-04-30\n    total: 15200\n"
                      "    uniformed: {total: 12100, women: 900}\n    categories:\n"
                      "      military: {total: 11000, excludes: [staff_officers, military_observers]}\n"
                      "      civilians: {total: 3100, includes: [un_volunteers]}\n")
        stated = StatedStrength.objects.get()
        self.assertEqual((stated.total, stated.uniformed, stated.uniformed_women), (15200, 12100, 900))
        parts = {part.category: (part.total, part.includes, part.excludes) for part in stated.parts.all()}
        self.assertEqual(parts, {"military": (11000, "", "staff_officers military_observers"),
                                 "civilians": (3100, "un_volunteers", "")})

    def test_a_part_that_is_not_a_category_is_refused_in_includes(self):
        problems = self.refused("strength:\n  - reported_on: 2024-04-30\n    categories:\n"
                                "      civilians: {total: 3100, includes: [volunteers]}\n")
        problem = problems["strength[0].categories.civilians.includes"]
        self.assertEqual((problem.value, problem.row), ("volunteers", 15))

    def test_only_a_component_says_what_it_includes(self):
        problems = self.refused("strength:\n  - reported_on: 2024-04-30\n    categories:\n"
                                "      troops: {total: 3100, includes: [staff_officers]}\n")
        self.assertIn("only a component", problems["strength[0].categories.troops.includes"].reason)

    def test_a_format_2_file_giving_a_uniformed_subtotal_is_told_it_needs_format_3(self):
        head = HEAD.replace("mission-3", "mission-2")
        problems = self.refused("strength:\n  - {reported_on: 2024-04-30, total: 10, uniformed: 8}\n", head=head)
        self.assertIn("missionfacts/mission-3", problems["strength[0].uniformed"].reason)

    def test_a_combined_list_of_military_and_police_contributors_is_kept_in_the_pages_order(self):
        mission = self.accepted("contributing_countries:\n  - {personnel: uniformed, countries: [NPL, BGD, PAK]}\n")
        self.assertEqual(list(ContributingCountry.objects.filter(mission=mission, personnel="uniformed")
                              .values_list("country", flat=True)), ["NPL", "BGD", "PAK"])

    # Key figures ---------------------------------------------------------------------------------------------

    def test_a_key_figure_keeps_its_label_qualifier_number_unit_and_period(self):
        self.accepted('key_figures:\n  - key: alerts\n    label: {fr: alertes traitées, en: alerts answered}\n'
                      '    value: 85\n    unit: percent\n    qualifier: about\n    period: "2019-2020"\n'
                      '  - {key: escorts, label: {fr: escortes, en: escorts}, value: 1200, as_of: 2020-06}\n')
        alerts, escorts = KeyFigure.objects.order_by("position")
        self.assertEqual((alerts.label_fr, alerts.value, alerts.percent, alerts.qualifier, alerts.period_start,
                          alerts.period_end, alerts.period_precision),
                         ("alertes traitées", Decimal(85), True, "about", date(2019, 7, 1), date(2020, 6, 30),
                          PeriodPrecision.BUDGET_YEAR))
        self.assertEqual((escorts.as_of, escorts.as_of_precision, escorts.qualifier, escorts.period_start),
                         (date(2020, 6, 30), "month", "", None))

    def test_a_key_figure_written_with_its_qualifier_in_the_number_is_refused(self):
        problems = self.refused('key_figures:\n'
                                '  - {key: a, label: {fr: a, en: a}, value: "about 85", as_of: 2020-06}\n')
        problem = problems["key_figures[0].value"]
        self.assertEqual((problem.value, problem.row), ("about 85", 13))
        self.assertIn("qualifier", problem.reason)

    def test_a_key_figure_with_an_unknown_qualifier_is_refused(self):
        problems = self.refused('key_figures:\n  - {key: a, label: {fr: a, en: a}, value: 3, qualifier: roughly, '
                                'as_of: 2020-06}\n')
        self.assertIn("about", problems["key_figures[0].qualifier"].reason)

    def test_a_format_2_file_with_key_figures_is_told_it_needs_format_3(self):
        head = HEAD.replace("mission-3", "mission-2")
        problems = self.refused('key_figures:\n  - {key: a, label: {fr: a, en: a}, value: 3, as_of: 2020-06}\n', head)
        self.assertIn("missionfacts/mission-3", problems["key_figures"].reason)

    # Published versions --------------------------------------------------------------------------------------

    def test_two_sources_versions_of_one_strength_are_kept_side_by_side(self):
        self.accepted("strength:\n  - {reported_on: 2024-04-30, total: 15200}\n"
                      "  - {reported_on: 2024-04-30, total: 15300, source: mission-page}\n"
                      "preferred_source: mission-page\n")
        self.assertEqual(sorted(StatedStrength.objects.values_list("source__key", "total")),
                         [("mission-page", 15300), ("un-page", 15200)])
        self.assertEqual(Mission.objects.get(acronym="PAGE").preferred_source.key, "mission-page")

    def test_one_sources_strength_given_twice_is_refused_naming_the_first_line(self):
        problems = self.refused("strength:\n  - {reported_on: 2024-04-30, total: 15200}\n"
                                "  - {reported_on: 2024-04-30, total: 15300}\n")
        self.assertIn("line 13", problems["strength[1]"].reason)

    def test_a_second_import_of_one_version_keeps_the_other(self):
        text = ("fatalities:\n  - {as_of: 2024-03-31, total: 12}\n"
                "  - {as_of: 2024-03-31, total: 13, source: mission-page}\n")
        self.accepted(text)
        self.accepted(text.replace("total: 13", "total: 14"))
        self.assertEqual(sorted(FatalityCount.objects.values_list("source__key", "count")),
                         [("mission-page", 14), ("un-page", 12)])

    def test_an_unknown_preferred_source_is_refused(self):
        problems = self.refused("preferred_source: nowhere\n")
        self.assertEqual(problems["preferred_source"].value, "nowhere")

    def test_a_source_address_of_two_thousand_characters_is_accepted(self):
        url = "https://peacekeeping.un.org/en/" + "a" * 1969
        self.accepted("", head=HEAD.replace("https://peacekeeping.un.org/en/mission/example", url))
        self.assertEqual(len(Source.objects.get(key="un-page").url), 2000)

    def test_a_source_address_longer_than_two_thousand_characters_is_refused(self):
        url = "https://peacekeeping.un.org/en/" + "a" * 1970
        problems = self.refused("", head=HEAD.replace("https://peacekeeping.un.org/en/mission/example", url))
        self.assertIn("sources[0].url", problems)


class FormatThreeDocumentationTests(TestCase):
    def test_every_example_of_format_3_in_the_documentation_imports(self):
        import re

        documentation = Path(__file__).resolve().parents[3] / "docs" / "mission-file.md"
        format_3 = documentation.read_text(encoding="utf-8").split("## Format 3")[1]
        examples = [textwrap.dedent(text) for text in re.findall(r"```yaml\n(.*?)```", format_3, re.DOTALL)]
        self.assertGreaterEqual(len(examples), 7)
        mission = ("mission:\n  acronym: DOCS\n  name: {fr: Exemple, en: Example}\n  started_on: 2000-01\n")
        for example in examples:
            head = "format: missionfacts/mission-3\nlanguage: en\n"
            if "sources:" not in example:
                head += ("default_source: page\nsources:\n"
                         "  - {key: page, kind: document, title: Page, published_on: 2024-05-31}\n")
            else:
                head += "default_source: un-facts\n"
            path = Path(tempfile.mkdtemp()) / "example.yaml"
            path.write_text(head + mission + example, encoding="utf-8")
            with self.subTest(example=example.splitlines()[0]):
                result = import_mission_file(path)
                self.assertEqual(result.problems, [])
