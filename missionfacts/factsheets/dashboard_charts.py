"""Vega-Lite specs of a mission's dashboard charts, each with the table of exactly the data it draws.

Built like the sheet's charts (charts.py): the same look (`charts.sheet_config()`), data inline and no URLs,
values worded and formatted by Babel before they reach the spec. Axis labels are drawn by d3, so each spec
carries a d3 locale made from Babel's data for the language (`config.locale`).

A DashboardChart's `rows` are the very dicts the spec draws (its inline data): the HTML table and the CSV
file are read from them, column by column, so neither can show anything the chart does not.
"""

import json
from dataclasses import dataclass
from datetime import date

from babel.dates import get_day_names, get_month_names
from babel.numbers import format_decimal, format_percent, get_decimal_symbol, get_group_symbol
from django.utils import translation
from django.utils.translation import gettext, pgettext

from missionfacts.casualties.models import IncidentType
from missionfacts.countries import country_name
from missionfacts.factsheets import formatting
from missionfacts.factsheets.charts import BAR_COLOUR, COUNTRY_LABEL_LIMIT, altair, sheet_config
from missionfacts.figures.dashboards import (
    ContributorsAt,
    FatalitiesInYear,
    PatrolMonth,
    StrengthPoint,
    TrainingBySex,
    WomenShare,
)
from missionfacts.figures.values import Period
from missionfacts.personnel.models import Component, PersonnelType

# UN blue first, then colours told apart by people with the common colour-vision deficiencies.
PALETTE = [BAR_COLOUR, "#00587a", "#f5a623", "#7fcdef", "#6c7a89", "#c0392b", "#2e8b57", "#8e6bb5"]
COMPONENT_COLOURS = {"military": BAR_COLOUR, "police": "#00587a"}
SEX_COLOURS = {"women": BAR_COLOUR, "men": "#00587a", "not_given": "#b8c4ce"}
HEIGHT = 260
# Faceted charts cannot fill their container; this width fits the page's content column.
FACET_WIDTH = 820
BAR_STEP = 20
# Counts of people or patrols: whole numbers only, grouped in the page's language.
COUNT_AXIS = {"format": ",d", "tickMinStep": 1}


@dataclass(frozen=True)
class Column:
    """A column of a chart's table: the field of the rows it shows, its heading, and how to show values."""

    field: str
    label: str
    kind: str = "text"  # text, number, percent, date, month


@dataclass(frozen=True)
class DashboardChart:
    key: str
    title: str
    description: str
    columns: tuple[Column, ...]
    rows: tuple[dict, ...]
    spec: dict | None
    empty_message: str = ""

    def table(self, language: str) -> list[list[str]]:
        """The rows as a person reads them: numbers, shares and dates formatted for the language."""
        return [[shown(row[column.field], column.kind, language) for column in self.columns] for row in self.rows]

    def csv_rows(self) -> list[list]:
        """The header and the rows as data: numbers unformatted, dates in ISO 8601."""
        return [[column.label for column in self.columns]] + [
            ["" if row[column.field] is None else row[column.field] for column in self.columns] for row in self.rows
        ]


def shown(value, kind: str, language: str) -> str:
    if value is None:
        return "—"
    if kind == "number":
        return formatting.number(value, language)
    if kind == "percent":
        return percent(value, language)
    if kind == "date":
        return formatting.long_date(date.fromisoformat(value), language)
    if kind == "month":
        return formatting.month_year(date.fromisoformat(f"{value}-01"), language)
    return str(value)


def _percent_sign(language: str) -> tuple[str, str]:
    """What CLDR writes before and after a percentage in the language: ("", "\u00a0%") in French."""
    sample = format_percent(0.5, locale=language)
    start = sample.index("50")
    return sample[:start], sample[start + 2:]


def percent(ratio: float, language: str) -> str:
    """A share with one decimal, as the language writes percentages ("2,5 %", "2.5%")."""
    before, after = _percent_sign(language)
    return f"{before}{format_decimal(ratio * 100, format='#,##0.0', locale=language)}{after}"


