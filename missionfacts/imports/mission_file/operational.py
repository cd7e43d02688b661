"""Format 3's free key figures: the "key operational figures" a page states in its own words."""

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from missionfacts.imports.mission_file.reader import MissionFileReader
from missionfacts.missions.models import DatePrecision, KeyFigure, Mission, PeriodPrecision


def write_key_figures(reader: MissionFileReader, mission: Mission) -> None:
    for index, node, where in reader.entries("key_figures"):
        _write_one(reader, mission, index, node, where)
    reader.remove_stale(KeyFigure, mission)


def _write_one(reader: MissionFileReader, mission: Mission, index: int, node: dict, where: str) -> None:
    key = reader.required(node, "key", where)
    label_fr, label_en = reader.bilingual(node, "label", where)
    value = _value(reader, node, where)
    percent, unit_fr, unit_en = _unit(reader, node, where)
    qualifier = reader.choice(node, "qualifier", where, KeyFigure.Qualifier, default="")
    wording_fr, wording_en = reader.bilingual(node, "wording", where, required=False)
    source = reader.source_of(node, where)
    start = end = as_of = None
    period_precision, as_of_precision = PeriodPrecision.DAY, DatePrecision.DAY
    if node.get("period") is not None and node.get("as_of") is not None:
        reader.problem(node, f"{where}as_of", node.get("as_of"), _("give the period or the date it is stated as "
                       "of, not both"))
        return
    if node.get("period") is not None:
        start, end, period_precision = reader.period_with_precision(node, where)
        if start is None:
            return
    else:
        as_of, as_of_precision = reader.page_date(node, where, source)
        if as_of is None:
            return
    if not (key and (label_fr or label_en) and value is not None and qualifier is not None and source
            and percent is not None):
        return
    reader.save(
        KeyFigure, {"mission": mission, "key": str(key), "source": source},
        {"position": index, "label_fr": label_fr, "label_en": label_en, "value": value, "percent": percent,
         "unit_fr": unit_fr, "unit_en": unit_en, "qualifier": qualifier, "period_start": start, "period_end": end,
         "period_precision": period_precision, "as_of": as_of, "as_of_precision": as_of_precision,
         "wording_fr": wording_fr, "wording_en": wording_en},
        node, where,
    )


def _value(reader: MissionFileReader, node: dict, where: str) -> Decimal | None:
    """The figure's number as published: whole or decimal, not negative, at most four decimals."""
    value = node.get("value")
    if value in (None, ""):
        reader.problem(node, f"{where}value", "", _("this number is required"))
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        reader.problem(node, f"{where}value", value, _("not a number: give it as the page does, e.g. 85 or "
                       "2.5, with its qualifier and unit apart"))
        return None
    try:
        number = Decimal(str(value).replace("_", ""))
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        reader.problem(node, f"{where}value", value, _("not a number: give it as the page does, e.g. 85 or "
                       "2.5, with its qualifier (about, more_than…) and unit apart"))
        return None
    if number < 0:
        reader.problem(node, f"{where}value", value, _("cannot be negative"))
        return None
    if number != number.quantize(Decimal("0.0001")):
        reader.problem(node, f"{where}value", value, _("a key figure has at most four decimals"))
        return None
    return number


def _unit(reader: MissionFileReader, node: dict, where: str) -> tuple[bool | None, str, str]:
    """`percent`, a unit in words, or none (a count): (whether a percentage, French unit, English unit)."""
    unit = node.get("unit")
    if unit in (None, ""):
        return False, "", ""
    if unit == "percent":
        return True, "", ""
    unit_fr, unit_en = reader.bilingual(node, "unit", where)
    if not (unit_fr or unit_en):
        return None, "", ""
    if max(len(unit_fr), len(unit_en)) > 60:
        reader.problem(node, f"{where}unit", unit_fr or unit_en, _("a unit has at most 60 characters"))
        return None, "", ""
    return False, unit_fr, unit_en
