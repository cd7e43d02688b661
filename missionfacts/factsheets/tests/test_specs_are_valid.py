"""Specs are built without Altair's schema checks (for speed), so they are checked here against Vega-Lite's
JSON schema."""

import json
from functools import cache
from importlib.resources import files

import jsonschema

from missionfacts.factsheets.charts import contributors_spec
from missionfacts.factsheets.maps import deployment_map_spec
from missionfacts.figures.shapes import ContributorRank, SectorDeployment, SiteInService


@cache
def vega_lite_schema() -> dict:
    return json.loads(files("altair.vegalite.v6.schema").joinpath("vega-lite-schema.json").read_text())


def assert_valid(spec: dict) -> None:
    jsonschema.validate(json.loads(json.dumps(spec)), vega_lite_schema())


def test_the_contributors_chart_is_valid_vega_lite():
    ranks = [ContributorRank(1, "TCD", 1400, 20), ContributorRank(2, "BGD", 1300, 0)]
    assert_valid(contributors_spec(ranks, "fr", "Militaires"))


def test_the_deployment_map_is_valid_vega_lite():
    sectors = [SectorDeployment("nord", "Secteur Nord", "Sector North",
                                (SiteInService("Kidal", (), 18.44, 1.41),))]
    assert_valid(deployment_map_spec(sectors, "MLI", "fr"))


def test_an_invalid_spec_is_caught():
    import pytest

    with pytest.raises(jsonschema.ValidationError):
        assert_valid({"mark": "no-such-mark", "data": {"values": []}})
