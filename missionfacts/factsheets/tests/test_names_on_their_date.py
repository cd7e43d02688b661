"""A sheet names countries as the UN named them on the sheet's date, not as it names them today."""

from datetime import date

from django.test import TestCase

from missionfacts.factsheets.render import render_html
from missionfacts.factsheets.tests.sheet_text import html_text
from missionfacts.figures.sheet import compute_sheet
from missionfacts.imports.reference import load_reference_data
from missionfacts.missions.models import Mission


class NamesOnTheSheetsDateTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_reference_data()
        # ONUB's page lists Turkey among its police contributors; the UN has written "Türkiye" since 2022.
        cls.sheet = compute_sheet(Mission.objects.get(acronym="ONUB"), date(2005, 6, 30))

    def test_a_2005_sheet_says_turkey_in_english(self):
        text = html_text(render_html(self.sheet, "en"))
        self.assertIn("Turkey", text)
        self.assertNotIn("Türkiye", text)

    def test_a_2005_sheet_says_turquie_in_french(self):
        text = html_text(render_html(self.sheet, "fr"))
        self.assertIn("Turquie", text)
        self.assertNotIn("Türkiye", text)


class HostNamedByTheUNTests(TestCase):
    """MONUSCO's host is the UN's "Democratic Republic of the Congo", not CLDR's "Congo - Kinshasa"."""

    @classmethod
    def setUpTestData(cls):
        load_reference_data()
        cls.sheet = compute_sheet(Mission.objects.get(acronym="MONUSCO"), date(2018, 6, 30))

    def test_the_english_sheet_names_the_host_as_the_un_does(self):
        text = html_text(render_html(self.sheet, "en"))
        self.assertIn("Democratic Republic of the Congo", text)
        self.assertNotIn("Kinshasa)", text)
        self.assertNotIn("Congo - Kinshasa", text)

    def test_the_french_sheet_names_the_host_and_sets_the_stored_name_in_french_typography(self):
        text = html_text(render_html(self.sheet, "fr"))
        self.assertIn("République démocratique du Congo", text)
        self.assertNotIn("Congo-Kinshasa", text)
        self.assertIn("Mission de l’Organisation des Nations Unies", text)
