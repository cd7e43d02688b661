"""Maps for host countries other than Mali: small, island, multi-host and far-flung ones.

Each map is drawn to SVG by vl-convert and measured there, as a reader would see it.
"""

import re
from datetime import date
from types import SimpleNamespace

import pytest

from missionfacts.factsheets import maps
from missionfacts.factsheets.charts import to_svg
from missionfacts.factsheets.geo import basemap
from missionfacts.factsheets.geo.basemap import COUNTRIES_FILE, MIN_SPAN, Bounds, base_map, main_landmass, thinned
from missionfacts.factsheets.render import _map
from missionfacts.factsheets.tests.test_charts import drawn_texts
from missionfacts.factsheets.tests.test_maps import MINUSMA, layer, sector, signed_area
from missionfacts.figures.shapes import Headquarters
from missionfacts.figures.values import NotAvailable

# Host countries of past and present missions, each with a headquarters (approximate coordinates, only for
# drawing) and a few of the neighbours the map must show.
HOSTS = {
    ("SSD",): (Headquarters("Juba", 4.85, 31.58), {"SDN", "ETH", "KEN", "UGA", "COD", "CAF"}),
    ("COD",): (Headquarters("Kinshasa", -4.32, 15.31), {"COG", "AGO", "CAF", "UGA", "RWA", "ZMB"}),
    ("LBN",): (Headquarters("Naqoura", 33.12, 35.14), {"SYR", "ISR"}),
    ("CYP",): (Headquarters("Nicosia", 35.17, 33.36), {"TUR"}),
    ("HTI",): (Headquarters("Port-au-Prince", 18.54, -72.34), {"DOM"}),
    ("ESH",): (Headquarters("Laayoune", 27.15, -13.2), {"MAR", "MRT", "DZA"}),
    ("CAF",): (Headquarters("Bangui", 4.36, 18.55), {"TCD", "CMR", "COD", "SSD", "SDN", "COG"}),
    ("SDN",): (Headquarters("Khartoum", 15.5, 32.56), {"EGY", "LBY", "TCD", "SSD", "ETH", "ERI"}),
    ("IND", "PAK"): (Headquarters("Srinagar", 34.08, 74.8), {"AFG", "CHN", "NPL", "BGD"}),
    ("EGY", "ISR", "JOR", "LBN", "SYR"): (Headquarters("Jerusalem", 31.77, 35.21), {"SAU", "IRQ", "TUR"}),
    ("TLS",): (Headquarters("Dili", -8.56, 125.57), {"IDN"}),
    ("XKX",): (Headquarters("Pristina", 42.67, 21.17), {"SRB", "ALB", "MKD", "MNE"}),
}


