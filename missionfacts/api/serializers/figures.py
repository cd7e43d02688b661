from datetime import date

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from missionfacts.factsheets.formatting import LANGUAGES


class FiguresQuerySerializer(serializers.Serializer):
    """The query of a sheet's figures: the date, the language, and optionally the reporting period."""

    as_of = serializers.DateField(required=False, help_text=_("The date of the sheet (default: today)."))
    lang = serializers.ChoiceField(choices=list(LANGUAGES), required=False, help_text=_("fr or en"))
    period_start = serializers.DateField(required=False, help_text=_("First day of the reporting period."))
    period_end = serializers.DateField(required=False, help_text=_("Last day of the reporting period."))

    def validate(self, attrs: dict) -> dict:
        start, end = attrs.get("period_start"), attrs.get("period_end")
        if (start is None) != (end is None):
            raise serializers.ValidationError(_("Give both ends of the period, or neither."))
        if start and end < start:
            raise serializers.ValidationError({"period_end": _("A period cannot end before it starts.")})
        attrs.setdefault("as_of", date.today())
        return attrs
