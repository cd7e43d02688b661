"""The facts page is kept in the cache under the data version, and only what every visitor may see (issue 6)."""

import re

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from missionfacts.personnel.models import ComponentStrength
from missionfacts.web.tests.base import WebTestCase


class FactsCacheTests(WebTestCase):
    def setUp(self):
        super().setUp()
        cache.clear()
        self.page = reverse("web:factsheet", args=["MINUSMA"])

    def get(self, page=None, **query):
        return self.client.get(page or self.page, {"as_of": "2020-07-01", "lang": "en", **query})

    def test_a_second_visitor_is_served_the_page_without_computing_its_figures(self):
        first = self.get()
        with CaptureQueriesContext(connection) as queries:
            second = self.get()
        self.assertContains(second, "12,873 military personnel")
        # One query: the mission (may this visitor see it?) with the data version. No figure is computed again.
        self.assertEqual(len(queries), 1, [query["sql"] for query in queries])
        self.assertEqual(len(second.content), len(first.content))

    def test_a_write_shows_on_the_next_request(self):
        self.assertContains(self.get(), "12,873 military personnel")
        stated = ComponentStrength.objects.get(mission=self.minusma, component="military", reported_on="2020-07-01")
        stated.total = 13000
        stated.save()
        self.assertContains(self.get(), "13,000 military personnel")

    def test_each_language_has_its_own_page(self):
        french = self.get(lang="fr")
        english = self.get(lang="en")
        self.assertContains(french, '<html lang="fr">')
        self.assertContains(english, '<html lang="en">')
        self.assertContains(self.get(lang="fr"), "12\u202f873")

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

    def test_a_draft_is_for_its_staff_only_cached_or_not(self):
        draft = reverse("web:factsheet", args=["MINUDRAFT"])
        self.act_as("other_editor")
        self.assertContains(self.get(draft, as_of="2020-06-30"), "Draft: not public")
        self.act_as("anonymous")
        self.assertEqual(self.get(draft, as_of="2020-06-30").status_code, 404)

    def test_each_visitor_gets_a_language_switch_that_accepts_their_own_token(self):
        self.get()
        visitor = Client(enforce_csrf_checks=True)
        page = visitor.get(self.page, {"as_of": "2020-07-01", "lang": "en"})
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.content).group(1).decode()
        switched = visitor.post(reverse("set_language"), {"language": "fr", "next": self.page,
                                                          "csrfmiddlewaretoken": token})
        self.assertEqual(switched.status_code, 302)
