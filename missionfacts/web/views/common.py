"""What the pages share: the page's language, the sheet date asked for, refusals of a bad address, CSV files."""

import csv
from datetime import date

from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from missionfacts.factsheets.formatting import LANGUAGES
from missionfacts.figures.latest import latest_data_date
from missionfacts.missions.models import Mission
from missionfacts.spreadsheets import neutralised
from missionfacts.web.forms import SheetDateForm


def page_language(request) -> str:
    language = (getattr(request, "LANGUAGE_CODE", "") or "fr")[:2]
    return language if language in LANGUAGES else "fr"


def requested_day(request, mission: Mission) -> tuple[SheetDateForm, date | None]:
    """The date in `?as_of=`, or the mission's latest data (figures.latest); None when the date asked for is wrong."""
    if request.GET.get("as_of"):
        form = SheetDateForm(request.GET, mission=mission)
        return form, form.cleaned_data["as_of"] if form.is_valid() else None
    day = latest_data_date(mission, date.today())
    return SheetDateForm(initial={"as_of": day}, mission=mission), day


def refused(request, parameter: str, message: str) -> HttpResponse:
    """A 400 for a wrong parameter of the address, in the form the address asks for.

    A file's address (…/factsheet.json, ….csv, ….pdf) gets its kind of answer: JSON naming the parameter, or
    one plain line that a script or a download shows as it is; a page gets the site's 400 page.
    """
    last_segment = request.path_info.rstrip("/").rsplit("/", 1)[-1]
    if last_segment.endswith(".json"):
        return JsonResponse({parameter: [message]}, status=400, json_dumps_params={"ensure_ascii": False})
    if "." in last_segment:
        line = _("%(parameter)s: %(message)s") % {"parameter": parameter, "message": message}
        return HttpResponseBadRequest(line, content_type="text/plain; charset=utf-8")
    return render(request, "400.html", {"parameter": parameter, "message": message}, status=400)


def csv_response(filename: str, rows: list[list]) -> HttpResponse:
    """A CSV download, every text cell a spreadsheet would run as a formula neutralised (missionfacts.spreadsheets)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    # A byte order mark, so that spreadsheets read accented names as UTF-8.
    response.write("\ufeff")
    writer = csv.writer(response)
    for row in rows:
        writer.writerow([neutralised(cell) for cell in row])
    return response
