"""The `mission` import of format 2: what the UN's "Facts and figures" pages of past missions publish."""

import re
import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.test import TestCase
from django.utils import translation

from missionfacts.casualties.models import FatalityCount
from missionfacts.imports.mission_file import FORMAT, import_mission_file
from missionfacts.imports.tests.test_mission_file import REFERENCE, snapshot
from missionfacts.missions.models import Ceiling, FinancialFigure, Leadership, Mission, Resolution
from missionfacts.personnel.models import ContributingCountry, StatedStrength

DOCUMENTATION = Path(__file__).resolve().parents[3] / "docs" / "mission-file.md"


def documented_example() -> str:
    examples = re.findall(r"```yaml\n(.*?)```", DOCUMENTATION.read_text(encoding="utf-8"), re.DOTALL)
    [example] = [text for text in examples if text.startswith("format: missionfacts/mission-2")]
    return example


HEAD = """\
format: missionfacts/mission-2
default_source: page
sources:
  - {key: page, kind: document, title: "A facts and figures page"}
mission:
  acronym: PAST
  name: {fr: Mission passée, en: Past mission}
  started_on: 2000-01
  ended_on: 2006-06
"""


class FormatTwoTests(TestCase):
    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp())

    def write(self, text: str, name: str = "past.yaml") -> Path:
        path = self.tmp / name
        path.write_text(text, encoding="utf-8")
        return path

    def imported(self, text: str):
        with translation.override("en"):
            result = import_mission_file(self.write(text))
        return result

    def problems(self, text: str):
        result = self.imported(text)
        self.assertFalse(result.ok)
        self.assertFalse(Mission.objects.filter(acronym="PAST").exists(), "a rejected file wrote its mission")
        return result.problems

    def problem(self, text: str):
        """The one problem of a file that has exactly one."""
        problems = self.problems(text)
        self.assertEqual(len(problems), 1, problems)
        return problems

    # The documented example ----------------------------------------------------------------------------

    def test_the_format_2_example_in_the_documentation_imports_every_section(self):
        result = self.imported(documented_example())
        self.assertEqual(result.problems, [])
        mission = Mission.objects.get(acronym="EXAMPLE2")
        self.assertEqual((mission.name_en, mission.name_fr, mission.name("fr")),
                         ("Example Mission in Sierra Leone", "", "Example Mission in Sierra Leone"))
        self.assertEqual((mission.started_on, mission.started_on_precision), (date(1999, 10, 1), "month"))
        self.assertEqual((mission.ended_on, mission.ended_on_precision), (date(2005, 12, 31), "month"))
        self.assertEqual((mission.location_en, mission.text_language), ("West Africa", "en"))
        self.assertEqual((mission.headquarters_latitude, mission.headquarters_longitude), (8.484, -13.234))
        unnumbered = Resolution.objects.get(mission=mission, number=None)
        self.assertEqual((unnumbered.adopted_on, unnumbered.adopted_on_precision), (date(2004, 9, 1), "month"))
        self.assertEqual(unnumbered.ceilings_text("fr"), "a residual presence of up to 3,250 troops")
        self.assertEqual(Ceiling.objects.get(resolution__number=9002, scope="individual_police").authorised, 60)
        latest = StatedStrength.objects.get(mission=mission, kind="as_of")
        self.assertEqual((latest.total, latest.total_covers, latest.wording("en")),
                         (1230, "uniformed", "1,230 total uniformed personnel"))
        self.assertEqual({part.category: (part.total, part.women) for part in latest.parts.all()},
                         {"troops": (1100, None), "military_observers": (50, 4), "staff_officers": (50, None),
                          "individual_police": (30, None)})
        peak = StatedStrength.objects.get(mission=mission, kind="peak")
        self.assertEqual((peak.reported_on, peak.reported_on_precision), (date(2002, 3, 31), "month"))
        self.assertEqual(StatedStrength.objects.get(mission=mission, kind="at_withdrawal").total, 1230)
        commander = Leadership.objects.get(mission=mission, title_en="Force Commander")
        self.assertEqual((commander.rank("fr"), commander.role, commander.started_on, commander.started_on_precision,
                          commander.ended_on, commander.until_present),
                         ("Lieutenant General", "", date(2005, 1, 1), "year", None, True))
        self.assertEqual(Leadership.objects.get(mission=mission, role="head_of_mission").ended_on, date(2005, 12, 31))
        fatalities = {row.personnel_category: row.count for row in FatalityCount.objects.filter(mission=mission)}
        self.assertEqual(fatalities, {"": 190, "troops": 180, "military_observer": 2, "police": 2,
                                      "international_civilian": 2, "local": 4})
        expenditure = FinancialFigure.objects.get(mission=mission, kind="expenditure")
        self.assertEqual((expenditure.amount, expenditure.currency, expenditure.period_start, expenditure.period_end,
                          expenditure.wording("en")),
                         (Decimal("2800000000.00"), "USD", date(1999, 10, 1), date(2005, 12, 31),
                          "Expenditures: $2.8 billion"))
        military = ContributingCountry.objects.filter(mission=mission, personnel="military").order_by("position")
        self.assertEqual([row.country for row in military], ["BGD", "PAK", "NGA", "GHA"])

    def test_importing_a_format_2_file_again_changes_nothing(self):
        self.imported(documented_example())
        before = snapshot()
        again = self.imported(documented_example())
        self.assertTrue(again.ok, again.problems)
        self.assertEqual((again.rows_added, again.rows_changed, again.rows_removed), (0, 0, 0))
        self.assertEqual(snapshot(), before)

    def test_a_corrected_format_2_file_replaces_what_the_earlier_version_brought(self):
        self.imported(documented_example())
        corrected = (documented_example()
                     .replace("countries: [BGD, PAK, NGA, GHA]", "countries: [PAK, BGD, NGA]")
                     .replace("      staff_officers: 50\n", "")
                     .replace("amount: 2800000000", "amount: 2810000000"))
        result = self.imported(corrected)
        self.assertTrue(result.ok, result.problems)
        military = ContributingCountry.objects.filter(personnel="military").order_by("position")
        self.assertEqual([row.country for row in military], ["PAK", "BGD", "NGA"])
        self.assertFalse(StatedStrength.objects.get(kind="as_of").parts.filter(category="staff_officers").exists())
        self.assertEqual(FinancialFigure.objects.get(kind="expenditure").amount, Decimal("2810000000.00"))

    def test_sections_a_corrected_file_drops_are_removed(self):
        self.imported(documented_example())
        example = documented_example()
        without = example[:example.index("contributing_countries:")]
        result = self.imported(without)
        self.assertTrue(result.ok, result.problems)
        self.assertFalse(ContributingCountry.objects.exists())

    # Format 1 -------------------------------------------------------------------------------------------

    def test_format_1_still_reads_and_its_name_is_still_exported(self):
        self.assertEqual(FORMAT, "missionfacts/mission-1")
        result = import_mission_file(REFERENCE)
        self.assertTrue(result.ok, result.problems)
        self.assertEqual(Resolution.objects.get(mission__acronym="MINUSMA").number, 2531)

    def test_a_format_1_file_with_a_format_2_section_is_told_which_format_it_needs(self):
        text = REFERENCE.read_text(encoding="utf-8") + "\npeak_strength:\n  - {reported_on: 2015-03, total: 10}\n"
        result = self.imported(text)
        [problem] = result.problems
        self.assertEqual(problem.column, "peak_strength")
        self.assertIn("missionfacts/mission-2", problem.reason)

    def test_a_format_1_file_cannot_use_a_format_2_category(self):
        text = REFERENCE.read_text(encoding="utf-8").replace("      military: 13289\n", "      troops: 13289\n")
        [problem] = self.imported(text).problems
        self.assertEqual((problem.column, problem.value), ("resolutions[0].ceilings.troops", "13289"))

    # Bad values -----------------------------------------------------------------------------------------

    def test_an_authorisation_without_a_number_needs_the_ceilings_wording(self):
        text = HEAD + "resolutions:\n  - adopted_on: 2004-03\n    ceilings: {troops: 100}\n"
        [problem] = self.problem(text)
        self.assertEqual((problem.row, problem.column), (11, "resolutions[0].ceilings_text"))

    def test_a_numbered_resolution_may_be_dated_to_the_month_the_page_gives(self):
        result = self.imported(HEAD + "resolutions:\n  - {number: 1923, adopted_on: 2010-05}\n")
        self.assertTrue(result.ok, result.problems)
        resolution = Resolution.objects.get(number=1923)
        self.assertEqual((resolution.adopted_on, resolution.adopted_on_precision), (date(2010, 5, 1), "month"))

    def test_a_numbered_resolution_still_needs_a_date(self):
        [problem] = self.problem(HEAD + "resolutions:\n  - {number: 1923}\n")
        self.assertEqual(problem.column, "resolutions[0].adopted_on")

    def test_a_country_without_a_current_code_is_kept_by_its_name_in_the_page_order(self):
        text = HEAD + ("contributing_countries:\n"
                       "  - {personnel: military, countries: [SEN, {name: Serbia and Montenegro}, ZAF]}\n")
        result = self.imported(text)
        self.assertTrue(result.ok, result.problems)
        self.assertEqual(list(ContributingCountry.objects.order_by("position")
                              .values_list("country", "name_as_published")),
                         [("SEN", ""), ("", "Serbia and Montenegro"), ("ZAF", "")])

    def test_a_country_entry_that_is_neither_code_nor_name_is_refused(self):
        text = HEAD + "contributing_countries:\n  - {personnel: military, countries: [{code: SCG}]}\n"
        [problem] = self.problem(text)
        self.assertEqual((problem.row, problem.column), (11, "contributing_countries[0].countries[0]"))

    def test_an_acting_term_other_headquarters_and_the_method_of_financing_are_kept(self):
        text = "language: en\n" + HEAD.replace("  name: {fr: Mission passée, en: Past mission}\n", (
            "  name: Past mission\n"
            "  other_headquarters: 'Eastern headquarters: Abeche, Chad'\n"
            "  financing: Assessments in respect of a Special Account\n")) + (
            "leadership:\n  - {title: Special Representative of the Secretary-General, name: X, from: 2006-04,"
            " acting: true}\n")
        result = self.imported(text)
        self.assertTrue(result.ok, result.problems)
        mission = Mission.objects.get(acronym="PAST")
        self.assertEqual((mission.other_headquarters("fr"), mission.financing("en")),
                         ("Eastern headquarters: Abeche, Chad", "Assessments in respect of a Special Account"))
        self.assertTrue(Leadership.objects.get(name="X").acting)

    def test_acting_must_be_true_or_false(self):
        text = HEAD + "leadership:\n  - {title: {fr: Chef, en: Head}, name: X, from: 2006-04, acting: sometimes}\n"
        [problem] = self.problem(text)
        self.assertEqual((problem.column, problem.value), ("leadership[0].acting", "sometimes"))

    def test_it_rejects_an_impossible_month_with_line_and_field(self):
        text = HEAD + "leadership:\n  - {title: {fr: Chef, en: Head}, name: X, from: 2004-13}\n"
        [problem] = self.problem(text)
        self.assertEqual((problem.file, problem.row, problem.column, problem.value),
                         ("past.yaml", 11, "leadership[0].from", "2004-13"))

    def test_it_rejects_a_leader_without_title_or_role(self):
        [problem] = self.problem(HEAD + "leadership:\n  - {name: X, from: 2004-03}\n")
        self.assertEqual(problem.column, "leadership[0].title")

    def test_it_rejects_an_unknown_category_of_strength(self):
        text = HEAD + "strength:\n  - reported_on: 2005-10\n    categories: {soldiers: 100}\n"
        [problem] = self.problem(text)
        self.assertEqual((problem.row, problem.column, problem.value), (12, "strength[0].categories.soldiers", "100"))

    def test_it_rejects_a_stated_strength_without_any_number(self):
        [problem] = self.problem(HEAD + "peak_strength:\n  - {reported_on: 2005-10}\n")
        self.assertEqual(problem.column, "peak_strength[0].total")

    def test_it_rejects_a_negative_part_of_a_strength(self):
        text = HEAD + "strength:\n  - reported_on: 2005-10-31\n    categories: {troops: {total: 10, women: -1}}\n"
        [problem] = self.problem(text)
        self.assertEqual((problem.column, problem.reason),
                         ("strength[0].categories.troops.women", "cannot be negative"))

    def test_it_rejects_an_amount_in_words(self):
        text = HEAD + "finances:\n  - {kind: expenditure, period: [2000-01, 2006-06], amount: 2.8 billion}\n"
        [problem] = self.problem(text)
        self.assertEqual((problem.column, problem.value), ("finances[0].amount", "2.8 billion"))

    def test_it_rejects_an_unknown_kind_of_money_and_a_bad_currency(self):
        text = HEAD + ("finances:\n  - {kind: cost, period: [2000-01, 2006-06], amount: 5}\n"
                       "  - {kind: expenditure, period: [2000-01, 2006-06], amount: 5, currency: dollars}\n")
        problems = {(problem.row, problem.column, problem.value) for problem in self.problems(text)}
        self.assertEqual(problems, {(11, "finances[0].kind", "cost"), (12, "finances[1].currency", "dollars")})

    def test_it_rejects_a_contributing_country_that_is_not_a_code(self):
        text = HEAD + "contributing_countries:\n  - {personnel: military, countries: [BGD, Pakistan]}\n"
        [problem] = self.problem(text)
        self.assertEqual((problem.row, problem.column, problem.value),
                         (11, "contributing_countries[0].countries[1]", "Pakistan"))

    def test_it_rejects_a_country_listed_twice_for_the_same_personnel(self):
        text = HEAD + "contributing_countries:\n  - {personnel: police, countries: [GHA, NGA, GHA]}\n"
        [problem] = self.problem(text)
        self.assertEqual(problem.column, "contributing_countries[0].countries[2]")
        self.assertIn("given twice", problem.reason)

    def test_it_rejects_an_unknown_fatality_category(self):
        text = HEAD + "fatalities:\n  - period: [2000-01, 2006-06]\n    categories: {soldiers: 3}\n"
        [problem] = self.problem(text)
        self.assertEqual(problem.column, "fatalities[0].categories.soldiers")

    def test_it_rejects_a_language_other_than_french_or_english(self):
        [problem] = self.problem(HEAD + "language: de\n")
        self.assertEqual((problem.column, problem.value), ("language", "de"))

    def test_a_bilingual_format_2_file_still_needs_both_languages(self):
        text = HEAD.replace("name: {fr: Mission passée, en: Past mission}", "name: Past mission")
        [problem] = self.problem(text)
        self.assertEqual(problem.column, "mission.name")

    def test_a_one_language_file_needs_its_own_language(self):
        text = "language: fr\n" + HEAD.replace("name: {fr: Mission passée, en: Past mission}", "name: {en: Past}")
        [problem] = self.problem(text)
        self.assertEqual(problem.column, "mission.name.fr")

    def test_a_french_file_keeps_its_texts_in_french(self):
        text = "language: fr\n" + HEAD.replace("name: {fr: Mission passée, en: Past mission}", "name: Mission passée")
        result = self.imported(text)
        self.assertTrue(result.ok, result.problems)
        mission = Mission.objects.get(acronym="PAST")
        self.assertEqual((mission.name_fr, mission.name_en, mission.name("en")),
                         ("Mission passée", "", "Mission passée"))

    def test_a_bad_value_leaves_the_earlier_import_unchanged(self):
        self.imported(documented_example())
        before = snapshot()
        broken = documented_example().replace("total: 17400", "total: many")
        result = self.imported(broken)
        [problem] = result.problems
        self.assertEqual((problem.column, problem.value), ("peak_strength[0].total", "many"))
        self.assertEqual(snapshot(), before)
        self.assertEqual(StatedStrength.objects.get(kind="peak").total, 17400)


