"""Reading a parsed mission file's values: every helper records a problem with line, field path and value
instead of raising, so that one pass reports everything wrong with the file."""

import calendar
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import models
from django.utils.translation import gettext as _

from missionfacts.imports.batch import RowWriter
from missionfacts.imports.models import Source
from missionfacts.imports.problems import ImportResult, Problem
from missionfacts.imports.yaml_lines import LineDict
from missionfacts.missions.models import DatePrecision, PeriodPrecision

KIND = "mission"
FORMAT_1 = "missionfacts/mission-1"
FORMAT_2 = "missionfacts/mission-2"
FORMAT_3 = "missionfacts/mission-3"
LANGUAGES = ("fr", "en")
# How coarse each precision is, to show a period whose bounds were given differently at the coarser one.


class MissionFileReader:
    """Walks a parsed mission file and writes its records, collecting problems instead of stopping."""

    def __init__(self, path: Path, data: LineDict, result: ImportResult):
        self.path = path
        self.data = data
        self.result = result
        self.format = data.get("format")
        # The language of a one-language page (format 2 and later): its texts may then be given in it alone.
        self.language = data.get("language") if self.format in (FORMAT_2, FORMAT_3) else None
        self.sources: dict[str, Source] = {}
        self.writer: RowWriter | None = None
        self.written: dict[tuple, int | None] = {}

    @property
    def is_format_2(self) -> bool:
        """Whether the file has everything of format 2: format 3 is format 2 with additions."""
        return self.format in (FORMAT_2, FORMAT_3)

    @property
    def is_format_3(self) -> bool:
        return self.format == FORMAT_3

    def needs_format_3(self, node, name: str, where: str) -> bool:
        """Whether a format-3 field is given in an older file: a problem saying which format it needs."""
        if self.is_format_3 or not isinstance(node, dict) or node.get(name) is None:
            return False
        self.problem(node, f"{where}{name}", "", _("this field needs the format {format}").format(format=FORMAT_3))
        return True

    # Problems --------------------------------------------------------------------------------------------

    def problem(self, node, column: str, value, reason: str) -> None:
        line = getattr(node, "line", None)
        self.result.problems.append(Problem(self.path.name, line, column, "" if value is None else str(value), reason))

    # Values ----------------------------------------------------------------------------------------------

    def required(self, node: dict, name: str, where: str):
        if not isinstance(node, dict) or node.get(name) in (None, ""):
            self.problem(node, f"{where}{name}", "", _("this field is required"))
            return None
        return node[name]

    def day(self, node: dict, name: str, where: str, required: bool = True) -> date | None:
        value = node.get(name) if isinstance(node, dict) else None
        if value in (None, ""):
            if required:
                self.problem(node, f"{where}{name}", "", _("this date is required (YYYY-MM-DD)"))
            return None
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.problem(node, f"{where}{name}", value, _("not a date of the form YYYY-MM-DD"))
            return None

    def day_or_month(self, node: dict, name: str, where: str, *, ends: bool, required: bool = True,
                     ) -> tuple[date | None, str]:
        """A date given to the day, the month (YYYY-MM) or the year (YYYY), and its precision.

        A month or year stands for its first day when the date starts something and for its last day when it
        ends something or dates a figure (`ends`): see docs/mission-file.md, "Months and years".
        """
        value = node.get(name) if isinstance(node, dict) else None
        if value in (None, ""):
            if required:
                self.problem(node, f"{where}{name}", "", _("this date is required (YYYY-MM-DD, YYYY-MM or YYYY)"))
            return None, DatePrecision.DAY
        parsed = parse_day_or_month(value, ends=ends)
        if parsed is None:
            self.problem(node, f"{where}{name}", value, _("not a date of the form YYYY-MM-DD, YYYY-MM or YYYY"))
            return None, DatePrecision.DAY
        return parsed

    def count(self, node: dict, name: str, where: str, required: bool = True) -> int | None:
        value = node.get(name) if isinstance(node, dict) else None
        if value in (None, ""):
            if required:
                self.problem(node, f"{where}{name}", "", _("this number is required"))
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(node, f"{where}{name}", value, _("not a whole number"))
            return None
        if value < 0:
            self.problem(node, f"{where}{name}", value, _("cannot be negative"))
            return None
        return value

    def number_with_women(self, node: dict, name: str, where: str) -> tuple[int | None, int | None, bool]:
        """A number of people given as `N` or `{total: N, women: W}`: (total, women, whether it was valid)."""
        value = node.get(name)
        if isinstance(value, dict):
            total = self.count(value, "total", f"{where}{name}.")
            women = self.count(value, "women", f"{where}{name}.", required=False)
            unknown = set(value) - {"total", "women"}
            if unknown:
                self.problem(value, f"{where}{name}.{sorted(unknown)[0]}", "",
                             _("only 'total' and 'women' belong here"))
                return None, None, False
            valid = total is not None and (value.get("women") in (None, "") or women is not None)
            return total, women, valid
        total = self.count(node, name, where)
        return total, None, total is not None

    def amount(self, node: dict, name: str, where: str) -> Decimal | None:
        """An amount of money: a whole or decimal number, written out in full (2800000000, not 2.8)."""
        value = node.get(name) if isinstance(node, dict) else None
        if value in (None, ""):
            self.problem(node, f"{where}{name}", "", _("this amount is required"))
            return None
        if isinstance(value, bool):
            self.problem(node, f"{where}{name}", value, _("not an amount"))
            return None
        try:
            amount = Decimal(str(value).replace("_", ""))
        except (InvalidOperation, ValueError):
            self.problem(node, f"{where}{name}", value, _("not an amount: write it out in full, e.g. 2800000000"))
            return None
        if not amount.is_finite():
            self.problem(node, f"{where}{name}", value, _("not an amount: write it out in full, e.g. 2800000000"))
            return None
        if amount < 0:
            self.problem(node, f"{where}{name}", value, _("cannot be negative"))
            return None
        if amount != amount.quantize(Decimal("0.01")):
            self.problem(node, f"{where}{name}", value, _("an amount has at most two decimals"))
            return None
        return amount.quantize(Decimal("0.01"))

    def bilingual(self, node: dict, name: str, where: str, required: bool = True) -> tuple[str, str]:
        """A text as (French, English).

        Bilingual files need both. A file that says which language it is written in (format 2) may give a
        text in that language alone, as a plain string or under its code; the other one stays empty.
        """
        value = node.get(name) if isinstance(node, dict) else None
        if value is None:
            if required:
                self.problem(node, f"{where}{name}", "", self.text_required_reason())
            return "", ""
        if isinstance(value, str) and self.language in LANGUAGES:
            text = value.strip()
            if required and not text:
                self.problem(node, f"{where}{name}", "", self.text_required_reason())
            return (text, "") if self.language == "fr" else ("", text)
        if not isinstance(value, dict):
            self.problem(node, f"{where}{name}", value, _("give the text under the keys fr and en"))
            return "", ""
        unknown = set(value) - set(LANGUAGES)
        if unknown and self.is_format_2:
            self.problem(value, f"{where}{name}.{sorted(unknown, key=str)[0]}", "",
                         _("a text has only the keys fr and en"))
        french, english = str(value.get("fr", "") or "").strip(), str(value.get("en", "") or "").strip()
        if self.language in LANGUAGES:
            given = french if self.language == "fr" else english
            if required and not given:
                self.problem(value, f"{where}{name}.{self.language}", "", self.text_required_reason())
        elif required and not (french and english):
            self.problem(value, f"{where}{name}", "", _("both French (fr) and English (en) are required"))
        return french, english

    def text_required_reason(self) -> str:
        if self.language in LANGUAGES:
            return _("this text is required, at least in the file's language ({language})").format(
                language=self.language)
        return _("this text is required in French (fr) and English (en)")

    def period_with_precision(self, node: dict, where: str) -> tuple[date | None, date | None, str]:
        """A period and how the page gave it: days, months, years, or (format 3) a budget year "2017-2018".

        Bounds given at different precisions make a period shown at the coarser of the two.
        """
        value = node.get("period") if isinstance(node, dict) else None
        if self.is_format_3 and isinstance(value, str):
            budget_year = parse_budget_year(value)
            if budget_year is None:
                self.problem(node, f"{where}period", value, _("give the period as [first day, last day], or a "
                             "budget year as two consecutive years, e.g. \"2017-2018\""))
                return None, None, PeriodPrecision.DAY
            return budget_year[0], budget_year[1], PeriodPrecision.BUDGET_YEAR
        start, end = self.period(node, where)
        if start is None or not self.is_format_2:
            return start, end, PeriodPrecision.DAY
        precisions = [parse_day_or_month(bound, ends=ends)[1] for bound, ends in zip(value, (False, True), strict=True)]
        return start, end, DatePrecision.coarsest(*precisions)

    def page_date(self, node: dict, where: str, source: Source | None) -> tuple[date | None, str]:
        """The date a fact is stated for when the page gives no other: `as_of`, or else its source's date."""
        if isinstance(node, dict) and node.get("as_of") not in (None, ""):
            return self.day_or_month(node, "as_of", where, ends=True)
        if source is not None and source.published_on is not None:
            return source.published_on, DatePrecision.DAY
        if source is not None:
            self.problem(node, f"{where}as_of", "", _("give the date the page states this for (as_of), or the "
                         "date of its source '{source}' (published_on)").format(source=source.key))
        return None, DatePrecision.DAY

    def period(self, node: dict, where: str) -> tuple[date | None, date | None]:
        value = node.get("period") if isinstance(node, dict) else None
        if not isinstance(value, list) or len(value) != 2:
            self.problem(node, f"{where}period", value, _("give the period as [first day, last day]"))
            return None, None
        bounds = []
        for bound, ends in zip(value, (False, True), strict=True):
            if self.is_format_2:
                parsed = parse_day_or_month(bound, ends=ends)
                if parsed is None:
                    self.problem(node, f"{where}period", bound, _("not a date of the form YYYY-MM-DD or YYYY-MM"))
                    return None, None
                bounds.append(parsed[0])
                continue
            try:
                bounds.append(bound if isinstance(bound, date) else date.fromisoformat(str(bound)))
            except ValueError:
                self.problem(node, f"{where}period", bound, _("not a date of the form YYYY-MM-DD"))
                return None, None
        return bounds[0], bounds[1]

    def choice(self, node: dict, name: str, where: str, choices: type[models.TextChoices], *,
               default: str | None = None) -> str | None:
        """One of a model's choices; `default` when absent (required when there is none)."""
        value = node.get(name) if isinstance(node, dict) else None
        if value in (None, ""):
            if default is None:
                self.problem(node, f"{where}{name}", "", _("this field is required: one of {choices}").format(
                    choices=", ".join(choices.values)))
            return default
        if value not in choices.values:
            self.problem(node, f"{where}{name}", value, _("not one of {choices}").format(
                choices=", ".join(choices.values)))
            return None
        return value

    def source_of(self, node: dict, where: str) -> Source | None:
        key = (node.get("source") if isinstance(node, dict) else None) or self.data.get("default_source")
        if key not in self.sources:
            self.problem(node, f"{where}source", key, _("unknown source: declare it under 'sources'"))
            return None
        return self.sources[key]

    def items(self, name: str) -> list:
        value = self.data.get(name) or []
        if not isinstance(value, list):
            self.problem(self.data, name, "", _("must be a list"))
            return []
        return value

    def entries(self, name: str):
        """(index, node, field path prefix) for each mapping of a list section; other entries are problems."""
        for index, node in enumerate(self.items(name)):
            where = f"{name}[{index}]."
            if not isinstance(node, dict):
                self.problem(self.data, f"{name}[{index}]", node, _("each entry must be a mapping of fields"))
                continue
            yield index, node, where

    # Writing ---------------------------------------------------------------------------------------------

    def save(self, model: type[models.Model], key: dict, values: dict, node, where: str):
        """Write one record by its natural key, refusing a key the file already gave (the later would win)."""
        line = getattr(node, "line", None)
        identity = (model, *sorted((name, getattr(value, "pk", value)) for name, value in key.items()))
        if identity in self.written:
            first = self.written[identity]
            self.problem(node, where.rstrip("."), "", _("given twice: the same record is already given on line "
                         "{line}").format(line=first) if first else _("given twice in the file"))
            return None
        self.written[identity] = line
        # A key that names the source (format 3's published versions) is not given again among the values.
        values = {name: value for name, value in values.items() if name not in key}
        return self.writer.write(model, key, values, row=line, prefix=where)

    def remove_stale(self, model, mission) -> None:
        """Remove what earlier mission-file imports brought for this mission and this file no longer has."""
        self.writer.remove_untouched(model.objects.filter(mission=mission, import_batch__kind=KIND))


