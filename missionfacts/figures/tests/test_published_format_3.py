"""The published facts of format 3 as of a sheet's date: undated facts, periods at their precision, key figures,
and which of two sources' versions the sheet shows."""

import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.test import TestCase

from missionfacts.figures.published import published_facts
from missionfacts.imports.mission_file import import_mission_file
from missionfacts.missions.models import Mission, PeriodPrecision

# A page held in format 3, with a second version of some of its facts from the mission's own site.
PAGE = """\
format: missionfacts/mission-3
default_source: un-page
sources:
  - {key: mission-page, kind: document, title: "Mission page", publisher: The mission,
     url: "https://example.unmissions.org/fr/faits"}
  - {key: un-page, kind: document, title: "UN page", publisher: United Nations, published_on: 2024-05-31,
     url: "https://peacekeeping.un.org/en/mission/example"}
mission:
  acronym: PAGE
  name: {fr: Mission de la page, en: Mission of the page}
  started_on: 2014-04
resolutions:
  - {number: 2149, adopted_on: 2014-04-10, ceilings: {military: 12000, police: 1500}}
  - number: 2709
    ceilings_text: {fr: mandat prorogé, en: mandate extended}
leadership:
  - {title: {fr: Cheffe de mission, en: Head of Mission}, name: C. Example}
  - {title: {fr: Commandant de la force, en: Force Commander}, name: D. Example, from: 2022-03}
strength:
  - reported_on: 2024-04-30
    total: 15200
    uniformed: {total: 12100, women: 900}
    categories:
      military: {total: 11000, excludes: [staff_officers]}
      police: 1100
      civilians: {total: 3100, includes: [un_volunteers]}
  - {reported_on: 2024-04-30, total: 15300, source: mission-page}
fatalities:
  - {as_of: 2024-03-31, total: 12, categories: {military: 10}}
  - {as_of: 2024-03-31, total: 13, source: mission-page}
finances:
  - {kind: approved_budget, period: "2023-2024", amount: 1100000000}
  - {kind: expenditure, period: [2022-07, 2023-06], amount: 990000000}
key_figures:
  - key: alerts
    label: {fr: alertes traitées, en: alerts answered}
    value: 85
    unit: percent
    qualifier: about
    period: "2022-2023"
  - key: campaigns
    label: {fr: campagnes de sensibilisation, en: awareness campaigns}
    value: 40
    qualifier: more_than
    as_of: 2024-05
  - {key: campaigns, label: {fr: campagnes, en: campaigns}, value: 45, as_of: 2024-05, source: mission-page}
  - key: patrol-length
    label: {fr: patrouilles longue distance, en: long-range patrols}
    value: 2.5
    unit: {fr: km en moyenne, en: km on average}
    period: [2023-01, 2023-12]
"""


def import_page(text: str = PAGE) -> Mission:
    path = Path(tempfile.mkdtemp()) / "page.yaml"
    path.write_text(text, encoding="utf-8")
    result = import_mission_file(path)
    assert result.ok, result.problems
    return Mission.objects.get(acronym="PAGE")


