"""The UN's entities that are not peacekeeping operations stay out of the lists of operations, records kept."""

import tempfile
from pathlib import Path

from missionfacts.access.testing import RolesTestCase
from missionfacts.casualties.models import Fatality
from missionfacts.imports.un_fatalities import import_un_fatalities
from missionfacts.missions.models import Mission

HEADER = ("id,incident_date,casualty_id,mission_acronym,type_of_casualty,gender,casualty_nationality,"
          "casualty_personnel_type,type_of_incident,m49_code,isocode3,last_update\n")
UNAMA_ROW = "1,2011-04-01,UNAMA-2011-04-00001,UNAMA,Fatality,M,Norway,Military,Malicious Act,578.0,NOR,2025-04-04\n"


class UNEntitiesTests(RolesTestCase):
    """UNAMA, a special political mission, arrives with a fatality from the UN's file."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "DPPADPOSS-FATALITIES.csv"
            path.write_text(HEADER + UNAMA_ROW, encoding="utf-8")
            assert import_un_fatalities(path).ok
        cls.unama = Mission.objects.get(acronym="UNAMA")

    def test_the_import_keeps_unama_apart_with_its_fatality(self):
        self.assertEqual(self.unama.kind, Mission.Kind.OTHER)
        self.assertEqual(Fatality.objects.filter(mission=self.unama).count(), 1)

    def test_an_administrator_does_not_find_it_among_the_missions_on_the_home_page(self):
        self.client.force_login(self.administrator)
        page = self.client.get("/").content.decode()
        self.assertIn("MINUSMA", page)
        self.assertIn("MINUDRAFT", page)
        self.assertNotIn("UNAMA", page)

    def test_an_administrator_does_not_find_it_in_the_staff_list(self):
        self.client.force_login(self.administrator)
        page = self.client.get("/staff/").content.decode()
        self.assertIn("MINUSMA", page)
        self.assertNotIn("UNAMA", page)

    def test_the_import_form_does_not_offer_it(self):
        self.client.force_login(self.administrator)
        page = self.client.get("/staff/import/").content.decode()
        self.assertIn('value="MINUSMA"', page)
        self.assertNotIn("UNAMA", page)

    def test_the_apis_mission_list_leaves_it_out_unless_asked_for(self):
        self.act_as("administrator")

        def acronyms(**query) -> set[str]:
            response = self.client.get("/api/missions/", {"page_size": 500, **query})
            self.assertEqual(response.status_code, 200, response.content)
            return {row["acronym"] for row in response.json()["results"]}

        self.assertIn("MINUSMA", acronyms())
        self.assertNotIn("UNAMA", acronyms())
        self.assertEqual(acronyms(kind="other"), {"UNAMA"})
        self.assertLessEqual({"UNAMA", "MINUSMA"}, acronyms(kind="all"))
        self.assertEqual(self.client.get("/api/missions/?kind=everything").status_code, 400)

    def test_its_record_and_its_fatalities_stay_reachable_in_the_api(self):
        self.act_as("administrator")
        unama = self.client.get("/api/missions/UNAMA/").json()
        self.assertEqual((unama["acronym"], unama["kind"]), ("UNAMA", "other"))
        fatalities = self.client.get("/api/fatalities/", {"mission": "UNAMA"}).json()["results"]
        self.assertEqual([row["casualty_id"] for row in fatalities], ["UNAMA-2011-04-00001"])
