"""The filters of each list: by mission, by date range, and by the record's own categories."""

from datetime import date

import django_filters as filters
from django import forms
from django.db.models import Q
from django.http import QueryDict
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from missionfacts.activities.models import Patrol, PatrolCount, Training, TrainingCount, TrainingProgramme
from missionfacts.casualties.models import Fatality, FatalityCount
from missionfacts.factsheets.formatting import long_date
from missionfacts.figures.dates import computable_dates
from missionfacts.imports.models import ImportBatch
from missionfacts.missions.models import Budget, Ceiling, Leadership, Mission, Resolution, Sector, Site
from missionfacts.personnel.models import Component, ComponentStrength, Strength, types_of


class ComputableDateFormField(forms.DateField):
    """A date written YYYY-MM-DD, whatever the language, within the dates figures are computed for.

    Django's own date field reads the formats of the active language (31/12/2020 in French, 12/31/2020 in
    English): an API's query means the same in every language, so it takes ISO dates only.
    """

    input_formats = ["%Y-%m-%d"]
    default_error_messages = {"invalid": _("Enter a date as YYYY-MM-DD, e.g. 2020-06-30.")}

    def validate(self, value: date | None) -> None:
        super().validate(value)
        bounds = computable_dates()
        if value is not None and not bounds.contains(value):
            language = (get_language() or "en")[:2]
            raise forms.ValidationError(
                _("Give a date from %(earliest)s to %(latest)s (YYYY-MM-DD).")
                % {"earliest": long_date(bounds.start, language), "latest": long_date(bounds.end, language)},
                code="outside_computable_dates")


class DateFilter(filters.DateFilter):
    """Every date filter of the API: ISO dates within figures.dates' bounds, else a 400 naming the parameter."""

    field_class = ComputableDateFormField


def mission_filter(path: str = "mission__acronym") -> filters.CharFilter:
    return filters.CharFilter(field_name=path, lookup_expr="iexact", label=_("Mission acronym"))


def date_range(field: str) -> tuple[filters.DateFilter, filters.DateFilter]:
    return (
        DateFilter(field_name=field, lookup_expr="gte", label=_("On or after (YYYY-MM-DD)")),
        DateFilter(field_name=field, lookup_expr="lte", label=_("On or before (YYYY-MM-DD)")),
    )


class MissionFilterSet(filters.FilterSet):
    """Missions: the peacekeeping operations unless `kind` asks for the UN's other entities, or all."""

    ALL = "all"
    kind = filters.ChoiceFilter(
        choices=[*Mission.Kind.choices, (ALL, _("all"))], method="filter_kind", empty_label=None,
        label=_("Kind (peacekeeping by default; other: the UN's entities that are not operations; all)"),
    )
    active_on = DateFilter(method="filter_active_on", label=_("In operation on (YYYY-MM-DD)"))
    # The date every other part of the API names as_of: here, the missions in operation on that day.
    as_of = DateFilter(method="filter_active_on", label=_("As of (YYYY-MM-DD): the missions in operation then"))

    class Meta:
        model = Mission
        fields = ["is_provisional"]

    def __init__(self, data=None, *args, **kwargs):
        # A filter with no value is not applied: the default kind is written into the query instead.
        data = data.copy() if data is not None else QueryDict(mutable=True)
        data.setdefault("kind", Mission.Kind.PEACEKEEPING)
        super().__init__(data, *args, **kwargs)

    def filter_kind(self, queryset, name, value):
        return queryset if value == self.ALL else queryset.filter(kind=value)

    def filter_active_on(self, queryset, name, value):
        # A mission with no start or end date recorded is not ruled out by the one it lacks (Mission.was_active_on).
        return queryset.filter(Q(started_on__isnull=True) | Q(started_on__lte=value),
                               Q(ended_on__isnull=True) | Q(ended_on__gte=value))


class MissionRecordFilterSet(filters.FilterSet):
    mission = mission_filter()


class PeriodCountFilterSet(MissionRecordFilterSet):
    """Counts whose whole period lies within [period_from, period_to]: only those add up honestly."""

    period_from = DateFilter(field_name="period_start", lookup_expr="gte", label=_("Period starts on or after"))
    period_to = DateFilter(field_name="period_end", lookup_expr="lte", label=_("Period ends on or before"))


class InServiceFilterSet(MissionRecordFilterSet):
    in_service_on = DateFilter(method="filter_in_service_on", label=_("In service on (YYYY-MM-DD)"))

    def filter_in_service_on(self, queryset, name, value):
        return queryset.in_service_on(value)


class ResolutionFilterSet(MissionRecordFilterSet):
    adopted_from, adopted_to = date_range("adopted_on")

    class Meta:
        model = Resolution
        fields = ["number"]


class CeilingFilterSet(filters.FilterSet):
    mission = mission_filter("resolution__mission__acronym")

    class Meta:
        model = Ceiling
        fields = ["resolution", "scope"]


class SectorFilterSet(InServiceFilterSet):
    class Meta:
        model = Sector
        fields = ["key"]


class SiteFilterSet(InServiceFilterSet):
    class Meta:
        model = Site
        fields = ["sector"]


class LeadershipFilterSet(MissionRecordFilterSet):
    class Meta:
        model = Leadership
        fields = ["role"]


class BudgetFilterSet(MissionRecordFilterSet):
    class Meta:
        model = Budget
        fields = []


class ReportedFilterSet(MissionRecordFilterSet):
    reported_from, reported_to = date_range("reported_on")


class StrengthFilterSet(ReportedFilterSet):
    country = filters.CharFilter(lookup_expr="iexact", label=_("Contributing country (ISO 3166 alpha-3)"))
    component = filters.ChoiceFilter(choices=Component.choices, method="filter_component", label=_("Component"))

    class Meta:
        model = Strength
        fields = ["personnel_type"]

    def filter_component(self, queryset, name, value):
        return queryset.of_types(types_of(value))


class ComponentStrengthFilterSet(ReportedFilterSet):
    class Meta:
        model = ComponentStrength
        fields = ["component"]


class PatrolFilterSet(MissionRecordFilterSet):
    patrolled_from, patrolled_to = date_range("patrolled_on")

    class Meta:
        model = Patrol
        fields = ["component", "sector", "site"]


class PatrolCountFilterSet(PeriodCountFilterSet):
    class Meta:
        model = PatrolCount
        fields = ["component", "sector"]


class TrainingProgrammeFilterSet(MissionRecordFilterSet):
    class Meta:
        model = TrainingProgramme
        fields = ["key", "counts"]


class TrainingFilterSet(MissionRecordFilterSet):
    held_from, held_to = date_range("held_on")
    programme = filters.CharFilter(field_name="programme__key", label=_("Programme key"))

    class Meta:
        model = Training
        fields = ["site"]


class TrainingCountFilterSet(PeriodCountFilterSet):
    programme = filters.CharFilter(field_name="programme__key", label=_("Programme key"))

    class Meta:
        model = TrainingCount
        fields = []


class FatalityFilterSet(MissionRecordFilterSet):
    died_from, died_to = date_range("died_on")
    nationality = filters.CharFilter(lookup_expr="iexact", label=_("Nationality (ISO 3166 alpha-3)"))

    class Meta:
        model = Fatality
        fields = ["incident_type", "personnel_category"]


class FatalityCountFilterSet(PeriodCountFilterSet):
    class Meta:
        model = FatalityCount
        fields = ["incident_type", "personnel_category"]


class ImportBatchFilterSet(filters.FilterSet):
    class Meta:
        model = ImportBatch
        fields = ["kind", "checksum"]
