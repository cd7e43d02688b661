"""A test case for the rules: a mission of its own, builders for its records, and the findings of one rule."""

from contextlib import contextmanager
from datetime import date

from django.db import connection
from django.test import TestCase

from missionfacts.checks.engine import run_checks
from missionfacts.checks.findings import Finding
from missionfacts.missions.models import Ceiling, Resolution
from missionfacts.personnel.models import ComponentStrength, Strength
from missionfacts.testing import a_mission, a_source


@contextmanager
def check_constraints_off(*models):
    """Let rows break the tables' CHECK constraints, as rows written by raw SQL into a laxer database might.

    SQLite can ignore its checks for a while; PostgreSQL drops them inside the test's transaction, which the
    test case rolls back.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA ignore_check_constraints = ON")
            try:
                yield
            finally:
                cursor.execute("PRAGMA ignore_check_constraints = OFF")
            return
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        # The history of a record (django-simple-history) is a table of its own, with the same checks.
        tables = [model._meta.db_table for model in models]
        tables += [model.history.model._meta.db_table for model in models if hasattr(model, "history")]
        for table in tables:
            cursor.execute("SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'c'",
                           [table])
            for (name,) in cursor.fetchall():
                cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
    yield


class RuleTestCase(TestCase):
    """The mission of the tests, with a sheet dated 1 July 2020 unless a test says otherwise."""

    as_of = date(2020, 7, 1)

    def setUp(self):
        self.mission = a_mission()
        self.source = a_source()

    def resolution(self, number: int = 2531, adopted_on: date = date(2020, 6, 29), **ceilings) -> Resolution:
        resolution = Resolution.objects.create(mission=self.mission, number=number, adopted_on=adopted_on,
                                               source=self.source)
        for scope, authorised in ceilings.items():
            Ceiling.objects.create(resolution=resolution, scope=scope, authorised=authorised)
        return resolution

    def stated(self, component: str, day: date, total: int, women: int | None = None) -> ComponentStrength:
        return ComponentStrength.objects.create(mission=self.mission, reported_on=day, component=component,
                                                total=total, women=women, source=self.source)

    def row(self, day: date, country: str, personnel_type: str, men: int, women: int = 0, batch=None) -> Strength:
        return Strength.objects.create(mission=self.mission, reported_on=day, country=country, men=men, women=women,
                                       personnel_type=personnel_type, source=self.source, import_batch=batch)

    def findings(self, rule_id: str, **options) -> list[Finding]:
        options.setdefault("as_of", self.as_of)
        return [finding for finding in run_checks(self.mission, **options).findings if finding.rule == rule_id]

    def keys(self, rule_id: str, **options) -> list[str]:
        return [finding.key for finding in self.findings(rule_id, **options)]

    def only(self, rule_id: str, **options) -> Finding:
        [finding] = self.findings(rule_id, **options)
        return finding