def drawn_paths(svg: str, colour: str) -> list[list[tuple[float, float]]]:
    """The rings of every SVG path stroked (or filled) in a colour, as lists of points."""
    rings = []
    for path in re.findall(rf'<path[^>]*d="([^"]+)"[^>]*(?:stroke|fill)="{colour}"', svg):
        for subpath in path.split("M")[1:]:
            numbers = [float(number) for number in re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", subpath)]
            rings.append(list(zip(numbers[0::2], numbers[1::2], strict=True)))
    return rings


def enclosed_share(ring: list[tuple[float, float]], spec: dict) -> float:
    return abs(signed_area([*ring, ring[0]])) / 2 / (spec["width"] * spec["height"])


def features(spec: dict, name: str) -> list[dict]:
    return layer(spec, name)["data"]["values"]


def codes(spec: dict, name: str) -> set[str]:
    return {feature["properties"]["iso_a3"] for feature in features(spec, name)}


@pytest.fixture(scope="module", params=list(HOSTS), ids=" ".join)
def drawn(request):
    hosts = request.param
    headquarters, _ = HOSTS[hosts]
    spec = maps.deployment_map_spec([], hosts, "en", headquarters=headquarters)
    return hosts, spec, to_svg(spec)


def test_each_host_is_drawn_whole_inside_its_frame_and_large_enough_to_read(drawn):
    hosts, spec, svg = drawn
    points = [point for ring in drawn_paths(svg, maps.BORDER_COLOUR) for point in ring]
    xs, ys = [x for x, _ in points], [y for _, y in points]

    assert min(xs) >= -1 and max(xs) <= spec["width"] + 1
    assert min(ys) >= -1 and max(ys) <= spec["height"] + 1
    # A small country still gets a frame it fills in width or height: the minimum extent is not a globe.
    assert max((max(xs) - min(xs)) / spec["width"], (max(ys) - min(ys)) / spec["height"]) > 0.3


def test_no_land_is_drawn_as_the_whole_globe_minus_the_country(drawn):
    hosts, spec, svg = drawn
    land = drawn_paths(svg, maps.BORDER_COLOUR) + drawn_paths(svg, maps.NEIGHBOUR_FILL)

    assert land
    # Shapes are cut to a band around the frame (at most 1.5 times its side); an inverted ring is the globe.
    assert max(enclosed_share(ring, spec) for ring in land) < 2.5
    assert sum(enclosed_share(ring, spec) for ring in drawn_paths(svg, maps.BORDER_COLOUR)) < 0.9


def test_the_sea_is_the_frame_and_land_is_filled(drawn):
    hosts, spec, _ = drawn

    assert spec["view"]["fill"] == maps.SEA_COLOUR
    assert layer(spec, "hosts")["mark"]["fill"] == maps.REGION_FILL
    assert layer(spec, "neighbours")["mark"]["fill"] == maps.NEIGHBOUR_FILL


def test_the_regions_of_each_host_are_drawn(drawn):
    hosts, spec, _ = drawn

    assert codes(spec, "regions") == set(hosts)


def test_neighbours_are_found_from_the_data_and_are_not_hosts(drawn):
    hosts, spec, _ = drawn

    neighbours = codes(spec, "neighbours")
    assert HOSTS[hosts][1] <= neighbours
    assert not neighbours & set(hosts)
    assert codes(spec, "hosts") == set(hosts)


def test_the_headquarters_is_marked_and_named_even_without_sites(drawn):
    hosts, spec, svg = drawn
    headquarters = HOSTS[hosts][0]

    assert features(spec, "headquarters")[0]["site"] == headquarters.name
    assert layer(spec, "headquarters")["mark"]["shape"] == "square"
    assert {headquarters.name, "Headquarters"} <= set(drawn_texts(svg))
    assert "Boundaries: Natural Earth (public domain)" in drawn_texts(svg)


def test_several_hosts_are_framed_together():
    hosts = HOSTS[("EGY", "ISR", "JOR", "LBN", "SYR")]
    frame = base_map(["EGY", "ISR", "JOR", "LBN", "SYR"]).frame

    for code in ("EGY", "ISR", "JOR", "LBN", "SYR"):
        country = main_landmass([f for f in base_map([code]).hosts if f["properties"]["iso_a3"] == code])
        assert frame.union(country) == frame, code
    assert frame.contains(hosts[0].longitude, hosts[0].latitude)


def test_a_small_country_gets_at_least_the_minimum_frame():
    frame = base_map(["LBN"]).frame

    assert frame.width >= MIN_SPAN
    assert frame.width < 2 * MIN_SPAN


def test_far_islands_and_the_antimeridian_do_not_stretch_the_frame():
    fiji, chile, timor = base_map(["FJI"]).frame, base_map(["CHL"]), base_map(["TLS"]).frame

    # Fiji lies across 180°: its main islands are framed, not the whole way round the globe.
    assert fiji.width < 10 and 170 < fiji.west < 180
    # Easter Island (109° W) is Chile's, but far out in the Pacific; the Juan Fernández Islands (80.8° W)
    # are near enough. The frame is then widened (Chile is tall) about that landmass.
    shipped = [each for each in basemap.shipped_features(COUNTRIES_FILE) if each["properties"]["iso_a3"] == "CHL"]
    assert -81 < main_landmass(shipped).west < -80
    assert not chile.frame.contains(-109.35, -27.12)
    # Oecusse, Timor-Leste's exclave 60 km west of the rest of it, is in the frame.
    assert timor.contains(124.3, -9.3)


def test_kosovo_is_found_by_either_code():
    assert codes(maps.deployment_map_spec([], ["KOS"], "en", headquarters=HOSTS[("XKX",)][0]), "hosts") == {"XKX"}


def test_an_unknown_or_missing_country_gives_no_map_even_with_a_headquarters():
    headquarters = Headquarters("Nowhere", 1.0, 1.0)

    assert maps.deployment_map_spec([], ["XXX"], "en", headquarters=headquarters) is None
    assert maps.deployment_map_spec(MINUSMA, [], "en", headquarters=headquarters) is None


def test_the_sites_extend_the_frame_and_a_site_at_the_headquarters_is_named_once():
    naqoura = sector("west", "Ouest", "West", ("Naqoura", 33.12, 35.14), ("Far away", 36.0, 38.0))
    spec = maps.deployment_map_spec([naqoura], ["LBN"], "en", headquarters=HOSTS[("LBN",)][0])

    assert base_map(["LBN"], [(38.0, 36.0)]).frame.contains(38.0, 36.0)
    assert drawn_texts(to_svg(spec)).count("Naqoura") == 1
    assert len(features(spec, "sites")) == 2


def test_the_cache_tells_apart_two_headquarters_of_one_country():
    first = maps.deployment_map_spec([], ["HTI"], "en", headquarters=Headquarters("Port-au-Prince", 18.54, -72.34))
    second = maps.deployment_map_spec([], ["HTI"], "en", headquarters=Headquarters("Cap-Haïtien", 19.76, -72.2))

    assert features(first, "headquarters")[0]["site"] != features(second, "headquarters")[0]["site"]


def sheet(host_countries, host_country="", headquarters=None):
    return SimpleNamespace(host_countries=host_countries, host_country=host_country, headquarters=headquarters,
                           deployment=NotAvailable(unit="sites"), as_of=date(2020, 7, 1))


def test_the_sheet_draws_a_map_from_its_headquarters_alone_and_falls_back_on_its_host_country():
    located = Headquarters("Juba", 4.85, 31.58)

    spec = _map(sheet((), "SSD", located), "en", with_svg=False)["map_spec"]
    assert codes(spec, "hosts") == {"SSD"}
    assert features(spec, "headquarters")[0]["site"] == "Juba"
    assert "map_image" in _map(sheet(("SSD",), "", located), "en", with_svg=True)


def test_the_sheet_still_shows_the_country_without_sites_or_a_located_headquarters():
    context = _map(sheet(("SSD",), "SSD", Headquarters("Juba")), "en", with_svg=False)

    assert codes(context["map_spec"], "hosts") == {"SSD"}
    assert "headquarters" not in {each.get("name") for each in context["map_spec"]["layer"]}
    assert "map_missing" not in context


def test_the_sheet_says_honestly_when_no_map_is_available():
    context = _map(sheet(("XXX",), "XXX", Headquarters("Somewhere", 1.0, 1.0)), "en", with_svg=True)

    assert context["map_spec"] is None and "map_image" not in context
    assert context["map_missing"] == "No map is available for XXX."
    assert "map_missing" not in _map(sheet((), ""), "en", with_svg=True)


def test_bounds_measure_the_gap_between_boxes():
    assert Bounds(0, 0, 1, 1).distance(Bounds(3, 0, 4, 1)) == 2
    assert Bounds(0, 0, 1, 1).distance(Bounds(0.5, 0.5, 2, 2)) == 0


def test_vertices_under_half_a_pixel_apart_merge_and_a_ring_stays_closed():
    ring = [[0, 0], [0.001, 0], [1, 0], [1, 1], [0.999, 1], [0, 1], [0, 0]]

    assert thinned(ring, 0.01) == [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]
    assert thinned(ring, 0) == ring
