"""The shape of every record endpoint: rows the client may see, writes checked, refusals explained."""

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext_lazy as _
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import APIException, ValidationError

from missionfacts.access.rules import visible_to


class StillReferenced(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("Other records still refer to this one; change or delete them first.")
    default_code = "still_referenced"


class ReadOnlyRecordViewSet(viewsets.ReadOnlyModelViewSet):
    """Lists and single records, limited to the rows the client may see (access.rules.visible_to)."""

    @property
    def mission_path(self) -> str | None:
        return self.serializer_class.mission_path

    def get_queryset(self):
        return visible_to(self.request.user, super().get_queryset(), self.mission_path)


class RecordViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, mixins.DestroyModelMixin, ReadOnlyRecordViewSet
):
    """Read, and for editors of the record's mission, create, change and delete."""

    def perform_create(self, serializer) -> None:
        self._save(serializer)

    def perform_update(self, serializer) -> None:
        self._save(serializer)

    def perform_destroy(self, instance) -> None:
        try:
            with transaction.atomic():
                instance.delete()
        except ProtectedError:
            raise StillReferenced from None

    @staticmethod
    def _save(serializer) -> None:
        # full_clean() has checked the constraints already; this covers a concurrent write of the same row.
        try:
            with transaction.atomic():
                serializer.save()
        except IntegrityError:
            raise ValidationError(_("Another record with the same values was saved meanwhile; try again.")) from None
