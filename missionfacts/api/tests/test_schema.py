"""The OpenAPI schema is served at a stable URL, is valid, and describes an API that never fails on a query."""

import io
import json

from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import TestCase
from hypothesis import HealthCheck, Phase, given, settings
from openapi_spec_validator import validate
from schemathesis import GenerationMode
from schemathesis import openapi as schemathesis_openapi

from missionfacts.api.tests.base import ApiTestCase


class SchemaTests(TestCase):
    def test_the_schema_is_served_and_valid_openapi(self):
        response = self.client.get("/api/schema/", {"format": "json"})
        self.assertEqual(response.status_code, 200)
        schema = json.loads(response.content)
        validate(schema)
        self.assertIn("/api/missions/{acronym}/figures/", schema["paths"])

    def test_drf_spectacular_generates_it_without_warnings(self):
        # --fail-on-warn turns every guess drf-spectacular had to make into a failure.
        call_command("spectacular", "--validate", "--fail-on-warn", stdout=io.StringIO(), stderr=io.StringIO())

    def test_the_documentation_page_uses_no_outside_address(self):
        response = self.client.get("/api/docs/")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn(b"https://", response.content)


class SchemaFuzzTests(ApiTestCase):
    """Every GET operation of the schema, with generated valid and invalid parameters, as an administrator
    (who reaches every endpoint) and anonymously: no 5xx. Bounded to a few examples each, derandomized so a
    failure reproduces."""

    examples_per_operation = 4

    def test_no_read_endpoint_fails_on_generated_queries(self):
        schema = schemathesis_openapi.from_dict(json.loads(self.client.get("/api/schema/?format=json").content))
        operations = [result.ok() for result in schema.get_all_operations() if result.ok().method.upper() == "GET"]
        self.assertGreater(len(operations), 30)
        application = WSGIHandler()
        self.keep_the_connection_open()
        token = {"Authorization": f"Token {self.tokens['admin']}"}
        for operation in operations:
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                for headers in (token, {}):
                    with self.subTest(operation=operation.label, mode=mode.value, signed_in=bool(headers)):
                        self.check(operation, mode, application, headers)

    def keep_the_connection_open(self) -> None:
        """Django's WSGI handler closes the database connection around each request, which on PostgreSQL would
        end the test's transaction; the test Client avoids it the same way (and undoes this after its own
        requests, so this comes after the last one)."""
        for signal in (request_started, request_finished):
            signal.disconnect(close_old_connections)
            self.addCleanup(signal.connect, close_old_connections)

    def check(self, operation, mode, application, headers) -> None:
        @given(case=operation.as_strategy(generation_mode=mode))
        # No shrinking: a failure is reported at once with the request that caused it, and the run stays short.
        @settings(max_examples=self.examples_per_operation, database=None, deadline=None, derandomize=True,
                  phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
        def request_does_not_fail(case):
            response = case.call(app=application, headers=headers)
            self.assertLess(response.status_code, 500, f"{case.method} {case.formatted_path} {case.query}")

        request_does_not_fail()
