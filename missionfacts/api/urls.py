"""The REST API under /api/: one route per kind of record, the figures of a sheet, and the OpenAPI schema."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from missionfacts.api.views import activities, casualties, figures, imports, missions, personnel
from missionfacts.api.views.root import ApiRootView, UnknownEndpoint

app_name = "api"

router = DefaultRouter()
router.APIRootView = ApiRootView
router.register("missions", figures.MissionViewSet, basename="mission")
router.register("resolutions", missions.ResolutionViewSet, basename="resolution")
router.register("ceilings", missions.CeilingViewSet, basename="ceiling")
router.register("sectors", missions.SectorViewSet, basename="sector")
router.register("sites", missions.SiteViewSet, basename="site")
router.register("leadership", missions.LeadershipViewSet, basename="leadership")
router.register("budgets", missions.BudgetViewSet, basename="budget")
router.register("strength", personnel.StrengthViewSet, basename="strength")
router.register("component-strengths", personnel.ComponentStrengthViewSet, basename="component-strength")
router.register("patrols", activities.PatrolViewSet, basename="patrol")
router.register("patrol-counts", activities.PatrolCountViewSet, basename="patrol-count")
router.register("training-programmes", activities.TrainingProgrammeViewSet, basename="training-programme")
router.register("trainings", activities.TrainingViewSet, basename="training")
router.register("training-counts", activities.TrainingCountViewSet, basename="training-count")
router.register("fatalities", casualties.FatalityViewSet, basename="fatality")
router.register("fatality-counts", casualties.FatalityCountViewSet, basename="fatality-count")
router.register("sources", imports.SourceViewSet, basename="source")
router.register("imports", imports.ImportBatchViewSet, basename="import")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("", include(router.urls)),
    # Last: only an address ending in a slash, so that /api/missions is still redirected to /api/missions/.
    re_path(r"^.+/$", UnknownEndpoint.as_view(), name="unknown-endpoint"),
]
