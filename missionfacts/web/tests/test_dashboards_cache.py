"""The dashboards and their CSV files are cached per mission and data version, as the facts page is (issue 19)."""

import re
from datetime import date

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from missionfacts.personnel.models import Strength
from missionfacts.testing import a_mission, a_source
from missionfacts.web.tests.base import WebTestCase
from missionfacts.web.tests.records import add_dashboard_records


class DashboardsCacheTests(WebTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        add_dashboard_records(cls.minusma)
        cls.other = a_mission("MINUOTHER")
        cls.other_source = a_source("other")

    def setUp(self):
        super().setUp()
        self.page = reverse("web:dashboards", args=["MINUSMA"])

    def get(self, page=None, **query):
        return self.client.get(page or self.page, {"lang": "en", **query})

    def csv(self, key: str, **query):
        return self.client.get(reverse("web:chart-csv", args=["MINUSMA", key]), {"lang": "en", **query})

    def assertServedFromCache(self, request):
        """The answer came with one query, the mission (may this visitor see it?) with its data version."""
        with CaptureQueriesContext(connection) as queries:
            response = request()
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(queries), 1, [query["sql"] for query in queries])
        return response

    def a_write_to_minusma(self) -> None:
        Strength.objects.create(mission=self.minusma, reported_on=date(2020, 7, 31), country="TCD",
                                personnel_type="troops", men=4321, women=0, source=a_source("later"))

    def test_a_second_visitor_is_served_the_page_without_computing_its_figures(self):
        first = self.get()
        self.assertIsNotNone(first.context)  # computed
        second = self.assertServedFromCache(self.get)
        self.assertEqual(len(second.content), len(first.content))
        self.assertContains(second, 'id="spec-fatalities"')

    def test_a_second_download_of_a_csv_is_served_without_computing_it(self):
        first = self.csv("fatalities")
        second = self.assertServedFromCache(lambda: self.csv("fatalities"))
        self.assertEqual(second.content, first.content)
        self.assertEqual(second["Content-Disposition"], first["Content-Disposition"])
        self.assertEqual(second["Content-Type"], first["Content-Type"])

    def test_a_write_to_the_mission_shows_on_the_next_request_of_the_page_and_csv(self):
        self.assertNotContains(self.get(at="2020-07-31"), "4,321")
        self.assertNotIn(b"4321", self.csv("strength").content)
        self.a_write_to_minusma()
        self.assertContains(self.get(at="2020-07-31"), "4,321")
        self.assertIn(b"4321", self.csv("strength").content)

    def test_a_write_to_another_mission_leaves_this_ones_page_cached(self):
        self.get()
        Strength.objects.create(mission=self.other, reported_on=date(2020, 7, 31), country="TCD",
                                personnel_type="troops", men=4321, women=0, source=self.other_source)
        self.assertServedFromCache(self.get)

    def test_each_reporting_date_and_language_has_its_own_page(self):
        february = self.get(at="2020-02-29")
        march = self.get(at="2020-03-31")
        self.assertContains(february, '<option value="2020-02-29" selected>')
        self.assertContains(march, '<option value="2020-03-31" selected>')
        self.assertContains(self.get(lang="fr"), '<html lang="fr">')
        self.assertContains(self.get(lang="en"), '<html lang="en">')

    def test_signed_in_staff_never_get_the_anonymous_page_nor_leave_theirs_behind(self):
        self.act_as("anonymous")
        self.assertNotContains(self.get(), "staff-tab")
        self.act_as("editor")
        staff_page = self.get()
        self.assertContains(staff_page, "staff-tab")
        self.assertContains(staff_page, "Sign out (amadou)")
        self.act_as("anonymous")
        anonymous_page = self.get()
        self.assertNotContains(anonymous_page, "staff-tab")
        self.assertNotContains(anonymous_page, "amadou")

    def test_a_draft_mission_is_never_shown_to_the_public_cached_or_not(self):
        draft = reverse("web:dashboards", args=["MINUDRAFT"])
        self.act_as("other_editor")
        self.assertEqual(self.get(draft).status_code, 200)
        self.act_as("anonymous")
        self.assertEqual(self.get(draft).status_code, 404)

    def test_each_visitor_gets_a_language_switch_that_accepts_their_own_token(self):
        self.get()
        visitor = Client(enforce_csrf_checks=True)
        page = visitor.get(self.page, {"lang": "en"}).content.decode()
        self.assertNotIn("missionfacts-csrf-token-of-this-visitor", page)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        switched = visitor.post(reverse("set_language"), {"language": "fr", "next": self.page,
                                                          "csrfmiddlewaretoken": token})
        self.assertEqual(switched.status_code, 302)
