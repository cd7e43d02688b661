"""From the Data Hub to the fact sheet: after a fetch, MINUSMA's top-10 contributors, ranked and localised.

The contributions replayed here are constructed (see responses/README.md), not real figures.
"""

import html
import re
from datetime import date

from missionfacts.factsheets.render import render_html
from missionfacts.figures.sheet import compute_sheet
from missionfacts.figures.values import Period
from missionfacts.missions.models import Mission
from missionfacts.opendata.tests.base import FetchTestCase

MILITARY = ["TCD", "BGD", "EGY", "SEN", "TGO", "BFA", "NER", "GIN", "CHN", "DEU"]
POLICE = ["SEN", "TGO", "BGD", "EGY", "NER", "BEN", "BFA", "CMR", "GIN", "CIV"]
ROW = re.compile(r"<tr><td>(\d+)</td><td>([^<]+)</td><td>([^<]+)</td><td>([^<]+)</td></tr>")


class FetchedSheetTests(FetchTestCase):
    def setUp(self):
        super().setUp()
        self.fetch("DPO-UCHISTORICAL", "--format", "json")
        self.sheet = compute_sheet(self.minusma, date(2020, 7, 1))

    def table_rows(self, language: str, sheet=None) -> list[list[tuple]]:
        """The rows (rank, country, total, women) of the sheet's two contributor tables, military first."""
        page = render_html(sheet or self.sheet, language)
        blocks = page.split('<section class="contributors">', 1)[1].split("</section>", 1)[0].split("</table>")
        return [[tuple(html.unescape(cell) for cell in row) for row in ROW.findall(block)] for block in blocks[:2]]

    def test_the_sheet_ranks_the_ten_largest_military_and_police_contributors_of_the_last_report(self):
        military, police = self.sheet.top_contributors["military"], self.sheet.top_contributors["police"]
        self.assertEqual([rank.country for rank in military.value], MILITARY)
        self.assertEqual([rank.country for rank in police.value], POLICE)
        self.assertEqual([rank.rank for rank in military.value], list(range(1, 11)))
        self.assertEqual((military.as_of, police.as_of), (date(2020, 6, 30), date(2020, 6, 30)))
        # Chad's troops, staff officers and experts on mission together, men and women.
        self.assertEqual((military.value[0].men, military.value[0].women), (1334, 83))

    def test_an_earlier_date_ranks_the_report_of_that_month(self):
        sheet = compute_sheet(self.minusma, date(2020, 5, 31))
        self.assertEqual(sheet.top_contributors["military"].as_of, date(2020, 5, 31))
        self.assertEqual(sheet.top_contributors["military"].value[0].total, 1410)

    def test_the_french_sheet_names_the_countries_in_french_with_french_numbers(self):
        military, police = self.table_rows("fr")
        self.assertEqual([row[1] for row in military][:4], ["Tchad", "Bangladesh", "Égypte", "Sénégal"])
        self.assertEqual(military[0], ("1", "Tchad", "1\u202f417", "83"))
        self.assertEqual(military[9][1], "Allemagne")
        self.assertEqual(len(military), 10)
        self.assertNotIn("Népal", [row[1] for row in military])
        self.assertEqual(police[9][1], "Côte d’Ivoire")

    def test_the_english_sheet_names_the_countries_in_english_with_english_numbers(self):
        military, police = self.table_rows("en")
        self.assertEqual(military[0], ("1", "Chad", "1,417", "83"))
        self.assertEqual([row[1] for row in military][8:], ["China", "Germany"])
        self.assertEqual(police[0][1:3], ("Senegal", "336"))

    def test_a_mission_first_known_from_the_file_ranks_its_contributors_too(self):
        # UNMISS was created by the import, without dates: the sheet's period is given.
        sheet = compute_sheet(Mission.objects.get(acronym="UNMISS"), date(2020, 7, 1),
                              Period(date(2020, 1, 1), date(2020, 6, 30)))
        french, english = self.table_rows("fr", sheet)[0], self.table_rows("en", sheet)[0]
        self.assertEqual([row[1] for row in french][:3], ["Inde", "Rwanda", "Népal"])
        self.assertEqual(french[0][2], "2\u202f317")
        self.assertEqual(english[0][1:3], ("India", "2,317"))
        self.assertEqual(len(french), 7)
