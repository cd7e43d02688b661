"""The pages in a real browser (Debian's Chromium, driven by Playwright), as a visitor and an editor use them.

Screenshots of every step are saved in test-output/ at the repository's root (git-ignored). Deselect these
tests with `-m "not browser"`. With MISSIONFACTS_SCREENSHOTS=<folder>, the pages a newcomer meets are also
saved there as small PNGs for the documentation (docs/screenshots/ holds the committed ones):

    MISSIONFACTS_SCREENSHOTS=docs/screenshots python -m pytest missionfacts/web/tests/test_browser.py -n 0
"""

import os
from pathlib import Path
from unittest import mock

import pytest
from django.contrib.auth.models import User
from django.contrib.staticfiles.testing import StaticLiveServerTestCase

from missionfacts.access.models import MissionRole
from missionfacts.imports.reference import REFERENCE_DIR, load_reference_data
from missionfacts.missions.models import Mission

# Playwright's sync API runs an event loop in the test's thread, where the tests also query the database:
# Django must be told that this is safe, for these tests only (a deployment check refuses the variable).
ASYNC_UNSAFE = {"DJANGO_ALLOW_ASYNC_UNSAFE": "true"}
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
OUTPUT = Path(__file__).resolve().parents[3] / "test-output"
NNBSP = "\u202f"
PASSWORD = "a-long-password-1"
# The documentation's screenshots: the first screen of each page, as a laptop shows it.
DOCUMENTATION_VIEWPORT = {"width": 1200, "height": 800}
# The home page was 6,775 px of cards at 1,280 px wide before it became a searchable list.
HOME_PAGE_HEIGHT_LIMIT = 4000

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="no Chromium")]


