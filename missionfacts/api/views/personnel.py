from missionfacts.api import filtersets
from missionfacts.api.serializers.personnel import ComponentStrengthSerializer, StrengthSerializer
from missionfacts.api.views.base import RecordViewSet
from missionfacts.personnel.models import ComponentStrength, Strength


class StrengthViewSet(RecordViewSet):
    """Uniformed strength by contributing country and personnel type, as men and women, on reporting dates."""

    queryset = Strength.objects.select_related("mission", "source")
    serializer_class = StrengthSerializer
    filterset_class = filtersets.StrengthFilterSet


class ComponentStrengthViewSet(RecordViewSet):
    """A component's total strength on a date, as published, with no breakdown."""

    queryset = ComponentStrength.objects.select_related("mission", "source")
    serializer_class = ComponentStrengthSerializer
    filterset_class = filtersets.ComponentStrengthFilterSet
