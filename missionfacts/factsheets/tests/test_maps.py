import json
import re

from missionfacts.factsheets import maps
from missionfacts.factsheets.charts import to_png, to_svg
from missionfacts.factsheets.geo.basemap import COUNTRIES_FILE, LAKES_FILE, base_map
from missionfacts.factsheets.maps import (
    SECTOR_COLOURS,
    Frame,
    deployment_map_spec,
    load_features,
    place_labels,
    rewind_for_d3,
    signed_area,
)
from missionfacts.factsheets.tests.test_charts import drawn_texts
from missionfacts.figures.shapes import SectorDeployment, SiteInService


def sector(key, name_fr, name_en, *sites):
    return SectorDeployment(
        key=key,
        name_fr=name_fr,
        name_en=name_en,
        sites=tuple(
            SiteInService(name=name, places=(), latitude=lat, longitude=lon) for name, lat, lon in sites
        ),
    )


# MINUSMA's sites as Geo-PKO v2.3 locates them in 2020, in five sectors.
MINUSMA = [
    sector(
        "north",
        "Nord",
        "North",
        ("Kidal", 18.44111, 1.40778),
        ("Tessalit", 20.20126, 1.01186),
        ("Aguelhok", 19.46139, 0.85889),
    ),
    sector("south", "Sud", "South", ("Bamako", 12.65, -8.0)),
    sector(
        "east",
        "Est",
        "East",
        ("Gao", 16.27167, -0.04472),
        ("Ménaka", 15.9182, 2.4022),
        ("Ansongo", 15.6597, 0.5022),
    ),
    sector(
        "west",
        "Ouest",
        "West",
        ("Tombouctou", 16.77348, -3.00742),
        ("Ber", 16.834927, -2.531944),
        ("Goundam", 16.41453, -3.67075),
    ),
    sector(
        "centre", "Centre", "Centre", ("Mopti-Sévaré", 14.52742, -4.09344), ("Douentza", 15.00155, -2.94978)
    ),
]
SITE_COUNT = 12

SQUARE_WITH_HOLE = {
    "type": "Polygon",
    "coordinates": [
        [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]],  # counter-clockwise, as RFC 7946 wants
        [[2, 2], [2, 4], [4, 4], [4, 2], [2, 2]],  # clockwise hole
    ],
}


def layer(spec: dict, name: str) -> dict:
    return next(each for each in spec["layer"] if each.get("name") == name)


