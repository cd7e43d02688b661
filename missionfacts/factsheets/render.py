"""Render a SheetFigures as HTML, PDF and JSON, in French or English, from one template.

Renderers are handed the figures; they never query the database.
"""

import base64
from string import ascii_lowercase

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, pgettext

from missionfacts.factsheets import charts, formatting, maps, published_context, wording
from missionfacts.figures.coverage import key_figures_period
from missionfacts.figures.sheet import SheetFigures

NOT_AVAILABLE_CLASS = "not-available"


def _not_available(label: str):
    return format_html('<span class="{}">{}</span>', NOT_AVAILABLE_CLASS, label)


def _key_figures(sheet: SheetFigures) -> list:
    """Each key figure in words; one whose period is not the heading's names its own (figures.coverage)."""
    heading = key_figures_period(sheet)
    lines = []
    for component, figure in sheet.patrols.items():
        if figure.available:
            lines.append(wording.patrols(component, figure, heading))
        elif component == "military":
            lines.append(_not_available(gettext("Military patrols: no data for this period.")))
        else:
            lines.append(_not_available(gettext("Police patrols: no data for this period.")))
    for training in sheet.trainings:
        if training.trained.available:
            lines.append(wording.training(training, heading))
    if sheet.fatalities_in_attacks.available:
        lines.append(wording.fatalities_in_attacks(sheet.fatalities_in_attacks, sheet.mission_acronym, heading))
    else:
        lines.append(_not_available(gettext("Personnel killed in attacks: no data for this period.")))
    return lines


def _strength_lines(sheet: SheetFigures, language: str) -> list:
    lines = []
    for component, figure in sheet.strength.items():
        if not figure.available:
            label = gettext("Military personnel: not reported.") if component == "military" else gettext(
                "Police personnel: not reported.")
            lines.append(_not_available(label))
            continue
        line = wording.strength(component, figure)
        if figure.as_of != sheet.as_of:
            line = format_html(
                gettext("{line} (as of {date})"), line=line, date=formatting.long_date_html(figure.as_of, language)
            )
        lines.append(line)
    return lines


def _contributors(sheet: SheetFigures, language: str, with_svg: bool) -> list[dict]:
    titles = {
        "military": gettext("Military: top 10 contributing countries"),
        "police": gettext("Police: top 10 contributing countries"),
    }
    blocks = []
    for component, figure in sheet.top_contributors.items():
        block = {"component": component, "title": titles[component], "available": figure.available}
        if figure.available:
            spec = charts.contributors_spec(list(figure.value), language, titles[component])
            block["spec"] = spec
            block["caption"] = format_html(
                gettext("As of {date}"), date=formatting.long_date_html(figure.as_of, language)
            )
            block["rows"] = [
                {"rank": r.rank, "country": formatting.country(r.country, language),
                 "total": formatting.number(r.total, language), "women": formatting.number(r.women, language)}
                for r in figure.value
            ]
            if with_svg:
                block["image"] = _svg_data_uri(charts.to_svg(spec))
        else:
            block["message"] = format_html(
                gettext("The breakdown by contributing country is not available for {date}."),
                date=formatting.long_date_html(sheet.as_of, language),
            )
        blocks.append(block)
    return blocks


def _sources_line(sheet: SheetFigures):
    if not sheet.sources:
        return ""
    cited = [
        format_html("{} ({})", source.title, source.publisher) if source.publisher else source.title
        for source in sheet.sources
    ]
    separator = pgettext("between cited sources", "; ")
    return format_html(gettext("Sources: {sources}."), sources=format_html_join(separator, "{}", ((c,) for c in cited)))


def _svg_data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _map(sheet: SheetFigures, language: str, with_svg: bool) -> dict:
    """The map of the host countries with the sites and the headquarters where known, or why there is none.

    The map is drawn even with neither sites nor a located headquarters: it still shows where the mission
    works, and the sheet's list says that no site is recorded.
    """
    hosts = sheet.host_countries or tuple(code for code in (sheet.host_country,) if code)
    sectors = list(sheet.deployment.value) if sheet.deployment.available else []
    spec = maps.deployment_map_spec(sectors, hosts, language, headquarters=sheet.headquarters) if hosts else None
    if spec is not None:
        return {"map_spec": spec, **({"map_image": _svg_data_uri(charts.to_svg(spec))} if with_svg else {})}
    if not hosts:
        return {"map_spec": None}
    countries = ", ".join(formatting.country(code, language) for code in hosts)
    # Worded in the language asked for, whatever language the caller has active.
    with translation.override(language):
        missing = gettext("No map is available for {countries}.").format(countries=countries)
    return {"map_spec": None, "map_missing": missing}


def sheet_context(sheet: SheetFigures, language: str, *, with_svg: bool = True, draft: bool = False) -> dict:
    """Everything the template shows, already worded and formatted in the language."""
    mission = sheet.mission_acronym
    context = {
        "sheet": sheet,
        "language": language,
        "draft": draft,
        "mission_name": sheet.mission_name(language),
        "mission_identity": wording.mission_identity(sheet),
        "as_of": formatting.long_date_html(sheet.as_of, language),
        "key_figures_heading": wording.period_heading(key_figures_period(sheet)),
        "key_figures": _key_figures(sheet),
        "deployment_heading": wording.as_of_heading(sheet.as_of),
        "strength_lines": _strength_lines(sheet, language),
        "contributors": _contributors(sheet, language, with_svg),
        "sources_line": _sources_line(sheet),
        "published": published_context.published_context(sheet.published, language),
    }
    # A page that gives its authorised strength without a resolution number is answered from that page.
    context["authorised_by_page"] = bool(sheet.published and sheet.published.authorisation.available)
    if sheet.resolution.available:
        context["resolution_number"] = sheet.resolution.value.number
        military, police = sheet.ceilings["military"], sheet.ceilings["police"]
        if military.available and police.available:
            context["ceilings_sentence"] = wording.authorised_ceilings(
                military, police, mission, sheet.resolution.value.mandate_ends_on
            )
    if sheet.deployment.available:
        context["sectors"] = [
            {"name": sector.name(language), "sites": ", ".join(site.name for site in sector.sites)}
            for sector in sheet.deployment.value
        ]
    context.update(_map(sheet, language, with_svg))
    if sheet.site_count.available:
        context["sites_intro"] = wording.sites_intro(sheet.site_count.value, sheet.host_country)
    if sheet.priorities:
        context["priorities_intro"] = wording.priorities_intro(len(sheet.priorities), mission)
    context["priorities"] = [item.text(language) for item in sheet.priorities]
    context["tasks"] = [
        {"label": ascii_lowercase[index] if index < 26 else str(index + 1), "title": item.title(language),
         "text": item.text(language)}
        for index, item in enumerate(sheet.tasks)
    ]
    return context


def render_html(sheet: SheetFigures, language: str, *, draft: bool = False) -> str:
    with translation.override(language):
        return render_to_string("factsheets/sheet.html", sheet_context(sheet, language, draft=draft))


def render_pdf(sheet: SheetFigures, language: str, *, draft: bool = False) -> bytes:
    """The PDF from the very same HTML, by WeasyPrint: A4, fonts embedded, charts as vectors."""
    from weasyprint import HTML

    return HTML(string=render_html(sheet, language, draft=draft)).write_pdf()
