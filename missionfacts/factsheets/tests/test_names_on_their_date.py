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
