"""Missions, and the figures of a mission's fact sheet for any date, with their provenance."""

from django.core.cache import cache
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response

from missionfacts.access.rules import is_draft, visible_to
from missionfacts.api import filtersets
from missionfacts.api.serializers.figures import FiguresQuerySerializer
from missionfacts.api.serializers.missions import MissionSerializer
from missionfacts.api.views.base import ReadOnlyRecordViewSet
from missionfacts.factsheets.formatting import LANGUAGES
from missionfacts.factsheets.json_output import sheet_as_json
from missionfacts.figures.sheet import SheetRequestError, compute_sheet
from missionfacts.figures.values import Period
from missionfacts.missions.models import Mission
from missionfacts.missions.versions import version_key, with_data_version

ACRONYM = OpenApiParameter("acronym", OpenApiTypes.STR, OpenApiParameter.PATH, description=_("e.g. MINUSMA"))


@extend_schema_view(retrieve=extend_schema(parameters=[ACRONYM]))
class MissionViewSet(ReadOnlyRecordViewSet):
    """UN peace operations, by acronym (any case)."""

    queryset = Mission.objects.select_related("source")
    serializer_class = MissionSerializer
    lookup_field = "acronym__iexact"
    lookup_url_kwarg = "acronym"
    filterset_class = filtersets.MissionFilterSet

    def filter_queryset(self, queryset):
        # The list leaves out the UN's other entities by default; one asked for by its acronym is found.
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    @extend_schema(parameters=[ACRONYM, FiguresQuerySerializer], responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, renderer_classes=[JSONRenderer, BrowsableAPIRenderer],
            pagination_class=None)
    def figures(self, request, acronym=None):
        """Every figure of the mission's fact sheet on a date, each with its value, unit and provenance."""
        # The list's filters have no say here: the mission is looked up among those the client may see.
        missions = with_data_version(visible_to(request.user, Mission.objects.all(), ""))
        mission = get_object_or_404(missions, acronym__iexact=acronym)
        self.check_object_permissions(request, mission)
        query = FiguresQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        language = query.validated_data.get("lang") or _request_language()
        as_of = query.validated_data["as_of"]
        start, end = query.validated_data.get("period_start"), query.validated_data.get("period_end")
        # The figures of a published mission are the same whoever asks (they are computed from every record,
        # as the public sheet is), so they are shared in the cache under the data version (missions.versions).
        # A draft's are for its staff only, and are not cached.
        key = None if is_draft(mission) else version_key("figures", mission.pk, as_of, start, end, language,
                                                         version=mission.data_version)
        if key is not None and (figures := cache.get(key)) is not None:
            return Response(figures)
        try:
            sheet = compute_sheet(mission, as_of, Period(start, end) if start else None)
        except SheetRequestError as error:
            raise ValidationError({"as_of": [str(error)]}) from None
        figures = sheet_as_json(sheet, language)
        if key is not None:
            cache.set(key, figures)
        return Response(figures)


def _request_language() -> str:
    language = (get_language() or "fr")[:2]
    return language if language in LANGUAGES else "fr"
