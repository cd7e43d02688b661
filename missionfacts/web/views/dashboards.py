"""A mission's dashboards: each chart drawn in the browser from its spec, with its table and CSV file.

The page and its CSV files are the same for every anonymous visitor of a published mission, so, like the
facts page (web.views.public.facts), they are kept in the cache under the mission's data version
(missions.versions) and served from there until the next write to that mission or to what all share.
"""

from datetime import date

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import Promise

from missionfacts.factsheets import dashboard_charts
from missionfacts.figures import dashboards
from missionfacts.web.access import public_mission
from missionfacts.web.forms import DashboardDayForm
from missionfacts.web.views.common import csv_response, page_language, refused
from missionfacts.web.views.public import CSRF_TOKEN_PLACEHOLDER, shared_page_key, with_csrf_token

# Each chart: the figures it draws (figures.dashboards) and how they are drawn (factsheets.dashboard_charts).
CHARTS = {
    "strength": lambda mission, language: dashboard_charts.strength_chart(
        dashboards.strength_against_ceilings(mission), language),
    "women": lambda mission, language: dashboard_charts.women_chart(dashboards.women_share_by_type(mission), language),
    "patrols": lambda mission, language: dashboard_charts.patrols_chart(dashboards.patrols_per_month(mission),
                                                                        language),
    "trainings": lambda mission, language: dashboard_charts.trainings_chart(dashboards.trainings_by_sex(mission),
                                                                            language),
    "fatalities": lambda mission, language: dashboard_charts.fatalities_chart(
        dashboards.fatalities_per_year(mission), language),
}
ORDER = ("strength", "contributors", "women", "patrols", "trainings", "fatalities")


def dashboard_page(request, acronym: str):
    mission = public_mission(request, acronym, with_version=True)
    cache_key = shared_page_key(request, mission, "dashboards-page")
    if cache_key is not None and (body := cache.get(cache_key)) is not None:
        return with_csrf_token(request, HttpResponse(body))
    language = page_language(request)
    day = _asked_day(request)
    if day is None:
        return _refused_day(request)
    contributors = dashboards.contributors_at(mission, day)
    charts = {key: build(mission, language) for key, build in CHARTS.items()}
    charts["contributors"] = dashboard_charts.contributors_chart(contributors, language)
    cards = []
    for key in ORDER:
        chart = charts[key]
        numeric = [column.kind in ("number", "percent") for column in chart.columns]
        csv_url = reverse("web:chart-csv", args=[mission.acronym, key]) + f"?lang={language}"
        if key == "contributors" and contributors.day:
            csv_url += f"&at={contributors.day.isoformat()}"
        cards.append({"chart": chart, "csv_url": csv_url,
                      "table": [list(zip(row, numeric, strict=True)) for row in chart.table(language)]})
    context = {"mission": mission, "tab": "dashboards", "cards": cards, "contributors": contributors}
    if cache_key is None:
        return render(request, "web/dashboards.html", context)
    response = render(request, "web/dashboards.html", {**context, "csrf_token": CSRF_TOKEN_PLACEHOLDER})
    cache.set(cache_key, response.content)
    return with_csrf_token(request, response)


def _asked_day(request) -> date | None:
    """The reporting date in `?at=`, today without one; None when it is not a date the figures are made for."""
    form = DashboardDayForm(request.GET)
    if not form.is_valid():
        return None
    return form.cleaned_data["at"] or date.today()


def _refused_day(request):
    return refused(request, "at", " ".join(DashboardDayForm(request.GET).errors["at"]))


def chart_csv(request, acronym: str, key: str):
    """Exactly the data of one chart, as the page in the same language shows it in its table.

    Its name and rows are cached as the page is (the key holds the chart through the path).
    """
    mission = public_mission(request, acronym, with_version=True)
    cache_key = shared_page_key(request, mission, "dashboards-csv")
    if cache_key is not None and (cached := cache.get(cache_key)) is not None:
        return csv_response(*cached)
    language = page_language(request)
    if key == "contributors":
        day = _asked_day(request)
        if day is None:
            return _refused_day(request)
        contributors = dashboards.contributors_at(mission, day)
        chart = dashboard_charts.contributors_chart(contributors, language)
        name = f"{mission.acronym}-contributors-{contributors.day or 'none'}-{language}.csv"
    elif key in CHARTS:
        chart = CHARTS[key](mission, language)
        name = f"{mission.acronym}-{key}-{language}.csv"
    else:
        raise Http404("Unknown chart.")
    # Labels may be lazy translations: kept as the text they are in this language.
    rows = [[str(cell) if isinstance(cell, Promise) else cell for cell in row] for row in chart.csv_rows()]
    if cache_key is not None:
        cache.set(cache_key, (name, rows))
    return csv_response(name, rows)
