"""A sheet whose figures come from the UN's data says of when those data are: "UN data as of 4 April 2025"."""

import dataclasses
from datetime import date

from django.test import TestCase

from missionfacts.factsheets.json_output import sheet_as_json
from missionfacts.factsheets.render import render_html
from missionfacts.factsheets.tests.sheet_text import html_text
from missionfacts.figures.sheet import compute_sheet
from missionfacts.figures.un_data import UNDataDate
from missionfacts.imports.reference import load_reference_data, load_shipped_fatalities
from missionfacts.missions.models import Mission

# UNAMID, known from the catalogue only: its losses in attacks come from the UN's fatalities file alone.
DAY = date(2015, 1, 1)


class UNDataDateTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_reference_data()
        load_shipped_fatalities()
        cls.unamid = Mission.objects.get(acronym="UNAMID")

    def sheet(self):
        return compute_sheet(Mission.objects.get(pk=self.unamid.pk), DAY)

    def test_the_figures_name_the_date_of_the_uns_fatalities_file(self):
        sheet = self.sheet()
        self.assertTrue(sheet.fatalities_in_attacks.available)
        self.assertEqual(sheet.un_data, (UNDataDate(date(2025, 4, 4), ("DPPADPOSS-FATALITIES",)),))

    def test_the_sheet_says_of_when_the_uns_data_are_in_english_and_in_french(self):
        sheet = self.sheet()
        self.assertIn("UN data as of 4 April 2025.", html_text(render_html(sheet, "en")))
        # The date in the page's language, by Babel (the words around it come from the French catalogue).
        french = html_text(render_html(sheet, "fr"))
        self.assertIn("4 avril 2025.", french)
        self.assertNotIn("April", french)

    def test_the_json_gives_the_date_the_datasets_and_the_sentence_in_its_language(self):
        sheet = self.sheet()
        english = sheet_as_json(sheet, "en")["un_data"]
        self.assertEqual(english, [{"as_of": "2025-04-04", "datasets": ["DPPADPOSS-FATALITIES"],
                                    "text": "UN data as of 4 April 2025"}])
        self.assertTrue(sheet_as_json(sheet, "fr")["un_data"][0]["text"].endswith(" 4 avril 2025"))

    def test_the_facts_page_says_it_too(self):
        page = self.client.get(f"/missions/UNAMID/?as_of={DAY.isoformat()}&lang=en")
        self.assertEqual(page.status_code, 200)
        self.assertIn("UN data as of 4 April 2025.", html_text(page.content.decode()))

    def test_a_newer_version_of_the_file_with_the_same_records_moves_the_date(self):
        from missionfacts.imports.models import ImportBatch

        ImportBatch.objects.filter(kind="un-fatalities").update(data_as_of=date(2025, 3, 1))
        later = ImportBatch.objects.get(kind="un-fatalities")
        later.pk = None
        later.data_as_of = date(2025, 6, 30)
        later.save()
        self.assertEqual(self.sheet().un_data[0].as_of, date(2025, 6, 30))

    def test_a_sheet_without_the_uns_data_says_nothing_of_it(self):
        sheet = dataclasses.replace(self.sheet(), un_data=())
        self.assertNotIn("UN data as of", html_text(render_html(sheet, "en")))
        self.assertEqual(sheet_as_json(sheet, "en")["un_data"], [])
