"""Uniformed and civilian strength: stocks, reported as of a date."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from missionfacts.countries import validate_country_code
from missionfacts.imports.models import SourcedRecord
from missionfacts.missions.models import Mission
from missionfacts.personnel import rules
from missionfacts.personnel.querysets import ReportedQuerySet, StrengthQuerySet


class Component(models.TextChoices):
    """The two uniformed components a fact sheet reports."""

    MILITARY = "military", _("military")
    POLICE = "police", _("police")


class PersonnelType(models.TextChoices):
    """The UN's uniformed personnel types, as in its contributions data."""

    TROOPS = "troops", _("Troops")
    STAFF_OFFICER = "staff_officer", _("Staff officers")
    EXPERT_ON_MISSION = "expert_on_mission", _("Experts on mission")
    FORMED_POLICE_UNIT = "formed_police_unit", _("Formed police units")
    INDIVIDUAL_POLICE = "individual_police", _("Individual police")

    @property
    def component(self) -> str:
        return COMPONENT_OF_TYPE[self]


COMPONENT_OF_TYPE = {
    PersonnelType.TROOPS: Component.MILITARY,
    PersonnelType.STAFF_OFFICER: Component.MILITARY,
    PersonnelType.EXPERT_ON_MISSION: Component.MILITARY,
    PersonnelType.FORMED_POLICE_UNIT: Component.POLICE,
    PersonnelType.INDIVIDUAL_POLICE: Component.POLICE,
}


def types_of(component: str) -> list[str]:
    """The personnel types that make up a component (military = troops, staff officers, experts)."""
    return [str(kind) for kind, owner in COMPONENT_OF_TYPE.items() if owner == component]


class Strength(SourcedRecord):
    """One row: the uniformed personnel of one contributing country and personnel type in one mission on one
    reporting date, as men and women."""

    # No index of its own: the unique key (mission, reported_on, country, personnel_type) starts with the
    # mission and the date, so it serves those lookups, and every extra index slows bulk imports.
    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="strengths", db_index=False)
    reported_on = models.DateField(_("reporting date"))
    country = models.CharField(_("contributing country"), max_length=3, validators=[validate_country_code])
    personnel_type = models.CharField(_("personnel type"), max_length=30, choices=PersonnelType.choices)
    men = models.PositiveIntegerField(_("men"))
    women = models.PositiveIntegerField(_("women"))

    objects = StrengthQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["mission", "reported_on", "country", "personnel_type"]
        verbose_name = _("uniformed strength")
        verbose_name_plural = _("uniformed strength")
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "reported_on", "country", "personnel_type"],
                name="unique_strength_row",
                violation_error_message=_(
                    "This mission already has strength for this country and personnel type on this date."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.mission} {self.reported_on} {self.country} {self.personnel_type}: {self.total}"

    def clean(self) -> None:
        super().clean()
        rules.raise_messages(rules.reporting_date_messages(self.reported_on))

    @property
    def total(self) -> int:
        return self.men + self.women

    @property
    def component(self) -> str:
        return COMPONENT_OF_TYPE[PersonnelType(self.personnel_type)]


class ComponentStrength(SourcedRecord):
    """One row: a component's total strength on a date as a published figure, with no breakdown.

    Held apart from the per-country rows so that a stated total is never added to its own breakdown.
    """

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="component_strengths")
    reported_on = models.DateField(_("reporting date"))
    component = models.CharField(_("component"), max_length=20, choices=Component.choices)
    total = models.PositiveIntegerField(_("total"))
    women = models.PositiveIntegerField(_("women"), null=True, blank=True)

    objects = ReportedQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["mission", "reported_on", "component"]
        verbose_name = _("component strength")
        verbose_name_plural = _("component strengths")
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "reported_on", "component"],
                name="unique_component_strength",
                violation_error_message=_("This mission already has a total for this component on this date."),
            ),
            models.CheckConstraint(
                condition=Q(women__isnull=True) | Q(women__lte=F("total")),
                name="component_women_within_total",
                violation_error_message=_("Women cannot outnumber the total."),
            ),
        ]

    def clean(self) -> None:
        super().clean()
        rules.raise_messages(rules.reporting_date_messages(self.reported_on),
                             rules.women_within_total_messages(self.women, self.total))


class CivilianStaffing(SourcedRecord):
    """One row: the civilian staff of one category in a mission on a date."""

    class Category(models.TextChoices):
        INTERNATIONAL = "international", _("international civilian staff")
        NATIONAL = "national", _("national civilian staff")
        VOLUNTEERS = "volunteers", _("United Nations Volunteers")

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="civilian_staffing")
    reported_on = models.DateField(_("reporting date"))
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    total = models.PositiveIntegerField(_("total"))
    women = models.PositiveIntegerField(_("women"), null=True, blank=True)

    objects = ReportedQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["mission", "reported_on", "category"]
        verbose_name = _("civilian staffing")
        verbose_name_plural = _("civilian staffing")
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "reported_on", "category"],
                name="unique_civilian_staffing",
                violation_error_message=_("This mission already has staffing for this category on this date."),
            ),
            models.CheckConstraint(
                condition=Q(women__isnull=True) | Q(women__lte=F("total")),
                name="civilian_women_within_total",
                violation_error_message=_("Women cannot outnumber the total."),
            ),
        ]

    def clean(self) -> None:
        super().clean()
        rules.raise_messages(rules.reporting_date_messages(self.reported_on),
                             rules.women_within_total_messages(self.women, self.total))