class FormatThreeFactsTests(TestCase):
    def setUp(self):
        self.mission = import_page()

    def facts(self, as_of: date = date(2024, 6, 1)):
        return published_facts(self.mission, as_of)

    def test_an_undated_authorisation_is_listed_after_the_dated_ones_and_is_never_in_force(self):
        facts = self.facts()
        self.assertEqual([(item.number, item.adopted_on) for item in facts.authorisations.value],
                         [(2149, facts.authorisations.value[0].adopted_on), (2709, None)])
        self.assertEqual(facts.authorisation.value.number, 2149)

    def test_a_leader_without_a_term_is_shown_from_the_pages_date_on(self):
        names = [term.name for term in self.facts().leadership.value]
        self.assertIn("C. Example", names)
        earlier = [term.name for term in self.facts(date(2024, 1, 1)).leadership.value]
        self.assertEqual(earlier, ["D. Example"])

    def test_the_un_sites_version_is_shown_when_the_mission_prefers_no_source(self):
        [stated] = self.facts().strength.value
        self.assertEqual((stated.total, stated.uniformed, stated.uniformed_women), (15200, 12100, 900))
        [fatalities] = self.facts().fatalities.value
        self.assertEqual((fatalities.total, fatalities.as_of_only, fatalities.period.end),
                         (12, True, date(2024, 3, 31)))

    def test_the_missions_preferred_source_wins_over_the_un_site(self):
        self.mission = import_page(PAGE.replace("default_source: un-page", "default_source: un-page\n"
                                                "preferred_source: mission-page"))
        [stated] = self.facts().strength.value
        self.assertEqual(stated.total, 15300)
        [fatalities] = self.facts().fatalities.value
        self.assertEqual((fatalities.total, fatalities.categories), (13, ()))

    def test_without_the_un_site_the_version_given_first_in_the_file_is_shown(self):
        self.mission = import_page(PAGE.replace("https://peacekeeping.un.org/en/mission/example",
                                                "https://example.org/un"))
        [stated] = self.facts().strength.value
        self.assertEqual(stated.total, 15200)

    def test_a_fatality_count_as_of_a_date_is_not_shown_on_an_earlier_sheet(self):
        self.assertFalse(self.facts(date(2024, 3, 30)).fatalities.available)

    def test_periods_keep_the_precision_the_page_gave(self):
        amounts = {amount.kind: amount.precision for amount in self.facts().finances.value}
        self.assertEqual(amounts, {"approved_budget": PeriodPrecision.BUDGET_YEAR,
                                   "expenditure": PeriodPrecision.MONTH})

    def test_key_figures_come_in_the_pages_order_one_version_each(self):
        figures = self.facts().key_figures.value
        self.assertEqual([(figure.key, figure.value, figure.qualifier) for figure in figures],
                         [("alerts", Decimal(85), "about"), ("campaigns", Decimal(40), "more_than"),
                          ("patrol-length", Decimal("2.5"), "")])
        self.assertEqual(len(self.facts().key_figures.provenance), 3)

    def test_a_round_key_figure_keeps_its_digits_as_published(self):
        from missionfacts.missions.models import KeyFigure

        KeyFigure.objects.filter(key="campaigns").update(value=Decimal("1200.0000"))
        figure = next(figure for figure in self.facts().key_figures.value if figure.key == "campaigns")
        self.assertEqual(str(figure.value), "1200")

    def test_a_key_figure_stated_after_the_sheets_date_is_not_shown(self):
        keys = [figure.key for figure in self.facts(date(2023, 12, 1)).key_figures.value]
        self.assertEqual(keys, ["alerts", "patrol-length"])


class FormatThreeAdminAndBackupTests(TestCase):
    def test_an_administrator_opens_each_kind_of_record_format_3_adds(self):
        from django.contrib.auth.models import User
        from django.urls import reverse

        from missionfacts.casualties.models import FatalityCount
        from missionfacts.missions.models import KeyFigure, Leadership, Resolution

        import_page()
        self.client.force_login(User.objects.create_superuser("admin", "admin@example.org", "a-long-password-1"))
        records = (KeyFigure.objects.first(), FatalityCount.objects.filter(as_of_only=True).first(),
                   Leadership.objects.filter(started_on__isnull=True).first(),
                   Resolution.objects.filter(adopted_on__isnull=True).first())
        for record in records:
            with self.subTest(model=record._meta.label):
                url = reverse(f"admin:{record._meta.app_label}_{record._meta.model_name}_change", args=[record.pk])
                self.assertContains(self.client.get(url), 'name="_save"')
                listing = reverse(f"admin:{record._meta.app_label}_{record._meta.model_name}_changelist")
                self.assertEqual(self.client.get(listing).status_code, 200)

    def test_a_backup_brings_every_format_3_record_back_as_it_was(self):
        import io
        import shutil

        from django.core.management import call_command

        from missionfacts.backups.archive import _delete_everything
        from missionfacts.backups.catalogue import entries
        from missionfacts.casualties.models import FatalityCount
        from missionfacts.missions.models import FinancialFigure, KeyFigure, Leadership, Resolution
        from missionfacts.personnel.models import StatedStrength, StatedStrengthPart

        import_page()
        folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, folder)
        models = (Mission, Resolution, Leadership, FinancialFigure, KeyFigure, StatedStrength, StatedStrengthPart,
                  FatalityCount)

        def rows():
            return {model._meta.label: sorted(map(repr, model.objects.values_list())) for model in models}

        before = rows()
        archive = folder / "backup.zip"
        call_command("backup", output=str(archive), stdout=io.StringIO(), stderr=io.StringIO())
        _delete_everything(entries(), "default")
        self.assertFalse(KeyFigure.objects.exists())
        call_command("restore", str(archive), stdout=io.StringIO(), stderr=io.StringIO())
        self.assertEqual(rows(), before)