class FormatTwoAdminTests(TestCase):
    def test_an_administrator_opens_every_new_record_the_example_brings_in_the_admin(self):
        from django.contrib.auth.models import User
        from django.urls import reverse

        path = Path(tempfile.mkdtemp()) / "example.yaml"
        path.write_text(documented_example(), encoding="utf-8")
        self.assertTrue(import_mission_file(path).ok)
        self.client.force_login(User.objects.create_superuser("admin", "admin@example.org", "a-long-password-1"))
        for model in (StatedStrength, FinancialFigure, Leadership, ContributingCountry, Resolution, Mission):
            record = model.objects.first()
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[record.pk])
            with self.subTest(model=model._meta.label):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "name=\"_save\"")


class FormatTwoBackupTests(TestCase):
    def test_a_backup_brings_every_format_2_record_back_as_it_was(self):
        import io
        import shutil

        from django.core.management import call_command

        from missionfacts.backups.archive import _delete_everything
        from missionfacts.backups.catalogue import entries
        from missionfacts.backups.checking import read_manifest
        from missionfacts.personnel.models import StatedStrengthPart

        folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, folder)
        (folder / "example.yaml").write_text(documented_example(), encoding="utf-8")
        self.assertTrue(import_mission_file(folder / "example.yaml").ok)
        models = (Mission, Resolution, Ceiling, Leadership, FinancialFigure, StatedStrength, StatedStrengthPart,
                  ContributingCountry, FatalityCount)

        def rows():
            return {model._meta.label: sorted(map(repr, model.objects.values_list())) for model in models}

        before = rows()
        self.assertTrue(all(before.values()), before)
        archive = folder / "backup.zip"
        call_command("backup", output=str(archive), stdout=io.StringIO(), stderr=io.StringIO())
        archived = {model["label"] for model in read_manifest(archive)["models"]}
        self.assertLessEqual({model._meta.label for model in models}, archived)
        _delete_everything(entries(), "default")
        self.assertFalse(StatedStrength.objects.exists())
        call_command("restore", str(archive), stdout=io.StringIO(), stderr=io.StringIO())
        self.assertEqual(rows(), before)