def d3_locale(language: str) -> dict:
    """Number and time formats for d3 (Vega's axes) from Babel's CLDR data, so axes read like the text."""
    days = get_day_names("wide", locale=language)
    short_days = get_day_names("abbreviated", locale=language)
    months = get_month_names("wide", context="stand-alone", locale=language)
    short_months = get_month_names("abbreviated", context="stand-alone", locale=language)
    # CLDR numbers days from Monday (0), d3 from Sunday.
    week = [6, 0, 1, 2, 3, 4, 5]
    return {
        "number": {"decimal": get_decimal_symbol(language), "thousands": get_group_symbol(language),
                   "grouping": [3], "currency": ["", ""], "percent": _percent_sign(language)[1] or "%"},
        "time": {"dateTime": "%x %X", "date": "%d/%m/%Y", "time": "%H:%M:%S", "periods": ["AM", "PM"],
                 "days": [days[i] for i in week], "shortDays": [short_days[i] for i in week],
                 "months": [months[i] for i in range(1, 13)], "shortMonths": [short_months[i] for i in range(1, 13)]},
    }


def dashboard_config(language: str) -> dict:
    """The sheet's look, with the light grid and top legend a chart on a screen wants, and the d3 locale."""
    config = sheet_config()
    config["axis"] = {**config["axis"], "gridColor": "#e3e8ec", "domainColor": "#b8c4ce", "tickColor": "#b8c4ce"}
    config["legend"] = {**config["legend"], "orient": "top", "title": None, "symbolType": "square"}
    return {**config, "locale": d3_locale(language)}


def _finish(chart, language: str) -> dict:
    return chart.configure(**dashboard_config(language)).to_dict(validate=False)


def _labels(mapping: dict[str, str], field: str) -> str:
    """A Vega expression naming a coded field's values: {"military": "Militaires", …}[datum.field]."""
    return f"{json.dumps(mapping, ensure_ascii=False)}[datum[{json.dumps(field)}]]"


def _number(value: int | None, language: str) -> str:
    return "—" if value is None else format_decimal(value, locale=language)


def _component_labels() -> dict[str, str]:
    return {str(component): str(component.label).capitalize() for component in Component}


def _time_x(field: str, days: list[date]):
    """Dates along x, in UTC (the data are calendar days), ticked by month over a short span, by year beyond."""
    alt = altair()
    span = (max(days) - min(days)).days if days else 0
    if span > 3 * 366:
        axis = alt.Axis(format="%Y", tickCount={"interval": "year", "step": 1}, labelOverlap=True)
    else:
        axis = alt.Axis(format="%b %Y", tickCount={"interval": "month", "step": 1 if span < 250 else 3},
                        labelOverlap=True)
    return alt.X(f"{field}:T", title=None, scale=alt.Scale(type="utc"), axis=axis)


def _chart(key: str, title: str, description: str, columns, rows: list[dict], build, empty_message: str,
           language: str) -> DashboardChart:
    spec = _finish(build(altair().Data(values=rows)), language) if rows else None
    return DashboardChart(key, title, description, tuple(columns), tuple(rows), spec, empty_message)


def strength_chart(points: tuple[StrengthPoint, ...], language: str) -> DashboardChart:
    alt = altair()
    with translation.override(language):
        components = _component_labels()
        persons = pgettext("chart axis", "Personnel")
        columns = (Column("day", gettext("Date"), "date"), Column("component", gettext("Component")),
                   Column("strength", gettext("Strength"), "number"),
                   Column("ceiling", gettext("Authorised ceiling"), "number"))
        rows = [{"day": point.day.isoformat(), "component": components[point.component],
                 "strength": point.strength, "ceiling": point.ceiling,
                 "day_label": formatting.long_date(point.day, language),
                 "strength_label": _number(point.strength, language),
                 "ceiling_label": _number(point.ceiling, language)} for point in points]
        tooltip = [alt.Tooltip("day_label:N", title=columns[0].label),
                   alt.Tooltip("component:N", title=columns[1].label),
                   alt.Tooltip("strength_label:N", title=columns[2].label),
                   alt.Tooltip("ceiling_label:N", title=columns[3].label)]

        def build(data):
            colour = alt.Color("component:N", scale=alt.Scale(
                domain=[components[key] for key in COMPONENT_COLOURS], range=list(COMPONENT_COLOURS.values())))
            base = alt.Chart(data).encode(x=_time_x("day", [point.day for point in points]), color=colour,
                                          tooltip=tooltip)
            strength = base.transform_filter("isValid(datum.strength)").mark_line(point=True, strokeWidth=2).encode(
                y=alt.Y("strength:Q", title=persons, axis=COUNT_AXIS))
            ceiling = base.transform_filter("isValid(datum.ceiling)").mark_line(
                interpolate="step-after", strokeDash=[5, 4], strokeWidth=1.5).encode(y=alt.Y("ceiling:Q"))
            return (ceiling + strength).properties(width="container", height=HEIGHT)

        return _chart(
            "strength", gettext("Uniformed strength against the authorised ceilings"),
            gettext("Each component's strength on every reporting date (solid line) and the ceiling the Security "
                    "Council authorised at the time (dashed line)."),
            columns, rows, build, gettext("No strength or ceiling is recorded for this mission."), language)


