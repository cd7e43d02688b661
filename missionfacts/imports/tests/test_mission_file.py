"""The `mission` import: a whole mission described in one YAML file."""

from pathlib import Path

from django.test import TestCase
from django.utils import translation

from missionfacts.activities.models import PatrolCount
from missionfacts.imports.mission_file import import_mission_file
from missionfacts.imports.models import ImportBatch
from missionfacts.imports.reference import reference_files
from missionfacts.missions.models import Mission, Site
from missionfacts.personnel.models import ComponentStrength

REFERENCE = next(path for path in reference_files() if path.name == "minusma.yaml")


def snapshot() -> dict:
    """Every row the mission import writes, to show that a rejected file changed nothing."""
    from django.apps import apps

    return {
        model._meta.label: sorted(model.objects.values_list("pk", flat=True))
        for model in apps.get_models()
        if model._meta.app_label in {"missions", "personnel", "activities", "casualties", "imports"}
    }


class MissionFileTests(TestCase):
    def write(self, text: str, name: str = "mission.yaml") -> Path:
        path = Path(self.tmp) / name
        path.write_text(text, encoding="utf-8")
        return path

    def setUp(self):
        import tempfile

        self.tmp = tempfile.mkdtemp()

    def reference_text(self) -> str:
        return REFERENCE.read_text(encoding="utf-8")

    def test_the_reference_file_imports_and_records_its_provenance(self):
        result = import_mission_file(REFERENCE)
        self.assertTrue(result.ok, result.problems)
        batch = ImportBatch.objects.get(pk=result.batch_id)
        self.assertEqual((batch.kind, batch.file_name), ("mission", "minusma.yaml"))
        self.assertEqual(batch.rows_added, result.rows_added)
        self.assertEqual(len(batch.checksum), 64)
        minusma = Mission.objects.get(acronym="MINUSMA")
        self.assertEqual(minusma.import_batch_id, batch.pk)
        self.assertEqual(Site.objects.filter(mission=minusma, import_batch=batch).count(), 12)

    def test_importing_the_same_file_again_changes_nothing_and_says_so(self):
        import_mission_file(REFERENCE)
        before = snapshot()
        with translation.override("en"):
            again = import_mission_file(REFERENCE)
        self.assertTrue(again.ok)
        self.assertEqual((again.rows_added, again.rows_changed, again.rows_removed), (0, 0, 0))
        self.assertIn("Nothing changed", again.notes[0])
        self.assertIsNone(again.batch_id)
        self.assertEqual(snapshot(), before)

    def test_a_corrected_file_replaces_what_its_earlier_version_brought(self):
        import_mission_file(REFERENCE)
        corrected = (
            self.reference_text()
            .replace("count: 244720", "count: 244721")
            .replace("      - {name: Ber, latitude: 16.834927, longitude: -2.531944, source: geo-pko-2-3}\n", "")
        )
        result = import_mission_file(self.write(corrected, "minusma.yaml"))
        self.assertTrue(result.ok, result.problems)
        self.assertEqual((result.rows_changed, result.rows_removed, result.rows_added), (1, 1, 0))
        self.assertEqual(PatrolCount.objects.get(component="military").count, 244721)
        self.assertFalse(Site.objects.filter(name="Ber").exists())
        self.assertEqual(PatrolCount.objects.count(), 2)

    def test_a_file_with_one_bad_value_writes_nothing_and_names_its_line(self):
        import_mission_file(REFERENCE)
        before = snapshot()
        broken = self.reference_text().replace("    military: 12873\n", "    military: {total: 12873, women: 20000}\n")
        with translation.override("en"):
            result = import_mission_file(self.write(broken))
        self.assertFalse(result.ok)
        [problem] = result.problems
        self.assertEqual(problem.column, "strength_totals[1].military.women")
        self.assertEqual(problem.reason, "Women cannot outnumber the total.")
        line = broken.splitlines()[problem.row - 1]
        self.assertIn("women: 20000", line)
        self.assertEqual(snapshot(), before)
        self.assertEqual(ComponentStrength.objects.get(component="military", reported_on="2020-07-01").women, None)

    def test_every_problem_of_a_file_is_reported(self):
        broken = (
            self.reference_text()
            .replace("adopted_on: 2020-06-29", "adopted_on: 2020-06-31")
            .replace("count: 93873", "count: -5")
            .replace("nationality: TCD", "nationality: TCH")
            .replace("latitude: 12.65", "latitude: north")
        )
        with translation.override("en"):
            result = import_mission_file(self.write(broken))
        reasons = {(p.column, p.value): p.reason for p in result.problems}
        self.assertIn("not a date of the form YYYY-MM-DD", reasons[("resolutions[0].adopted_on", "2020-06-31")])
        self.assertEqual(reasons[("patrol_counts[1].count", "-5")], "cannot be negative")
        self.assertIn("not an ISO 3166-1 alpha-3 country code", reasons[("leadership[0].nationality", "TCH")])
        self.assertIn("decimal number", reasons[("sectors[1].sites[0].latitude", "north")])
        self.assertFalse(Mission.objects.exists())

    def test_it_names_an_unknown_source(self):
        broken = self.reference_text().replace("source: un-s-2020-223", "source: un-s-2020-999")
        result = import_mission_file(self.write(broken))
        [problem] = result.problems
        self.assertEqual((problem.column, problem.value), ("strength_totals[0].source", "un-s-2020-999"))

    def test_invalid_yaml_is_reported_with_its_line(self):
        result = import_mission_file(self.write("format: missionfacts/mission-1\nmission: [unclosed\n"))
        [problem] = result.problems
        self.assertIn("not valid YAML", problem.reason)
        self.assertEqual(problem.row, 3)

    def test_an_empty_file_and_a_file_of_another_format_are_refused(self):
        self.assertEqual(import_mission_file(self.write("")).problems[0].reason, "the file is empty")
        other = import_mission_file(self.write("name: something\n"))
        self.assertIn("format: missionfacts/mission-1", other.problems[0].reason)

    def test_a_dry_run_reports_what_would_change_and_writes_nothing(self):
        result = import_mission_file(REFERENCE, dry_run=True)
        self.assertTrue(result.ok)
        self.assertGreater(result.rows_added, 40)
        self.assertFalse(Mission.objects.exists())
        self.assertFalse(ImportBatch.objects.exists())


class DocumentedExampleTests(TestCase):
    def test_the_example_in_the_format_documentation_imports(self):
        import re
        import tempfile

        documentation = Path(__file__).resolve().parents[3] / "docs" / "mission-file.md"
        examples = re.findall(r"```yaml\n(.*?)```", documentation.read_text(encoding="utf-8"), re.DOTALL)
        [example] = [text for text in examples if text.startswith("format: missionfacts/mission-1")]
        path = Path(tempfile.mkdtemp()) / "example.yaml"
        path.write_text(example, encoding="utf-8")
        result = import_mission_file(path)
        self.assertEqual(result.problems, [])
        self.assertEqual(Mission.objects.get().acronym, "EXAMPLE")
