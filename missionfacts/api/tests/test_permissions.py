"""The permissions matrix of the API: every endpoint × every actor, listed, read one by one, and written to.

One table states the expected status of each request; the test walks it. Create requests carry a valid
MINUSMA record (MINUDRAFT for the "(draft)" rows), so a refusal is about the actor and not the payload.
Every request runs in a savepoint that is rolled back, so one actor's creation never blocks the next's.
"""

from django.db import transaction

from missionfacts.access.testing import ACTORS
from missionfacts.api.tests.base import ApiTestCase

# Columns: anonymous, reader of MINUSMA, editor of MINUSMA, editor of another mission, administrator.
EVERYONE = (200, 200, 200, 200, 200)
STAFF_OF_ANY_MISSION = (401, 200, 200, 200, 200)
STAFF_OF_MINUSMA = (401, 200, 200, 404, 200)
STAFF_OF_DRAFT = (404, 404, 404, 200, 200)
MINUSMA_EDITORS = (401, 403, 201, 403, 201)
DRAFT_EDITORS = (401, 403, 403, 201, 201)
ANY_EDITOR = (401, 403, 201, 201, 201)
NOBODY = (401, 403, 405, 405, 405)

MATRIX = {
    # endpoint                list                   detail             create
    "missions":            (EVERYONE,             EVERYONE,          NOBODY),
    "missions (draft)":    (EVERYONE,             STAFF_OF_DRAFT,    NOBODY),
    "figures":             (None,                 EVERYONE,          None),
    "figures (draft)":     (None,                 STAFF_OF_DRAFT,    None),
    "resolutions":         (EVERYONE,             EVERYONE,          MINUSMA_EDITORS),
    "ceilings":            (EVERYONE,             EVERYONE,          MINUSMA_EDITORS),
    "sectors":             (EVERYONE,             EVERYONE,          MINUSMA_EDITORS),
    "sites":               (EVERYONE,             EVERYONE,          MINUSMA_EDITORS),
    "leadership":          (EVERYONE,             EVERYONE,          NOBODY),
    "budgets":             (EVERYONE,             EVERYONE,          NOBODY),
    "strength":            (EVERYONE,             EVERYONE,          MINUSMA_EDITORS),
    "strength (draft)":    (EVERYONE,             STAFF_OF_DRAFT,    DRAFT_EDITORS),
    "component-strengths": (EVERYONE,             EVERYONE,          MINUSMA_EDITORS),
    "patrols":             (STAFF_OF_ANY_MISSION, STAFF_OF_MINUSMA,  MINUSMA_EDITORS),
    "patrol-counts":       (EVERYONE,             EVERYONE,          MINUSMA_EDITORS),
    "training-programmes": (EVERYONE,             EVERYONE,          MINUSMA_EDITORS),
    "trainings":           (STAFF_OF_ANY_MISSION, STAFF_OF_MINUSMA,  MINUSMA_EDITORS),
    "training-counts":     (EVERYONE,             EVERYONE,          MINUSMA_EDITORS),
    "fatalities":          (EVERYONE,             EVERYONE,          MINUSMA_EDITORS),
    "fatality-counts":     (EVERYONE,             EVERYONE,          MINUSMA_EDITORS),
    "sources":             (EVERYONE,             EVERYONE,          ANY_EDITOR),
    "imports":             (STAFF_OF_ANY_MISSION, STAFF_OF_ANY_MISSION, NOBODY),
}


