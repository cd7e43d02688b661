from missionfacts.api import filtersets
from missionfacts.api.serializers.casualties import FatalityCountSerializer, FatalitySerializer
from missionfacts.api.views.base import RecordViewSet
from missionfacts.casualties.models import Fatality, FatalityCount


class FatalityViewSet(RecordViewSet):
    """Fatalities one row per person, as the UN publishes them."""

    queryset = Fatality.objects.select_related("mission", "source")
    serializer_class = FatalitySerializer
    filterset_class = filtersets.FatalityFilterSet


class FatalityCountViewSet(RecordViewSet):
    """Published numbers of fatalities over periods, when the individual records are not held."""

    queryset = FatalityCount.objects.select_related("mission", "source")
    serializer_class = FatalityCountSerializer
    filterset_class = filtersets.FatalityCountFilterSet
