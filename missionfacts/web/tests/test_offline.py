"""Every page works offline: nothing in it is loaded or linked from another site."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.contrib.staticfiles import finders
from django.urls import reverse

from missionfacts.web.tests.base import WebTestCase
from missionfacts.web.tests.records import add_dashboard_records

ADDRESS_ATTRIBUTES = {"src", "href", "action", "srcset", "poster", "data"}


class Addresses(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ADDRESS_ATTRIBUTES and value:
                self.found.append(value)


def external(addresses: list[str]) -> list[str]:
    """Addresses that leave the site: another scheme than data: and no scheme, or another host."""
    return [address for address in addresses
            if urlsplit(address).scheme not in ("", "data") or urlsplit(address).netloc not in ("", "testserver")]


class OfflineTests(WebTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        add_dashboard_records(cls.minusma)

    def pages(self) -> list[str]:
        minusma = "MINUSMA"
        return [
            reverse("web:missions"), reverse("web:factsheet", args=[minusma]),
            reverse("web:factsheet", args=[minusma]) + "?as_of=2020-06-30",
            reverse("web:factsheet-file", args=[minusma, "html"]), reverse("web:dashboards", args=[minusma]),
            reverse("web:editions", args=[minusma]), reverse("web:changes", args=[minusma]) + "?old=1&new=2",
            reverse("web:login"), reverse("web:staff"), reverse("web:import"), reverse("web:checks", args=[minusma]),
            reverse("web:preview", args=[minusma]), reverse("web:preview-sheet", args=[minusma, "html"]),
            reverse("web:publish", args=[minusma]), reverse("web:history", args=[minusma]),
        ]

    def test_no_page_loads_or_links_anything_from_another_site(self):
        for actor in ("anonymous", "administrator"):
            self.act_as(actor)
            for url in self.pages():
                response = self.client.get(url, follow=True)
                with self.subTest(actor=actor, url=url):
                    self.assertEqual(response.status_code, 200)
                    parser = Addresses()
                    parser.feed(response.content.decode())
                    self.assertTrue(parser.found)
                    self.assertEqual(external(parser.found), [])

    def test_the_dashboards_load_the_vega_bundle_served_here(self):
        response = self.client.get(reverse("web:dashboards", args=["MINUSMA"]))
        for name in ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js"):
            self.assertContains(response, f'src="/static/web/vendor/{name}"')
            self.assertIsNotNone(finders.find(f"web/vendor/{name}"))

    def test_the_check_itself_catches_an_address_elsewhere(self):
        parser = Addresses()
        parser.feed('<script src="https://cdn.example.org/vega.js"></script><a href="//example.org/">x</a>'
                    '<img src="data:image/png;base64,AA"><a href="/missions/">y</a>')
        self.assertEqual(external(parser.found), ["https://cdn.example.org/vega.js", "//example.org/"])
