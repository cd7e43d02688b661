from missionfacts.api import filtersets
from missionfacts.api.serializers.missions import (
    BudgetSerializer,
    CeilingSerializer,
    LeadershipSerializer,
    ResolutionSerializer,
    SectorSerializer,
    SiteSerializer,
)
from missionfacts.api.views.base import ReadOnlyRecordViewSet, RecordViewSet
from missionfacts.missions.models import Budget, Ceiling, Leadership, Resolution, Sector, Site


class ResolutionViewSet(RecordViewSet):
    """Security Council resolutions, each with the ceilings it authorises and its mandate."""

    queryset = Resolution.objects.select_related("mission", "source").prefetch_related("ceilings", "mandate_items")
    serializer_class = ResolutionSerializer
    filterset_class = filtersets.ResolutionFilterSet


class CeilingViewSet(RecordViewSet):
    """Authorised ceilings: the personnel of one kind a resolution authorises."""

    queryset = Ceiling.objects.all()
    serializer_class = CeilingSerializer
    filterset_class = filtersets.CeilingFilterSet


class SectorViewSet(RecordViewSet):
    queryset = Sector.objects.select_related("mission", "source")
    serializer_class = SectorSerializer
    filterset_class = filtersets.SectorFilterSet


class SiteViewSet(RecordViewSet):
    queryset = Site.objects.select_related("mission", "source")
    serializer_class = SiteSerializer
    filterset_class = filtersets.SiteFilterSet


class LeadershipViewSet(ReadOnlyRecordViewSet):
    queryset = Leadership.objects.select_related("mission", "source")
    serializer_class = LeadershipSerializer
    filterset_class = filtersets.LeadershipFilterSet


class BudgetViewSet(ReadOnlyRecordViewSet):
    queryset = Budget.objects.select_related("mission", "source")
    serializer_class = BudgetSerializer
    filterset_class = filtersets.BudgetFilterSet
