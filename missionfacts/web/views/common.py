"""What the pages share: the page's language, the sheet date asked for, and CSV downloads."""

import csv
from datetime import date

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from missionfacts.factsheets.formatting import LANGUAGES
from missionfacts.figures.dashboards import latest_report_date
from missionfacts.missions.models import Mission
from missionfacts.spreadsheets import neutralised
from missionfacts.web.forms import SheetDateForm


def page_language(request) -> str:
    language = (getattr(request, "LANGUAGE_CODE", "") or "fr")[:2]
    return language if language in LANGUAGES else "fr"


def requested_day(request, mission: Mission) -> tuple[SheetDateForm, date | None]:
    """The date in `?as_of=`, or the mission's latest data; None when the date asked for is wrong."""
    if request.GET.get("as_of"):
        form = SheetDateForm(request.GET, mission=mission)
        return form, form.cleaned_data["as_of"] if form.is_valid() else None
    day = latest_report_date(mission, date.today())
    return SheetDateForm(initial={"as_of": day}, mission=mission), day


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
