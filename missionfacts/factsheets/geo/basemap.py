"""The base map around one or several host countries: what to draw, and the frame to draw it in.

The shipped files (see SOURCES.md beside this module) hold every country of Natural Earth's 1:10m Admin 0,
the Admin 1 boundary lines inside each, and the larger lakes, as RFC 7946 GeoJSON. This module picks the
host countries, their regions, the neighbours and lakes near them, and a frame in longitude and latitude:

- Each host is framed by its main landmass: its largest polygon, plus every other polygon of it lying no
  further from what is framed so far than half the frame's larger side (at least a degree), repeated until
  nothing is added. Far islands and territories (Easter Island for Chile, the part of Fiji or Russia past
  the antimeridian, which Natural Earth cuts at 180°) stay out of the frame; a near exclave (Oecusse for
  Timor-Leste) or an archipelago (Indonesia) comes in.
- The frame covers every host's main landmass, the sites and the headquarters, plus a margin; it is never
  smaller than MIN_SPAN degrees a side, so that a small country (Lebanon, Cyprus, Kosovo) is shown among
  its neighbours; and its shape on the page stays between the aspect ratios below.
- Neighbours are computed: every other country with land inside the frame. Everything drawn is cut to a
  band around the frame, so a map of Lebanon does not carry the whole of Russia's coastline, and vertices
  under half a pixel apart are merged, so a map of a large country does not carry detail it cannot show.
- A site or headquarters far from the hosts widens the frame to take it in: a misplaced coordinate then
  shows on the map rather than being silently left out.
"""

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

GEO_DIR = Path(__file__).resolve().parent
COUNTRIES_FILE = "countries.geojson"
REGIONS_FILE = "regions.geojson"
LAKES_FILE = "lakes.geojson"

# Natural Earth writes Kosovo "KOS"; the UN's partners and this project write "XKX".
CODE_ALIASES = {"KOS": "XKX"}

MIN_SPAN = 2.6  # degrees of longitude, the smallest frame's side (square on the page): 290 km at the equator
MARGIN_SHARE = 0.06  # of the frame's span, added on each side around what must be seen
MIN_MARGIN = 0.25  # degrees
NEAR_SHARE = 0.5  # a polygon this far from the main landmass (share of the frame's larger side) is framed too
MIN_NEAR = 1.0  # degrees
CUT_SHARE = 0.25  # drawn shapes are cut this far (share of span) outside the frame
STEPS_ACROSS = 600  # vertices closer than the frame's width / this merge: half a pixel on a 300 px map
MIN_ASPECT, MAX_ASPECT = 0.55, 1.3  # height / width on the page
MAX_LATITUDE = 84.0  # Mercator's y grows without bound towards the poles


@dataclass(frozen=True)
class Bounds:
    """A box in degrees: west, south, east, north."""

    west: float
    south: float
    east: float
    north: float

    @classmethod
    def around(cls, points: Iterable[tuple[float, float]]) -> "Bounds":
        longitudes, latitudes = zip(*points, strict=True)
        return cls(min(longitudes), min(latitudes), max(longitudes), max(latitudes))

    def union(self, other: "Bounds") -> "Bounds":
        return Bounds(min(self.west, other.west), min(self.south, other.south),
                      max(self.east, other.east), max(self.north, other.north))

    def distance(self, other: "Bounds") -> float:
        """The gap between two boxes in degrees, along whichever axis it is larger; 0 when they meet."""
        gap_x = max(other.west - self.east, self.west - other.east, 0)
        gap_y = max(other.south - self.north, self.south - other.north, 0)
        return max(gap_x, gap_y)

    def expanded(self, west: float, south: float, east: float, north: float) -> "Bounds":
        return Bounds(self.west - west, max(self.south - south, -MAX_LATITUDE),
                      self.east + east, min(self.north + north, MAX_LATITUDE))

    def contains(self, longitude: float, latitude: float) -> bool:
        return self.west <= longitude <= self.east and self.south <= latitude <= self.north

    @property
    def width(self) -> float:
        return self.east - self.west

    @property
    def height(self) -> float:
        return self.north - self.south


