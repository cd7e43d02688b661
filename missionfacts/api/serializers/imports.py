from rest_framework import serializers

from missionfacts.api.serializers.base import ValidatedSerializer
from missionfacts.imports.models import ImportBatch, Source


class SourceSerializer(ValidatedSerializer):
    mission_path = None

    class Meta(ValidatedSerializer.Meta):
        model = Source
        fields = ["key", "kind", "title", "publisher", "published_on", "url", "licence", "note"]


class ImportBatchSerializer(serializers.ModelSerializer):
    source = serializers.SlugRelatedField(slug_field="key", read_only=True)

    class Meta:
        model = ImportBatch
        fields = ["id", "kind", "file_name", "checksum", "source", "imported_by_name", "imported_at", "rows_read",
                  "rows_added", "rows_changed", "rows_unchanged", "rows_removed"]
