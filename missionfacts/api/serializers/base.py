"""What every writable record of the API shares: the model's own validation, the editor's rights, a source."""

import copy

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.settings import api_settings

from missionfacts.access.rules import can_edit, mission_of
from missionfacts.imports.models import Source
from missionfacts.missions.models import Mission


class ValidatedSerializer(serializers.ModelSerializer):
    """A record written only after its model's `full_clean()` passes, by an editor of its mission.

    The model's field rules, `clean()` and constraints are the ones the admin and the importers apply, so the
    three can never disagree. `mission_path` leads from the record to its mission (see access.rules).
    """

    mission_path: str | None = "mission"

    class Meta:
        # The model's constraints, checked by full_clean(), give the messages; DRF's own copies would not.
        validators = []

    def validate(self, attrs: dict) -> dict:
        attrs = super().validate(attrs)
        record = self._record_with(attrs)
        mission = mission_of(record, self.mission_path)
        if mission is not None and not can_edit(self.context["request"].user, mission):
            raise PermissionDenied(_("You are not an editor of this mission."))
        try:
            record.full_clean()
        except DjangoValidationError as error:
            detail = serializers.as_serializer_error(error)
            if NON_FIELD_ERRORS in detail:
                detail[api_settings.NON_FIELD_ERRORS_KEY] = detail.pop(NON_FIELD_ERRORS)
            raise serializers.ValidationError(detail) from None
        return attrs

    def _record_with(self, attrs: dict):
        """The record as it would be saved: the instance being updated with the new values, or a new one."""
        model = self.Meta.model
        fields = {name: value for name, value in attrs.items() if not isinstance(value, list)}
        if self.instance is None:
            return model(**fields)
        record = copy.copy(self.instance)
        for name, value in fields.items():
            setattr(record, name, value)
        return record


class RecordSerializer(ValidatedSerializer):
    """A sourced fact record. A record written through the API names its source and belongs to no import."""

    mission = serializers.SlugRelatedField(
        slug_field="acronym", queryset=Mission.objects.all(), help_text=_("The mission's acronym.")
    )
    source = serializers.SlugRelatedField(
        slug_field="key", queryset=Source.objects.all(), help_text=_("The key of the record's source.")
    )
    import_batch = serializers.PrimaryKeyRelatedField(
        read_only=True, help_text=_("The import that wrote the record; empty when written by hand.")
    )

    class Meta(ValidatedSerializer.Meta):
        pass

    def create(self, validated_data: dict):
        return super().create({**validated_data, "import_batch": None})

    def update(self, instance, validated_data: dict):
        # The values no longer come from the file an import read, so the record no longer belongs to it.
        return super().update(instance, {**validated_data, "import_batch": None})
