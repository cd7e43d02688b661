"""The figures endpoint keeps its answers in the cache under the data version (issue 6)."""

from datetime import date

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from missionfacts.api.tests.base import ApiTestCase
from missionfacts.personnel.models import ComponentStrength
from missionfacts.testing import a_source


class FiguresCacheTests(ApiTestCase):
    url = "/api/missions/MINUSMA/figures/"

    def setUp(self):
        super().setUp()
        cache.clear()

    def military(self, **query) -> dict:
        return self.client.get(self.url, {"as_of": "2020-07-01", "lang": "en", **query}).json()["strength"]["military"]

    def test_a_second_request_is_answered_without_computing_the_figures(self):
        first = self.client.get(self.url, {"as_of": "2020-07-01", "lang": "en"}).json()
        with CaptureQueriesContext(connection) as queries:
            second = self.client.get(self.url, {"as_of": "2020-07-01", "lang": "en"}).json()
        self.assertEqual(second, first)
        # One query: the mission (may this client see it?) with the data version.
        self.assertEqual(len(queries), 1, [query["sql"] for query in queries])

    def test_a_write_through_the_api_shows_in_the_next_answer(self):
        self.assertEqual(self.military()["value"], 12873)
        stated = ComponentStrength.objects.get(mission=self.minusma, component="military", reported_on="2020-07-01")
        self.act_as("editor")
        response = self.client.patch(f"/api/component-strengths/{stated.pk}/", {"total": 13000}, format="json")
        self.assertEqual(response.status_code, 200, response.content)
        self.act_as("anonymous")
        self.assertEqual(self.military()["value"], 13000)

    def test_each_language_and_period_has_its_own_answer(self):
        self.assertEqual(self.client.get(self.url, {"as_of": "2020-07-01", "lang": "fr"}).json()["language"], "fr")
        self.assertEqual(self.client.get(self.url, {"as_of": "2020-07-01", "lang": "en"}).json()["language"], "en")
        narrowed = self.client.get(self.url, {"as_of": "2020-07-01", "period_start": "2020-01-01",
                                              "period_end": "2020-06-30"}).json()
        self.assertEqual(narrowed["period"], {"start": "2020-01-01", "end": "2020-06-30"})

    def test_a_drafts_figures_reach_its_staff_only_and_show_their_writes_at_once(self):
        url = "/api/missions/MINUDRAFT/figures/"
        query = {"as_of": "2020-07-01", "lang": "en"}
        self.act_as("other_editor")
        self.assertNotEqual(self.client.get(url, query).json()["strength"]["military"]["value"], 777)
        ComponentStrength.objects.create(mission=self.draft_mission, reported_on=date(2020, 7, 1),
                                         component="military", total=777, source=a_source())
        self.assertEqual(self.client.get(url, query).json()["strength"]["military"]["value"], 777)
        self.act_as("anonymous")
        self.assertEqual(self.client.get(url, query).status_code, 404)
