"""Sources belong to what cites them, through the API too: an editor changes their own missions' sources only."""

from missionfacts.api.tests.base import ApiTestCase
from missionfacts.imports.models import Source

MINUSMA_SHEET = "/api/sources/minusma-fiche-2020/"
SHEET_TITLE = "MINUSMA, fiche d'information (Résolution 2531), mi-2020"


class SourceOwnershipTests(ApiTestCase):
    def title_of(self, key: str) -> str:
        return Source.objects.get(key=key).title

    def test_the_editor_of_another_mission_is_told_minusma_cites_the_source_and_changes_nothing(self):
        self.act_as("other_editor")
        response = self.client.patch(MINUSMA_SHEET, {"title": "Rewritten", "url": "https://example.org/"},
                                     format="json", HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(response.status_code, 403)
        self.assertIn("'minusma-fiche-2020' is also cited by MINUSMA", response.json()["detail"])
        self.assertEqual(self.title_of("minusma-fiche-2020"), SHEET_TITLE)

    def test_minusmas_editor_corrects_a_source_only_minusma_cites(self):
        self.act_as("editor")
        response = self.client.patch(MINUSMA_SHEET, {"url": "https://minusma.unmissions.org/"}, format="json")
        self.assertEqual(response.status_code, 200, response.content[:300])
        self.assertEqual(Source.objects.get(key="minusma-fiche-2020").url, "https://minusma.unmissions.org/")

    def test_an_editor_may_not_change_the_un_data_every_mission_shares_but_an_administrator_may(self):
        self.act_as("editor")
        response = self.client.patch("/api/sources/un-psdata-pko/", {"title": "Ours"}, format="json",
                                     HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(response.status_code, 403)
        self.assertIn("'un-psdata-pko' is a data set every mission shares", response.json()["detail"])
        self.assertNotEqual(self.title_of("un-psdata-pko"), "Ours")
        self.act_as("administrator")
        self.assertEqual(self.client.patch("/api/sources/un-psdata-pko/", {"title": "Ours"}, format="json")
                         .status_code, 200)
        self.assertEqual(self.title_of("un-psdata-pko"), "Ours")