def contributors_chart(contributors: ContributorsAt, language: str) -> DashboardChart:
    alt = altair()
    with translation.override(language):
        components = _component_labels()
        columns = (Column("rank", gettext("Rank"), "number"), Column("country", gettext("Country")),
                   Column("military", components["military"], "number"),
                   Column("police", components["police"], "number"),
                   Column("women", gettext("Women"), "number"), Column("total", gettext("Total"), "number"))
        rows = [{"rank": item.rank, "country": country_name(item.country, language, on=contributors.day),
                 "military": item.military, "police": item.police, "women": item.women, "total": item.total,
                 "military_label": _number(item.military, language), "police_label": _number(item.police, language),
                 "women_label": _number(item.women, language), "total_label": _number(item.total, language)}
                for item in contributors.countries]
        tooltip = [alt.Tooltip("country:N", title=columns[1].label),
                   alt.Tooltip("military_label:N", title=columns[2].label),
                   alt.Tooltip("police_label:N", title=columns[3].label),
                   alt.Tooltip("women_label:N", title=columns[4].label),
                   alt.Tooltip("total_label:N", title=columns[5].label)]
        day = formatting.long_date(contributors.day, language) if contributors.day else ""

        def build(data):
            y = alt.Y("country:N", sort=[row["country"] for row in rows],
                      axis=alt.Axis(title=None, ticks=False, domain=False, labelLimit=COUNTRY_LABEL_LIMIT + 40))
            base = alt.Chart(data).encode(y=y, tooltip=tooltip)
            bars = base.transform_fold(["military", "police"], as_=["component_key", "personnel"]).transform_calculate(
                component=_labels(components, "component_key")).mark_bar(height={"band": 0.72}).encode(
                x=alt.X("personnel:Q", stack="zero", title=pgettext("chart axis", "Personnel"), axis=COUNT_AXIS),
                color=alt.Color("component:N", scale=alt.Scale(domain=list(components.values()),
                                                               range=list(COMPONENT_COLOURS.values()))),
                order=alt.Order("component_key:N"))
            totals = base.mark_text(align="left", baseline="middle", dx=4).encode(x="total:Q", text="total_label:N")
            return (bars + totals).properties(width="container", height=alt.Step(BAR_STEP))

        description = gettext("The countries contributing most uniformed personnel on {date}, military and "
                              "police.").format(date=day) if day else ""
        return _chart(
            "contributors", gettext("Contributing countries"), description,
            columns, rows, build, gettext("No strength by contributing country is recorded for this mission."),
            language)


