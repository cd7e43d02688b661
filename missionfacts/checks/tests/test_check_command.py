"""`missionfacts check`, as a user types it."""

import json

import pytest

from missionfacts.checks.models import RuleSetting
from missionfacts.factsheets.tests.test_factsheet_command import run
from missionfacts.imports.reference import load_reference_data, load_shipped_fatalities
from missionfacts.missions.models import Mission


@pytest.fixture(autouse=True)
def english_locale(monkeypatch):
    """The commands speak the locale's language where no --lang is given: these tests read their English."""
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")


@pytest.fixture
def reference_data(db):
    """The data of a first use: the reference missions and the UN's fatalities shipped beside them."""
    load_reference_data()
    load_shipped_fatalities()


@pytest.mark.usefixtures("reference_data")
class TestCheckCommand:
    def test_warnings_alone_exit_0_grouped_under_their_heading(self, capsys):
        status, out, err = run(["check", "MINUSMA", "--as-of", "2020-07-01", "--lang", "en"], capsys)
        assert status == 0, err
        lines = out.splitlines()
        # Seven warnings of the mission's own records, and one of the UN's fatalities, shipped as default data,
        # which count 145 where the mission's page publishes 135.
        assert lines[0] == ("MINUSMA, sheet as of 1 July 2020, period 1 July 2013 to 30 June 2021: 0 errors, "
                            "8 warnings.")
        assert "Warnings (8)" in lines
        assert "Errors" not in out
        assert "  [stated-count-differs-from-list] On 1 July 2020, the mission states 13 sites but lists 12 in " \
               "service that day; the sheet shows 13." in lines
        assert any(line.startswith("      Stated number of sites #") and line.endswith(": stated on 1 July 2020: 13")
                   for line in lines)

    def test_the_json_lists_errors_and_warnings_with_record_ids(self, capsys):
        status, out, _ = run(["check", "MINUSMA", "--as-of", "2020-07-01", "--format", "json", "--lang", "fr"],
                             capsys)
        report = json.loads(out)
        assert status == 0
        assert report["errors"] == []
        sites = next(w for w in report["warnings"] if w["rule"] == "stated-count-differs-from-list")
        assert sites["values"] == {"stated": 13, "listed": 12, "used": 13, "used_source": "stated"}
        assert sites["records"][0]["model"] == "missions.StatedSiteCount"
        assert len(sites["records"][1]["ids"]) == 12
        assert sites["message"].startswith("Au 1er juillet 2020, la mission déclare 13 sites")

    def test_any_error_exits_1_after_listing_it_first(self, capsys):
        RuleSetting.objects.create(mission=Mission.objects.get(acronym="MINUSMA"),
                                   rule_id="stated-count-differs-from-list", severity="error")
        status, out, err = run(["check", "MINUSMA", "--as-of", "2020-07-01", "--lang", "en"], capsys)
        assert status == 1
        assert out.index("Errors (1)") < out.index("Warnings (7)")
        assert err.strip() == "missionfacts check: error: 1 error found in MINUSMA's records for 2020-07-01."

    @pytest.mark.parametrize(
        "arguments, message",
        [
            (["MINUSMA", "--as-of", "2020-02-30"], "--as-of '2020-02-30' is not a date of the form YYYY-MM-DD."),
            (["MINUSMA", "--as-of", "2012-01-01"], "2012-01-01 is before MINUSMA began (2013-07-01)."),
            (["MINUSMA", "--format", "xml"], "unknown format 'xml'; use text or json."),
            (["MINUSMA", "--lang", "de"], "unknown language 'de'; use one of: fr, en."),
        ],
    )
    def test_bad_arguments_get_one_line_and_exit_2(self, arguments, message, capsys):
        status, out, err = run(["check", *arguments], capsys)
        assert (status, out) == (2, "")
        assert err.strip() == f"missionfacts check: error: {message}"

    def test_an_unknown_mission_gets_one_line_naming_the_closest_known_ones(self, capsys):
        # The catalogue of every operation is part of the reference data: a handful of suggestions, not 70.
        status, out, err = run(["check", "MINUSAM"], capsys)
        assert (status, out) == (2, "")
        [line] = err.strip().splitlines()
        assert line.startswith("missionfacts check: error: unknown mission 'MINUSAM'. Did you mean: MINUSMA")
        assert line.endswith("?") and line.count(",") < 5
