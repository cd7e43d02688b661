"""The filters of each list: by mission, by date range, and by the record's own categories."""

import django_filters as filters
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from missionfacts.activities.models import Patrol, PatrolCount, Training, TrainingCount, TrainingProgramme
from missionfacts.casualties.models import Fatality, FatalityCount
from missionfacts.imports.models import ImportBatch
from missionfacts.missions.models import Budget, Ceiling, Leadership, Mission, Resolution, Sector, Site
from missionfacts.personnel.models import Component, ComponentStrength, Strength, types_of


def mission_filter(path: str = "mission__acronym") -> filters.CharFilter:
    return filters.CharFilter(field_name=path, lookup_expr="iexact", label=_("Mission acronym"))


def date_range(field: str) -> tuple[filters.DateFilter, filters.DateFilter]:
    return (
        filters.DateFilter(field_name=field, lookup_expr="gte", label=_("On or after (YYYY-MM-DD)")),
        filters.DateFilter(field_name=field, lookup_expr="lte", label=_("On or before (YYYY-MM-DD)")),
    )


class MissionFilterSet(filters.FilterSet):
    """Missions: the peacekeeping operations unless `kind` asks for the UN's other entities, or all."""

    ALL = "all"
    kind = filters.ChoiceFilter(
        choices=[*Mission.Kind.choices, (ALL, _("all"))], method="filter_kind", empty_label=None,
        label=_("Kind (peacekeeping by default; other: the UN's entities that are not operations; all)"),
    )

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


class MissionRecordFilterSet(filters.FilterSet):
    mission = mission_filter()


class PeriodCountFilterSet(MissionRecordFilterSet):
    """Counts whose whole period lies within [period_from, period_to]: only those add up honestly."""

    period_from = filters.DateFilter(field_name="period_start", lookup_expr="gte", label=_("Period starts on or after"))
    period_to = filters.DateFilter(field_name="period_end", lookup_expr="lte", label=_("Period ends on or before"))


class InServiceFilterSet(MissionRecordFilterSet):
    in_service_on = filters.DateFilter(method="filter_in_service_on", label=_("In service on (YYYY-MM-DD)"))

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