def women_chart(shares: tuple[WomenShare, ...], language: str) -> DashboardChart:
    alt = altair()
    with translation.override(language):
        columns = (Column("day", gettext("Date"), "date"), Column("personnel_type", gettext("Personnel type")),
                   Column("women", gettext("Women"), "number"), Column("total", gettext("Total"), "number"),
                   Column("share", gettext("Share of women"), "percent"))
        types = {str(kind): str(kind.label) for kind in PersonnelType}
        rows = [{"day": share.day.isoformat(), "personnel_type": types[share.personnel_type],
                 "women": share.women, "total": share.total,
                 "share": None if share.share is None else round(share.share, 4),
                 "day_label": formatting.long_date(share.day, language),
                 "share_label": shown(None if share.share is None else round(share.share, 4), "percent", language),
                 "women_label": _number(share.women, language), "total_label": _number(share.total, language)}
                for share in shares]
        tooltip = [alt.Tooltip("day_label:N", title=columns[0].label),
                   alt.Tooltip("personnel_type:N", title=columns[1].label),
                   alt.Tooltip("share_label:N", title=columns[4].label),
                   alt.Tooltip("women_label:N", title=columns[2].label),
                   alt.Tooltip("total_label:N", title=columns[3].label)]

        def build(data):
            return alt.Chart(data).transform_filter("isValid(datum.share)").mark_line(point=True, strokeWidth=2).encode(
                x=_time_x("day", [share.day for share in shares]),
                y=alt.Y("share:Q", title=columns[4].label, axis=alt.Axis(format=".0%")),
                color=alt.Color("personnel_type:N", sort=list(types.values()), scale=alt.Scale(range=PALETTE)),
                tooltip=tooltip,
            ).properties(width="container", height=HEIGHT)

        return _chart(
            "women", gettext("Share of women by personnel type"),
            gettext("Women among the uniformed personnel of each type, on every reporting date."),
            columns, rows, build, gettext("No strength by personnel type is recorded for this mission."), language)


def _source(from_counts: bool) -> str:
    return gettext("Published count") if from_counts else gettext("Individual records")


def patrols_chart(months: tuple[PatrolMonth, ...], language: str) -> DashboardChart:
    alt = altair()
    with translation.override(language):
        components = _component_labels()
        no_sector = gettext("Sector not given")
        columns = (Column("month", gettext("Month"), "month"), Column("component", gettext("Component")),
                   Column("sector", gettext("Sector")), Column("patrols", gettext("Patrols"), "number"),
                   Column("source", gettext("Counted from")))
        rows = [{"month": item.month.strftime("%Y-%m"), "component": components[item.component],
                 "sector": item.sector(language) or no_sector, "patrols": item.patrols,
                 "source": _source(item.from_counts),
                 "month_label": formatting.month_year(item.month, language),
                 "patrols_label": _number(item.patrols, language)} for item in months]
        sectors = list(dict.fromkeys(row["sector"] for row in rows))
        tooltip = [alt.Tooltip("month_label:N", title=columns[0].label),
                   alt.Tooltip("component:N", title=columns[1].label),
                   alt.Tooltip("sector:N", title=columns[2].label),
                   alt.Tooltip("patrols_label:N", title=columns[3].label),
                   alt.Tooltip("source:N", title=columns[4].label)]

        def build(data):
            return alt.Chart(data).mark_bar().encode(
                x=alt.X("month:T", timeUnit="utcyearmonth", title=None, axis=alt.Axis(format="%b %Y")),
                y=alt.Y("sum(patrols):Q", title=columns[3].label, axis=COUNT_AXIS),
                color=alt.Color("sector:N", sort=sectors, scale=alt.Scale(domain=sectors, range=PALETTE)),
                order=alt.Order("sector:N"), tooltip=tooltip,
            ).properties(width=FACET_WIDTH, height=HEIGHT * 0.6).facet(
                row=alt.Row("component:N", title=None, sort=list(components.values()),
                            header=alt.Header(labelAngle=0, labelAlign="left", labelFontWeight="bold")))

        return _chart(
            "patrols", gettext("Patrols per month by component and sector"),
            gettext("Individual patrols counted by month; published counts fill the months without records."),
            columns, rows, build, gettext("No patrol is recorded month by month for this mission."), language)


def _period_label(period: Period, language: str) -> str:
    if (period.start.month, period.start.day, period.end.month, period.end.day) == (1, 1, 12, 31):
        if period.start.year == period.end.year:
            return str(period.start.year)
    return gettext("{start} to {end}").format(start=formatting.long_date(period.start, language),
                                              end=formatting.long_date(period.end, language))


