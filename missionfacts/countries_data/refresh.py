"""Rewrite un_names.csv from the OCHA Countries & Territories Taxonomy shipped by hdx-python-country.

Run it when a new hdx-python-country release updates the taxonomy (see SOURCES.md):

    pip download hdx-python-country --no-deps -d /tmp/hdx && unzip -o -q /tmp/hdx/*.whl -d /tmp/hdx/whl
    python -m missionfacts.countries_data.refresh \\
        "/tmp/hdx/whl/hdx/location/Countries & Territories Taxonomy MVP - C&T Taxonomy.csv"

Only the columns the fact sheets need are kept, so the file stays small and readable in a diff.
"""

import csv
import sys
from pathlib import Path

VENDORED = Path(__file__).with_name("un_names.csv")
COLUMNS = ["alpha3", "english", "french", "in_unterm", "deprecated"]


def un_names_rows(taxonomy_path: Path) -> list[dict[str, str]]:
    """One row per territory with an alpha-3 code: the UNTERM short names, else the UN M49 names.

    UNTERM's short names ("English Short", "French Short") are the ones the UN uses in running text; the
    taxonomy fills them only for the territories UNTERM lists, so the others (Western Sahara, Kosovo,
    Puerto Rico…) take the UN Statistics Division's M49 names, which the taxonomy also carries.
    """
    rows = []
    with taxonomy_path.open(encoding="utf-8", newline="") as taxonomy:
        for record in csv.DictReader(taxonomy):
            alpha3 = record["ISO 3166-1 Alpha 3-Codes"].strip() or record["x Alpha3 codes"].strip()
            if not alpha3:
                continue
            in_unterm = record["Appears in UNTERM list"].strip() == "Y"
            if in_unterm:
                english, french = record["English Short"], record["French Short"]
            else:
                english = record["M49 English"] or record["English Short"]
                french = record["M49 French"] or record["French Short"]
            rows.append({
                "alpha3": alpha3,
                "english": english.strip(),
                "french": french.strip(),
                "in_unterm": "Y" if in_unterm else "N",
                "deprecated": "Y" if record["Deprecated"].strip() == "Y" else "N",
            })
    return sorted(rows, key=lambda row: row["alpha3"])


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m missionfacts.countries_data.refresh PATH-TO-TAXONOMY.csv", file=sys.stderr)
        return 2
    rows = un_names_rows(Path(argv[0]))
    with VENDORED.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{VENDORED}: {len(rows)} territories")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
