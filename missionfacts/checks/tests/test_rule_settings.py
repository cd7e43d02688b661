"""A mission sets how the rules apply to it in its mission file's `checks:` section."""

import tempfile
from datetime import date
from pathlib import Path

from django.test import TestCase
from django.utils import translation

from missionfacts.checks.engine import run_checks
from missionfacts.checks.models import RuleSetting
from missionfacts.imports.mission_file import import_mission_file
from missionfacts.imports.reference import reference_files
from missionfacts.missions.models import Mission

REFERENCE = next(path for path in reference_files() if path.name == "minusma.yaml")
CHECKS = """
checks:
  section-without-data: {enabled: false}
  strength-jump: {threshold: 0.4, max_gap_days: 40}
  stated-count-differs-from-list: {severity: error}
"""


class RuleSettingsFromTheMissionFileTests(TestCase):
    def write(self, extra: str) -> Path:
        path = Path(tempfile.mkdtemp()) / "minusma.yaml"
        path.write_text(REFERENCE.read_text(encoding="utf-8") + extra, encoding="utf-8")
        return path

    def report(self):
        return run_checks(Mission.objects.get(acronym="MINUSMA"), date(2020, 7, 1))

    def test_a_mission_switches_rules_off_sets_thresholds_and_severities(self):
        result = import_mission_file(self.write(CHECKS))
        self.assertTrue(result.ok, result.problems)
        jump = RuleSetting.objects.get(rule_id="strength-jump")
        self.assertEqual(jump.parameters, {"threshold": 0.4, "max_gap_days": 40})
        self.assertEqual(jump.import_batch_id, result.batch_id)
        report = self.report()
        self.assertEqual(report.switched_off, ["section-without-data"])
        self.assertFalse(any(f.rule == "section-without-data" for f in report.findings))
        self.assertEqual([f.key for f in report.errors], ["stated-count-differs-from-list:2020-07-01"])

    def test_settings_the_file_no_longer_has_are_removed(self):
        import_mission_file(self.write(CHECKS))
        result = import_mission_file(self.write("checks:\n  strength-jump: {threshold: 0.3}\n"))
        self.assertTrue(result.ok, result.problems)
        self.assertEqual(list(RuleSetting.objects.values_list("rule_id", "parameters")),
                         [("strength-jump", {"threshold": 0.3})])
        import_mission_file(REFERENCE)
        self.assertFalse(RuleSetting.objects.exists())
        self.assertEqual(self.report().switched_off, [])

    def test_an_unknown_rule_or_parameter_is_a_problem_on_its_line_and_nothing_is_written(self):
        text = "checks:\n  strength-jumps: {threshold: 0.4}\n  strength-jump: {treshold: 0.4}\n" \
               "  negative-value: {enabled: maybe}\n"
        with translation.override("en"):
            result = import_mission_file(self.write(text))
        problems = {(p.column, p.reason) for p in result.problems}
        self.assertEqual(len(problems), 3, problems)
        self.assertIn(("checks.strength-jumps.rule_id", "Unknown rule strength-jumps; the rules are: "
                       "period-after-sheet-date, record-outside-mission-life, stated-count-differs-from-list, "
                       "record-outside-site-validity, section-without-data, period-differs-from-heading, "
                       "sources-disagree, strength-above-ceiling, "
                       "strength-jump, parts-do-not-add-up, women-above-total, negative-value, budget-periods-overlap, "
                       "expenditure-above-appropriation, leadership-terms-overlap, stated-total-does-not-add-up, "
                       "component-does-not-add-up, fatalities-do-not-add-up, strength-before-authorisation, "
                       "ceiling-categories-differ, fatalities-of-absent-personnel, money-total-mixes-kinds, "
                       "published-versions-disagree, key-figure-period."), problems)
        self.assertIn(("checks.strength-jump.parameters", "Unknown parameter treshold for the rule strength-jump; its "
                       "parameters: threshold, max_gap_days."), problems)
        self.assertIn(("checks.negative-value.enabled", "must be true or false"), problems)
        lines = self.write(text).read_text(encoding="utf-8").splitlines()
        self.assertIn("strength-jumps", lines[min(p.row for p in result.problems) - 1])
        self.assertFalse(Mission.objects.exists())

    def test_a_threshold_out_of_range_is_refused(self):
        with translation.override("en"):
            result = import_mission_file(self.write("checks:\n  strength-jump: {threshold: -1}\n"))
        [problem] = result.problems
        self.assertEqual(problem.reason, "threshold must be a number from 0.01 to 10, not -1.")
