"""The Vega-Lite deployment map of the fact sheet: the host countries, their regions, the sites by sector.

Base maps for every country are shipped in `geo/` (Natural Earth, public domain; see geo/SOURCES.md) and
read from the package only, never from a shared drive at run time; `geo/basemap.py` chooses what to draw
and the frame.
"""

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from django.utils import translation
from django.utils.translation import gettext, pgettext

from missionfacts.factsheets.charts import CHART_WIDTH, MUTED_COLOUR, TEXT_COLOUR, altair, sheet_config
from missionfacts.factsheets.geo.basemap import Bounds, base_map, mercator_y, normalised_code, shipped_features
from missionfacts.figures.shapes import Headquarters, SectorDeployment

if TYPE_CHECKING:
    import altair as alt

# Okabe & Ito's colour-blind-safe palette, without its yellow, which is unreadable on a light map.
SECTOR_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]

NEIGHBOUR_FILL = "#e4e4e4"
REGION_FILL = "#f4eedb"
BORDER_COLOUR = "#8c8c8c"
SEA_COLOUR = "#dbe8f1"
MARKER_AREA = 42  # px², the circle's area as Vega-Lite sizes it
HEADQUARTERS_AREA = 56  # px², the square's
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


def load_features(file_name: str) -> list[dict]:
    """The features of one shipped GeoJSON file (in `geo/`), rewound for d3-geo."""
    return _rewound(shipped_features(file_name))


def _rewound(features) -> list[dict]:
    return [{**feature, "geometry": rewind_for_d3(feature["geometry"])} for feature in features]


@dataclass(frozen=True)
class Frame:
    """A Mercator projection fitted to the base map's box, as d3's `fitExtent` fits it, and the frame's size.

    Vega fits the projection itself; this copy of the arithmetic only serves to size the frame to the
    box's shape and to place labels where they do not collide.
    """

    width: int
    height: int
    scale: float
    west: float
    north: float

    @classmethod
    def of(cls, bounds: Bounds, width: int) -> "Frame":
        span_x = math.radians(bounds.width)
        span_y = mercator_y(bounds.north) - mercator_y(bounds.south)
        return cls(width=width, height=round(width * span_y / span_x), scale=width / span_x,
                   west=bounds.west, north=bounds.north)

    def extent(self) -> list[list[int]]:
        return [[0, 0], [self.width, self.height]]

    def project(self, longitude: float, latitude: float) -> tuple[float, float]:
        x = self.scale * math.radians(longitude - self.west)
        y = self.scale * (mercator_y(self.north) - mercator_y(latitude))
        return x, y


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


def place_labels(points: list[tuple[float, float, str]], frame: Frame, reserved: Sequence[tuple] = ()) -> list[str]:
    """The side of its marker each label goes on, chosen greedily to avoid markers, labels and the edge.

    `reserved` boxes (left, top, right, bottom in px), such as the legends', are avoided too.
    """
    radius = math.sqrt(MARKER_AREA / math.pi) + 1
    obstacles = [(x - radius, y - radius, x + radius, y + radius) for x, y, _ in points] + list(reserved)
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
    sectors: Sequence[SectorDeployment],
    host_countries: Sequence[str],
    language: str,
    title: str = "",
    headquarters: Headquarters | None = None,
) -> dict | None:
    """A map of the host countries and their regions with each site as a dot coloured by sector, or None.

    `host_countries` are ISO alpha-3 codes (a space-separated string is read as such codes too); several
    hosts are framed together. The headquarters, when located, is drawn as a square with its name, even
    without sites. None when no host has a base map (an unknown code, or none at all). The legend lists the
    sectors in the order given, named in `language`. Building a map costs most of a second and a mission's
    map changes only with its sites, so a map already built is served from memory, as a fresh copy each time.
    """
    if isinstance(host_countries, str):
        host_countries = host_countries.split()
    hosts = tuple(dict.fromkeys(normalised_code(code) for code in host_countries if code and code.strip()))
    located = headquarters if headquarters is not None and headquarters.located else None
    text = _map_spec_text(tuple(sectors), hosts, language, title, located)
    return None if text is None else json.loads(text)


def deployment_map_spec_cache_clear() -> None:
    _map_spec_text.cache_clear()