class BrowserTests(StaticLiveServerTestCase):
    @classmethod
    def setUpClass(cls):
        cls.environment = mock.patch.dict(os.environ, ASYNC_UNSAFE)
        cls.environment.start()
        super().setUpClass()
        from playwright.sync_api import sync_playwright

        OUTPUT.mkdir(exist_ok=True)
        cls.playwright = sync_playwright().start()
        cls.browser = cls.playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

    @classmethod
    def tearDownClass(cls):
        cls.browser.close()
        cls.playwright.stop()
        super().tearDownClass()
        cls.environment.stop()

    def setUp(self):
        load_reference_data()
        self.editor = User.objects.create_user("amadou", "amadou@example.org", PASSWORD)
        MissionRole.objects.create(user=self.editor, mission=Mission.objects.get(acronym="MINUSMA"),
                                   role=MissionRole.Role.EDITOR)
        self.context = self.browser.new_context(locale="en-GB", accept_downloads=True,
                                                viewport={"width": 1280, "height": 900})
        self.context.set_default_timeout(15000)
        self.page = self.context.new_page()
        # What the browser refused under the pages' Content-Security-Policy, as it reports it in the console.
        self.refused_by_policy = []
        self.page.on("console", lambda message: self.refused_by_policy.append(message.text)
                     if "Content Security Policy" in message.text else None)

    def tearDown(self):
        self.context.close()

    def shot(self, name: str) -> None:
        self.page.screenshot(path=OUTPUT / f"{name}.png", full_page=True)

    def document(self, page, name: str) -> None:
        """Save the page's first screen for the documentation, when MISSIONFACTS_SCREENSHOTS names a folder.

        Reduced to 256 colours (the pages use a few flat ones), which keeps each PNG well under 250 KB.
        """
        folder = os.environ.get("MISSIONFACTS_SCREENSHOTS")
        if not folder:
            return
        from PIL import Image

        path = Path(folder) / f"{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=path)
        with Image.open(path) as image:
            reduced = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
        reduced.save(path, optimize=True)

    def sign_in(self, page) -> None:
        page.goto(f"{self.live_server_url}/accounts/login/")
        page.fill("#id_username", "amadou")
        page.fill("#id_password", PASSWORD)
        page.locator(".stacked-form button").click()
        page.wait_for_url("**/staff/")

    def mission_file(self, women: int) -> Path:
        text = (REFERENCE_DIR / "minusma.yaml").read_text(encoding="utf-8")
        path = OUTPUT / "minusma.yaml"
        path.write_text(text.replace("police: {total: 1726, women: 235}", f"police: {{total: 1726, women: {women}}}"),
                        encoding="utf-8")
        return path

    def test_a_visitor_reads_the_facts_switches_language_and_date_reads_a_table_and_downloads_the_pdf(self):
        page = self.page
        page.goto(f"{self.live_server_url}/missions/MINUSMA/")
        self.assertIn("12,873 military personnel", page.locator(".strength-tiles").inner_text())
        self.shot("01-facts-en")

        page.get_by_role("button", name="Français").click()
        page.wait_for_url("**/missions/MINUSMA/")
        self.assertIn(f"12{NNBSP}873 militaires", page.locator(".strength-tiles").inner_text())
        self.assertEqual(page.locator("html").get_attribute("lang"), "fr")
        self.shot("02-facts-fr")

        page.fill("#id_as_of", "2020-04-30")
        page.locator(".date-form button").click()
        page.wait_for_url("**as_of=2020-04-30**")
        self.assertIn(f"1{NNBSP}726 policiers", page.locator(".strength-tiles").inner_text())

        with page.expect_download() as download:
            page.locator(".downloads a", has_text="PDF").click()
        pdf = OUTPUT / "MINUSMA-2020-04-30-fr.pdf"
        download.value.save_as(pdf)
        self.assertTrue(pdf.read_bytes().startswith(b"%PDF"))

        dashboards = page.goto(f"{self.live_server_url}/missions/MINUSMA/dashboards/")
        self.assertIn("script-src 'self'", dashboards.headers["content-security-policy"])
        page.locator("#strength .vega-chart.drawn svg").wait_for()
        self.assertEqual(self.refused_by_policy, [])
        table = page.locator("#strength details.chart-table")
        self.assertFalse(table.locator("table").is_visible())
        table.locator("summary").click()
        rows = [[cell.inner_text() for cell in row.locator("td").all()] for row in table.locator("tbody tr").all()]
        self.assertEqual(rows[0], ["10 mars 2020", "Police", f"1{NNBSP}726", "—"])
        self.assertEqual(rows[-2], ["1er juillet 2020", "Militaire", f"12{NNBSP}873", f"13{NNBSP}289"])
        self.shot("03-dashboards-fr")

    def test_a_visitor_finds_a_mission_on_the_home_page_as_they_type_in_a_list_that_fits_a_few_screens(self):
        page = self.page
        page.set_viewport_size(DOCUMENTATION_VIEWPORT)
        page.goto(f"{self.live_server_url}/")
        height = page.evaluate("document.documentElement.scrollHeight")
        self.assertLess(height, HOME_PAGE_HEIGHT_LIMIT)
        self.document(page, "home-en")
        self.shot("07-home")

        page.fill("#id_q", "mali")
        visible = page.locator(".mission-row:visible .acronym")
        self.assertEqual(visible.all_inner_texts(), ["MINUSMA"])
        page.get_by_label("Current").check()
        self.assertEqual(visible.count(), 0)
        self.assertTrue(page.locator("[data-search-empty]").is_visible())
        page.get_by_label("Past").check()
        page.fill("#id_q", "burundi")
        self.assertEqual(visible.all_inner_texts(), ["ONUB"])
        self.assertEqual(self.refused_by_policy, [])

        # Sent, the search is the server's: the address can be shared and works without the script.
        page.locator(".mission-search button").click()
        page.wait_for_url("**q=burundi**")
        self.assertEqual(visible.all_inner_texts(), ["ONUB"])
        self.assertIn("1 mission found.", page.locator(".search-summary").inner_text())

    def test_the_pages_a_newcomer_meets_read_right_in_both_languages(self):
        page = self.page
        page.set_viewport_size(DOCUMENTATION_VIEWPORT)
        page.goto(f"{self.live_server_url}/missions/MINUSMA/?as_of=2020-07-01&lang=fr")
        self.assertIn(f"12{NNBSP}873 militaires", page.locator(".facts-grid").inner_text())
        self.document(page, "mission-minusma-fr")
        page.goto(f"{self.live_server_url}/missions/MINUSMA/?as_of=2020-07-01&lang=en")
        self.assertIn("12,873 military personnel", page.locator(".facts-grid").inner_text())
        self.document(page, "mission-minusma-en")

        page.goto(f"{self.live_server_url}/missions/MINUSMA/dashboards/?lang=en")
        page.locator("#strength .vega-chart.drawn svg").wait_for()
        self.document(page, "dashboards-minusma-en")

        missing = page.goto(f"{self.live_server_url}/missions/MINUSMA/factsheet.pdf?lang=de")
        self.assertEqual(missing.status, 400)

        self.sign_in(page)
        self.assertIn("Sign out (amadou)", page.locator(".site-nav").inner_text())
        self.document(page, "staff-home-en")
        self.assertEqual(self.refused_by_policy, [])

    def test_an_editor_imports_a_wrong_file_reads_the_report_fixes_it_publishes_and_the_public_sees_it(self):
        page = self.page
        self.sign_in(page)

        page.goto(f"{self.live_server_url}/staff/import/")
        page.select_option("#id_kind", "mission")
        page.select_option("#id_mission", "MINUSMA")
        page.set_input_files("#id_file", str(self.mission_file(women=2350)))
        page.locator(".stacked-form button").click()
        report = page.locator("table.problems tbody tr")
        report.first.wait_for()
        cells = [cell.inner_text() for cell in report.first.locator("td").all()]
        self.assertEqual((cells[0], cells[3]), ("minusma.yaml", "2350"))
        self.assertTrue(cells[1] and cells[4])
        self.shot("04-import-report")

        page.set_input_files("#id_file", str(self.mission_file(women=236)))
        page.locator(".stacked-form button").click()
        page.locator(".import-result.ok").wait_for()
        self.assertIn("1 changed", page.locator(".import-result").inner_text())

        page.goto(f"{self.live_server_url}/staff/missions/MINUSMA/publish/")
        page.fill("#id_as_of", "2020-07-01")
        page.fill("#id_reason", "The key figures are the mission's counts as published.")
        # Publishing renders both languages as PDF, HTML and JSON: it takes seconds, more on a busy machine.
        with page.expect_navigation(url="**/missions/MINUSMA/editions/", timeout=120000):
            page.locator(".stacked-form button").click()
        self.shot("05-published")

        visitor = self.browser.new_context(locale="en-GB")
        try:
            public = visitor.new_page()
            public.goto(f"{self.live_server_url}/missions/MINUSMA/")
            self.assertIn("Latest published edition: no. 1, as of 1\u00a0July 2020.",
                          public.locator(".notice").inner_text())
            public.goto(f"{self.live_server_url}/missions/MINUSMA/editions/")
            self.assertEqual(public.locator("table.editions tbody tr").count(), 1)
            public.screenshot(path=OUTPUT / "06-public-editions.png", full_page=True)
        finally:
            visitor.close()
