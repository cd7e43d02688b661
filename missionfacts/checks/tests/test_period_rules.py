"""Key figures of other periods than their heading's, and MINUSMA's losses read alike by sheet, JSON and check."""

from datetime import date
from pathlib import Path

from django.test import TestCase
from django.utils import translation

from missionfacts.activities.models import Patrol, PatrolCount
from missionfacts.casualties.models import FatalityCount
from missionfacts.checks.engine import run_checks
from missionfacts.checks.tests.base import RuleTestCase
from missionfacts.factsheets.json_output import sheet_as_json
from missionfacts.factsheets.render import render_html
from missionfacts.factsheets.tests.sheet_text import html_text
from missionfacts.figures.sheet import compute_sheet
from missionfacts.figures.values import Period
from missionfacts.imports.reference import load_reference_data
from missionfacts.imports.un_fatalities import import_un_fatalities
from missionfacts.missions.models import Mission

RULE = "period-differs-from-heading"
MANDATE = Period(date(2019, 7, 1), date(2021, 6, 30))
UN_FATALITIES = Path(__file__).resolve().parents[2] / "casualties" / "reference" / "DPPADPOSS-FATALITIES.csv"


class PeriodDiffersFromHeadingTests(RuleTestCase):
    def count(self, model, start, end, value, **fields):
        return model.objects.create(mission=self.mission, period_start=start, period_end=end, count=value,
                                    source=self.source, **fields)

    def test_a_count_of_one_fiscal_year_among_figures_of_two_is_named(self):
        self.count(PatrolCount, MANDATE.start, MANDATE.end, 900, component="military")
        self.count(PatrolCount, MANDATE.start, MANDATE.end, 300, component="police")
        self.count(FatalityCount, date(2019, 7, 1), date(2020, 6, 30), 4, incident_type="malicious_act")
        finding = self.only(RULE, period=MANDATE)
        self.assertEqual(finding.key, f"{RULE}:fatalities_in_attacks:2019-07-01:2020-06-30")
        self.assertEqual(finding.message.render("en"),
                         "Personnel killed in attacks: 4 covers 1 July 2019 to 30 June 2020, not the period its "
                         "heading states (1 July 2019 to 30 June 2021); the sheet prints it with its own period.")

    def test_a_month_of_records_beside_counts_of_the_mandate_is_named(self):
        self.count(PatrolCount, MANDATE.start, MANDATE.end, 300, component="police")
        self.count(FatalityCount, MANDATE.start, MANDATE.end, 4, incident_type="malicious_act")
        Patrol.objects.create(mission=self.mission, patrolled_on=date(2020, 6, 9), component="military",
                              source=self.source)
        finding = self.only(RULE, period=MANDATE)
        self.assertEqual(finding.values, {"value": 1, "period": {"start": "2020-06-01", "end": "2020-06-30"},
                                          "heading": {"start": "2019-07-01", "end": "2021-06-30"}})

    def test_figures_all_of_one_period_are_not_reported(self):
        self.count(PatrolCount, MANDATE.start, MANDATE.end, 900, component="military")
        self.count(FatalityCount, MANDATE.start, MANDATE.end, 4, incident_type="malicious_act")
        self.assertEqual(self.keys(RULE, period=MANDATE), [])


class MinusmaLossesAfterTheUnFileTests(TestCase):
    """MINUSMA's file states 135 killed in attacks from July 2013 to June 2021; the UN's file lists its losses."""

    @classmethod
    def setUpTestData(cls):
        load_reference_data()
        result = import_un_fatalities(UN_FATALITIES)
        assert result.ok, result.problems
        cls.minusma = Mission.objects.get(acronym="MINUSMA")
        cls.sheet = compute_sheet(cls.minusma, date(2020, 7, 1))

    def test_the_sheet_the_json_and_the_check_give_one_number_for_one_period(self):
        figure = self.sheet.fatalities_in_attacks
        self.assertEqual((figure.value, figure.period), (135, Period(date(2013, 7, 1), date(2021, 6, 30))))
        with translation.override("en"):
            text = html_text(render_html(self.sheet, "en"))
        self.assertIn("1 July 2013 to 30 June 2021:", text)
        self.assertIn("135 members of MINUSMA personnel have been killed in attacks since July 2013.", text)
        as_json = sheet_as_json(self.sheet, "en")["fatalities_in_attacks"]
        self.assertEqual((as_json["value"], as_json["period"]), (135, {"start": "2013-07-01", "end": "2021-06-30"}))
        report = run_checks(self.minusma, date(2020, 7, 1), sheet=self.sheet)
        [finding] = [found for found in report.findings
                     if found.key.startswith("sources-disagree:fatalities:malicious_act:all")]
        message = finding.message.render("en")
        self.assertIn("1 July 2013 to 30 June 2021: the published count is 135", message)
        self.assertIn("the sheet uses the published count", message)
        self.assertEqual((finding.values["published"], finding.values["used"]), (135, "count"))
