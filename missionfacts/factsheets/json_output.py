"""The fact sheet as JSON: every figure with its value, unit, date or period, and provenance."""

import dataclasses
from datetime import date
from decimal import Decimal
from enum import Enum

from django.utils import translation
from django.utils.translation import gettext

from missionfacts.factsheets import formatting
from missionfacts.figures.sheet import SheetFigures
from missionfacts.figures.un_data import UNDataDate
from missionfacts.figures.values import Figure, NotAvailable

FORMAT_VERSION = "missionfacts/sheet-1"


def _plain(value):
    """Dataclasses, tuples, dates and enums as JSON-ready values."""
    if isinstance(value, (Figure, NotAvailable)):
        return _figure(value)
    if dataclasses.is_dataclass(value):
        data = {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        if hasattr(value, "total") and not isinstance(getattr(type(value), "total", None), dataclasses.Field):
            data.setdefault("total", value.total)
        return data
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        # An amount of money as published, exactly: a string, as JSON numbers are floats to most readers.
        return str(value)
    return value


def _figure(figure: Figure | NotAvailable) -> dict:
    data = {
        "available": figure.available,
        "value": _plain(figure.value),
        "unit": figure.unit,
        "as_of": figure.as_of.isoformat() if figure.as_of else None,
        "period": _plain(figure.period) if figure.period else None,
        "provenance": [dataclasses.asdict(item) for item in figure.provenance],
    }
    if isinstance(figure, NotAvailable):
        data["reason"] = figure.reason
    elif figure.note:
        data["note"] = figure.note
    return data


def sheet_as_json(sheet: SheetFigures, language: str) -> dict:
    data = _plain(sheet)
    data["un_data"] = [{**_plain(dated), "text": _un_data_text(dated, len(sheet.un_data) > 1, language)}
                       for dated in sheet.un_data]
    return {"format": FORMAT_VERSION, "language": language, "mission_name": sheet.mission_name(language), **data}


def _un_data_text(dated: UNDataDate, several: bool, language: str) -> str:
    """"UN data as of 4 April 2025", as the sheet's footer words it (with the datasets when dates differ)."""
    with translation.override(language):
        text = gettext("UN data as of %(date)s") % {"date": formatting.long_date(dated.as_of, language)}
        return f"{text} ({dated.names})" if several else text