@lru_cache(maxsize=32)
def _map_spec_text(
    sectors: tuple[SectorDeployment, ...],
    hosts: tuple[str, ...],
    language: str,
    title: str,
    headquarters: Headquarters | None,
) -> str | None:
    alt = altair()
    sites = [
        {"site": site.name, "sector": sector.name(language), "longitude": site.longitude, "latitude": site.latitude}
        for sector in sectors
        for site in sector.sites
        if site.longitude is not None and site.latitude is not None
    ]
    points = [(site["longitude"], site["latitude"]) for site in sites]
    if headquarters is not None:
        points.append((headquarters.longitude, headquarters.latitude))
    drawn = base_map(hosts, points)
    if drawn is None:
        return None
    frame = Frame.of(drawn.frame, CHART_WIDTH)

    with translation.override(language):
        sector_title = pgettext("map tooltip", "Sector")
        site_title = pgettext("map tooltip", "Site")
        headquarters_title = pgettext("map legend", "Headquarters")
        caption = gettext("Boundaries: Natural Earth (public domain)")

    sector_names = [sector.name(language) for sector in sectors if sector.sites]
    labelled = [{"site": headquarters.name, "longitude": headquarters.longitude,
                 "latitude": headquarters.latitude, "headquarters": True}] if headquarters else []
    # A site at the headquarters (often of the same name) is named once, by the headquarters' label.
    labelled += [site for site in sites if headquarters is None or not _same_place(site, headquarters)]
    sides = place_labels(
        [(*frame.project(each["longitude"], each["latitude"]), each["site"]) for each in labelled],
        frame,
        _legend_boxes(frame, sector_names, headquarters_title if headquarters else None),
    )
    for each, side in zip(labelled, sides, strict=True):
        each["label_side"] = side

    layers = [
        alt.Chart(alt.Data(values=_rewound(drawn.neighbours)), name="neighbours").mark_geoshape(
            fill=NEIGHBOUR_FILL, stroke="white", strokeWidth=0.8, clip=True
        ),
        alt.Chart(alt.Data(values=_rewound(drawn.hosts)), name="hosts").mark_geoshape(
            fill=REGION_FILL, stroke=None, clip=True
        ),
        alt.Chart(alt.Data(values=_rewound(drawn.lakes)), name="lakes").mark_geoshape(
            fill=SEA_COLOUR, stroke=None, clip=True
        ),
        alt.Chart(alt.Data(values=drawn.regions), name="regions").mark_geoshape(
            filled=False, fill=None, stroke="white", strokeWidth=1, clip=True
        ),
        alt.Chart(alt.Data(values=_rewound(drawn.hosts)), name="host_outline").mark_geoshape(
            fill=None, stroke=BORDER_COLOUR, strokeWidth=0.8, clip=True
        ),
    ]
    if sites:
        layers.append(_sites_layer(sites, sector_names, sector_title, site_title))
    if headquarters is not None:
        layers.append(_headquarters_layer(labelled[0], headquarters_title))
    layers += [*_label_layers(labelled), _caption_layer(caption, frame)]
    chart = alt.layer(*layers).properties(
        width=frame.width,
        height=frame.height,
        padding={"left": 0, "right": 0, "top": 4, "bottom": 4},
        # The frame is sea: land is what the countries' shapes fill, so a coast reads as a coast.
        view=alt.ViewBackground(fill=SEA_COLOUR, stroke=None),
    )
    corners = {"type": "Feature", "properties": {}, "geometry": {
        "type": "MultiPoint",
        "coordinates": [[drawn.frame.west, drawn.frame.south], [drawn.frame.east, drawn.frame.north]],
    }}
    chart = chart.project(type="mercator", fit=corners, extent=frame.extent())
    if title:
        chart = chart.properties(title=alt.Title(title))
    return json.dumps(chart.configure(**sheet_config()).to_dict(validate=False), ensure_ascii=False)


def _legend_boxes(frame: Frame, sector_names: list[str], headquarters_title: str | None) -> list[tuple]:
    # Where Vega puts the legends: 18 px in from their corner, a 4 px padding, a 9 px label beside a symbol,
    # rows 14 px apart. An estimate, like the labels', only meant to keep labels from under a legend.
    boxes = []

    def width(texts: list[str]) -> float:
        return 18 + 4 + 16 + 0.65 * 9 * max(len(text) for text in texts) + 4

    if sector_names:
        boxes.append((0, 0, width(sector_names), 18 + 8 + 14 * len(sector_names)))
    if headquarters_title:
        boxes.append((0, frame.height - 18 - 8 - 14, width([headquarters_title]), frame.height))
    return boxes


def _same_place(site: dict, headquarters: Headquarters) -> bool:
    close = 0.05  # degrees, about 5 km: the two marks would overlap on all but the smallest frames
    return site["site"] == headquarters.name or (
        abs(site["longitude"] - headquarters.longitude) < close
        and abs(site["latitude"] - headquarters.latitude) < close
    )


def _headquarters_layer(headquarters: dict, headquarters_title: str) -> "alt.Chart":
    alt = altair()
    return (
        alt.Chart(alt.Data(values=[{**headquarters, "kind": headquarters_title}]))
        .mark_point(shape="square", size=HEADQUARTERS_AREA, filled=True, opacity=1, stroke="white", strokeWidth=1)
        .encode(
            longitude="longitude:Q",
            latitude="latitude:Q",
            shape=alt.Shape(
                "kind:N",
                scale=alt.Scale(domain=[headquarters_title], range=["square"]),
                legend=alt.Legend(title=None, orient="bottom-left", symbolFillColor=TEXT_COLOUR,
                                  symbolStrokeColor="white", symbolSize=50, fillColor="white", padding=4,
                                  labelFontSize=9),
            ),
            color=alt.value(TEXT_COLOUR),
            tooltip=[alt.Tooltip("site:N", title=headquarters_title)],
        )
        .properties(name="headquarters")
    )


def _sites_layer(sites: list[dict], sector_names: list[str], sector_title: str, site_title: str) -> "alt.Chart":
    alt = altair()
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


def _label_layers(labelled: list[dict]) -> list["alt.Chart"]:
    alt = altair()
    # Vega-Lite cannot vary a text mark's alignment or weight by datum, so each side of the markers is its
    # own layer, and the headquarters' name, set bold as its square stands out from the dots, is another.
    layers = []
    for side, placement in LABEL_SIDES.items():
        for headquarters in (False, True):
            texts = [each for each in labelled if each["label_side"] == side and each.get("headquarters", False)
                     == headquarters]
            if not texts:
                continue
            name = f"headquarters_label_{side}" if headquarters else f"site_labels_{side}"
            layers.append(
                alt.Chart(alt.Data(values=texts))
                .mark_text(fontSize=LABEL_FONT_SIZE, color=TEXT_COLOUR,
                           fontWeight="bold" if headquarters else "normal", **placement)
                .encode(longitude="longitude:Q", latitude="latitude:Q", text="site:N")
                .properties(name=name)
            )
    return layers


def _caption_layer(caption: str, frame: Frame) -> "alt.Chart":
    alt = altair()
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
