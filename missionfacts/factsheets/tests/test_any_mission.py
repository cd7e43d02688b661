"""A sheet for any operation of the shipped catalogue: its own country, its own map, no word of another mission.

The sample is drawn from the catalogue itself (operations past and present on several continents, in one
host country or several), each at the middle of its lifetime, so nothing here states a fact the data should
give: the test only asks that what the data gives is shown for the right mission and nothing else is.
"""

import re
from datetime import date

from django.test import TestCase
from django.utils import translation

from missionfacts.countries import country_name
from missionfacts.factsheets import typography
from missionfacts.factsheets.formatting import long_date
from missionfacts.factsheets.render import render_html, render_pdf, sheet_context
from missionfacts.factsheets.tests.sheet_text import html_text, pdf_text
from missionfacts.factsheets.wording import mission_identity
from missionfacts.figures.sheet import compute_sheet
from missionfacts.imports.reference import load_reference_data
from missionfacts.missions.models import Mission

SAMPLE = ("UNMISS", "MONUSCO", "UNIFIL", "MINUSCA", "UNFICYP", "UNMIK", "MINURSO", "UNDOF", "UNMIL", "UNTSO",
          "UNMOGIP", "MINUSTAH", "UNMIT", "UNOCI")
# The PDF is the slow part: a few missions in each language, the HTML of every one in both.
PDF_SAMPLE = {"fr": ("MINUSCA", "MINUSTAH", "UNOCI", "UNFICYP", "UNDOF"),
              "en": ("UNMISS", "UNIFIL", "UNMIK", "UNTSO", "UNMOGIP")}
# Words a sheet of another mission must never carry: the seed's country, and names that only MINUSMA's
# records hold.
FOREIGN_WORDS = ("Mali", "Bamako", "Kidal", "Gao", "Tombouctou")


def middle_of_life(mission: Mission) -> date:
    end = mission.ended_on or date.today()
    return mission.started_on + (end - mission.started_on) / 2


class AnyMissionSheetTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_reference_data()
        cls.missions = {mission.acronym: mission for mission in Mission.objects.filter(acronym__in=SAMPLE)}
        cls.other_acronyms = set(Mission.objects.exclude(acronym__in=SAMPLE).values_list("acronym", flat=True))
        cls.sheets = {acronym: compute_sheet(mission, middle_of_life(mission))
                      for acronym, mission in cls.missions.items()}

    def foreign_words_in(self, text: str, acronym: str) -> list[str]:
        others = (self.other_acronyms | set(SAMPLE)) - {acronym}
        words = [*FOREIGN_WORDS, *others]
        return [word for word in words if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text)]

    def test_the_catalogue_holds_every_mission_of_the_sample(self):
        self.assertEqual(sorted(self.missions), sorted(SAMPLE))

    @staticmethod
    def name_as_set(mission, language: str) -> str:
        """The stored name as the sheet prints it: in its own language's typography ("Côte d’Ivoire")."""
        return typography.typeset_stored(mission.name_fr, mission.name_en, language)

    def test_each_sheet_names_its_mission_and_host_countries_and_no_other_mission(self):
        for acronym, sheet in self.sheets.items():
            mission = self.missions[acronym]
            for language in ("fr", "en"):
                with self.subTest(mission=acronym, language=language):
                    text = html_text(render_html(sheet, language))
                    self.assertIn(self.name_as_set(mission, language), text)
                    location = mission.location(language)
                    if location:
                        self.assertIn(location, text)
                    else:
                        for code in mission.host_countries:
                            self.assertIn(country_name(code, language), text)
                    self.assertEqual(self.foreign_words_in(text, acronym), [])

    def test_each_sheet_draws_the_map_of_its_own_countries(self):
        for acronym, sheet in self.sheets.items():
            with self.subTest(mission=acronym):
                context = sheet_context(sheet, "en", with_svg=False)
                spec = context.get("map_spec")
                self.assertIsNotNone(spec, context.get("map_missing"))
                spec_text = str(spec)
                for code in self.missions[acronym].host_countries:
                    self.assertIn(code, spec_text)
                if sheet.headquarters and sheet.headquarters.located:
                    self.assertIn(sheet.headquarters.name, spec_text)

    def test_the_masthead_gives_the_mission_s_end_only_on_a_sheet_dated_after_it(self):
        mission = self.missions["UNMIL"]
        start, end = (long_date(day, "en") for day in (mission.started_on, mission.ended_on))
        with translation.override("en"):
            during = " · ".join(mission_identity(self.sheets["UNMIL"]))
            after = " · ".join(mission_identity(compute_sheet(mission, mission.ended_on)))
        self.assertIn(f"since {start}", during)
        self.assertNotIn(end, during)
        self.assertIn(f"{start} to {end}", after)

    def test_the_pdf_of_a_sample_in_each_language_carries_the_same_text(self):
        for language, acronyms in PDF_SAMPLE.items():
            for acronym in acronyms:
                with self.subTest(mission=acronym, language=language):
                    sheet = self.sheets[acronym]
                    text = pdf_text(render_pdf(sheet, language))
                    self.assertIn(acronym, text)
                    self.assertIn(self.name_as_set(self.missions[acronym], language), text)
                    self.assertEqual(self.foreign_words_in(text, acronym), [])