def trainings_chart(items: tuple[TrainingBySex, ...], language: str) -> DashboardChart:
    alt = altair()
    with translation.override(language):
        sexes = {"women": gettext("Women"), "men": gettext("Men"), "not_given": gettext("Sex not given")}
        counts = {"persons": gettext("Persons trained"), "participations": gettext("Participations")}
        columns = (Column("programme", gettext("Training")), Column("period", gettext("Period")),
                   Column("counts", gettext("Counted as")), Column("sessions", gettext("Sessions"), "number"),
                   Column("women", sexes["women"], "number"), Column("men", sexes["men"], "number"),
                   Column("not_given", sexes["not_given"], "number"),
                   Column("participants", gettext("Participants"), "number"))
        rows = [{"bar": f"{item.subject(language)} · {_period_label(item.period, language)}",
                 "programme": item.subject(language), "period": _period_label(item.period, language),
                 "counts": counts.get(item.counts, item.counts), "sessions": item.sessions, "women": item.women,
                 "men": item.men, "not_given": item.not_given, "participants": item.participants,
                 "women_label": _number(item.women, language), "men_label": _number(item.men, language),
                 "participants_label": _number(item.participants, language),
                 "sessions_label": _number(item.sessions, language)}
                for item in items]
        tooltip = [alt.Tooltip("programme:N", title=columns[0].label), alt.Tooltip("period:N", title=columns[1].label),
                   alt.Tooltip("participants_label:N", title=columns[7].label),
                   alt.Tooltip("women_label:N", title=columns[4].label),
                   alt.Tooltip("men_label:N", title=columns[5].label),
                   alt.Tooltip("sessions_label:N", title=columns[3].label)]

        def build(data):
            base = alt.Chart(data).encode(
                y=alt.Y("bar:N", sort=[row["bar"] for row in rows],
                        axis=alt.Axis(title=None, ticks=False, domain=False, labelLimit=380)),
                tooltip=tooltip)
            bars = base.transform_fold(list(sexes), as_=["sex_key", "people"]).transform_calculate(
                sex=_labels(sexes, "sex_key")).mark_bar(height={"band": 0.7}).encode(
                x=alt.X("people:Q", stack="zero", title=columns[7].label, axis=COUNT_AXIS),
                color=alt.Color("sex:N", scale=alt.Scale(domain=list(sexes.values()),
                                                         range=list(SEX_COLOURS.values()))),
                order=alt.Order("sex_key:N", sort="descending"))
            totals = base.mark_text(align="left", baseline="middle", dx=4).encode(
                x="participants:Q", text="participants_label:N")
            return (bars + totals).properties(width="container", height=alt.Step(BAR_STEP * 1.6))

        return _chart(
            "trainings", gettext("Trainings and participants by sex"),
            gettext("Participants of each training programme by sex: sessions by calendar year, published counts "
                    "over their own period."),
            columns, rows, build, gettext("No training is recorded for this mission."), language)


def fatalities_chart(years: tuple[FatalitiesInYear, ...], language: str) -> DashboardChart:
    alt = altair()
    with translation.override(language):
        types = {"": gettext("All types (published count)")}
        types.update({str(kind): str(kind.label).capitalize() for kind in IncidentType})
        columns = (Column("year", gettext("Year")), Column("incident_type", gettext("Type of incident")),
                   Column("fatalities", gettext("Fatalities"), "number"), Column("source", gettext("Counted from")))
        rows = [{"year": str(item.year), "incident_type": types.get(item.incident_type, item.incident_type),
                 "fatalities": item.fatalities, "source": _source(item.from_counts),
                 "fatalities_label": _number(item.fatalities, language)} for item in years]
        # Each type keeps its colour from one mission to another; the legend names only those shown.
        colours = dict(zip(types.values(), ["#6c7a89", *PALETTE], strict=False))
        present = [name for name in types.values() if any(row["incident_type"] == name for row in rows)]
        tooltip = [alt.Tooltip("year:N", title=columns[0].label),
                   alt.Tooltip("incident_type:N", title=columns[1].label),
                   alt.Tooltip("fatalities_label:N", title=columns[2].label),
                   alt.Tooltip("source:N", title=columns[3].label)]

        def build(data):
            return alt.Chart(data).mark_bar().encode(
                x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0)),
                y=alt.Y("sum(fatalities):Q", title=columns[2].label, axis=COUNT_AXIS),
                color=alt.Color("incident_type:N", scale=alt.Scale(domain=present, range=[
                    colours[name] for name in present])),
                tooltip=tooltip,
            ).properties(width="container", height=HEIGHT)

        return _chart(
            "fatalities", gettext("Fatalities per year by type of incident"),
            gettext("Personnel of the mission who died, by year and type of incident; published counts fill the "
                    "years without individual records."),
            columns, rows, build, gettext("No fatality is recorded year by year for this mission."), language)
