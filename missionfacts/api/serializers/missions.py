from rest_framework import serializers

from missionfacts.api.serializers.base import RecordSerializer, ValidatedSerializer
from missionfacts.missions.models import Budget, Ceiling, Leadership, MandateItem, Mission, Resolution, Sector, Site

SOURCED = ["source", "import_batch"]


class MissionSerializer(RecordSerializer):
    mission_path = ""
    mission = None

    class Meta(RecordSerializer.Meta):
        model = Mission
        fields = ["acronym", "name_fr", "name_en", "host_country", "other_host_countries", "location_fr",
                  "location_en", "headquarters", "headquarters_latitude", "headquarters_longitude", "started_on",
                  "started_on_precision", "ended_on", "ended_on_precision", "kind", "is_provisional", *SOURCED]


class CeilingSerializer(ValidatedSerializer):
    """A ceiling has no source of its own: it is that of its resolution."""

    mission_path = "resolution__mission"

    class Meta(ValidatedSerializer.Meta):
        model = Ceiling
        fields = ["id", "resolution", "scope", "authorised"]


class MandateItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = MandateItem
        fields = ["kind", "position", "title_fr", "title_en", "text_fr", "text_en"]


class ResolutionSerializer(RecordSerializer):
    ceilings = CeilingSerializer(many=True, read_only=True)
    mandate_items = MandateItemSerializer(many=True, read_only=True)

    class Meta(RecordSerializer.Meta):
        model = Resolution
        fields = ["id", "mission", "number", "adopted_on", "mandate_ends_on", "ceilings", "mandate_items", *SOURCED]


class SectorSerializer(RecordSerializer):
    class Meta(RecordSerializer.Meta):
        model = Sector
        fields = ["id", "mission", "key", "name_fr", "name_en", "position", "valid_from", "valid_to", *SOURCED]


class SiteSerializer(RecordSerializer):
    class Meta(RecordSerializer.Meta):
        model = Site
        fields = ["id", "mission", "sector", "name", "places", "latitude", "longitude", "valid_from", "valid_to",
                  *SOURCED]


class LeadershipSerializer(RecordSerializer):
    class Meta(RecordSerializer.Meta):
        model = Leadership
        fields = ["id", "mission", "role", "name", "nationality", "started_on", "ended_on", *SOURCED]


class BudgetSerializer(RecordSerializer):
    class Meta(RecordSerializer.Meta):
        model = Budget
        fields = ["id", "mission", "period_start", "period_end", "approved_usd", *SOURCED]
