from missionfacts.api.serializers.base import RecordSerializer
from missionfacts.casualties.models import Fatality, FatalityCount

SOURCED = ["source", "import_batch"]


class FatalitySerializer(RecordSerializer):
    class Meta(RecordSerializer.Meta):
        model = Fatality
        fields = ["id", "mission", "died_on", "casualty_id", "personnel_category", "incident_type", "sex",
                  "nationality", *SOURCED]


class FatalityCountSerializer(RecordSerializer):
    class Meta(RecordSerializer.Meta):
        model = FatalityCount
        fields = ["id", "mission", "period_start", "period_end", "incident_type", "personnel_category", "count",
                  *SOURCED]
