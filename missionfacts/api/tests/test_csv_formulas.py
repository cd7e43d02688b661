"""No list of the API, downloaded as CSV, hands a spreadsheet a formula to run.

Every text column of one record behind every list is set to something a spreadsheet would run (=, +, -, @,
tab, carriage return at the start); each list's CSV must show all of them as quoted text.
"""

import csv
import io
import itertools

from django.db import models

from missionfacts.api.tests.base import ApiTestCase
from missionfacts.missions.models import Mission
from missionfacts.spreadsheets import FORMULA_START, NUMBER

FORMULAS = ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1"]


def free_text_fields(model: type[models.Model]) -> list[models.Field]:
    return [field for field in model._meta.concrete_fields
            if isinstance(field, (models.CharField, models.TextField)) and not field.choices]


class FormulaNeutralisationTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.models = set()
        formulas = itertools.cycle(FORMULAS)
        from rest_framework.test import APIClient

        client = APIClient()
        client.force_authenticate(cls.administrator)
        for endpoint in client.get("/api/").json()["records"]["endpoints"]:
            view = _view_of(endpoint)
            model = view.queryset.model
            records = model._base_manager.order_by("pk")
            if model is Mission:
                # The mission with a record of every kind, so that its acronym is in every list; the first
                # mission by key is one of the catalogue's operations, which may have no record at all.
                records = records.filter(pk=cls.minusma.pk)
            record = records.first()
            values = {field.name: next(formulas)[:field.max_length or None] for field in free_text_fields(model)}
            if record is not None and values:
                model._base_manager.filter(pk=record.pk).update(**values)
                cls.models.add(model._meta.label)

    def test_every_list_neutralises_formula_cells_in_its_csv(self):
        self.act_as("administrator")
        endpoints = self.client.get("/api/").json()["records"]["endpoints"]
        neutralised = {}
        for endpoint in endpoints:
            with self.subTest(endpoint=endpoint):
                response = self.client.get(f"/api/{endpoint}/", {"format": "csv", "page_size": 1000})
                self.assertEqual(response.status_code, 200)
                rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
                cells = [cell for row in rows for cell in row]
                dangerous = [cell for cell in cells if cell.startswith(FORMULA_START) and not NUMBER.fullmatch(cell)]
                self.assertEqual(dangerous, [])
                if _view_of(endpoint).queryset.model._meta.label not in self.models:
                    continue  # no text column (ceilings: a scope and a number)
                neutralised[endpoint] = sum(cell.startswith("'") and cell[1:].startswith(FORMULA_START)
                                            for cell in cells)
        # The records were given formulas in every text column: a list without one would test nothing.
        self.assertEqual([endpoint for endpoint, count in neutralised.items() if count == 0], [])


def _view_of(endpoint: str):
    from django.urls import resolve

    return resolve(f"/api/{endpoint}/").func.cls
