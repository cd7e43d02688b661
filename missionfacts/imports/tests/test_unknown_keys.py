"""A mission file with a key the format does not know is refused, naming the key and the nearest known one."""

import tempfile
from pathlib import Path

from django.test import TestCase

from missionfacts.imports.mission_file import import_mission_file
from missionfacts.imports.tests.helpers import in_english  # noqa: F401 (a fixture)
from missionfacts.imports.tests.test_hostile_yaml import SMALL
from missionfacts.imports.tests.test_mission_file import snapshot
from missionfacts.missions.models import Budget, Mission, Sector, Site
from missionfacts.personnel.models import ComponentStrength

FORMAT_2_BUDGETS = SMALL.replace("format: missionfacts/mission-1", "format: missionfacts/mission-2") + """\
budgets:
  - {period: [2023-07-01, 2024-06-30], approved_usd: 1200000000}
"""
FORMAT_3_KEY_FIGURE = SMALL.replace("format: missionfacts/mission-1", "format: missionfacts/mission-3") + """\
key_figures:
  - key: alerts
    label: {fr: alertes traitées, en: alerts handled}
    value: 85
    qualifer: about
    as_of: 2024-05
"""


class UnknownKeyTests(TestCase):
    def setUp(self):
        self.folder = Path(tempfile.mkdtemp())

    def import_text(self, text: str):
        path = self.folder / "example.yaml"
        path.write_text(text, encoding="utf-8")
        return import_mission_file(path)

    def refused(self, text: str):
        before = snapshot()
        result = self.import_text(text)
        self.assertFalse(result.ok)
        self.assertEqual(snapshot(), before, "a refused file wrote nothing")
        return {problem.column: problem for problem in result.problems}

    def test_a_misspelled_section_is_refused_and_the_sectors_it_no_longer_names_stay(self):
        self.assertTrue(self.import_text(SMALL).ok)
        problems = self.refused(SMALL.replace("sectors:", "sectorz:"))
        self.assertEqual(problems["sectorz"].row, 9)
        self.assertEqual(problems["sectorz"].reason, "unknown section; did you mean `sectors`?")
        self.assertEqual(list(Sector.objects.values_list("key", flat=True)), ["nord"])
        self.assertEqual(Site.objects.get().name, "Kidal")

    def test_a_misspelled_section_of_format_2_names_the_section_it_resembles(self):
        self.assertTrue(self.import_text(FORMAT_2_BUDGETS).ok)
        problems = self.refused(FORMAT_2_BUDGETS.replace("budgets:", "budget:"))
        self.assertEqual(problems["budget"].reason, "unknown section; did you mean `budgets`?")
        self.assertEqual(Budget.objects.count(), 1)

    def test_a_misspelled_field_of_a_record_is_refused_with_its_path(self):
        text = SMALL.replace("name: {fr: Secteur Nord, en: Sector North}",
                             "name: {fr: Secteur Nord, en: Sector North}\n    valid_form: 2021-01-01")
        problems = self.refused(text)
        self.assertEqual(problems["sectors[0].valid_form"].row, 12)
        self.assertEqual(problems["sectors[0].valid_form"].reason, "unknown field; did you mean `valid_from`?")
        self.assertFalse(Mission.objects.exists())

    def test_a_misspelled_field_of_a_site_is_refused_with_its_path(self):
        problems = self.refused(SMALL.replace("{name: Kidal,", "{name: Kidal, place: [Kidal],"))
        self.assertEqual(problems["sectors[0].sites[0].place"].reason, "unknown field; did you mean `places`?")

    def test_a_misspelled_number_of_women_is_refused_rather_than_left_out(self):
        text = SMALL + "strength_totals:\n  - {reported_on: 2024-06-30, police: {total: 180, woman: 30}}\n"
        problems = self.refused(text)
        self.assertEqual(problems["strength_totals[0].police.woman"].reason, "unknown field; did you mean `women`?")
        self.assertFalse(ComponentStrength.objects.exists())

    def test_a_format_3_key_figure_with_a_misspelled_qualifier_is_refused(self):
        self.assertTrue(self.import_text(FORMAT_3_KEY_FIGURE.replace("qualifer:", "qualifier:")).ok)
        problems = self.refused(FORMAT_3_KEY_FIGURE)
        self.assertEqual(problems["key_figures[0].qualifer"].reason, "unknown field; did you mean `qualifier`?")

    def test_a_format_1_text_in_a_third_language_is_refused(self):
        problems = self.refused(SMALL.replace("{fr: Secteur Nord, en: Sector North}",
                                              "{fr: Secteur Nord, en: Sector North, de: Sektor Nord}"))
        self.assertEqual(problems["sectors[0].name.de"].reason, "a text has only `fr` and `en`")

    def test_a_section_like_no_other_lists_the_keys_it_could_be(self):
        problems = self.refused(SMALL + "zzz: 1\n")
        self.assertTrue(problems["zzz"].reason.startswith("unknown section; the keys here are: `format`, "))
