from django.urls import path

from missionfacts.web import views

app_name = "web"
urlpatterns = [
    path("", views.mission_list, name="missions"),
    path("missions/<str:acronym>/", views.factsheet, name="factsheet"),
    path("missions/<str:acronym>/factsheet.<str:extension>", views.factsheet_file, name="factsheet-file"),
]
