"""Render a SheetFigures as HTML, PDF and JSON, in French or English, from one template.

Renderers are handed the figures; they never query the database.
"""

import base64
from string import ascii_lowercase

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, pgettext

from missionfacts.checks.sheet_figures import BLOCK_NAMES
from missionfacts.factsheets import charts, formatting, maps, published_context, typography, wording
from missionfacts.figures.coverage import RECORDS, Block, key_figures_period
from missionfacts.figures.sheet import SheetFigures


def _key_figures(sheet: SheetFigures) -> list:
    """Each key figure held, in words; one whose period is not the heading's names its own (figures.coverage).

    A figure not held is left out: the draft lists the blocks with nothing to say, `check` names them.
    """
    heading = key_figures_period(sheet)
    lines = [wording.patrols(component, figure, heading) for component, figure in sheet.patrols.items()
             if figure.available]
    lines += [wording.training(training, heading) for training in sheet.trainings if training.trained.available]
    if sheet.fatalities_in_attacks.available:
        lines.append(wording.fatalities_in_attacks(sheet.fatalities_in_attacks, sheet.mission_acronym, heading))
    return lines


def _strength_lines(sheet: SheetFigures, language: str) -> list:
    lines = []
    for figure_key, figure in sheet.strength.items():
        if not figure.available:
            continue
        line = wording.strength(figure_key, figure)
        if figure.as_of != sheet.as_of:
            line = format_html(
                gettext("{line} (as of {date})"), line=line, date=formatting.long_date_html(figure.as_of, language)
            )
        lines.append(line)
    return lines


def _contributors(sheet: SheetFigures, language: str, with_svg: bool) -> list[dict]:
    """The top-10 rankings held, each with its chart: the block's heading names it, so the chart has no title."""
    titles = {
        "military": gettext("Military: top 10 contributing countries"),
        "police": gettext("Police: top 10 contributing countries"),
    }
    blocks = []
    for component, figure in sheet.top_contributors.items():
        if not figure.available:
            continue
        spec = charts.contributors_spec(list(figure.value), language, "", on=figure.as_of)
        block = {
            "component": component, "title": titles[component], "available": True, "spec": spec,
            "caption": format_html(gettext("As of {date}"), date=formatting.long_date_html(figure.as_of, language)),
            "rows": [
                {"rank": r.rank, "country": formatting.country(r.country, language, on=figure.as_of),
                 "total": formatting.number(r.total, language), "women": formatting.number(r.women, language)}
                for r in figure.value
            ],
        }
        if with_svg:
            block["image"] = _svg_data_uri(charts.to_svg(spec))
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
    countries = ", ".join(formatting.country(code, language, on=sheet.as_of) for code in hosts)
    # Worded in the language asked for, whatever language the caller has active.
    with translation.override(language):
        missing = gettext("No map is available for {countries}.").format(countries=countries)
    return {"map_spec": None, "map_missing": missing}


def _as_published(parts: dict, language: str) -> dict:
    """The page's parts with its stored texts set in the language's typography and its own wording quoted."""
    for part in parts.values():
        for entry in part["entries"]:
            entry["heading"] = typography.typeset(entry["heading"], language)
            entry["lines"] = [typography.typeset(line, language) for line in entry["lines"]]
            # The page's wording comes already set in the language it is written in: an English page quoted
            # on a French sheet keeps its English punctuation inside the French quotation marks.
            entry["wording"] = typography.quoted(entry["wording"], language) if entry["wording"] else ""
    return parts


def _authorisation(sheet: SheetFigures, block: Block, language: str) -> dict:
    """The resolution in force with its ceilings, as the seed words it; else the page's authorisations."""
    if RECORDS in block.sources:
        resolution = sheet.resolution.value
        found = {"title": gettext("Resolution {number}").format(number=resolution.number)}
        military, police = sheet.ceilings["military"], sheet.ceilings["police"]
        if military.available and police.available:
            found["sentence"] = wording.authorised_ceilings(military, police, sheet.mission_acronym,
                                                            resolution.mandate_ends_on)
        else:
            found["sentence"] = wording.resolution_adopted(resolution)
        return found
    return {"title": gettext("Authorised strength")}


