"""Write the responses the fetch tests replay (see README.md in this folder for what is real and what is not).

    python missionfacts/opendata/tests/responses/build.py /path/to/DPPADPOSS-FATALITIES.csv

Run by hand when the responses need to change, never by the tests: it reads the real fatalities export
from wherever it was obtained and writes everything into this folder, with `exchanges.json` listing which
request gets which answer.
"""

import csv
import io
import json
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pycountry

HERE = Path(__file__).resolve().parent
PER_PAGE = 200
FATALITY_MISSIONS = {"MINUSMA", "UNMISS", "MONUSCO", "UNIFIL"}
CONTRIBUTION_HEADER = ["contributing_country", "contribution_id", "female_personnel", "isocode3",
                       "last_reporting_date", "m49_code", "male_personnel", "mission_acronym", "personnel_type"]
DATES = (date(2020, 4, 30), date(2020, 5, 31), date(2020, 6, 30))

# CONSTRUCTED, NOT REAL: the contributing countries of each mission and an invented size for each, from which
# every number is derived. MINUSMA has 14 military and 12 police contributors, so that its top 10 means something.
MILITARY = {
    "MINUSMA": {"TCD": 1400, "BGD": 1300, "EGY": 1200, "SEN": 1100, "TGO": 1000, "BFA": 900, "NER": 850,
                "GIN": 800, "CHN": 400, "DEU": 350, "CIV": 300, "NPL": 160, "SWE": 150, "GBR": 140},
    "UNMISS": {"IND": 2300, "RWA": 2100, "NPL": 1700, "CHN": 1000, "ETH": 900, "KOR": 280, "MNG": 860},
    "MONUSCO": {"IND": 1900, "PAK": 1800, "BGD": 1600, "ZAF": 1100, "URY": 900, "TZA": 850},
    "UNIFIL": {"IDN": 1200, "IND": 850, "ITA": 1000, "GHA": 870, "FRA": 650, "ESP": 620, "MYS": 830},
    "MINUSCA": {"RWA": 1500, "PAK": 1200, "BGD": 1300, "EGY": 1000, "ZMB": 930, "MAR": 750},
}
POLICE = {
    "MINUSMA": {"SEN": 330, "TGO": 300, "BGD": 290, "EGY": 270, "NER": 250, "BEN": 200, "BFA": 180, "CMR": 160,
                "GIN": 140, "CIV": 120, "FRA": 40, "TUN": 30},
    "UNMISS": {"GHA": 280, "NPL": 250, "IND": 160, "RWA": 240},
    "MONUSCO": {"SEN": 300, "EGY": 270, "IND": 140, "BGD": 180},
    "UNIFIL": {},
    "MINUSCA": {"RWA": 480, "CMR": 320, "SEN": 300, "EGY": 200, "MRT": 310},
}


