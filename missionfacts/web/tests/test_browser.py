"""The pages in a real browser (Debian's Chromium, driven by Playwright), as a visitor and an editor use them.

Screenshots of every step are saved in test-output/ at the repository's root (git-ignored). Deselect these
tests with `-m "not browser"`.
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

    def test_an_editor_imports_a_wrong_file_reads_the_report_fixes_it_publishes_and_the_public_sees_it(self):
        page = self.page
        page.goto(f"{self.live_server_url}/accounts/login/")
        page.fill("#id_username", "amadou")
        page.fill("#id_password", PASSWORD)
        page.locator(".stacked-form button").click()
        page.wait_for_url("**/staff/")

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
