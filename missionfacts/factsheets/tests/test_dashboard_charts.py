"""The dashboards' charts: valid Vega-Lite, data inline and nothing else, tables of exactly the charts' data."""

import json
from datetime import date

from missionfacts.factsheets import dashboard_charts
from missionfacts.factsheets.tests.test_specs_are_valid import assert_valid
from missionfacts.figures.dashboards import (
    ContributorsAt,
    CountryContribution,
    FatalitiesInYear,
    PatrolMonth,
    StrengthPoint,
    TrainingBySex,
    WomenShare,
)
from missionfacts.figures.values import Period

NNBSP = "\u202f"


def all_charts(language: str) -> list[dashboard_charts.DashboardChart]:
    return [
        dashboard_charts.strength_chart((StrengthPoint(date(2020, 6, 29), "military", None, 13289),
                                         StrengthPoint(date(2020, 7, 1), "military", 12873, 13289)), language),
        dashboard_charts.contributors_chart(ContributorsAt(date(2020, 6, 30), (date(2020, 6, 30),), (
            CountryContribution(1, "TCD", 1425, 0, 35), CountryContribution(2, "SEN", 940, 320, 80))), language),
        dashboard_charts.women_chart((WomenShare(date(2020, 6, 30), "troops", 35, 1425),
                                      WomenShare(date(2020, 6, 30), "individual_police", 0, 0)), language),
        dashboard_charts.patrols_chart((PatrolMonth(date(2020, 1, 1), "military", "nord", "Secteur Nord",
                                                    "Sector North", 12),
                                        PatrolMonth(date(2020, 1, 1), "police", "", "", "", 3, from_counts=True)),
                                       language),
        dashboard_charts.trainings_chart((TrainingBySex("unpol", "formations UNPOL", "UNPOL trainings",
                                                        "participations", Period(date(2020, 1, 1), date(2020, 12, 31)),
                                                        4, 5, 7, 1),), language),
        dashboard_charts.fatalities_chart((FatalitiesInYear(2019, "malicious_act", 2),
                                           FatalitiesInYear(2018, "", 7, from_counts=True)), language),
    ]


def inline_data(spec: dict) -> list[dict]:
    """Every row of data the spec holds (Altair moves inline values into top-level `datasets`)."""
    rows = [row for values in spec.get("datasets", {}).values() for row in values]
    data = spec.get("data", {})
    return rows + list(data.get("values", []))


def test_every_chart_is_valid_vega_lite_in_both_languages():
    for language in ("fr", "en"):
        for chart in all_charts(language):
            assert chart.spec is not None, chart.key
            assert_valid(chart.spec)


def test_a_spec_holds_its_data_inline_and_names_no_address():
    for chart in all_charts("fr"):
        text = json.dumps(chart.spec)
        assert '"url"' not in text, chart.key
        assert "http" not in text.replace("https://vega.github.io/schema/", ""), chart.key


def test_the_table_and_the_csv_hold_exactly_the_rows_the_chart_draws():
    for chart in all_charts("en"):
        assert inline_data(chart.spec) == list(chart.rows), chart.key
        fields = [column.field for column in chart.columns]
        csv_rows = chart.csv_rows()
        assert csv_rows[0] == [column.label for column in chart.columns]
        assert csv_rows[1:] == [["" if row[name] is None else row[name] for name in fields] for row in chart.rows]
        assert len(chart.table("en")) == len(chart.rows)


def test_the_french_charts_are_worded_and_numbered_in_french():
    strength, contributors, women, *_ = all_charts("fr")
    assert contributors.table("fr")[0] == ["1", "Tchad", f"1{NNBSP}425", "0", "35", f"1{NNBSP}425"]
    assert strength.table("fr")[1][0] == "1er juillet 2020"
    assert women.table("fr")[0][-1] == "2,5\u00a0%"
    locale = strength.spec["config"]["locale"]
    assert (locale["number"]["decimal"], locale["number"]["thousands"]) == (",", NNBSP)
    assert locale["time"]["months"][6] == "juillet"
    assert locale["time"]["days"][0] == "dimanche"


def test_a_share_of_nobody_is_not_a_zero():
    women = all_charts("en")[2]
    assert women.rows[1]["share"] is None
    assert women.table("en")[1][-1] == "—"


def test_a_chart_without_data_has_no_spec_but_says_why():
    chart = dashboard_charts.patrols_chart((), "en")
    assert chart.spec is None and chart.rows == ()
    assert chart.empty_message == "No patrol is recorded month by month for this mission."
