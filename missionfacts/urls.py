"""URL routes: the admin, the public web pages, and the API."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("missionfacts.api.urls")),
    path("", include("missionfacts.web.urls")),
]

# The site's own error pages (missionfacts/web/templates): with DEBUG off, a mistyped address or a crash shows
# them, not Django's. The 500 page is Django's view rendering 500.html, which needs no database or request.
handler400 = "missionfacts.web.views.public.bad_request"
handler404 = "missionfacts.web.views.public.page_not_found"
handler500 = "django.views.defaults.server_error"
