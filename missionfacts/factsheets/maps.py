"""The Vega-Lite deployment map of the fact sheet: the host country, its regions and the sites by sector.

Base maps are shipped in `geo/<ISO alpha-3>/` (Natural Earth, public domain; see each folder's
SOURCES.md) and read from the package only, never from a shared drive at run time.
"""

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import altair as alt
from django.utils import translation
from django.utils.translation import gettext, pgettext

from missionfacts.factsheets.charts import CHART_WIDTH, MUTED_COLOUR, TEXT_COLOUR, sheet_config
from missionfacts.figures.shapes import SectorDeployment

GEO_DIR = Path(__file__).resolve().parent / "geo"


@dataclass(frozen=True)
class BaseMap:
    """The GeoJSON files, inside `geo/<ISO alpha-3>/`, that draw one host country and its surroundings."""

    country: str
    regions: str
    neighbours: str


BASE_MAPS = {
    "MLI": BaseMap(country="mali.geojson", regions="mali_regions.geojson", neighbours="neighbours.geojson"),
}

# Okabe & Ito's colour-blind-safe palette, without its yellow, which is unreadable on a light map.
SECTOR_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]

NEIGHBOUR_FILL = "#e4e4e4"
REGION_FILL = "#f4eedb"
BORDER_COLOUR = "#8c8c8c"
FRAME_MARGIN = 10  # px between the host country's outline and the map's edge
MARKER_AREA = 42  # px², the circle's area as Vega-Lite sizes it
LABEL_FONT_SIZE = 9
LABEL_GAP = 5  # px between a marker's edge and its label
CAPTION_FONT_SIZE = 7.5


