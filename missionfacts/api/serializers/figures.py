from datetime import date

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from missionfacts.factsheets.formatting import LANGUAGES, long_date
from missionfacts.figures.dates import computable_dates


class ComputableDateField(serializers.DateField):
    """A date within the dates figures are computed for (figures.dates); outside them, the error names them."""

    default_error_messages = {"invalid": _("Enter a date as YYYY-MM-DD, e.g. 2020-06-30.")}

    def to_internal_value(self, value) -> date:
        day = super().to_internal_value(value)
        bounds = computable_dates()
        if not bounds.contains(day):
            language = (get_language() or "fr")[:2]
            raise serializers.ValidationError(
                _("Figures are computed for dates from %(earliest)s to %(latest)s: choose a date between them.")
                % {"earliest": long_date(bounds.start, language), "latest": long_date(bounds.end, language)},
                code="outside_computable_dates")
        return day


class FiguresQuerySerializer(serializers.Serializer):
    """The query of a sheet's figures: the date, the language, and optionally the reporting period."""

    as_of = ComputableDateField(required=False, help_text=_("The date of the sheet (default: today)."))
    lang = serializers.ChoiceField(choices=list(LANGUAGES), required=False, help_text=_("fr or en"))
    period_start = ComputableDateField(required=False, help_text=_("First day of the reporting period."))
    period_end = ComputableDateField(required=False, help_text=_("Last day of the reporting period."))

    def validate(self, attrs: dict) -> dict:
        start, end = attrs.get("period_start"), attrs.get("period_end")
        if (start is None) != (end is None):
            raise serializers.ValidationError(_("Give both ends of the period, or neither."))
        if start and end < start:
            raise serializers.ValidationError({"period_end": _("A period cannot end before it starts.")})
        attrs.setdefault("as_of", date.today())
        return attrs
