"""Editors write records with the models' own validation; everyone else is refused."""

from missionfacts.api.tests.base import ApiTestCase
from missionfacts.personnel.models import ComponentStrength, Strength


class WriteTests(ApiTestCase):
    def setUp(self):
        self.act_as("editor")

    def component_strength(self, **fields) -> dict:
        return {"mission": "MINUSMA", "reported_on": "2020-08-31", "component": "police", "total": 1730,
                "women": 240, "source": "test-source", **fields}

    def test_an_editor_creates_a_record_with_its_source_and_no_import(self):
        response = self.client.post("/api/component-strengths/", self.component_strength(), format="json")
        self.assertEqual(response.status_code, 201, response.content)
        record = ComponentStrength.objects.get(pk=response.json()["id"])
        self.assertEqual((record.total, record.source.key, record.import_batch), (1730, "test-source", None))

    def test_it_rejects_women_above_total_naming_the_field(self):
        response = self.client.post("/api/component-strengths/", self.component_strength(women=2000), format="json",
                                    HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json(), {"women": ["Women cannot outnumber the total."]})

    def test_it_gives_the_reason_in_the_clients_language(self):
        response = self.client.post("/api/component-strengths/", self.component_strength(women=2000), format="json",
                                    HTTP_ACCEPT_LANGUAGE="fr")
        self.assertEqual(response.json()["women"], ["Le nombre de femmes ne peut pas dépasser le total."])

    def test_it_requires_a_known_source(self):
        missing = {key: value for key, value in self.component_strength().items() if key != "source"}
        self.assertIn("source", self.client.post("/api/component-strengths/", missing, format="json").json())
        unknown = self.client.post("/api/component-strengths/", self.component_strength(source="nope"), format="json")
        self.assertEqual(unknown.status_code, 400)
        self.assertIn("source", unknown.json())

    def test_it_rejects_a_second_row_for_the_same_key_with_the_models_message(self):
        row = {"mission": "MINUSMA", "reported_on": "2020-05-31", "country": "TCD", "personnel_type": "troops",
               "men": 1, "women": 0, "source": "test-source"}
        response = self.client.post("/api/strength/", row, format="json", HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["non_field_errors"],
                         ["This mission already has strength for this country and personnel type on this date."])

    def test_it_applies_the_models_clean_rules_to_references(self):
        foreign_sector = self.draft_mission.sectors.create(key="x", name_fr="X", name_en="X", source=self.budget.source)
        site = {"mission": "MINUSMA", "sector": foreign_sector.pk, "name": "Ber", "latitude": 16.0,
                "longitude": -3.6, "source": "test-source"}
        response = self.client.post("/api/sites/", site, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("sector", response.json())

    def test_an_editor_updates_a_record_which_then_no_longer_belongs_to_its_import(self):
        record = self.minusma.component_strengths.exclude(import_batch=None).first()
        response = self.client.patch(f"/api/component-strengths/{record.pk}/", {"women": 200}, format="json")
        self.assertEqual(response.status_code, 200, response.content)
        record.refresh_from_db()
        self.assertEqual((record.women, record.import_batch), (200, None))

    def test_a_partial_update_is_validated_against_the_whole_record(self):
        record = self.minusma.component_strengths.get(reported_on="2020-03-10")
        response = self.client.patch(f"/api/component-strengths/{record.pk}/", {"total": 100}, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("women", response.json())

    def test_an_editor_deletes_a_record(self):
        response = self.client.delete(f"/api/strength/{self.strength.pk}/")
        self.assertEqual(response.status_code, 204)
        self.assertFalse(Strength.objects.filter(pk=self.strength.pk).exists())

    def test_deleting_a_sector_that_sites_are_in_is_a_conflict(self):
        response = self.client.delete(f"/api/sectors/{self.sector.pk}/")
        self.assertEqual(response.status_code, 409)

    def test_an_editor_cannot_move_a_record_into_a_mission_they_do_not_edit(self):
        response = self.client.patch(f"/api/strength/{self.strength.pk}/", {"mission": "MINUDRAFT"}, format="json")
        self.assertEqual(response.status_code, 403)

    def test_an_editor_of_another_mission_cannot_change_or_delete_minusmas_records(self):
        self.act_as("other_editor")
        self.assertEqual(self.client.patch(f"/api/strength/{self.strength.pk}/", {"men": 1}).status_code, 403)
        self.assertEqual(self.client.delete(f"/api/strength/{self.strength.pk}/").status_code, 403)
        self.assertEqual(self.client.delete(f"/api/patrols/{self.patrol.pk}/").status_code, 404)

    def test_a_reader_cannot_change_anything(self):
        self.act_as("reader")
        self.assertEqual(self.client.patch(f"/api/strength/{self.strength.pk}/", {"men": 1}).status_code, 403)
        self.assertEqual(self.client.delete(f"/api/patrols/{self.patrol.pk}/").status_code, 403)

    def test_an_anonymous_client_is_asked_to_authenticate(self):
        self.act_as("anonymous")
        response = self.client.delete(f"/api/strength/{self.strength.pk}/")
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response["WWW-Authenticate"], "Token")

    def test_only_an_administrator_changes_a_source_that_every_mission_shares(self):
        self.assertEqual(self.client.patch("/api/sources/test-source/", {"title": "T"}).status_code, 403)
        self.act_as("administrator")
        self.assertEqual(self.client.patch("/api/sources/test-source/", {"title": "T"}).status_code, 200)
