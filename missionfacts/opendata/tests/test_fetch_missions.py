"""`missionfacts fetch` of the mission dataset, replayed from the real export, through the `un-missions` import."""

from missionfacts.missions.models import Mission
from missionfacts.opendata.tests.base import FetchTestCase


class FetchMissionsTests(FetchTestCase):
    def test_the_real_mission_dataset_is_imported_and_a_refetch_changes_nothing(self):
        known = set(Mission.objects.values_list("acronym", flat=True))
        output = self.fetch("DPPADPOSS-PKO")
        self.assertIn("Imported DPPADPOSS-PKO.csv", output)
        # The catalogue was built from this very export: it only adds operations the catalogue leaves out.
        added = set(Mission.objects.values_list("acronym", flat=True)) - known
        self.assertTrue(added)
        self.assertFalse(Mission.objects.filter(acronym__in=added, is_provisional=True).exists())
        content = self.data()
        again = self.fetch("DPPADPOSS-PKO")
        self.assertIn("DPPADPOSS-PKO: nothing changed.", again)
        self.assertEqual(self.data(), content)
