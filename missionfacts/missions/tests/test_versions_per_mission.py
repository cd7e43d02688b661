"""Cache versions per mission: a write to one mission's records leaves the other missions' caches alone (issue 19)."""

from datetime import date

from django.core.cache import cache
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from missionfacts.imports.batch import finish_batch, start_batch
from missionfacts.imports.problems import ImportResult
from missionfacts.missions.models import DataVersion, Mission
from missionfacts.missions.versions import with_data_version
from missionfacts.personnel.models import ComponentStrength, Strength
from missionfacts.testing import a_mission, a_source
from missionfacts.web.tests.base import WebTestCase


class VersionsPerMissionTests(TestCase):
    def setUp(self):
        self.minusma = a_mission("MINUSMA")
        self.unmil = a_mission("UNMIL")
        self.source = a_source()

    def versions(self) -> dict[str, str]:
        return {acronym: DataVersion.current(mission_pk=pk)
                for acronym, pk in (("MINUSMA", self.minusma.pk), ("UNMIL", self.unmil.pk))}

    def a_strength(self, mission: Mission, **fields) -> Strength:
        values = {"mission": mission, "reported_on": date(2020, 6, 30), "country": "TCD",
                  "personnel_type": "troops", "men": 100, "women": 10, "source": self.source, **fields}
        return Strength.objects.create(**values)

    def test_a_write_to_one_mission_changes_its_version_only(self):
        before = self.versions()
        self.a_strength(self.minusma)
        after = self.versions()
        self.assertNotEqual(after["MINUSMA"], before["MINUSMA"])
        self.assertEqual(after["UNMIL"], before["UNMIL"])

    def test_deleting_a_record_changes_its_missions_version_only(self):
        strength = self.a_strength(self.unmil)
        before = self.versions()
        strength.delete()
        after = self.versions()
        self.assertNotEqual(after["UNMIL"], before["UNMIL"])
        self.assertEqual(after["MINUSMA"], before["MINUSMA"])

    def test_a_record_moved_to_another_mission_changes_both_versions(self):
        strength = self.a_strength(self.minusma)
        before = self.versions()
        strength.mission = self.unmil
        strength.save()
        after = self.versions()
        self.assertNotEqual(after["MINUSMA"], before["MINUSMA"])
        self.assertNotEqual(after["UNMIL"], before["UNMIL"])

    def test_a_write_to_what_missions_share_changes_every_version(self):
        for label, write in (("source", lambda: a_source("another-source")),
                             ("mission record", lambda: Mission.objects.get(pk=self.unmil.pk).save()),
                             ("import", lambda: finish_batch(start_batch("test", "x.csv", self.source, checksum="abc"),
                                                             ImportResult(file="x.csv", kind="test")))):
            with self.subTest(write=label):
                before = self.versions()
                write()
                after = self.versions()
                self.assertNotEqual(after["MINUSMA"], before["MINUSMA"])
                self.assertNotEqual(after["UNMIL"], before["UNMIL"])

    def test_the_version_read_with_the_mission_is_the_current_one(self):
        self.a_strength(self.minusma)
        read = with_data_version(Mission.objects.filter(pk__in=[self.minusma.pk, self.unmil.pk]))
        self.assertEqual({mission.acronym: mission.data_version for mission in read}, self.versions())

    def test_the_version_of_all_data_changes_with_a_write_to_any_mission(self):
        before = DataVersion.current()
        self.a_strength(self.unmil)
        self.assertNotEqual(DataVersion.current(), before)

    def test_writers_of_different_missions_write_different_rows(self):
        self.a_strength(self.minusma)
        self.a_strength(self.unmil)
        rows = dict(DataVersion.objects.values_list("mission_pk", "stamp"))
        self.assertIn(self.minusma.pk, rows)
        self.assertIn(self.unmil.pk, rows)
        self.assertNotEqual(rows[self.minusma.pk], rows[self.unmil.pk])


class FactsPagesPerMissionTests(WebTestCase):
    """The test that matters: a write never leaves a stale page, and leaves the other missions' pages cached."""

    def setUp(self):
        super().setUp()
        cache.clear()
        self.other = a_mission("MINUOTHER", started_on=date(2010, 1, 1))
        ComponentStrength.objects.create(mission=self.other, component="military", reported_on=date(2020, 7, 1),
                                         total=4321, source=a_source("other-mission"))

    def get(self, acronym: str):
        return self.client.get(reverse("web:factsheet", args=[acronym]), {"as_of": "2020-07-01", "lang": "en"})

    def test_a_write_to_minusma_leaves_the_other_missions_page_cached_and_minusmas_fresh(self):
        self.assertContains(self.get("MINUOTHER"), "4,321 military personnel")
        self.assertContains(self.get("MINUSMA"), "12,873 military personnel")
        stated = ComponentStrength.objects.get(mission=self.minusma, component="military", reported_on="2020-07-01")
        stated.total = 13000
        stated.save()
        with CaptureQueriesContext(connection) as queries:
            other = self.get("MINUOTHER")
        self.assertContains(other, "4,321 military personnel")
        # One query: the mission with its data version; the page came from the cache.
        self.assertEqual(len(queries), 1, [query["sql"] for query in queries])
        self.assertContains(self.get("MINUSMA"), "13,000 military personnel")
        self.assertNotContains(self.get("MINUSMA"), "12,873 military personnel")