def contribution_rows() -> list[dict]:
    """The constructed contributions, one row per mission, date, country and personnel type."""
    rows = []
    for day_number, day in enumerate(DATES):
        for mission in MILITARY:
            for country, size in MILITARY[mission].items():
                # Troops, then staff officers and experts as a small, size-dependent share; numbers move a
                # little from month to month.
                total = size + 7 * day_number + len(country)
                parts = {"Troops": total - size // 20 - size // 100, "Staff Officer": size // 20,
                         "Experts on Mission": size // 100}
                rows.extend(_rows(mission, day, country, parts))
            for country, size in POLICE[mission].items():
                total = size + 3 * day_number
                parts = {"Formed Police Units": total - total // 10 if size >= 150 else 0,
                         "Individual Police": total // 10 if size >= 150 else total}
                rows.extend(_rows(mission, day, country, parts))
    for number, row in enumerate(rows, start=1):
        row["contribution_id"] = str(100000 + number)
    return rows


def _rows(mission: str, day: date, code: str, parts: dict[str, int]) -> list[dict]:
    country = pycountry.countries.get(alpha_3=code)
    rows = []
    for personnel_type, total in parts.items():
        if total <= 0:
            continue
        women = total * (3 + len(code) + ord(code[0]) % 7) // 100
        rows.append({"contributing_country": getattr(country, "common_name", None) or country.name,
                     "contribution_id": "", "female_personnel": str(women) if women else "", "isocode3": code,
                     "last_reporting_date": day.isoformat(), "m49_code": str(int(country.numeric)),
                     "male_personnel": str(total - women), "mission_acronym": mission,
                     "personnel_type": personnel_type})
    return rows


def csv_text(header: list[str], rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def epoch_milliseconds(text: str) -> int | None:
    if not text:
        return None
    day = date.fromisoformat(text)
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp() * 1000)


def as_record(row: dict, date_columns: set[str], number_columns: set[str], float_columns: set[str]) -> dict:
    """A CSV row as the JSON API gives it: dates as epoch milliseconds, numbers as numbers, empty as null."""
    record = {}
    for name, value in row.items():
        if name in date_columns:
            record[name] = epoch_milliseconds(value)
        elif name in number_columns:
            record[name] = int(value) if value else None
        elif name in float_columns:
            record[name] = float(value) if value else None
        else:
            record[name] = value if value != "" else None
    return record


def pages(records: list[dict]) -> list[list[dict]]:
    chunks = [records[start:start + PER_PAGE] for start in range(0, len(records), PER_PAGE)]
    if len(records) % PER_PAGE == 0:
        chunks.append([])  # the page that tells the end
    return chunks


def main(fatalities_csv: str) -> None:
    exchanges = []

    def answer(path: str, body_file: str, content_type: str, query: dict | None = None, ranges: bool = False):
        headers = {"content-type": content_type}
        if ranges:
            headers["accept-ranges"] = "bytes"
        exchanges.append({"method": "GET", "path": path, "query": query or {}, "status": 200, "headers": headers,
                          "body": body_file})

    raw = Path(fatalities_csv).read_bytes()
    lines = raw.splitlines(keepends=True)
    header = next(csv.reader([lines[0].decode("utf-8")]))
    mission_at = header.index("mission_acronym")
    kept = [line for line in lines[1:] if next(csv.reader([line.decode("utf-8")]))[mission_at] in FATALITY_MISSIONS]
    (HERE / "DPPADPOSS-FATALITIES.csv").write_bytes(lines[0] + b"".join(kept))
    answer("/public/data/DPPADPOSS-FATALITIES/CSV", "DPPADPOSS-FATALITIES.csv", "text/csv", ranges=True)
    fatality_rows = list(csv.DictReader(io.StringIO((lines[0] + b"".join(kept)).decode("utf-8"))))
    fatality_records = [as_record(row, {"incident_date", "last_update"}, {"id"}, {"m49_code"}) for row in fatality_rows]

    contributions = contribution_rows()
    (HERE / "DPO-UCHISTORICAL.csv").write_text(csv_text(CONTRIBUTION_HEADER, contributions), encoding="utf-8")
    answer("/public/data/DPO-UCHISTORICAL/CSV", "DPO-UCHISTORICAL.csv", "text/csv", ranges=True)
    contribution_records = [as_record(row, {"last_reporting_date"}, {"contribution_id", "female_personnel",
                                                                       "male_personnel", "m49_code"}, set())
                            for row in contributions]

    for dataset, records in (("DPPADPOSS-FATALITIES", fatality_records), ("DPO-UCHISTORICAL", contribution_records)):
        for number, page in enumerate(pages(records), start=1):
            name = f"{dataset}.json.page-{number}.json"
            (HERE / name).write_text(json.dumps(page, ensure_ascii=False), encoding="utf-8")
            answer(f"/public/data/{dataset}/json", name, "application/json",
                   query={"page_num": str(number), "per_page": str(PER_PAGE)})
    # The mission dataset is the real export as kept in this folder (see README.md); it is only listed here.
    answer("/public/data/DPPADPOSS-PKO/CSV", "DPPADPOSS-PKO.csv", "text/csv", ranges=True)
    (HERE / "exchanges.json").write_text(json.dumps(exchanges, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1])
