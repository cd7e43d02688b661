"""With per-country records, the sheet's two top-10 places become charts."""

import base64
import io
import re
from datetime import date

import pypdf
from django.test import TestCase

from missionfacts.factsheets.render import render_html, render_pdf, sheet_context
from missionfacts.factsheets.tests.sheet_text import html_text
from missionfacts.figures.sheet import compute_sheet
from missionfacts.imports.reference import load_reference_data
from missionfacts.missions.models import Mission
from missionfacts.personnel.models import Strength
from missionfacts.testing import a_source

# Invented for the test only: the reference data has no per-country records.
TROOPS = {"TCD": 1425, "BGD": 1310, "EGY": 1072, "SEN": 1030, "BFA": 1700, "TGO": 933, "NER": 866,
          "GIN": 860, "CHN": 413, "DEU": 380, "NPL": 170}
POLICE = {"SEN": 300, "TGO": 280, "BGD": 140, "EGY": 139, "NER": 150}


class ContributorChartTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_reference_data()
        mission, source = Mission.objects.get(acronym="MINUSMA"), a_source()
        for personnel_type, numbers in (("troops", TROOPS), ("formed_police_unit", POLICE)):
            for country, men in numbers.items():
                Strength.objects.create(mission=mission, reported_on=date(2020, 6, 30), country=country,
                                        personnel_type=personnel_type, men=men, women=5, source=source)
        cls.sheet = compute_sheet(mission, date(2020, 7, 1))

    def chart_svgs(self, language: str) -> list[str]:
        html = render_html(self.sheet, language)
        images = re.findall(r'<img src="data:image/svg\+xml;base64,([^"]+)" alt="(?:Militaires|Police|Military)',
                            html)
        return [base64.b64decode(image).decode("utf-8") for image in images]

    def test_the_military_ranking_keeps_ten_countries_in_order(self):
        ranking = self.sheet.top_contributors["military"]
        self.assertEqual([r.country for r in ranking.value][:3], ["BFA", "TCD", "BGD"])
        self.assertEqual(len(ranking.value), 10)
        self.assertEqual(ranking.as_of, date(2020, 6, 30))

    def test_both_charts_appear_in_the_french_sheet_with_french_names_and_numbers(self):
        military, police = self.chart_svgs("fr")
        self.assertIn("Burkina Faso", military)
        self.assertIn("Tchad", military)
        self.assertIn("1\u202f705", military)
        self.assertNotIn("Népal", military)
        self.assertIn("Sénégal", police)

    def test_the_bars_are_drawn_from_the_largest_contributor_down(self):
        spec = sheet_context(self.sheet, "en", with_svg=False)["contributors"][0]["spec"]
        values = spec["data"]["values"] if "data" in spec else spec["datasets"].popitem()[1]
        countries = [row["country"] for row in sorted(values, key=lambda row: row["order"])]
        self.assertEqual(countries[:3], ["Burkina Faso", "Chad", "Bangladesh"])

    def test_the_english_sheet_uses_english_names_and_numbers(self):
        military, _ = self.chart_svgs("en")
        self.assertIn("Chad", military)
        self.assertIn("1,705", military)

    def test_the_sheet_with_both_charts_stays_on_two_a4_pages_with_the_mandate(self):
        pages = [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(render_pdf(self.sheet, "fr"))).pages]
        self.assertEqual(len(pages), 2)
        self.assertEqual(len(self.chart_svgs("fr")), 2)
        self.assertIn("MANDAT", pages[1])

    def test_each_chart_is_headed_once_by_its_block_not_again_by_its_own_title(self):
        text = html_text(render_html(self.sheet, "fr"))
        # The chart drawn in the page carries no title: the heading above it is the only one.
        self.assertEqual(text.count("Militaires : top 10 des pays contributeurs"), 1)
        for block in sheet_context(self.sheet, "fr", with_svg=False)["contributors"]:
            self.assertNotIn("title", block["spec"])
