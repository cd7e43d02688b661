"""The API's front door (/api/): what missionfacts is, where its data and figures are, and on what terms."""

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from rest_framework import routers
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

EXAMPLE_MISSION = "MINUSMA"
EXAMPLE_DATE = "2020-06-30"


def about_text() -> str:
    return _("missionfacts holds the sourced facts of UN peacekeeping operations since 1948 — mandates and "
             "ceilings, uniformed strength by country, deployment, patrols, trainings, fatalities and budgets — "
             "and computes the figures of each operation's fact sheet for any date, each with its provenance.")


class ApiRootView(routers.APIRootView):
    """The product, its endpoints and their terms, in the request's language (api.language)."""

    def get_view_name(self) -> str:
        return _("missionfacts API")

    def get_view_description(self, html: bool = False) -> str:
        return mark_safe(f"<p>{escape(about_text())}</p>") if html else about_text()

    def get(self, request, *args, **kwargs):
        records = super().get(request, *args, **kwargs).data
        figures = reverse("api:mission-figures", kwargs={"acronym": EXAMPLE_MISSION}, request=request)
        return Response({
            "name": "missionfacts",
            "about": about_text(),
            "sheet": {
                "description": _("Every figure of a mission's fact sheet on a date, with its value, unit, "
                                 "date or period and provenance: /api/missions/{acronym}/figures/"
                                 "?as_of=YYYY-MM-DD&lang=en|fr, optionally with period_start and period_end."),
                "example": f"{figures}?as_of={EXAMPLE_DATE}&lang={request.LANGUAGE_CODE}",
            },
            "records": {
                "description": _("The records the figures are computed from, one list per kind, filtered by "
                                 "mission (parameter mission=ACRONYM) and by dates (YYYY-MM-DD), paginated (page, "
                                 "page_size up to 1,000), as JSON or CSV (parameter format=csv). Drafts and "
                                 "individual records are shown to signed-in staff only."),
                "endpoints": records,
            },
            "schema": reverse("api:schema", request=request),
            "docs": reverse("api:docs", request=request),
            "language": _("Answers and errors are in English unless the request asks for French, with the "
                          "parameter lang=fr or the header Accept-Language (value fr)."),
            "licence": _("The UN's data (fatalities, contributions, the catalogue of operations) comes from the "
                         "United Nations Peace and Security Data Hub under CC BY 3.0 IGO: credit the United "
                         "Nations when you reuse it. Each figure names its own sources."),
        })


class UnknownEndpoint(APIView):
    """Any other address under /api/ ending in a slash: a 404 in JSON and in the request's language that points
    to the root, rather than the site's HTML page."""

    permission_classes = [AllowAny]
    authentication_classes = []
    schema = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        raise NotFound(_("No endpoint at this address: the API's endpoints are listed at %(root)s.")
                       % {"root": reverse("api:api-root", request=request)})
