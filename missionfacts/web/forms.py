"""The forms of the web pages: a sheet's date, an import, a publication, two editions to compare."""

from datetime import date

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from missionfacts.factsheets import formatting
from missionfacts.figures.dates import computable_dates
from missionfacts.imports.registry import IMPORTERS
from missionfacts.missions.models import DatePrecision, Mission

# How the upload page names each import kind; a kind added to the registry without a name shows its key.
KIND_NAMES = {
    "mission": _("Mission file (YAML)"),
    "un-contributions": _("UN uniformed personnel contributions (CSV)"),
    "un-fatalities": _("UN peacekeeper fatalities (CSV)"),
    "un-missions": _("UN peacekeeping missions (CSV)"),
    "patrols": _("Patrols (CSV or Excel)"),
    "trainings": _("Training sessions and participants (CSV or Excel)"),
}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class ComputableDateField(forms.DateField):
    """A date within the dates figures are computed for (figures.dates); outside them, a message names them."""

    def __init__(self, **kwargs):
        super().__init__(widget=DateInput(), **kwargs)
        # The browser's hint, set when the form class is made; validate() checks against today's bounds.
        bounds = computable_dates()
        self.widget.attrs.update({"min": bounds.start.isoformat(), "max": bounds.end.isoformat()})

    def validate(self, value: date | None) -> None:
        super().validate(value)
        bounds = computable_dates()
        if value is not None and not bounds.contains(value):
            raise forms.ValidationError(
                _("Figures are computed for dates from %(earliest)s to %(latest)s: choose a date between them."),
                code="outside_computable_dates",
                params={"earliest": formatting.long_date(bounds.start, _language()),
                        "latest": formatting.long_date(bounds.end, _language())})


class SheetDateForm(forms.Form):
    """The date a sheet is computed for, not before the mission began."""

    as_of = ComputableDateField(label=_("As of"))

    def __init__(self, *args, mission: Mission, **kwargs):
        super().__init__(*args, **kwargs)
        self.mission = mission
        if mission.started_on:
            self.fields["as_of"].widget.attrs["min"] = mission.started_on.isoformat()

    def clean_as_of(self) -> date:
        day = self.cleaned_data["as_of"]
        started_on = self.mission.started_on
        if started_on and day < started_on:
            # A start known only to the month or the year is named so: "UNEF began in November 1956".
            precision = self.mission.started_on_precision
            message = _("%(mission)s began in %(date)s: choose a later date.")
            if precision == DatePrecision.DAY:
                message = _("%(mission)s began on %(date)s: choose a later date.")
                shown = formatting.long_date(started_on, _language())
            elif precision == DatePrecision.MONTH:
                shown = formatting.month_year(started_on, _language())
            else:
                shown = str(started_on.year)
            raise forms.ValidationError(message, params={"mission": self.mission.acronym, "date": shown})
        return day


def _language() -> str:
    return (get_language() or "fr")[:2]


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of file"))
    file = forms.FileField(label=_("File"))
    mission = forms.ModelChoiceField(
        Mission.objects.none(), label=_("Mission"), required=False, to_field_name="acronym",
        help_text=_("The mission the file is about. A mission file names its own, which must be this one."),
    )
    dry_run = forms.BooleanField(label=_("Check only (dry run): report the problems, write nothing"), required=False)

    def __init__(self, *args, missions, mission_required: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind, KIND_NAMES.get(kind, kind)) for kind in IMPORTERS]
        self.fields["mission"].queryset = missions
        self.fields["mission"].required = mission_required


class PublishForm(forms.Form):
    as_of = ComputableDateField(label=_("As of"))
    reason = forms.CharField(
        label=_("Reason for publishing despite the warnings"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the checks give warnings; kept with the edition."),
    )


class CompareForm(forms.Form):
    old = forms.TypedChoiceField(label=_("From edition"), coerce=int)
    new = forms.TypedChoiceField(label=_("To edition"), coerce=int)

    def __init__(self, *args, numbers: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("old", "new"):
            self.fields[name].choices = [(number, str(number)) for number in numbers]
