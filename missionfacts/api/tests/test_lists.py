"""Lists: filters, pagination, and the same rows as CSV, safe to open in a spreadsheet."""

import csv
import io
from datetime import date, timedelta

from missionfacts.api.tests.base import ApiTestCase
from missionfacts.personnel.models import Strength
from missionfacts.spreadsheets import neutralised
from missionfacts.testing import a_source


class StrengthFilterTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for reported_on, country, personnel_type in [
            (date(2020, 3, 31), "TCD", "troops"),
            (date(2020, 3, 31), "SEN", "formed_police_unit"),
            (date(2020, 6, 30), "TCD", "staff_officer"),
            (date(2020, 6, 30), "BFA", "individual_police"),
        ]:
            Strength.objects.create(mission=cls.minusma, reported_on=reported_on, country=country,
                                    personnel_type=personnel_type, men=10, women=1, source=a_source())

    def rows(self, **query) -> set[tuple[str, str, str]]:
        response = self.client.get("/api/strength/", query)
        self.assertEqual(response.status_code, 200, response.content)
        return {(row["reported_on"], row["country"], row["personnel_type"]) for row in response.json()["results"]}

    def test_it_filters_by_date_range(self):
        self.assertEqual(self.rows(reported_from="2020-04-01", reported_to="2020-05-31"),
                         {("2020-05-31", "TCD", "troops")})

    def test_it_filters_by_country_in_any_case_and_by_personnel_type(self):
        self.assertEqual(self.rows(country="tcd", personnel_type="troops"),
                         {("2020-03-31", "TCD", "troops"), ("2020-05-31", "TCD", "troops")})

    def test_it_filters_by_component(self):
        self.assertEqual(self.rows(component="police"),
                         {("2020-03-31", "SEN", "formed_police_unit"), ("2020-06-30", "BFA", "individual_police")})

    def test_it_filters_by_mission(self):
        self.act_as("other_editor")
        self.assertEqual(self.rows(mission="minudraft"), {("2020-05-31", "SEN", "troops")})

    def test_an_unknown_personnel_type_or_a_bad_date_is_a_client_error(self):
        self.assertEqual(self.client.get("/api/strength/", {"personnel_type": "pilots"}).status_code, 400)
        self.assertEqual(self.client.get("/api/strength/", {"reported_from": "2020-13-45"}).status_code, 400)


class PaginationTests(ApiTestCase):
    def test_every_list_is_paginated(self):
        for endpoint in self.client.get("/api/").json()["records"]["endpoints"].values():
            with self.subTest(endpoint=endpoint):
                self.act_as("administrator")
                self.assertEqual(set(self.client.get(endpoint).json()), {"count", "next", "previous", "results"})

    def test_a_client_chooses_the_page_size_up_to_a_thousand(self):
        start = date(2014, 1, 1)
        Strength.objects.bulk_create(
            Strength(mission=self.minusma, reported_on=start + timedelta(days=day), country="NER",
                     personnel_type="troops", men=1, women=0, source=self.budget.source)
            for day in range(1001)
        )
        two = self.client.get("/api/strength/", {"page_size": 2}).json()
        self.assertEqual((two["count"], len(two["results"])), (1002, 2))
        self.assertIn("page=2", two["next"])
        self.assertEqual(len(self.client.get("/api/strength/", {"page_size": 5000}).json()["results"]), 1000)


class CsvTests(ApiTestCase):
    def table(self, url: str) -> list[dict]:
        response = self.client.get(url, {"format": "csv"})
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        return list(csv.DictReader(io.StringIO(response.content.decode())))

    def test_a_list_downloads_as_csv_with_the_fields_in_order(self):
        response = self.client.get("/api/strength/", {"format": "csv"})
        header = response.content.decode().splitlines()[0]
        self.assertEqual(header, "id,mission,reported_on,country,personnel_type,component,men,women,total,source,"
                                 "import_batch")
        rows = self.table("/api/strength/")
        self.assertEqual([(row["country"], row["total"]) for row in rows], [("TCD", "1425")])

    def test_an_empty_list_still_has_its_header(self):
        response = self.client.get("/api/strength/", {"format": "csv", "country": "XXX"})
        self.assertEqual(response.content.decode().strip(), "id,mission,reported_on,country,personnel_type,"
                                                            "component,men,women,total,source,import_batch")

    def test_text_that_a_spreadsheet_would_run_is_quoted_and_negative_numbers_are_not(self):
        self.site.name = "=HYPERLINK(\"http://example.org\")"
        self.site.places = "@SUM(A1)"
        self.site.longitude = -3.25
        self.site.save()
        row = next(row for row in self.table("/api/sites/") if row["id"] == str(self.site.pk))
        self.assertEqual(row["name"], "'=HYPERLINK(\"http://example.org\")")
        self.assertEqual(row["places"], "'@SUM(A1)")
        self.assertEqual(row["longitude"], "-3.25")

    def test_neutralising_leaves_numbers_and_plain_text_alone(self):
        self.assertEqual(
            [neutralised(value) for value in (-4, "-12.50", "+1", "Gao", "-1+2", "+33 1 23", "\tcmd", None)],
            [-4, "-12.50", "+1", "Gao", "'-1+2", "'+33 1 23", "'\tcmd", None],
        )
