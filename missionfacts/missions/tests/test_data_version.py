"""Every way of writing the records changes the data version that cached pages are keyed by (issue 6)."""

import tempfile
from datetime import date
from pathlib import Path

from django.db import transaction
from django.test import TestCase

from missionfacts.backups.archive import restore_backup, write_backup
from missionfacts.factsheets.editions import publish
from missionfacts.imports.batch import finish_batch, start_batch
from missionfacts.imports.problems import ImportResult
from missionfacts.imports.tests.helpers import DATA
from missionfacts.imports.un_contributions import import_un_contributions
from missionfacts.missions.models import Ceiling, DataVersion, Resolution
from missionfacts.personnel.models import Strength
from missionfacts.testing import a_mission, a_source


class DataVersionTests(TestCase):
    def setUp(self):
        self.mission = a_mission("MINUSMA")
        self.source = a_source()

    def assertChangesVersion(self, write) -> None:
        before = DataVersion.current()
        write()
        self.assertNotEqual(DataVersion.current(), before)

    def a_strength(self, **fields) -> Strength:
        values = {"mission": self.mission, "reported_on": date(2020, 6, 30), "country": "TCD",
                  "personnel_type": "troops", "men": 100, "women": 10, "source": self.source, **fields}
        return Strength.objects.create(**values)

    def test_saving_a_record_through_the_orm_changes_it(self):
        strength = self.a_strength()
        strength.men = 120
        self.assertChangesVersion(strength.save)

    def test_deleting_a_record_changes_it(self):
        self.assertChangesVersion(self.a_strength().delete)
        self.a_strength(country="SEN")
        self.assertChangesVersion(Strength.objects.filter(country="SEN").delete)

    def test_a_ceiling_and_a_source_change_it_though_they_are_no_sourced_records(self):
        resolution = Resolution.objects.create(mission=self.mission, number=2100, adopted_on=date(2013, 4, 25),
                                               source=self.source)
        self.assertChangesVersion(lambda: Ceiling.objects.create(resolution=resolution, scope="military",
                                                                 authorised=11200))
        self.source.title = "Another title"
        self.assertChangesVersion(self.source.save)

    def test_every_write_changes_it_even_within_one_transaction(self):
        # A page computed between the two writes is keyed by the first stamp, which the second one replaces.
        with transaction.atomic():
            self.a_strength()
            between = DataVersion.current()
            self.a_strength(country="SEN")
            self.assertNotEqual(DataVersion.current(), between)

    def test_a_write_rolled_back_leaves_it_as_it_was(self):
        self.a_strength()
        before = DataVersion.current()
        with self.assertRaises(RuntimeError), transaction.atomic():
            self.a_strength(country="SEN")
            raise RuntimeError("the writer changed its mind")
        self.assertEqual(DataVersion.current(), before)

    def test_an_import_changes_it(self):
        self.assertChangesVersion(lambda: self.assertTrue(import_un_contributions(DATA / "contributions.csv").ok))

    def test_rows_written_in_bulk_past_the_signals_are_seen_once_their_batch_is_finished(self):
        batch = start_batch("test", DATA / "contributions.csv", self.source)
        Strength.objects.bulk_create([Strength(mission=self.mission, reported_on=date(2020, 6, 30), country="TCD",
                                               personnel_type="troops", men=1, women=0, source=self.source)])
        self.assertChangesVersion(lambda: finish_batch(batch, ImportResult(file="contributions.csv",
                                                                           kind="test")))

    def test_a_restore_changes_it(self):
        self.a_strength()
        with tempfile.TemporaryDirectory() as folder:
            archive = Path(folder) / "backup.zip"
            write_backup(archive)
            self.assertChangesVersion(lambda: restore_backup(archive, replace=True))


class PublishingTests(TestCase):
    def test_publishing_an_edition_changes_it(self):
        from missionfacts.imports.reference import load_reference_data
        from missionfacts.missions.models import Mission

        load_reference_data()
        minusma = Mission.objects.get(acronym="MINUSMA")
        before = DataVersion.current()
        publish(minusma, date(2020, 7, 1), reason="A test of the data version.")
        self.assertNotEqual(DataVersion.current(), before)