def sheet_context(sheet: SheetFigures, language: str, *, with_svg: bool = True, draft: bool = False) -> dict:
    """Everything the template shows, already worded and formatted in the language, block by block.

    Only the blocks with something to say are given (`blocks`, in the sheet's order); the draft also gets the
    names of the others (`missing_blocks`), shown in one place.
    """
    mission = sheet.mission_acronym
    held = {block.key: block for block in sheet.blocks if block.held}
    published = _as_published(published_context.published_parts(sheet.published, language, mission), language)
    context = {
        "sheet": sheet,
        "language": language,
        "draft": draft,
        # The stored name in the language's typography ("Mission de l’Organisation…"), else the acronym.
        "mission_name": (typography.typeset_stored(sheet.mission_name_fr, sheet.mission_name_en, language)
                         or sheet.mission_acronym),
        "mission_identity": [typography.raised_ordinals(typography.typeset(part, language), language)
                             for part in wording.mission_identity(sheet)],
        "as_of": formatting.long_date_html(sheet.as_of, language),
        "as_of_raised": formatting.long_date_raised(sheet.as_of, language),
        "sources_line": _sources_line(sheet),
        "published": published,
        "published_sources": published_context.published_sources(sheet.published),
        "as_published": gettext("As published:"),
        "block_sources": {block.key: block.sources for block in sheet.blocks},
    }
    if draft:
        context["missing_blocks"] = pgettext("between cited sources", "; ").join(
            str(BLOCK_NAMES[block.key]) for block in sheet.blocks if block.missing)
    blocks = []
    for key in held:
        block = {"key": key}
        if key == "authorisation":
            block.update(_authorisation(sheet, held[key], language))
        elif key == "key_figures":
            block["title"] = gettext("Key figures")
            block["lines"] = _key_figures(sheet)
            if block["lines"]:
                block["period"] = wording.period_heading(key_figures_period(sheet))
        elif key == "strength":
            block["title"] = gettext("Deployment")
            block["lines"] = _strength_lines(sheet, language)
            if block["lines"]:
                block["as_of_heading"] = wording.as_of_heading(sheet.as_of)
        elif key == "sites":
            # The sites come under the deployment's heading; without a strength block they carry it.
            block["title"] = "" if "strength" in held else gettext("Deployment")
            block.update(_sites(sheet, language, with_svg))
        elif key == "contributors":
            block["rankings"] = _contributors(sheet, language, with_svg)
        elif key == "mandate":
            block.update(_mandate(sheet, language))
        else:
            block["title"] = {
                "place": gettext("Location and leadership"),
                "losses": gettext("Fatalities by category"),
                "budget": gettext("Financial aspects"),
                "contributing_countries": gettext("Contributing countries"),
            }[key]
        blocks.append(block)
    context["blocks"] = blocks
    # The blocks' figures by name as well, for the web page and the tests that look at one of them.
    by_key = {block["key"]: block for block in blocks}
    context["key_figures"] = by_key.get("key_figures", {}).get("lines", [])
    context["strength_lines"] = by_key.get("strength", {}).get("lines", [])
    context["contributors"] = by_key.get("contributors", {}).get("rankings", [])
    context.update({name: by_key.get("sites", {}).get(name) for name in ("map_spec", "map_image", "map_missing")})
    return context


def _sites(sheet: SheetFigures, language: str, with_svg: bool) -> dict:
    found = {}
    if sheet.site_count.available:
        found["sites_intro"] = wording.sites_intro(sheet.site_count.value, sheet.host_country, on=sheet.as_of)
    if sheet.deployment.available:
        found["sectors"] = [
            {"name": sector.name(language), "sites": ", ".join(site.name for site in sector.sites)}
            for sector in sheet.deployment.value
        ]
    found.update(_map(sheet, language, with_svg))
    return found


def _mandate(sheet: SheetFigures, language: str) -> dict:
    """The strategic priorities and the task areas, their stored texts in the language's typography."""
    found = {"title": gettext("Mandate")}
    if sheet.priorities:
        found["priorities_intro"] = wording.priorities_intro(len(sheet.priorities), sheet.mission_acronym)
    found["priorities"] = [typography.typeset(item.text(language), language) for item in sheet.priorities]
    found["tasks"] = [
        {"label": ascii_lowercase[index] if index < 26 else str(index + 1),
         "title": typography.typeset(item.title(language), language),
         "text": typography.typeset(item.text(language), language)}
        for index, item in enumerate(sheet.tasks)
    ]
    return found


def render_html(sheet: SheetFigures, language: str, *, draft: bool = False) -> str:
    with translation.override(language):
        return render_to_string("factsheets/sheet.html", sheet_context(sheet, language, draft=draft))


def render_pdf(sheet: SheetFigures, language: str, *, draft: bool = False) -> bytes:
    """The PDF from the very same HTML, by WeasyPrint: A4, fonts embedded, charts as vectors."""
    from weasyprint import HTML

    return HTML(string=render_html(sheet, language, draft=draft)).write_pdf()