def signed_area(ring: list[list[float]]) -> float:
    """Twice the planar signed area of a ring in lon/lat: positive when counter-clockwise."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False))


def _rewind_polygon(rings: list) -> list:
    # d3-geo reads a ring's inside as the area on its right, so the exterior runs clockwise and holes
    # counter-clockwise: the opposite of RFC 7946. Orienting by signed area, rather than blindly
    # reversing, leaves a file that is already in d3's order unharmed. Planar area in lon/lat is
    # enough for a country that does not cross the antimeridian.
    rewound = []
    for position, ring in enumerate(rings):
        clockwise = signed_area(ring) < 0
        wanted_clockwise = position == 0
        rewound.append(list(ring) if clockwise == wanted_clockwise else list(reversed(ring)))
    return rewound


def rewind_for_d3(geometry: dict) -> dict:
    """A copy of a GeoJSON geometry with its rings in d3-geo's order: exteriors clockwise, holes not.

    RFC 7946 files such as Natural Earth's run exteriors counter-clockwise; drawn as they are by Vega,
    each polygon becomes "the whole globe except the polygon" and fills the frame.
    """
    kind = geometry["type"]
    if kind == "Polygon":
        return {**geometry, "coordinates": _rewind_polygon(geometry["coordinates"])}
    if kind == "MultiPolygon":
        return {**geometry, "coordinates": [_rewind_polygon(polygon) for polygon in geometry["coordinates"]]}
    if kind == "GeometryCollection":
        return {**geometry, "geometries": [rewind_for_d3(part) for part in geometry["geometries"]]}
    return dict(geometry)


def load_features(host_country: str, file_name: str) -> list[dict]:
    """The features of one shipped GeoJSON file, rewound for d3-geo."""
    collection = json.loads((GEO_DIR / host_country / file_name).read_text(encoding="utf-8"))
    return [{**feature, "geometry": rewind_for_d3(feature["geometry"])} for feature in collection["features"]]


@dataclass(frozen=True)
class Frame:
    """A Mercator projection fitted to a bounding box, as d3's `fitExtent` fits it, and the frame's size.

    Vega fits the projection itself; this copy of the arithmetic only serves to size the frame to the
    country's shape and to place site labels where they do not collide.
    """

    width: int
    height: int
    scale: float
    west: float
    north: float

    @staticmethod
    def mercator_y(latitude: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(latitude) / 2))

    @classmethod
    def fitted(cls, features: list[dict], width: int) -> "Frame":
        longitudes, latitudes = [], []
        for feature in features:
            for lon, lat in _points(feature["geometry"]):
                longitudes.append(lon)
                latitudes.append(lat)
        west, east, south, north = min(longitudes), max(longitudes), min(latitudes), max(latitudes)
        span_x = math.radians(east - west)
        span_y = cls.mercator_y(north) - cls.mercator_y(south)
        inner_width = width - 2 * FRAME_MARGIN
        height = round(inner_width * span_y / span_x) + 2 * FRAME_MARGIN
        return cls(width=width, height=height, scale=inner_width / span_x, west=west, north=north)

    def extent(self) -> list[list[int]]:
        return [[FRAME_MARGIN, FRAME_MARGIN], [self.width - FRAME_MARGIN, self.height - FRAME_MARGIN]]

    def project(self, longitude: float, latitude: float) -> tuple[float, float]:
        x = FRAME_MARGIN + self.scale * math.radians(longitude - self.west)
        y = FRAME_MARGIN + self.scale * (self.mercator_y(self.north) - self.mercator_y(latitude))
        return x, y


def _points(geometry: dict):
    kind = geometry["type"]
    if kind == "Polygon":
        polygons = [geometry["coordinates"]]
    elif kind == "MultiPolygon":
        polygons = geometry["coordinates"]
    else:
        polygons = []
    for polygon in polygons:
        for ring in polygon:
            yield from ring


# A label's box relative to its marker, by side: the text's anchor offset, alignment and baseline.
LABEL_SIDES = {
    "right": {"dx": LABEL_GAP + 3, "dy": 0, "align": "left", "baseline": "middle"},
    "left": {"dx": -(LABEL_GAP + 3), "dy": 0, "align": "right", "baseline": "middle"},
    "above": {"dx": 0, "dy": -(LABEL_GAP + 2), "align": "center", "baseline": "bottom"},
    "below": {"dx": 0, "dy": LABEL_GAP + 2, "align": "center", "baseline": "top"},
}


def _label_box(x: float, y: float, text: str, side: str) -> tuple[float, float, float, float]:
    # DejaVu Sans is wide: place names average about 0.65 em a character. The estimate only has to keep
    # labels apart and inside the frame.
    width = 0.65 * LABEL_FONT_SIZE * len(text)
    height = 1.2 * LABEL_FONT_SIZE
    placement = LABEL_SIDES[side]
    anchor_x, anchor_y = x + placement["dx"], y + placement["dy"]
    left = {"left": anchor_x, "center": anchor_x - width / 2, "right": anchor_x - width}[placement["align"]]
    top = {"top": anchor_y, "middle": anchor_y - height / 2, "bottom": anchor_y - height}[
        placement["baseline"]
    ]
    return left, top, left + width, top + height


def _overlap(box: tuple, other: tuple) -> float:
    width = min(box[2], other[2]) - max(box[0], other[0])
    height = min(box[3], other[3]) - max(box[1], other[1])
    return max(width, 0) * max(height, 0)


def place_labels(points: list[tuple[float, float, str]], frame: Frame) -> list[str]:
    """The side of its marker each label goes on, chosen greedily to avoid markers, labels and the edge."""
    radius = math.sqrt(MARKER_AREA / math.pi) + 1
    obstacles = [(x - radius, y - radius, x + radius, y + radius) for x, y, _ in points]
    sides = []
    for x, y, text in points:
        best_side, best_cost = "right", math.inf
        for side in LABEL_SIDES:
            box = _label_box(x, y, text, side)
            inside = (max(box[0], 0), max(box[1], 0), min(box[2], frame.width), min(box[3], frame.height))
            outside = (box[2] - box[0]) * (box[3] - box[1]) - _overlap(box, inside)
            cost = sum(_overlap(box, obstacle) for obstacle in obstacles) + 10 * outside
            if cost < best_cost:
                best_side, best_cost = side, cost
        sides.append(best_side)
        obstacles.append(_label_box(x, y, text, best_side))
    return sides


def deployment_map_spec(
    sectors: list[SectorDeployment], host_country: str, language: str, title: str = ""
) -> dict | None:
    """A map of the host country's regions with each site as a dot coloured by sector, or None.

    None when no base map is shipped for `host_country` (ISO alpha-3). The legend lists the sectors in
    the order given, named in `language`. Building a map costs most of a second (Altair walks the base
    map's GeoJSON) and a mission's map changes only with its sites, so a map already built is served from
    memory, as a fresh copy each time.
    """
    text = _map_spec_text(tuple(sectors), host_country.upper(), language, title)
    return None if text is None else json.loads(text)


def deployment_map_spec_cache_clear() -> None:
    _map_spec_text.cache_clear()


@lru_cache(maxsize=32)
def _map_spec_text(sectors: tuple[SectorDeployment, ...], folder: str, language: str, title: str) -> str | None:
    base_map = BASE_MAPS.get(folder)
    if base_map is None:
        return None
    country = load_features(folder, base_map.country)
    regions = load_features(folder, base_map.regions)
    neighbours = load_features(folder, base_map.neighbours)
    frame = Frame.fitted(country, CHART_WIDTH)

    with translation.override(language):
        sector_title = pgettext("map tooltip", "Sector")
        site_title = pgettext("map tooltip", "Site")
        caption = gettext("Boundaries: Natural Earth (public domain)")

    sector_names = [sector.name(language) for sector in sectors]
    sites = [
        {
            "site": site.name,
            "sector": sector.name(language),
            "longitude": site.longitude,
            "latitude": site.latitude,
        }
        for sector in sectors
        for site in sector.sites
    ]
    sides = place_labels(
        [(*frame.project(site["longitude"], site["latitude"]), site["site"]) for site in sites], frame
    )
    for site, side in zip(sites, sides, strict=True):
        site["label_side"] = side

    layers = [
        alt.Chart(alt.Data(values=neighbours)).mark_geoshape(
            fill=NEIGHBOUR_FILL, stroke="white", strokeWidth=0.8, clip=True
        ),
        alt.Chart(alt.Data(values=regions)).mark_geoshape(
            fill=REGION_FILL, stroke="white", strokeWidth=1, clip=True
        ),
        alt.Chart(alt.Data(values=country)).mark_geoshape(
            fill=None, stroke=BORDER_COLOUR, strokeWidth=0.8, clip=True
        ),
        _sites_layer(sites, sector_names, sector_title, site_title),
        *_label_layers(sites),
        _caption_layer(caption, frame),
    ]
    chart = alt.layer(*layers).properties(
        width=frame.width,
        height=frame.height,
        padding={"left": 0, "right": 0, "top": 4, "bottom": 4},
        # The frame around Mali is all land, so it is filled like the neighbours: the countries the base
        # map does not draw (Ghana, Togo, Western Sahara) then read as land, not as sea.
        view=alt.ViewBackground(fill=NEIGHBOUR_FILL, stroke=None),
    )
    chart = chart.project(type="mercator", fit=country, extent=frame.extent())
    if title:
        chart = chart.properties(title=alt.Title(title))
    return json.dumps(chart.configure(**sheet_config()).to_dict(validate=False), ensure_ascii=False)


def _sites_layer(sites: list[dict], sector_names: list[str], sector_title: str, site_title: str) -> alt.Chart:
    colours = [SECTOR_COLOURS[position % len(SECTOR_COLOURS)] for position in range(len(sector_names))]
    return (
        alt.Chart(alt.Data(values=sites))
        .mark_circle(size=MARKER_AREA, opacity=1, stroke="white", strokeWidth=1)
        .encode(
            longitude="longitude:Q",
            latitude="latitude:Q",
            color=alt.Color(
                "sector:N",
                scale=alt.Scale(domain=sector_names, range=colours),
                legend=alt.Legend(
                    title=None,
                    orient="top-left",
                    symbolType="circle",
                    symbolSize=50,
                    fillColor="white",
                    padding=4,
                    labelFontSize=9,
                    rowPadding=2,
                ),
            ),
            tooltip=[alt.Tooltip("site:N", title=site_title), alt.Tooltip("sector:N", title=sector_title)],
        )
        .properties(name="sites")
    )


def _label_layers(sites: list[dict]) -> list[alt.Chart]:
    # Vega-Lite cannot vary a text mark's alignment by datum, so each side of the markers is its own layer.
    layers = []
    for side, placement in LABEL_SIDES.items():
        labelled = [site for site in sites if site["label_side"] == side]
        if not labelled:
            continue
        layers.append(
            alt.Chart(alt.Data(values=labelled))
            .mark_text(fontSize=LABEL_FONT_SIZE, color=TEXT_COLOUR, **placement)
            .encode(longitude="longitude:Q", latitude="latitude:Q", text="site:N")
            .properties(name=f"site_labels_{side}")
        )
    return layers


def _caption_layer(caption: str, frame: Frame) -> alt.Chart:
    return (
        alt.Chart(alt.Data(values=[{"caption": caption}]))
        .mark_text(
            align="right",
            baseline="bottom",
            fontSize=CAPTION_FONT_SIZE,
            color=MUTED_COLOUR,
            x=frame.width - 3,
            y=frame.height - 3,
        )
        .encode(text="caption:N")
        .properties(name="caption")
    )
