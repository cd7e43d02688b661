"""A mission's dashboards: each chart drawn in the browser from its spec, with its table and CSV file."""

from datetime import date

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from missionfacts.factsheets import dashboard_charts
from missionfacts.figures import dashboards
from missionfacts.web.access import public_mission
from missionfacts.web.forms import DashboardDayForm
from missionfacts.web.views.common import csv_response, page_language, refused

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
    mission = public_mission(request, acronym)
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
    return render(request, "web/dashboards.html", {
        "mission": mission, "tab": "dashboards", "cards": cards, "contributors": contributors,
    })


def _asked_day(request) -> date | None:
    """The reporting date in `?at=`, today without one; None when it is not a date the figures are made for."""
    form = DashboardDayForm(request.GET)
    if not form.is_valid():
        return None
    return form.cleaned_data["at"] or date.today()


def _refused_day(request):
    return refused(request, "at", " ".join(DashboardDayForm(request.GET).errors["at"]))


def chart_csv(request, acronym: str, key: str):
    """Exactly the data of one chart, as the page in the same language shows it in its table."""
    mission = public_mission(request, acronym)
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
    return csv_response(name, chart.csv_rows())