def parse_budget_year(value: str) -> tuple[date, date] | None:
    """A peacekeeping budget year written as two consecutive years ("2017-2018", "2017 - 2018"): 1 July to 30 June."""
    parts = [part.strip() for part in value.split("-")]
    if len(parts) != 2 or not all(len(part) == 4 and part.isdigit() for part in parts):
        return None
    first, second = int(parts[0]), int(parts[1])
    if second != first + 1 or first < 1:
        return None
    return date(first, 7, 1), date(second, 6, 30)


def parse_day_or_month(value, *, ends: bool) -> tuple[date, str] | None:
    """`YYYY-MM-DD`, `YYYY-MM` or `YYYY` as (the day it stands for, its precision), or None."""
    if isinstance(value, date):
        return value, DatePrecision.DAY
    if isinstance(value, int) and not isinstance(value, bool):
        text = str(value)
    elif isinstance(value, str):
        text = value.strip()
    else:
        return None
    parts = text.split("-")
    if len(parts) == 3:
        try:
            return date.fromisoformat(text), DatePrecision.DAY
        except ValueError:
            return None
    if not all(part.isdigit() for part in parts) or len(parts[0]) != 4:
        return None
    year = int(parts[0])
    if year < 1:
        return None
    if len(parts) == 1:
        return (date(year, 12, 31) if ends else date(year, 1, 1)), DatePrecision.YEAR
    if len(parts) == 2 and len(parts[1]) == 2 and 1 <= int(parts[1]) <= 12:
        month = int(parts[1])
        last = calendar.monthrange(year, month)[1]
        return date(year, month, last if ends else 1), DatePrecision.MONTH
    return None
