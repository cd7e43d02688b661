"""Who may change and delete what through the API: every write of every endpoint, for every actor.

The create column is in test_permissions; this extends the matrix to update (PATCH) and delete. Each
request runs in a transaction that is rolled back, so every actor meets the same records.
"""

from django.db import transaction

from missionfacts.access.testing import ACTORS
from missionfacts.activities.models import TrainingProgramme
from missionfacts.api.tests.base import ApiTestCase
from missionfacts.missions.models import Sector
from missionfacts.testing import a_source

# Columns: anonymous, reader of MINUSMA, editor of MINUSMA, editor of another mission, administrator.
MINUSMA_EDITORS_UPDATE = (401, 403, 200, 403, 200)
MINUSMA_EDITORS_DELETE = (401, 403, 204, 403, 204)
# Records no one outside MINUSMA's staff may even see: an editor of another mission is told they do not exist.
MINUSMA_STAFF_UPDATE = (401, 403, 200, 404, 200)
MINUSMA_STAFF_DELETE = (401, 403, 204, 404, 204)
DRAFT_EDITORS_UPDATE = (401, 403, 404, 200, 200)
DRAFT_EDITORS_DELETE = (401, 403, 404, 204, 204)
ADMINISTRATORS_UPDATE = (401, 403, 403, 403, 200)
ADMINISTRATORS_DELETE = (401, 403, 403, 403, 204)
NOBODY = (401, 403, 405, 405, 405)

MATRIX = {
    # endpoint                update                   delete
    "missions":            (NOBODY,                  NOBODY),
    "resolutions":         (MINUSMA_EDITORS_UPDATE,  MINUSMA_EDITORS_DELETE),
    "ceilings":            (MINUSMA_EDITORS_UPDATE,  MINUSMA_EDITORS_DELETE),
    "sectors":             (MINUSMA_EDITORS_UPDATE,  MINUSMA_EDITORS_DELETE),
    "sites":               (MINUSMA_EDITORS_UPDATE,  MINUSMA_EDITORS_DELETE),
    "leadership":          (NOBODY,                  NOBODY),
    "budgets":             (NOBODY,                  NOBODY),
    "strength":            (MINUSMA_EDITORS_UPDATE,  MINUSMA_EDITORS_DELETE),
    "strength (draft)":    (DRAFT_EDITORS_UPDATE,    DRAFT_EDITORS_DELETE),
    "component-strengths": (MINUSMA_EDITORS_UPDATE,  MINUSMA_EDITORS_DELETE),
    "patrols":             (MINUSMA_STAFF_UPDATE,    MINUSMA_STAFF_DELETE),
    "patrol-counts":       (MINUSMA_EDITORS_UPDATE,  MINUSMA_EDITORS_DELETE),
    "training-programmes": (MINUSMA_EDITORS_UPDATE,  MINUSMA_EDITORS_DELETE),
    "trainings":           (MINUSMA_STAFF_UPDATE,    MINUSMA_STAFF_DELETE),
    "training-counts":     (MINUSMA_EDITORS_UPDATE,  MINUSMA_EDITORS_DELETE),
    "fatalities":          (MINUSMA_EDITORS_UPDATE,  MINUSMA_EDITORS_DELETE),
    "fatality-counts":     (MINUSMA_EDITORS_UPDATE,  MINUSMA_EDITORS_DELETE),
    "sources":             (ADMINISTRATORS_UPDATE,   ADMINISTRATORS_DELETE),
    "imports":             (NOBODY,                  NOBODY),
}


class WriteMatrixTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        source = a_source()
        # Records nothing refers to, so that deleting them is allowed (a sector with sites is a 409 conflict).
        cls.empty_sector = Sector.objects.create(mission=cls.minusma, key="vide", name_fr="Vide", name_en="Empty",
                                                 source=source)
        cls.unused_programme = TrainingProgramme.objects.create(
            mission=cls.minusma, key="unused", audience_fr="a", audience_en="a", subject_fr="s", subject_en="s",
            counts="persons", source=source)
        cls.unused_source = a_source("unused-source")

    def writes(self) -> dict[str, tuple[str, dict, str]]:
        """For each endpoint: a MINUSMA (or draft) record's URL, a valid change to it, and a deletable record's URL."""
        minusma = self.minusma
        component_strength = minusma.component_strengths.order_by("pk").first()
        training_count = minusma.training_counts.order_by("pk").first()
        return {
            "missions": ("/api/missions/MINUSMA/", {"name_en": "Changed"}, "/api/missions/MINUSMA/"),
            "resolutions": (f"/api/resolutions/{self.resolution.pk}/", {"mandate_ends_on": "2021-06-29"},
                            f"/api/resolutions/{self.resolution.pk}/"),
            "ceilings": (f"/api/ceilings/{self.resolution.ceilings.first().pk}/", {"authorised": 15000},
                         f"/api/ceilings/{self.resolution.ceilings.first().pk}/"),
            "sectors": (f"/api/sectors/{self.sector.pk}/", {"name_en": "North (changed)"},
                        f"/api/sectors/{self.empty_sector.pk}/"),
            "sites": (f"/api/sites/{self.site.pk}/", {"name": "Tessalit 2"}, f"/api/sites/{self.site.pk}/"),
            "leadership": (f"/api/leadership/{minusma.leaders.first().pk}/", {"name": "X"},
                           f"/api/leadership/{minusma.leaders.first().pk}/"),
            "budgets": (f"/api/budgets/{self.budget.pk}/", {"approved_usd": "1.00"}, f"/api/budgets/{self.budget.pk}/"),
            "strength": (f"/api/strength/{self.strength.pk}/", {"men": 1400}, f"/api/strength/{self.strength.pk}/"),
            "strength (draft)": (f"/api/strength/{self.draft_strength.pk}/", {"men": 99},
                                 f"/api/strength/{self.draft_strength.pk}/"),
            "component-strengths": (f"/api/component-strengths/{component_strength.pk}/",
                                    {"total": component_strength.total + 1},
                                    f"/api/component-strengths/{component_strength.pk}/"),
            "patrols": (f"/api/patrols/{self.patrol.pk}/", {"patrol_type": "foot"}, f"/api/patrols/{self.patrol.pk}/"),
            "patrol-counts": (f"/api/patrol-counts/{minusma.patrol_counts.first().pk}/", {"count": 123},
                              f"/api/patrol-counts/{minusma.patrol_counts.first().pk}/"),
            "training-programmes": (f"/api/training-programmes/{self.programme.pk}/", {"subject_en": "gender"},
                                    f"/api/training-programmes/{self.unused_programme.pk}/"),
            "trainings": (f"/api/trainings/{self.training.pk}/", {"reference": "UNPOL-2020-99"},
                          f"/api/trainings/{self.training.pk}/"),
            "training-counts": (f"/api/training-counts/{training_count.pk}/", {"count": 99999},
                                f"/api/training-counts/{training_count.pk}/"),
            "fatalities": (f"/api/fatalities/{self.fatality.pk}/", {"nationality": "SEN"},
                           f"/api/fatalities/{self.fatality.pk}/"),
            "fatality-counts": (f"/api/fatality-counts/{minusma.fatality_counts.first().pk}/", {"count": 3},
                                f"/api/fatality-counts/{minusma.fatality_counts.first().pk}/"),
            "sources": ("/api/sources/test-source/", {"title": "Changed"}, "/api/sources/unused-source/"),
            "imports": (f"/api/imports/{self.import_batch.pk}/", {"file_name": "x.csv"},
                        f"/api/imports/{self.import_batch.pk}/"),
        }

    def test_every_actor_gets_the_expected_status_from_every_update_and_delete(self):
        writes = self.writes()
        self.assertEqual(set(writes), set(MATRIX), "every endpoint of the matrix needs its requests")
        for endpoint, (update_expected, delete_expected) in MATRIX.items():
            url, change, deletable_url = writes[endpoint]
            for action, expected_by_actor in (("update", update_expected), ("delete", delete_expected)):
                for actor, expected in zip(ACTORS, expected_by_actor, strict=True):
                    with self.subTest(endpoint=endpoint, action=action, actor=actor):
                        self.act_as(actor)
                        with transaction.atomic():
                            if action == "update":
                                response = self.client.patch(url, change, format="json")
                            else:
                                response = self.client.delete(deletable_url)
                            transaction.set_rollback(True)
                        self.assertEqual(response.status_code, expected, response.content[:300])

    def test_a_refused_write_changes_nothing(self):
        self.act_as("other_editor")
        response = self.client.patch(f"/api/strength/{self.strength.pk}/", {"men": 1}, format="json")
        self.assertEqual(response.status_code, 403)
        self.strength.refresh_from_db()
        self.assertEqual(self.strength.men, 1390)

    def test_an_editor_cannot_move_a_record_into_a_draft_mission_it_does_not_edit(self):
        self.act_as("editor")
        for url in (f"/api/strength/{self.strength.pk}/", f"/api/fatalities/{self.fatality.pk}/"):
            with self.subTest(url=url):
                response = self.client.patch(url, {"mission": "MINUDRAFT"}, format="json")
                self.assertEqual(response.status_code, 403)

    def test_the_matrix_covers_every_writable_endpoint_of_the_api(self):
        root = self.client.get("/api/").json()["records"]["endpoints"]
        self.assertEqual(set(root), {name.split(" ")[0] for name in MATRIX})
