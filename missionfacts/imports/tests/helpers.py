"""What the import tests share: writing small files, and the database's content to compare before and after."""

import csv
import io
from pathlib import Path

import pytest
from django.utils import translation

from missionfacts.casualties.models import Fatality
from missionfacts.imports.models import ImportBatch, Source
from missionfacts.missions.models import Mission
from missionfacts.personnel.models import Strength

DATA = Path(__file__).parent / "data"
UN_HEADER = ["contributing_country", "contribution_id", "female_personnel", "isocode3", "last_reporting_date",
             "m49_code", "male_personnel", "mission_acronym", "personnel_type"]


def contributions_file(path: Path, rows: list[dict], header: list[str] = UN_HEADER, *, delimiter: str = ",",
                       encoding: str = "utf-8") -> Path:
    """A contributions file in the UN's format; each row gives only what differs from a valid default row."""
    default = {"contributing_country": "Chad", "contribution_id": "1", "female_personnel": "12", "isocode3": "TCD",
               "last_reporting_date": "2020-11-30", "m49_code": "148", "male_personnel": "1390",
               "mission_acronym": "MINUSMA", "personnel_type": "Troops"}
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        values = {**default, **row}
        writer.writerow([values.get(name, "") for name in header])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def database_content() -> dict:
    """Every row of every table an import may touch, to show that a rejected import left no trace."""
    return {
        model.__name__: sorted(model.objects.values_list(), key=repr)
        for model in (Strength, Fatality, Mission, ImportBatch, Source)
    }


def find_real_fatalities_file() -> Path:
    """The UN's published fatalities file, in shared/data/un beside the project (walking up from here)."""
    for folder in Path(__file__).resolve().parents:
        candidate = folder / "shared" / "data" / "un" / "DPPADPOSS-FATALITIES.csv"
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(
        "shared/data/un/DPPADPOSS-FATALITIES.csv was not found in any folder above "
        f"{Path(__file__).resolve().parent}: the real UN fatalities file must be beside the project."
    )


@pytest.fixture(autouse=True)
def in_english():
    """The rules' messages are translated; these tests read them in English. Import it into a test module."""
    with translation.override("en"):
        yield
