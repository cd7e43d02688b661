"""What a visitor meets: pages that open on a date with data, clear refusals of a wrong address, the site's own
404 and 500 pages, and a home page that finds a mission."""

import re
from datetime import date

from django.test import override_settings
from django.urls import path

from missionfacts import urls as site_urls
from missionfacts.web.tests.base import WebTestCase


def crash(request):
    raise RuntimeError("a test-only crash")


# A test-only address that crashes, beside the site's own; with the site's error handlers.
urlpatterns = [path("crash/", crash), *site_urls.urlpatterns]
handler404 = site_urls.handler404
handler500 = site_urls.handler500

ROW = re.compile(r'<li class="mission-row"(?P<hidden> hidden)?[^>]*>\s*<a class="acronym"[^>]*>(?P<acronym>[^<]+)</a>')


def shown_acronyms(response) -> set[str]:
    """The missions the home page shows (a row with `hidden` is left out, with or without the page's script)."""
    return {row["acronym"] for row in ROW.finditer(response.content.decode()) if not row["hidden"]}


class DefaultDateTests(WebTestCase):
    def test_onubs_facts_link_opens_on_the_date_of_its_pages_strength(self):
        response = self.client.get("/missions/ONUB/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["day"], date(2005, 9, 30))

    def test_a_catalogue_operation_under_way_opens_on_today_not_on_its_first_day(self):
        response = self.client.get("/missions/UNMISS/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["day"], date.today())
        self.assertNotContains(response, "9\u00a0July 2011 to 9\u00a0July 2011")

    def test_a_past_catalogue_operation_opens_on_its_last_day(self):
        response = self.client.get("/missions/UNOSOM%20II/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["day"], date(1995, 3, 31))


class RefusalTests(WebTestCase):
    """A date or language the site cannot give is a 400 in the form of the address: page, JSON or one line."""

    def test_a_date_that_is_no_date_is_refused_naming_it_and_the_form_to_write(self):
        page = self.client.get("/missions/MINUSMA/", {"as_of": "2020-13-01"})
        self.assertContains(page, "“2020-13-01” is not a date: write it as YYYY-MM-DD, for example 2020-07-01.",
                            status_code=400)
        for url in ("/missions/MINUSMA/factsheet.pdf", "/missions/MINUSMA/contributors-military.csv"):
            with self.subTest(url=url):
                response = self.client.get(url, {"as_of": "2020-13-01"})
                self.assertEqual(response.status_code, 400)
                self.assertEqual(response["Content-Type"], "text/plain; charset=utf-8")
                self.assertEqual(response.content.decode(), "as_of: “2020-13-01” is not a date: write it as "
                                                            "YYYY-MM-DD, for example 2020-07-01.")
        json = self.client.get("/missions/MINUSMA/factsheet.json", {"as_of": "01/07/2020"})
        self.assertEqual(json.status_code, 400)
        self.assertIn("YYYY-MM-DD", json.json()["as_of"][0])

    def test_a_language_the_site_does_not_have_is_refused_not_answered_in_french(self):
        expected = "“de” is not a language of this site: use lang=fr (French) or lang=en (English)."
        pdf = self.client.get("/missions/MINUSMA/factsheet.pdf", {"as_of": "2020-07-01", "lang": "de"})
        self.assertEqual((pdf.status_code, pdf["Content-Type"]), (400, "text/plain; charset=utf-8"))
        self.assertEqual(pdf.content.decode(), f"lang: {expected}")
        csv = self.client.get("/missions/MINUSMA/dashboards/strength.csv", {"lang": "de"})
        self.assertEqual(csv.content.decode(), f"lang: {expected}")
        json = self.client.get("/missions/MINUSMA/factsheet.json", {"lang": "de"})
        self.assertEqual(json.json(), {"lang": [expected]})
        for url in ("/missions/MINUSMA/", "/missions/MINUSMA/dashboards/", "/"):
            with self.subTest(url=url):
                page = self.client.get(url, {"lang": "de"})
                self.assertContains(page, expected, status_code=400)
                self.assertContains(page, '<html lang="en">', status_code=400)
                self.assertIn("script-src 'self'", page["Content-Security-Policy"])

    def test_the_refusal_is_in_the_visitors_language(self):
        response = self.client.get("/missions/MINUSMA/factsheet.pdf", {"lang": "de"}, HTTP_ACCEPT_LANGUAGE="fr")
        self.assertEqual(response.content.decode(), "lang\u202f: «\u202fde\u202f» n’est pas une langue de ce "
                                                    "site\u202f: utilisez lang=fr (français) ou lang=en (anglais).")

    def test_the_dashboards_refuse_a_reporting_date_that_is_wrong(self):
        page = self.client.get("/missions/MINUSMA/dashboards/", {"at": "2020-13-01"})
        self.assertContains(page, "Parameter at:", status_code=400)
        self.assertContains(page, "“2020-13-01” is not a date", status_code=400)
        csv = self.client.get("/missions/MINUSMA/dashboards/contributors.csv", {"at": "9999-12-31"})
        self.assertEqual(csv.status_code, 400)
        self.assertRegex(csv.content.decode(), r"^at: Figures are computed for dates from 1\sJanuary 1900 to ")
        self.assertEqual(self.client.get("/missions/MINUSMA/dashboards/", {"at": "2020-05-15"}).status_code, 200)


@override_settings(DEBUG=False, ROOT_URLCONF=__name__)
class ErrorPageTests(WebTestCase):
    def test_a_mistyped_address_shows_the_sites_own_404_page_with_a_search(self):
        for url in ("/misions/MINUSMA/", "/missions/NOPE/", "/missions/MINUSMA/factsheet.docx"):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertContains(response, "No page has this address", status_code=404)
                self.assertContains(response, 'name="q"', status_code=404)
                self.assertNotContains(response, "URLconf", status_code=404)

    def test_a_crash_shows_the_sites_own_500_page_and_no_trace_of_the_code(self):
        self.client.raise_request_exception = False
        response = self.client.get("/crash/")
        self.assertContains(response, "Something went wrong on our side", status_code=500)
        self.assertNotContains(response, "a test-only crash", status_code=500)
        self.assertNotContains(response, "Traceback", status_code=500)

    def test_the_500_page_needs_no_database(self):
        from django.test import RequestFactory
        from django.urls import get_resolver

        handler = get_resolver().resolve_error_handler(500)
        with self.assertNumQueries(0):
            response = handler(RequestFactory().get("/"))
        self.assertEqual(response.status_code, 500)
        self.assertIn(b"/static/web/site.css", response.content)


class HomeSearchTests(WebTestCase):
    def test_without_a_search_every_published_operation_is_shown_in_a_compact_list(self):
        response = self.client.get("/")
        shown = shown_acronyms(response)
        self.assertTrue({"MINUSMA", "ONUB", "UNMISS", "UNTSO"} <= shown)
        self.assertNotIn("MINUDRAFT", shown)

    def test_an_acronym_finds_its_mission(self):
        self.assertEqual(shown_acronyms(self.client.get("/", {"q": "minusma"})), {"MINUSMA"})
        self.assertEqual(shown_acronyms(self.client.get("/", {"q": "ONUB"})), {"ONUB"})

    def test_a_word_begins_a_word_so_mali_does_not_find_somalia(self):
        self.assertEqual(shown_acronyms(self.client.get("/", {"q": "Mali"})), {"MINUSMA"})

    def test_words_of_the_french_name_find_the_mission_accents_aside(self):
        found = shown_acronyms(self.client.get("/", {"q": "intégrée stabilisation au Mali"}))
        self.assertEqual(found, {"MINUSMA"})
        self.assertEqual(shown_acronyms(self.client.get("/", {"q": "integree stabilisation mali"})), {"MINUSMA"})

    def test_a_host_country_is_found_by_its_name_in_the_pages_language(self):
        self.assertIn("UNTSO", shown_acronyms(self.client.get("/", {"q": "Jordan"})))
        self.assertNotIn("UNTSO", shown_acronyms(self.client.get("/", {"q": "Jordanie"})))
        self.assertIn("UNTSO", shown_acronyms(self.client.get("/", {"q": "Jordanie", "lang": "fr"})))

    def test_the_past_filter_shows_only_operations_that_have_ended(self):
        past = shown_acronyms(self.client.get("/", {"status": "past"}))
        current = shown_acronyms(self.client.get("/", {"status": "current"}))
        self.assertTrue({"MINUSMA", "ONUB"} <= past)
        self.assertTrue({"UNMISS", "UNTSO"} <= current)
        self.assertFalse(past & current)
        self.assertEqual(shown_acronyms(self.client.get("/", {"q": "mali", "status": "current"})), set())

    def test_a_search_that_finds_nothing_says_so_and_how_to_search(self):
        response = self.client.get("/", {"q": "Atlantis"})
        self.assertEqual(shown_acronyms(response), set())
        self.assertContains(response, '<p class="empty" data-search-empty>No mission matches this search.')

    def test_a_draft_is_not_found_by_a_visitor(self):
        self.assertEqual(shown_acronyms(self.client.get("/", {"q": "MINUDRAFT"})), set())