def mercator_y(latitude: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(latitude) / 2))


def latitude_of(mercator: float) -> float:
    return math.degrees(2 * math.atan(math.exp(mercator)) - math.pi / 2)


@cache
def shipped_features(file_name: str) -> tuple[dict, ...]:
    collection = json.loads((GEO_DIR / file_name).read_text(encoding="utf-8"))
    return tuple(collection["features"])


def normalised_code(code: str) -> str:
    code = (code or "").strip().upper()
    return CODE_ALIASES.get(code, code)


def polygons_of(geometry: dict) -> list[list]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["coordinates"])
    return []


def _planar_area(ring: list) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False))) / 2


def main_landmass(features: Sequence[dict]) -> Bounds | None:
    """The box of one country's main landmass, by the rule in the module's docstring; None when it has none."""
    parts = [
        (_planar_area(polygon[0]) * math.cos(math.radians(Bounds.around(polygon[0]).north)),
         Bounds.around(polygon[0]))
        for feature in features for polygon in polygons_of(feature["geometry"])
    ]
    if not parts:
        return None
    parts.sort(key=lambda part: -part[0])
    framed, rest = parts[0][1], [bounds for _, bounds in parts[1:]]
    added = True
    while added:
        added = False
        near = max(MIN_NEAR, NEAR_SHARE * max(framed.width, framed.height))
        for bounds in list(rest):
            if framed.distance(bounds) <= near:
                framed = framed.union(bounds)
                rest.remove(bounds)
                added = True
    return framed


def fitted_frame(landmasses: Sequence[Bounds], points: Sequence[tuple[float, float]]) -> Bounds:
    """The frame around the hosts' main landmasses and the given (longitude, latitude) points."""
    framed = landmasses[0]
    for bounds in landmasses[1:]:
        framed = framed.union(bounds)
    if points:
        framed = framed.union(Bounds.around(points))
    margin_x = max(MIN_MARGIN, MARGIN_SHARE * framed.width)
    margin_y = max(MIN_MARGIN, MARGIN_SHARE * framed.height)
    framed = framed.expanded(margin_x, margin_y, margin_x, margin_y)
    grow_x = max(MIN_SPAN - framed.width, 0) / 2
    framed = framed.expanded(grow_x, 0, grow_x, 0)
    # Heights are compared in Mercator units, as the page shows them: the smallest frame is square on the
    # page, and a flat frame is heightened, a tall one widened, about its centre.
    width = math.radians(framed.width)
    bottom, top = mercator_y(framed.south), mercator_y(framed.north)
    least = max(MIN_ASPECT * width, math.radians(MIN_SPAN))
    if top - bottom < least:
        middle = (top + bottom) / 2
        framed = Bounds(framed.west, latitude_of(middle - least / 2), framed.east, latitude_of(middle + least / 2))
    elif top - bottom > MAX_ASPECT * width:
        grow = math.degrees((top - bottom) / MAX_ASPECT - width) / 2
        framed = framed.expanded(grow, 0, grow, 0)
    return framed


def _clip_ring(ring: list, box: Bounds) -> list:
    """Sutherland-Hodgman: the part of a ring inside an axis-aligned box, still a closed ring (or empty)."""
    edges = (
        (lambda p: p[0] >= box.west, lambda a, b: _cross_x(a, b, box.west)),
        (lambda p: p[0] <= box.east, lambda a, b: _cross_x(a, b, box.east)),
        (lambda p: p[1] >= box.south, lambda a, b: _cross_y(a, b, box.south)),
        (lambda p: p[1] <= box.north, lambda a, b: _cross_y(a, b, box.north)),
    )
    points = ring[:-1]
    for inside, cross in edges:
        if not points:
            break
        kept = []
        for position, current in enumerate(points):
            previous = points[position - 1]
            if inside(current):
                if not inside(previous):
                    kept.append(cross(previous, current))
                kept.append(current)
            elif inside(previous):
                kept.append(cross(previous, current))
        points = kept
    # A concave ring that passes near a corner of the box can leave only a sliver along its edges.
    if len(points) < 3 or _planar_area([*points, points[0]]) < 1e-9:
        return []
    return [*points, points[0]]


