"""Hostile mission files: what the YAML loader refuses before it builds anything, and how the refusal reads."""

import tempfile
from pathlib import Path

from django.test import TestCase, override_settings

from missionfacts.imports.mission_file import import_mission_file
from missionfacts.imports.tests.helpers import in_english  # noqa: F401 (a fixture)
from missionfacts.imports.tests.test_mission_file import snapshot
from missionfacts.missions.models import Mission

SMALL = """\
format: missionfacts/mission-1
default_source: sheet-2024
sources:
  - {key: sheet-2024, kind: document, title: "Example mission fact sheet, 2024"}
mission:
  acronym: EXAMPLE
  name: {fr: Mission d'exemple, en: Example mission}
  started_on: 2020-01-01
sectors:
  - key: nord
    name: {fr: Secteur Nord, en: Sector North}
    sites:
      - {name: Kidal, latitude: 18.44111, longitude: 1.40778}
"""


def billion_laughs() -> str:
    """Nine lists of nine references to the list before: about 1.5 KB that unfold to 9**9 strings."""
    lines = ["format: missionfacts/mission-1", "l0: &l0 [" + ", ".join(['"lol"'] * 9) + "]"]
    for level in range(1, 10):
        lines.append(f"l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


class HostileYamlTests(TestCase):
    def setUp(self):
        self.folder = Path(tempfile.mkdtemp())

    def import_text(self, text: str):
        path = self.folder / "hostile.yaml"
        path.write_text(text, encoding="utf-8")
        before = snapshot()
        result = import_mission_file(path)
        self.assertEqual(snapshot(), before, "a refused file wrote nothing")
        return result

    def only_problem(self, result):
        self.assertFalse(result.ok)
        self.assertEqual(len(result.problems), 1, result.problems)
        return result.problems[0]

    def test_the_small_file_itself_imports(self):
        self.assertTrue(import_mission_file(self.write(SMALL)).ok)

    def write(self, text: str) -> Path:
        path = self.folder / "small.yaml"
        path.write_text(text, encoding="utf-8")
        return path

    def test_a_billion_laughs_is_refused_at_its_first_anchor(self):
        text = billion_laughs()
        self.assertLess(len(text), 1600)
        problem = self.only_problem(self.import_text(text))
        self.assertEqual((problem.file, problem.row, problem.column), ("hostile.yaml", 2, "l0"))
        self.assertIn("anchors and aliases (&name, *name) are not allowed", problem.reason)

    def test_a_single_alias_is_refused_with_its_line_and_field(self):
        text = SMALL.replace("name: {fr: Secteur Nord, en: Sector North}", "name: &north {fr: Nord, en: North}")
        text += "  - key: sud\n    name: *north\n"
        problem = self.only_problem(self.import_text(text))
        self.assertEqual((problem.row, problem.column), (11, "sectors[0].name"))
        self.assertFalse(Mission.objects.filter(acronym="EXAMPLE").exists())

    def test_a_thousand_levels_of_nesting_are_a_problem_not_a_recursion_error(self):
        problem = self.only_problem(self.import_text(SMALL + "deep: " + "[" * 1000 + "]" * 1000 + "\n"))
        self.assertEqual(problem.row, 14)
        self.assertIn("nested more than 64 levels deep", problem.reason)

    def test_a_five_thousand_digit_integer_is_a_problem_naming_its_field(self):
        text = SMALL.replace("started_on: 2020-01-01", "started_on: 2020-01-01\n  host_country: " + "9" * 5000)
        problem = self.only_problem(self.import_text(text))
        self.assertEqual((problem.row, problem.column), (9, "mission.host_country"))
        self.assertIn("a number of more than 32 characters is not allowed", problem.reason)

    def test_a_latitude_of_nan_is_a_problem_naming_the_site_field(self):
        problem = self.only_problem(self.import_text(SMALL.replace("latitude: 18.44111", "latitude: .nan")))
        self.assertEqual((problem.row, problem.column, problem.value),
                         (13, "sectors[0].sites[0].latitude", ".nan"))
        self.assertIn("not a finite number", problem.reason)

    def test_an_infinite_longitude_is_a_problem_naming_the_site_field(self):
        problem = self.only_problem(self.import_text(SMALL.replace("longitude: 1.40778", "longitude: -.inf")))
        self.assertEqual(problem.column, "sectors[0].sites[0].longitude")

    def test_a_float_too_large_to_be_finite_is_refused(self):
        problem = self.only_problem(self.import_text(SMALL.replace("latitude: 18.44111", "latitude: 1.0e+999")))
        self.assertEqual((problem.column, problem.value), ("sectors[0].sites[0].latitude", "1.0e+999"))
        self.assertIn("not a finite number", problem.reason)

    @override_settings(IMPORT_MAX_MISSION_FILE_BYTES=1024)
    def test_a_mission_file_past_its_size_limit_is_refused_before_it_is_parsed(self):
        problem = self.only_problem(self.import_text(SMALL + "# " + "x" * 2000 + "\n"))
        self.assertEqual(problem.file, "hostile.yaml")
        self.assertIn("the mission file is 3 KB; a mission file of at most 1 KB can be imported", problem.reason)
