"""`missionfacts fetch` over the UN's data shipped as default: the newer copy replaces it, and is dated."""

from datetime import date

from missionfacts.casualties.models import Fatality
from missionfacts.imports.models import ImportBatch
from missionfacts.imports.reference import load_shipped_fatalities
from missionfacts.opendata.tests.base import FetchTestCase
from missionfacts.opendata.tests.replay import RESPONSES, RecordedDataHub


class FetchOverShippedDataTests(FetchTestCase):
    def test_the_fetched_fatalities_replace_the_shipped_ones_instead_of_adding_to_them(self):
        load_shipped_fatalities()
        self.assertEqual(Fatality.objects.count(), 4423)
        output = self.fetch("DPPADPOSS-FATALITIES")
        self.assertIn("Imported DPPADPOSS-FATALITIES.csv", output)
        # The recorded answer holds the rows of four missions only: it is the whole truth the Data Hub now tells.
        self.assertEqual(Fatality.objects.count(), 1087)
        self.assertEqual(set(Fatality.objects.values_list("mission__acronym", flat=True)),
                         {"UNIFIL", "MINUSMA", "MONUSCO", "UNMISS"})
        latest = ImportBatch.objects.filter(kind="un-fatalities").first()
        self.assertEqual((latest.rows_removed, latest.data_as_of), (4423 - 1087, date(2025, 4, 4)))

    def test_a_file_without_a_date_of_its_own_takes_the_day_the_data_hub_says_it_changed(self):
        hub = RecordedDataHub()
        hub.serve("/public/data/DPPADPOSS-PKO/CSV", (RESPONSES / "DPPADPOSS-PKO.csv").read_bytes(),
                  last_modified="Mon, 19 Feb 2024 08:30:00 GMT")
        self.fetch("DPPADPOSS-PKO", hub=hub)
        self.assertEqual(ImportBatch.objects.get(kind="un-missions").data_as_of, date(2024, 2, 19))

    def test_without_such_a_day_the_import_has_no_date(self):
        self.fetch("DPPADPOSS-PKO")
        self.assertIsNone(ImportBatch.objects.get(kind="un-missions").data_as_of)

    def test_a_file_narrowed_to_a_day_on_holds_its_records_completely_from_that_day_only(self):
        self.fetch("DPPADPOSS-FATALITIES", "--since", "2020-01-01")
        batch = ImportBatch.objects.get(kind="un-fatalities")
        self.assertEqual((batch.covers_from, batch.covers_to, batch.data_as_of),
                         (date(2020, 1, 1), date(2025, 4, 4), date(2025, 4, 4)))
