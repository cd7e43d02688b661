"""A date no sheet can be made for, typed into a page's address, gets a 400 naming the date, never a 500."""

from datetime import date

from missionfacts.figures.dates import computable_dates
from missionfacts.web.tests.base import WebTestCase

# Every public address that takes ?as_of=: the page, the sheet's files, and a chart's data.
SHEET_URLS = (
    "/missions/MINUSMA/",
    "/missions/MINUSMA/factsheet.json",
    "/missions/MINUSMA/factsheet.pdf",
    "/missions/MINUSMA/factsheet.html",
    "/missions/MINUSMA/contributors-military.csv",
)
# The staff's pages that take it too.
STAFF_URLS = (
    "/staff/missions/MINUSMA/checks/",
    "/staff/missions/MINUSMA/preview/",
    "/staff/missions/MINUSMA/preview/sheet.pdf",
    "/staff/missions/MINUSMA/publish/",
)
# Past Python's calendar once a day is added, before year 1900, not a month, not a day (hour 25).
REFUSED_DATES = ("9999-12-31", "0001-01-01", "2020-13-01", "2020-02-29T25:00")
OUT_OF_BOUNDS = "Figures are computed for dates from 1 January 1900 to"


class DateBoundsTests(WebTestCase):
    def test_a_visitor_asking_for_a_date_no_sheet_is_made_for_gets_a_400(self):
        for url in SHEET_URLS:
            for day in REFUSED_DATES:
                with self.subTest(url=url, as_of=str(day)):
                    response = self.client.get(url, {"as_of": day})
                    self.assertEqual(response.status_code, 400)

    def test_the_refusal_names_the_dates_sheets_are_made_for(self):
        latest = computable_dates().end
        for url in SHEET_URLS:
            with self.subTest(url=url):
                text = self.client.get(url, {"as_of": "9999-12-31"}).content.decode()
                self.assertIn(OUT_OF_BOUNDS, text)
                self.assertIn(str(latest.year), text)

    def test_a_file_names_the_parameter_in_one_line(self):
        response = self.client.get("/missions/MINUSMA/factsheet.pdf", {"as_of": "0001-01-01"})
        self.assertEqual(response["Content-Type"], "text/plain; charset=utf-8")
        self.assertEqual(len(response.content.decode().splitlines()), 1)
        self.assertTrue(response.content.decode().startswith(f"as_of: {OUT_OF_BOUNDS}"))

    def test_the_json_file_says_which_parameter_is_wrong(self):
        response = self.client.get("/missions/MINUSMA/factsheet.json", {"as_of": "2020-02-29T25:00"})
        self.assertEqual(list(response.json()), ["as_of"])

    def test_the_page_shows_the_refusal_beside_the_date_field(self):
        response = self.client.get("/missions/MINUSMA/", {"as_of": "9999-12-31"})
        self.assertContains(response, f'role="alert">{OUT_OF_BOUNDS}', status_code=400)

    def test_a_french_visitor_reads_the_bounds_as_french_dates(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "fr"
        response = self.client.get("/missions/MINUSMA/contributors-military.csv", {"as_of": "1899-12-31"})
        self.assertIn("1er janvier 1900", response.content.decode())

    def test_a_staff_page_refuses_the_same_dates(self):
        self.act_as("editor")
        for url in STAFF_URLS:
            for day in REFUSED_DATES:
                with self.subTest(url=url, as_of=str(day)):
                    self.assertEqual(self.client.get(url, {"as_of": day}).status_code, 400)

    def test_an_editor_cannot_publish_a_sheet_for_a_date_outside_the_bounds(self):
        self.act_as("editor")
        response = self.client.post("/staff/missions/MINUSMA/publish/", {"as_of": "9999-12-31", "reason": "test"})
        self.assertContains(response, OUT_OF_BOUNDS, status_code=400)
        self.assertEqual(self.minusma.editions.count(), 2)

    def test_the_publication_page_shows_a_refused_date_of_its_address_on_its_form(self):
        self.act_as("editor")
        response = self.client.get("/staff/missions/MINUSMA/publish/", {"as_of": "0001-01-01"})
        self.assertContains(response, OUT_OF_BOUNDS, status_code=400)

    def test_the_missions_first_day_and_the_last_computable_day_still_give_a_page(self):
        for day in (date(2013, 7, 1), computable_dates().end):
            with self.subTest(as_of=str(day)):
                self.assertEqual(self.client.get("/missions/MINUSMA/", {"as_of": day.isoformat()}).status_code, 200)

    def test_a_normal_date_still_gives_the_sheet_and_its_files(self):
        for url in SHEET_URLS:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url, {"as_of": "2020-07-01"}).status_code, 200)
