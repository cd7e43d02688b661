from django.contrib.auth import views as auth_views
from django.urls import path

from missionfacts.web.views import dashboards, editions, history, imports, public, staff

app_name = "web"
urlpatterns = [
    path("", public.mission_list, name="missions"),
    path("missions/<str:acronym>/", public.facts, name="factsheet"),
    path("missions/<str:acronym>/factsheet.<str:extension>", public.sheet_file, name="factsheet-file"),
    path("missions/<str:acronym>/contributors-<str:component>.csv", public.contributors_csv,
         name="contributors-csv"),
    path("missions/<str:acronym>/dashboards/", dashboards.dashboard_page, name="dashboards"),
    path("missions/<str:acronym>/dashboards/<str:key>.csv", dashboards.chart_csv, name="chart-csv"),
    path("missions/<str:acronym>/editions/", editions.edition_list, name="editions"),
    path("missions/<str:acronym>/editions/changes/", editions.changes, name="changes"),
    path("missions/<str:acronym>/editions/<int:number>/<str:language>.<str:extension>", editions.edition_document,
         name="edition-document"),
    path("accounts/login/", auth_views.LoginView.as_view(template_name="web/login.html"), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("staff/", staff.staff_home, name="staff"),
    path("staff/import/", imports.upload, name="import"),
    path("staff/import/problems.csv", imports.problems_csv, name="import-problems"),
    path("staff/missions/<str:acronym>/checks/", staff.checks, name="checks"),
    path("staff/missions/<str:acronym>/preview/", staff.preview, name="preview"),
    path("staff/missions/<str:acronym>/preview/sheet.<str:extension>", staff.preview_sheet, name="preview-sheet"),
    path("staff/missions/<str:acronym>/publish/", staff.publish_page, name="publish"),
    path("staff/missions/<str:acronym>/history/", history.mission_history_page, name="history"),
]
