"""The forms of the web pages: a sheet's date, an import, a publication, two editions to compare."""

import re
import unicodedata
from datetime import date

from django import forms
from django.db import models
from django.utils.translation import get_language, pgettext_lazy
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
    """A date within the dates figures are computed for (figures.dates); outside them, a message names them.

    Only the form YYYY-MM-DD is read, the one the date picker sends and the one links carry: a date typed into
    an address in another form (07/01/2020, 2020-13-01) is refused with a message that shows the right form.
    """

    default_error_messages = {
        "invalid": _("“%(value)s” is not a date: write it as YYYY-MM-DD, for example 2020-07-01."),
    }

    def __init__(self, **kwargs):
        super().__init__(widget=DateInput(), input_formats=["%Y-%m-%d"], **kwargs)
        # The browser's hint, set when the form class is made; validate() checks against today's bounds.
        bounds = computable_dates()
        self.widget.attrs.update({"min": bounds.start.isoformat(), "max": bounds.end.isoformat()})

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError as error:
            if error.code != "invalid":
                raise
            # The value shown back is cut short: an address may hold anything.
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid",
                                        params={"value": str(value).strip()[:40]}) from None

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


class DashboardDayForm(forms.Form):
    """The reporting date the dashboards' contributors chart is drawn for (`?at=`); none means today."""

    at = ComputableDateField(label=_("Reporting date"), required=False)


class MissionSearchForm(forms.Form):
    """The home page's search: words of a mission's name (in either language), acronym or host country, and
    whether it is under way or past. A GET form, so that a search is an address one can share."""

    class Status(models.TextChoices):
        ALL = "", pgettext_lazy("operations", "All")
        CURRENT = "current", pgettext_lazy("operations", "Current")
        PAST = "past", pgettext_lazy("operations", "Past")

    q = forms.CharField(label=_("Find a mission"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off",
                                                      "placeholder": _("Name, acronym or country")}))
    status = forms.ChoiceField(label=_("Operations"), required=False, choices=Status.choices,
                               widget=forms.RadioSelect)

    def matching(self, missions: list[Mission], today: date, language: str) -> list[Mission]:
        """The missions whose words begin with every word searched for ("mali", "minus", "congo démo"),
        accents and case aside, of the status asked for."""
        data = self.cleaned_data if self.is_valid() else {}
        words = search_words(data.get("q", ""))
        status = data.get("status", "")
        found = []
        for mission in missions:
            if status and (status == self.Status.CURRENT) != mission_is_current(mission, today):
                continue
            if words and not all(any(own.startswith(word) for own in search_words(searched_text(mission, language)))
                                 for word in words):
                continue
            found.append(mission)
        return found


def mission_is_current(mission: Mission, today: date) -> bool:
    return mission.ended_on is None or mission.ended_on >= today


def searched_text(mission: Mission, language: str) -> str:
    """What a search looks in: the acronym, both names, and the host countries as the page names them."""
    countries = [formatting.country(code, language) for code in mission.host_countries]
    return " ".join([mission.acronym, mission.name_fr, mission.name_en, *countries])


def search_words(text: str) -> list[str]:
    """The words of a text without case or accents: "Côte d'Ivoire" → ["cote", "d", "ivoire"]."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    return re.findall(r"[a-z0-9]+", plain)


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
