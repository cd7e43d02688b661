"""Every operation of the catalogue has a sheet once the UN's real fatalities are imported, as a new user gets it.

The UN's file records deaths under every operation since 1948, some dated in the month an operation ended,
some after it (a death recorded late, a liquidation). A sheet at the middle of an operation's life must still
render without --draft: a record outside the operation's life is a warning about that record, and an end known
only to the month ("March 2018") holds the whole month.
"""

from datetime import date

import pytest
from django.test import TestCase

from missionfacts.checks.engine import run_checks
from missionfacts.factsheets.render import render_html
from missionfacts.factsheets.tests.sheet_text import html_text
from missionfacts.factsheets.tests.test_factsheet_command import run
from missionfacts.figures.sheet import compute_sheet
from missionfacts.imports.reference import SHIPPED_FATALITIES, load_reference_data
from missionfacts.imports.un_fatalities import import_un_fatalities
from missionfacts.missions.catalogue import read_catalogue
from missionfacts.missions.models import Mission


def middle_of_life(mission: Mission) -> date:
    end = mission.ended_on or date.today()
    return mission.started_on + (end - mission.started_on) / 2


class EveryOperationAfterTheUnFatalitiesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_reference_data()
        result = import_un_fatalities(SHIPPED_FATALITIES)
        assert result.ok, result.problems[:3]
        operations, _problems = read_catalogue()
        cls.operations = list(Mission.objects.filter(acronym__in=[operation.acronym for operation in operations]))
        cls.sheets = {mission.acronym: compute_sheet(mission, middle_of_life(mission)) for mission in cls.operations}

    def test_the_sheet_of_every_operation_at_the_middle_of_its_life_has_no_error(self):
        self.assertGreaterEqual(len(self.operations), 70)
        for mission in self.operations:
            sheet = self.sheets[mission.acronym]
            with self.subTest(mission=mission.acronym, as_of=sheet.as_of.isoformat()):
                report = run_checks(mission, sheet.as_of, sheet.period, sheet=sheet)
                self.assertEqual([finding.message.render("en") for finding in report.errors], [])

    def test_the_sheet_of_every_operation_renders_with_its_name(self):
        for mission in self.operations:
            with self.subTest(mission=mission.acronym):
                text = html_text(render_html(self.sheets[mission.acronym], "en"))
                self.assertIn(mission.name("en"), text)

    def test_unefs_sheet_of_1960_is_not_about_records_of_1979(self):
        unef = Mission.objects.get(acronym="UNEF")
        report = run_checks(unef, date(1960, 1, 1))
        self.assertEqual(report.errors, [])
        self.assertNotIn("record-outside-mission-life:casualties.Fatality:after-end", report.keys)

    def test_a_death_in_the_month_an_operation_ended_counts_inside_its_life(self):
        # UNEF I ended in June 1967, a month the Data Hub gives and the catalogue keeps as a month.
        unef = Mission.objects.get(acronym="UNEF I")
        self.assertEqual((unef.ended_on, unef.ended_on_precision), (date(1967, 6, 30), "month"))
        self.assertTrue(unef.was_active_on(date(1967, 6, 4)))


@pytest.mark.django_db
def test_the_1960_sheet_of_unef_is_written_without_draft_after_the_un_fatalities(tmp_path, capsys):
    # As the issue reported it: the UN's file holds UNEF deaths of 1979, which once refused this sheet.
    load_reference_data()
    assert import_un_fatalities(SHIPPED_FATALITIES).ok
    status, out, err = run(["factsheet", "UNEF", "--as-of", "1960-01-01", "--lang", "en", "--format", "html",
                            "--output", str(tmp_path / "unef")], capsys)
    assert status == 0, err
    assert "record-outside-mission-life" not in out + err
    assert (tmp_path / "unef.html").exists()
