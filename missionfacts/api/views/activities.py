from missionfacts.activities.models import Patrol, PatrolCount, Training, TrainingCount, TrainingProgramme
from missionfacts.api import filtersets
from missionfacts.api.serializers.activities import (
    PatrolCountSerializer,
    PatrolSerializer,
    TrainingCountSerializer,
    TrainingProgrammeSerializer,
    TrainingSerializer,
)
from missionfacts.api.views.base import RecordViewSet


class PatrolViewSet(RecordViewSet):
    """Individual patrols: for the staff of their mission only."""

    queryset = Patrol.objects.select_related("mission", "source")
    serializer_class = PatrolSerializer
    filterset_class = filtersets.PatrolFilterSet


class PatrolCountViewSet(RecordViewSet):
    """Published numbers of patrols over periods."""

    queryset = PatrolCount.objects.select_related("mission", "source")
    serializer_class = PatrolCountSerializer
    filterset_class = filtersets.PatrolCountFilterSet


class TrainingProgrammeViewSet(RecordViewSet):
    queryset = TrainingProgramme.objects.select_related("mission", "source")
    serializer_class = TrainingProgrammeSerializer
    filterset_class = filtersets.TrainingProgrammeFilterSet


class TrainingViewSet(RecordViewSet):
    """Training sessions with their participants' references: for the staff of their mission only."""

    queryset = Training.objects.select_related("mission", "source", "programme").prefetch_related("participations")
    serializer_class = TrainingSerializer
    filterset_class = filtersets.TrainingFilterSet


class TrainingCountViewSet(RecordViewSet):
    """Published numbers of persons trained (or participations) over periods."""

    queryset = TrainingCount.objects.select_related("mission", "source", "programme")
    serializer_class = TrainingCountSerializer
    filterset_class = filtersets.TrainingCountFilterSet