def _cross_x(a: list, b: list, x: float) -> list:
    share = (x - a[0]) / (b[0] - a[0])
    return [x, round(a[1] + share * (b[1] - a[1]), 4)]


def _cross_y(a: list, b: list, y: float) -> list:
    share = (y - a[1]) / (b[1] - a[1])
    return [round(a[0] + share * (b[0] - a[0]), 4), y]


def thinned(points: list, step: float) -> list:
    """The points less those closer than `step` to the last one kept; the ends are always kept."""
    if step <= 0 or len(points) < 3:
        return points
    kept = [points[0]]
    for point in points[1:-1]:
        if abs(point[0] - kept[-1][0]) >= step or abs(point[1] - kept[-1][1]) >= step:
            kept.append(point)
    return [*kept, points[-1]]


def clipped(feature: dict, box: Bounds, step: float = 0) -> dict | None:
    """The feature cut to the box, or None when nothing of it is inside; vertices under `step` apart merge."""
    geometry = feature["geometry"]
    if geometry["type"] in ("LineString", "MultiLineString"):
        lines = [geometry["coordinates"]] if geometry["type"] == "LineString" else geometry["coordinates"]
        # Lines are only kept or dropped whole: region lines lie inside the host, which is in the frame.
        kept = [thinned(line, step) for line in lines if any(box.contains(lon, lat) for lon, lat in line)]
        return {**feature, "geometry": {"type": "MultiLineString", "coordinates": kept}} if kept else None
    polygons = []
    for polygon in polygons_of(geometry):
        exterior = Bounds.around(polygon[0])
        if exterior.distance(box) > 0:
            continue
        # A ring thinned below four points is under a pixel across: it is left out.
        rings = [thinned(_clip_ring(ring, box), step) for ring in polygon]
        if len(rings[0]) >= 4:
            polygons.append([rings[0], *(ring for ring in rings[1:] if len(ring) >= 4)])
    if not polygons:
        return None
    return {**feature, "geometry": {"type": "MultiPolygon", "coordinates": polygons}}


@dataclass(frozen=True)
class BaseMap:
    """What a deployment map draws beneath the sites, already cut to a band around its frame."""

    frame: Bounds
    hosts: list[dict]
    regions: list[dict]
    neighbours: list[dict]
    lakes: list[dict]


def base_map(host_countries: Sequence[str], points: Sequence[tuple[float, float]] = ()) -> BaseMap | None:
    """The base map framing the host countries (ISO alpha-3) and the points, or None when none is known."""
    codes = [normalised_code(code) for code in host_countries]
    countries = shipped_features(COUNTRIES_FILE)
    hosts = [feature for feature in countries if feature["properties"]["iso_a3"] in codes]
    landmasses = [
        bounds for code in dict.fromkeys(codes)
        if (bounds := main_landmass([f for f in hosts if f["properties"]["iso_a3"] == code])) is not None
    ]
    if not landmasses:
        return None
    frame = fitted_frame(landmasses, points)
    band = frame.expanded(*(CUT_SHARE * span for span in (frame.width, frame.height) * 2))

    # Half a pixel of the narrowest map drawn: finer detail than that only weighs on the spec.
    step = frame.width / STEPS_ACROSS

    def cut(features: Iterable[dict]) -> list[dict]:
        return [part for feature in features if (part := clipped(feature, band, step)) is not None]

    # Neighbours are wanted if they show inside the frame; cut to the band, they are drawn a little beyond it.
    neighbours = [
        feature for feature in countries
        if feature["properties"]["iso_a3"] not in codes and clipped(feature, frame) is not None
    ]
    regions = [feature for feature in shipped_features(REGIONS_FILE) if feature["properties"]["iso_a3"] in codes]
    return BaseMap(frame=frame, hosts=cut(hosts), regions=cut(regions), neighbours=cut(neighbours),
                   lakes=cut(shipped_features(LAKES_FILE)))