class PermissionsMatrixTests(ApiTestCase):
    def requests(self) -> dict[str, tuple[str | None, str | None, dict | None]]:
        """For each endpoint: its list URL, one MINUSMA (or draft) record's URL, and a valid new record."""
        minusma, draft, source = "MINUSMA", "MINUDRAFT", "test-source"
        period = {"period_start": "2020-07-01", "period_end": "2020-12-31"}
        return {
            "missions": ("/api/missions/", "/api/missions/MINUSMA/", {"acronym": "MINUNEW", "source": source}),
            "missions (draft)": ("/api/missions/", "/api/missions/minudraft/", {"acronym": "MINUNEW"}),
            "figures": (None, "/api/missions/MINUSMA/figures/?as_of=2020-07-01", None),
            "figures (draft)": (None, "/api/missions/MINUDRAFT/figures/?as_of=2020-07-01", None),
            "resolutions": ("/api/resolutions/", f"/api/resolutions/{self.resolution.pk}/", {
                "mission": minusma, "number": 2584, "adopted_on": "2021-06-29", "mandate_ends_on": "2022-06-30",
                "source": source}),
            "ceilings": ("/api/ceilings/", f"/api/ceilings/{self.resolution.ceilings.first().pk}/", {
                "resolution": self.resolution.pk, "scope": "civilians", "authorised": 1800}),
            "sectors": ("/api/sectors/", f"/api/sectors/{self.sector.pk}/", {
                "mission": minusma, "key": "centre-2", "name_fr": "Centre 2", "name_en": "Centre 2", "source": source}),
            "sites": ("/api/sites/", f"/api/sites/{self.site.pk}/", {
                "mission": minusma, "sector": self.sector.pk, "name": "Ber", "latitude": 16.0, "longitude": -3.6,
                "source": source}),
            "leadership": ("/api/leadership/", f"/api/leadership/{self.minusma.leaders.first().pk}/", {}),
            "budgets": ("/api/budgets/", f"/api/budgets/{self.budget.pk}/", {}),
            "strength": ("/api/strength/", f"/api/strength/{self.strength.pk}/", self.strength_row(minusma)),
            "strength (draft)": ("/api/strength/", f"/api/strength/{self.draft_strength.pk}/",
                                 self.strength_row(draft)),
            "component-strengths": ("/api/component-strengths/",
                                    f"/api/component-strengths/{self.minusma.component_strengths.first().pk}/", {
                "mission": minusma, "reported_on": "2020-08-31", "component": "police", "total": 1730, "women": 240,
                "source": source}),
            "patrols": ("/api/patrols/", f"/api/patrols/{self.patrol.pk}/", {
                "mission": minusma, "patrolled_on": "2020-05-03", "component": "police", "source": source}),
            "patrol-counts": ("/api/patrol-counts/", f"/api/patrol-counts/{self.minusma.patrol_counts.first().pk}/", {
                "mission": minusma, "component": "police", "count": 4100, "source": source, **period}),
            "training-programmes": ("/api/training-programmes/", f"/api/training-programmes/{self.programme.pk}/", {
                "mission": minusma, "key": "gender", "audience_fr": "policiers", "audience_en": "police officers",
                "subject_fr": "genre", "subject_en": "gender", "counts": "persons", "source": source}),
            "trainings": ("/api/trainings/", f"/api/trainings/{self.training.pk}/", {
                "mission": minusma, "programme": self.programme.pk, "held_on": "2020-03-05", "trained": 20,
                "women": 4, "source": source}),
            "training-counts": ("/api/training-counts/",
                                f"/api/training-counts/{self.minusma.training_counts.first().pk}/", {
                "mission": minusma, "programme": self.programme.pk, "count": 900, "women": 90, "source": source,
                **period}),
            "fatalities": ("/api/fatalities/", f"/api/fatalities/{self.fatality.pk}/", {
                "mission": minusma, "died_on": "2020-08-03", "personnel_category": "police",
                "incident_type": "accident", "nationality": "SEN", "source": source}),
            "fatality-counts": ("/api/fatality-counts/",
                                f"/api/fatality-counts/{self.minusma.fatality_counts.first().pk}/", {
                "mission": minusma, "incident_type": "illness", "count": 2, "source": source, **period}),
            "sources": ("/api/sources/", "/api/sources/minusma-fiche-2020/", {
                "key": "s-2020-952", "kind": "document", "title": "Report of the Secretary-General (S/2020/952)"}),
            "imports": ("/api/imports/", f"/api/imports/{self.import_batch.pk}/", {}),
        }

    @staticmethod
    def strength_row(mission: str) -> dict:
        return {"mission": mission, "reported_on": "2020-06-30", "country": "BFA", "personnel_type": "staff_officer",
                "men": 30, "women": 3, "source": "test-source"}

    def test_every_actor_gets_the_expected_status_from_every_endpoint(self):
        requests = self.requests()
        self.assertEqual(set(requests), set(MATRIX), "every endpoint of the matrix needs its requests")
        for endpoint, expectations in MATRIX.items():
            list_url, detail_url, new_record = requests[endpoint]
            for action, expected_by_actor in zip(("list", "detail", "create"), expectations, strict=True):
                if expected_by_actor is None:
                    continue
                for actor, expected in zip(ACTORS, expected_by_actor, strict=True):
                    with self.subTest(endpoint=endpoint, action=action, actor=actor):
                        self.act_as(actor)
                        with transaction.atomic():
                            if action == "create":
                                response = self.client.post(list_url, new_record, format="json")
                            else:
                                response = self.client.get(detail_url if action == "detail" else list_url)
                            transaction.set_rollback(True)
                        self.assertEqual(response.status_code, expected, response.content[:300])

    def test_the_matrix_covers_every_endpoint_of_the_api(self):
        root = self.client.get("/api/").json()["records"]["endpoints"]
        endpoints = {name.split(" ")[0] for name in MATRIX}
        self.assertEqual(set(root), endpoints - {"figures"})
