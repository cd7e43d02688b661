"""URL routes: the admin, the public web pages, and the API."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("missionfacts.api.urls")),
    path("", include("missionfacts.web.urls")),
]