def outline_area_share(svg: str, spec: dict) -> float:
    """The share of the map's frame that the host country's outline, as drawn, encloses."""
    path = re.search(rf'<path[^>]*d="([^"]+)"[^>]*stroke="{maps.BORDER_COLOUR}"', svg).group(1)
    enclosed = 0.0
    # d3-geo writes polygons as "M x,y L x,y ... Z" subpaths only.
    for subpath in path.split("M")[1:]:
        numbers = [float(number) for number in re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", subpath)]
        ring = list(zip(numbers[0::2], numbers[1::2], strict=True))
        enclosed += abs(signed_area([*ring, ring[0]])) / 2
    return enclosed / (spec["width"] * spec["height"])


def test_rewinding_turns_exteriors_clockwise_and_holes_counter_clockwise():
    rewound = rewind_for_d3(SQUARE_WITH_HOLE)

    exterior, hole = rewound["coordinates"]
    assert signed_area(exterior) < 0
    assert signed_area(hole) > 0
    assert exterior == list(reversed(SQUARE_WITH_HOLE["coordinates"][0]))


def test_rewinding_leaves_the_input_alone_and_an_already_rewound_geometry_as_it_is():
    original = json.loads(json.dumps(SQUARE_WITH_HOLE))

    once = rewind_for_d3(SQUARE_WITH_HOLE)

    assert SQUARE_WITH_HOLE == original
    assert rewind_for_d3(once) == once


def test_rewinding_handles_every_polygon_of_a_multipolygon():
    multipolygon = {"type": "MultiPolygon", "coordinates": [SQUARE_WITH_HOLE["coordinates"]] * 2}

    rewound = rewind_for_d3(multipolygon)

    assert [signed_area(polygon[0]) < 0 for polygon in rewound["coordinates"]] == [True, True]


def test_every_shipped_exterior_ring_is_clockwise_once_loaded():
    for file_name in (COUNTRIES_FILE, LAKES_FILE):
        for feature in load_features(file_name):
            geometry = feature["geometry"]
            polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
            for polygon in polygons:
                assert signed_area(polygon[0]) < 0, feature["properties"]["name"]


def test_mali_is_drawn_as_a_country_inside_the_frame():
    spec = deployment_map_spec(MINUSMA, "MLI", "en")

    # Mali's outline leaves the corners of its bounding box to Mauritania, Algeria and Niger.
    assert 0.3 < outline_area_share(to_svg(spec), spec) < 0.6


def test_without_rewinding_the_map_would_fill_its_frame(monkeypatch):
    # The check above can fail: fed RFC 7946 rings, Vega draws "everything but Mali".
    monkeypatch.setattr(maps, "rewind_for_d3", lambda geometry: geometry)
    # Built maps are kept in memory: this one must be built anew, and not kept for the other tests.
    maps.deployment_map_spec_cache_clear()
    try:
        spec = deployment_map_spec(MINUSMA, "MLI", "en")
    finally:
        maps.deployment_map_spec_cache_clear()

    assert outline_area_share(to_svg(spec), spec) > 0.8


def test_it_has_one_marker_per_site_named_by_its_sector_in_the_sheet_language():
    french = layer(deployment_map_spec(MINUSMA, "MLI", "fr"), "sites")["data"]["values"]
    english = layer(deployment_map_spec(MINUSMA, "MLI", "en"), "sites")["data"]["values"]

    assert len(french) == SITE_COUNT
    assert {(site["site"], site["sector"]) for site in french} >= {("Ménaka", "Est"), ("Kidal", "Nord")}
    assert {(site["site"], site["sector"]) for site in english} >= {("Ménaka", "East"), ("Kidal", "North")}


def test_the_legend_lists_sectors_in_the_given_order_each_in_its_own_colour():
    scale = layer(deployment_map_spec(MINUSMA, "MLI", "fr"), "sites")["encoding"]["color"]["scale"]

    assert scale["domain"] == ["Nord", "Sud", "Est", "Ouest", "Centre"]
    assert scale["range"] == SECTOR_COLOURS[:5]


def test_the_drawn_map_names_every_site_and_sector():
    texts = drawn_texts(to_svg(deployment_map_spec(MINUSMA, "MLI", "fr", "Déploiement")))

    assert {"Nord", "Sud", "Est", "Ouest", "Centre", "Déploiement"} <= set(texts)
    assert {site.name for each in MINUSMA for site in each.sites} <= set(texts)


def test_the_drawn_map_credits_natural_earth():
    texts = drawn_texts(to_svg(deployment_map_spec(MINUSMA, "MLI", "en")))

    assert "Boundaries: Natural Earth (public domain)" in texts


def test_labels_of_neighbouring_sites_do_not_overlap():
    frame = Frame.of(base_map(["MLI"]).frame, 300)
    points = [
        (*frame.project(site.longitude, site.latitude), site.name) for each in MINUSMA for site in each.sites
    ]

    sides = place_labels(points, frame)
    boxes = [maps._label_box(x, y, text, side) for (x, y, text), side in zip(points, sides, strict=True)]

    assert sides[points.index(next(p for p in points if p[2] == "Tombouctou"))] != "right"  # Ber is there
    for position, box in enumerate(boxes):
        for other in boxes[position + 1 :]:
            assert maps._overlap(box, other) == 0, (box, other)


def test_there_is_no_map_for_a_host_country_without_a_base_map():
    assert deployment_map_spec(MINUSMA, ["XXX"], "fr") is None
    assert deployment_map_spec(MINUSMA, [], "fr") is None


def test_it_gives_the_same_spec_for_the_same_deployment_and_carries_its_data_inline():
    first = deployment_map_spec(MINUSMA, "MLI", "fr", "Déploiement")
    second = deployment_map_spec(list(MINUSMA), "mli", "fr", "Déploiement")

    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)
    assert '"url"' not in json.dumps(first)


def test_it_renders_a_png():
    assert to_png(deployment_map_spec(MINUSMA, "MLI", "en"), scale=1).startswith(b"\x89PNG")
