"""Public pages: the missions and each mission's fact sheet for a date, in the visitor's language."""

from datetime import date

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language

from missionfacts.factsheets.formatting import LANGUAGES
from missionfacts.factsheets.json_output import sheet_as_json
from missionfacts.factsheets.render import render_html, render_pdf
from missionfacts.figures.sheet import SheetFigures, SheetRequestError, compute_sheet
from missionfacts.missions.models import Mission


def mission_list(request):
    return render(request, "web/missions.html", {"missions": Mission.objects.all()})


def _language(request) -> str:
    requested = request.GET.get("lang")
    if requested in LANGUAGES:
        return requested
    return (get_language() or "fr")[:2]


def _sheet(request, acronym: str) -> SheetFigures:
    mission = get_object_or_404(Mission, acronym__iexact=acronym)
    try:
        day = date.fromisoformat(request.GET["as_of"]) if request.GET.get("as_of") else date.today()
        return compute_sheet(mission, day)
    except (ValueError, SheetRequestError) as error:
        raise Http404(str(error)) from None


def factsheet(request, acronym: str):
    sheet = _sheet(request, acronym)
    return HttpResponse(render_html(sheet, _language(request)))


def factsheet_file(request, acronym: str, extension: str):
    sheet = _sheet(request, acronym)
    language = _language(request)
    if extension == "pdf":
        response = HttpResponse(render_pdf(sheet, language), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{sheet.mission_acronym}-{sheet.as_of}-{language}.pdf"'
        return response
    if extension == "json":
        return JsonResponse(sheet_as_json(sheet, language), json_dumps_params={"ensure_ascii": False})
    if extension == "html":
        return HttpResponse(render_html(sheet, language))
    raise Http404("Unknown format.")
