from rest_framework import serializers

from missionfacts.api.serializers.base import RecordSerializer
from missionfacts.personnel.models import Component, ComponentStrength, Strength

SOURCED = ["source", "import_batch"]


class StrengthSerializer(RecordSerializer):
    total = serializers.IntegerField(read_only=True)
    component = serializers.ChoiceField(choices=Component.choices, read_only=True)

    class Meta(RecordSerializer.Meta):
        model = Strength
        fields = ["id", "mission", "reported_on", "country", "personnel_type", "component", "men", "women", "total",
                  *SOURCED]


class ComponentStrengthSerializer(RecordSerializer):
    class Meta(RecordSerializer.Meta):
        model = ComponentStrength
        fields = ["id", "mission", "reported_on", "component", "total", "women", *SOURCED]
