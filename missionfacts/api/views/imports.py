from missionfacts.api import filtersets
from missionfacts.api.permissions import SourcePermission
from missionfacts.api.serializers.imports import ImportBatchSerializer, SourceSerializer
from missionfacts.api.views.base import ReadOnlyRecordViewSet, RecordViewSet
from missionfacts.imports.models import ImportBatch, Source


class SourceViewSet(RecordViewSet):
    """The documents, data sets and persons records come from.

    Editors add sources and change those only their missions cite; administrators change and delete any.
    """

    queryset = Source.objects.all()
    permission_classes = [SourcePermission]
    serializer_class = SourceSerializer
    lookup_field = "key"
    filterset_fields = ["kind"]


class ImportBatchViewSet(ReadOnlyRecordViewSet):
    """The files the importers read, with what each did: for staff only."""

    queryset = ImportBatch.objects.select_related("source")
    serializer_class = ImportBatchSerializer
    filterset_class = filtersets.ImportBatchFilterSet
    mission_path = None


