"""What each actor finds in a list: the public rows, and every row of the missions they may read."""

from django.contrib.auth.models import User

from missionfacts.api.tests.base import ApiTestCase
from missionfacts.missions.models import Mission


class VisibilityTests(ApiTestCase):
    def acronyms(self, url: str) -> set[str]:
        return {row["mission"] for row in self.client.get(url).json()["results"]}

    def test_an_anonymous_visitor_does_not_see_draft_missions_or_their_records(self):
        self.act_as("anonymous")
        missions = {row["acronym"] for row in self.client.get("/api/missions/").json()["results"]}
        # Every published mission (the reference data's, the catalogue's operations among them), no draft.
        self.assertNotIn("MINUDRAFT", missions)
        self.assertEqual(missions, set(Mission.objects.filter(is_provisional=False).values_list("acronym", flat=True)))
        self.assertIn("MINUSMA", missions)
        self.assertEqual(self.acronyms("/api/strength/"), {"MINUSMA"})

    def test_the_editor_of_a_draft_mission_sees_its_records_beside_the_public_ones(self):
        self.act_as("other_editor")
        self.assertEqual(self.acronyms("/api/strength/"), {"MINUSMA", "MINUDRAFT"})

    def test_an_editor_of_another_mission_lists_none_of_minusmas_patrols(self):
        self.act_as("other_editor")
        self.assertEqual(self.client.get("/api/patrols/").json()["results"], [])
        self.act_as("reader")
        self.assertEqual(self.acronyms("/api/patrols/"), {"MINUSMA"})

    def test_staff_read_participant_references_of_their_missions_sessions(self):
        self.act_as("reader")
        session = self.client.get(f"/api/trainings/{self.training.pk}/").json()
        self.assertEqual(session["participations"], [{"participant_ref": "P-00017", "sex": "F"}])

    def test_a_signed_in_user_without_a_role_is_refused_individual_records(self):
        User.objects.create_user("visitor", password="a-long-password-1")
        self.client.login(username="visitor", password="a-long-password-1")
        self.assertEqual(self.client.get("/api/patrols/").status_code, 403)
        self.assertEqual(self.client.get("/api/strength/").status_code, 200)

    def test_staff_may_read_with_their_browser_session_too(self):
        self.client.force_login(self.reader)
        self.assertEqual(self.client.get(f"/api/patrols/{self.patrol.pk}/").status_code, 200)
