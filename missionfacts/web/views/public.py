"""Public pages: the missions, and a mission's facts and figures for any date, with the sheet's files."""

from datetime import date

from django.contrib import messages
from django.core.cache import cache
from django.http import Http404, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

from missionfacts.access.rules import is_draft
from missionfacts.factsheets.filenames import sheet_file_stem
from missionfacts.factsheets.formatting import country
from missionfacts.factsheets.json_output import sheet_as_json
from missionfacts.factsheets.render import render_html, render_pdf, sheet_context
from missionfacts.figures.sheet import SheetRequestError, compute_sheet
from missionfacts.missions.models import Mission
from missionfacts.missions.versions import version_key
from missionfacts.web.access import public_mission, visible_missions
from missionfacts.web.forms import MissionSearchForm, mission_is_current, search_words, searched_text
from missionfacts.web.views.common import csv_response, page_language, refused, requested_day

SHEET_FORMATS = ("pdf", "html", "json")


def mission_list(request):
    """The operations under way first, then the past ones, the most recent first; those a search finds.

    The UN's other entities its data name (special political missions, offices) are not operations: they are
    left out, their records kept.
    """
    language = page_language(request)
    missions = list(visible_missions(request.user).filter(kind=Mission.Kind.PEACEKEEPING)
                    .prefetch_related("editions"))
    today = date.today()
    for mission in missions:
        # The words the page's script filters on as one types, the same as the server's search reads.
        mission.search_text = " ".join(search_words(searched_text(mission, language)))
        mission.is_current = mission_is_current(mission, today)
    search = MissionSearchForm(request.GET or None)
    found = search.matching(missions, today, language) if search.is_bound else missions
    for mission in missions:
        mission.found = mission in found
    # Every mission is on the page, those the search did not find hidden: the page's script can show them
    # again as the search is changed, without asking the server.
    current = sorted((mission for mission in missions if mission.is_current), key=lambda mission: mission.acronym)
    past = sorted((mission for mission in missions if not mission.is_current),
                  key=lambda mission: mission.ended_on, reverse=True)
    return render(request, "web/missions.html", {
        "missions": missions, "found": found, "current": current, "past": past, "search": search,
        "current_found": sum(mission.found for mission in current),
        "past_found": sum(mission.found for mission in past),
        "searched": search.is_bound and search.is_valid() and any(search.cleaned_data.values()),
        "language": language,
    })


def facts(request, acronym: str):
    """The figures of the sheet for a date, as the sheet words them, with links to its PDF and HTML.

    The page an anonymous visitor sees of a published mission is the same for every such visitor, so it is
    kept in the cache under the data version (missions.versions) and served from there until the next write.
    """
    mission = public_mission(request, acronym, with_version=True)
    key = shared_page_key(request, mission)
    if key is not None and (body := cache.get(key)) is not None:
        return with_csrf_token(request, HttpResponse(body))
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
    if key is None:
        return render(request, "web/facts.html", context)
    response = render(request, "web/facts.html", {**context, "csrf_token": CSRF_TOKEN_PLACEHOLDER})
    cache.set(key, response.content)
    return with_csrf_token(request, response)


# The one part of a shared page that belongs to its visitor: the token of the language switch's form. The
# page is rendered and cached with this placeholder, which every answer replaces with the visitor's token.
CSRF_TOKEN_PLACEHOLDER = "missionfacts-csrf-token-of-this-visitor"


def shared_page_key(request, mission, namespace: str = "facts-page") -> str | None:
    """The cache key of the page, or None when it may not be shared with other visitors.

    Only anonymous visitors share pages: signed-in staff see their staff tabs and may read drafts, and a
    visitor with a message waiting sees it on the page. The key holds what else the page depends on: the
    path and query (the date, the form), the language, today's date (a page without a date opens on the
    latest report by today) and, through version_key, the mission's data. The dashboards use it too, under
    their own namespace.
    """
    if request.user.is_authenticated or is_draft(mission) or len(messages.get_messages(request)):
        return None
    return version_key(namespace, request.get_full_path(), translation.get_language(), date.today(),
                       version=mission.data_version)


def with_csrf_token(request, response: HttpResponse) -> HttpResponse:
    response.content = response.content.replace(CSRF_TOKEN_PLACEHOLDER.encode(), get_token(request).encode())
    return response


class DateRefused(Exception):
    """The date asked for is not one a sheet can be made for; the message says why."""


def _sheet(request, acronym: str):
    mission = public_mission(request, acronym)
    form, day = requested_day(request, mission)
    if day is None:
        raise DateRefused(" ".join(form.errors["as_of"]))
    try:
        return compute_sheet(mission, day)
    except SheetRequestError as error:
        raise Http404(str(error)) from None


def sheet_file(request, acronym: str, extension: str):
    """The sheet of a date as PDF, HTML (the sheet's own document) or JSON, in the page's language."""
    if extension not in SHEET_FORMATS:
        raise Http404("Unknown format.")
    try:
        sheet = _sheet(request, acronym)
    except DateRefused as refusal:
        return refused(request, "as_of", str(refusal))
    language = page_language(request)
    name = sheet_file_stem(sheet.mission_acronym, sheet.as_of, language)
    if extension == "pdf":
        response = HttpResponse(render_pdf(sheet, language), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
        return response
    if extension == "json":
        return JsonResponse(sheet_as_json(sheet, language), json_dumps_params={"ensure_ascii": False})
    return HttpResponse(render_html(sheet, language))


def contributors_csv(request, acronym: str, component: str):
    """The data of the sheet's "top contributing countries" chart of a component."""
    try:
        sheet = _sheet(request, acronym)
    except DateRefused as refusal:
        return refused(request, "as_of", str(refusal))
    figure = sheet.top_contributors.get(component)
    if figure is None:
        raise Http404("Unknown component.")
    language = page_language(request)
    rows = [[_("Rank"), _("Country"), _("Personnel"), _("Women")]]
    if figure.available:
        rows += [[rank.rank, country(rank.country, language, on=figure.as_of), rank.total, rank.women]
                 for rank in figure.value]
    return csv_response(f"{sheet.mission_acronym}-{component}-contributors-{sheet.as_of}-{language}.csv", rows)


def bad_request(request, exception=None):
    """The site's 400 page for a request Django itself refused (a malformed or suspicious request)."""
    return render(request, "400.html", {"message": _("The request could not be read.")}, status=400)


def page_not_found(request, exception=None):
    """The site's 404 page: what the address should look like, and a search for the mission meant."""
    return render(request, "404.html", status=404)
