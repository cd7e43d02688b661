"""Public pages: the missions, and a mission's facts and figures for any date, with the sheet's files."""

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from missionfacts.factsheets.formatting import country
from missionfacts.factsheets.json_output import sheet_as_json
from missionfacts.factsheets.render import render_html, render_pdf, sheet_context
from missionfacts.figures.sheet import SheetRequestError, compute_sheet
from missionfacts.web.access import public_mission, visible_missions
from missionfacts.web.views.common import csv_response, page_language, requested_day

SHEET_FORMATS = ("pdf", "html", "json")


def mission_list(request):
    missions = visible_missions(request.user).prefetch_related("editions")
    return render(request, "web/missions.html", {"missions": missions, "language": page_language(request)})


def facts(request, acronym: str):
    """The figures of the sheet for a date, as the sheet words them, with links to its PDF and HTML."""
    mission = public_mission(request, acronym)
    language = page_language(request)
    form, day = requested_day(request, mission)
    context = {"mission": mission, "tab": "facts", "form": form, "day": day,
               "latest_edition": mission.editions.order_by("-number").first()}
    if day is None:
        return render(request, "web/facts.html", context, status=400)
    try:
        sheet = compute_sheet(mission, day)
    except SheetRequestError as error:
        context["sheet_error"] = _("No sheet can be made for this date: %(reason)s") % {"reason": error}
        return render(request, "web/facts.html", context, status=404)
    context.update(sheet_context(sheet, language, with_svg=True))
    context["file_query"] = f"as_of={day.isoformat()}&lang={language}"
    return render(request, "web/facts.html", context)


def _sheet(request, acronym: str):
    mission = public_mission(request, acronym)
    _form, day = requested_day(request, mission)
    if day is None:
        raise Http404("No such date.")
    try:
        return compute_sheet(mission, day)
    except SheetRequestError as error:
        raise Http404(str(error)) from None


def sheet_file(request, acronym: str, extension: str):
    """The sheet of a date as PDF, HTML (the sheet's own document) or JSON, in the page's language."""
    if extension not in SHEET_FORMATS:
        raise Http404("Unknown format.")
    sheet = _sheet(request, acronym)
    language = page_language(request)
    name = f"{sheet.mission_acronym}-{sheet.as_of}-{language}"
    if extension == "pdf":
        response = HttpResponse(render_pdf(sheet, language), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
        return response
    if extension == "json":
        return JsonResponse(sheet_as_json(sheet, language), json_dumps_params={"ensure_ascii": False})
    return HttpResponse(render_html(sheet, language))


def contributors_csv(request, acronym: str, component: str):
    """The data of the sheet's "top contributing countries" chart of a component."""
    sheet = _sheet(request, acronym)
    figure = sheet.top_contributors.get(component)
    if figure is None:
        raise Http404("Unknown component.")
    language = page_language(request)
    rows = [[_("Rank"), _("Country"), _("Personnel"), _("Women")]]
    if figure.available:
        rows += [[rank.rank, country(rank.country, language), rank.total, rank.women] for rank in figure.value]
    return csv_response(f"{sheet.mission_acronym}-{component}-contributors-{sheet.as_of}-{language}.csv", rows)
