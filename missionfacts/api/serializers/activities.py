from rest_framework import serializers

from missionfacts.activities.models import (
    Patrol,
    PatrolCount,
    Training,
    TrainingCount,
    TrainingParticipation,
    TrainingProgramme,
)
from missionfacts.api.serializers.base import RecordSerializer

SOURCED = ["source", "import_batch"]


class PatrolSerializer(RecordSerializer):
    class Meta(RecordSerializer.Meta):
        model = Patrol
        fields = ["id", "mission", "patrolled_on", "component", "sector", "site", "patrol_type", "reference",
                  *SOURCED]


class PatrolCountSerializer(RecordSerializer):
    class Meta(RecordSerializer.Meta):
        model = PatrolCount
        fields = ["id", "mission", "period_start", "period_end", "component", "sector", "count", *SOURCED]


class TrainingProgrammeSerializer(RecordSerializer):
    class Meta(RecordSerializer.Meta):
        model = TrainingProgramme
        fields = ["id", "mission", "key", "audience_fr", "audience_en", "subject_fr", "subject_en", "counts",
                  "position", *SOURCED]


class TrainingParticipationSerializer(serializers.ModelSerializer):
    class Meta:
        model = TrainingParticipation
        fields = ["participant_ref", "sex"]


class TrainingSerializer(RecordSerializer):
    participations = TrainingParticipationSerializer(many=True, read_only=True)

    class Meta(RecordSerializer.Meta):
        model = Training
        fields = ["id", "mission", "programme", "held_on", "site", "reference", "trained", "women", "participations",
                  *SOURCED]


class TrainingCountSerializer(RecordSerializer):
    class Meta(RecordSerializer.Meta):
        model = TrainingCount
        fields = ["id", "mission", "programme", "period_start", "period_end", "count", "women", *SOURCED]
