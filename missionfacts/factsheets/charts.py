"""Vega-Lite specs of the fact sheet's charts, and their offline rendering to SVG and PNG.

A spec is a plain, self-contained dict (data inline, no URLs), so the same dict is rendered to SVG here for
the HTML and PDF sheets and drawn by vega-embed in the browser. Numbers are formatted with Babel before they
reach the spec and are drawn as text marks: d3's number formats know nothing of the reader's locale.
"""

import json
from datetime import date
from functools import lru_cache

from babel.numbers import format_decimal
from django.utils import translation
from django.utils.translation import pgettext

from missionfacts.countries import country_name
from missionfacts.figures.shapes import ContributorRank

FONT = "DejaVu Sans"
TEXT_COLOUR = "#222222"
MUTED_COLOUR = "#666666"
BAR_COLOUR = "#009edb"  # UN blue

# About 8 cm at 96 px per inch: half the text width of an A4 page.
CHART_WIDTH = 300
BAR_STEP = 16
COUNTRY_LABEL_LIMIT = 125

# Room to the right of the longest bar for its value label, as a share of the longest bar.
LABEL_HEADROOM = 0.25


def sheet_config() -> dict:
    """The look shared by the fact sheet's charts and maps: one font, quiet greys, no view border."""
    return {
        "font": FONT,
        "view": {"stroke": None},
        "title": {"anchor": "start", "fontSize": 12, "fontWeight": "bold", "color": TEXT_COLOUR, "offset": 8},
        "axis": {"labelFontSize": 10, "labelColor": TEXT_COLOUR, "titleColor": TEXT_COLOUR},
        "legend": {"labelFontSize": 10, "labelColor": TEXT_COLOUR, "titleFontSize": 10},
        "text": {"fontSize": 10, "color": TEXT_COLOUR},
    }


def altair():
    """Altair, imported where a chart is drawn: its ~1 s import is no wait for commands that draw none.

    Altair checks every object against the Vega-Lite JSON schema as it is built, which costs about half a
    second per map; the specs are fixed code, so the tests validate them once instead (test_specs_are_valid).
    """
    import altair as alt

    alt.utils.schemapi.disable_debug_mode()
    return alt


def contributors_spec(ranks: list[ContributorRank], language: str, title: str, on: date | None = None) -> dict:
    """A horizontal bar chart of the top contributing countries, first-ranked at the top.

    The bars keep the order of `ranks`; each carries its total, formatted for `language`, at its end. The
    number of women is in the tooltip (browser only): at 8 cm wide, a women segment of a few per cent of a
    bar would be too thin to read in print. Countries are named as the UN named them on `on`, the ranking's date.
    """
    alt = altair()
    with translation.override(language):
        country_title = pgettext("chart tooltip", "Country")
        total_title = pgettext("chart tooltip", "Personnel")
        women_title = pgettext("chart tooltip", "Women")
    rows = [
        {
            "order": position,
            "country": country_name(rank.country, language, on=on),
            "total": rank.total,
            "total_label": format_decimal(rank.total, locale=language),
            "women_label": format_decimal(rank.women, locale=language),
        }
        for position, rank in enumerate(ranks)
    ]
    longest = max((rank.total for rank in ranks), default=0) or 1

    base = alt.Chart(alt.Data(values=rows)).encode(
        y=alt.Y(
            "country:N",
            sort=alt.EncodingSortField(field="order", order="ascending"),
            axis=alt.Axis(
                title=None, ticks=False, domain=False, labelPadding=6, labelLimit=COUNTRY_LABEL_LIMIT
            ),
        ),
        x=alt.X(
            "total:Q",
            axis=None,
            scale=alt.Scale(domain=[0, longest * (1 + LABEL_HEADROOM)], nice=False, zero=True),
        ),
        tooltip=[
            alt.Tooltip("country:N", title=country_title),
            alt.Tooltip("total_label:N", title=total_title),
            alt.Tooltip("women_label:N", title=women_title),
        ],
    )
    bars = base.mark_bar(color=BAR_COLOUR, height={"band": 0.72})
    values = base.mark_text(align="left", baseline="middle", dx=4).encode(text="total_label:N")
    chart = (bars + values).properties(
        width=CHART_WIDTH,
        height=alt.Step(BAR_STEP),
        # The whole figure, labels included, is CHART_WIDTH wide, so it fits its column of the page.
        autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
        padding={"left": 0, "right": 4, "top": 4, "bottom": 4},
    )
    if title:
        chart = chart.properties(title=alt.Title(title))
    return chart.configure(**sheet_config()).to_dict(validate=False)


def vl_version() -> str:
    """The Vega-Lite version Altair wrote the spec for, as vl-convert names it ("6.4")."""
    major, minor = altair().SCHEMA_VERSION.lstrip("v").split(".")[:2]
    return f"{major}.{minor}"


def to_svg(spec: dict) -> str:
    """The spec drawn as an SVG document, text kept as text so it stays searchable in the PDF.

    Drawing is deterministic, so a spec already drawn is served from memory: the map of a mission changes
    only when its sites do, and drawing it costs about half a second.
    """
    return _svg_of(json.dumps(spec, sort_keys=True, ensure_ascii=False))


def to_svg_cache_clear() -> None:
    _svg_of.cache_clear()


@lru_cache(maxsize=64)
def _svg_of(canonical_spec: str) -> str:
    import vl_convert

    return vl_convert.vegalite_to_svg(json.loads(canonical_spec), vl_version=vl_version())


def to_png(spec: dict, scale: float = 2) -> bytes:
    """The spec drawn as a PNG image, `scale` device pixels per CSS pixel."""
    import vl_convert

    return vl_convert.vegalite_to_png(spec, vl_version=vl_version(), scale=scale)
