"""Uniformed and civilian strength: stocks, reported as of a date."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from missionfacts.countries import validate_country_code
from missionfacts.imports.models import SourcedRecord
from missionfacts.missions.models import CeilingScope, DatePrecision, Mission
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


class StatedStrength(SourcedRecord):
    """One row: a mission's strength as a page states it for one date or month, before any breakdown.

    The page's grand total is kept here as published, apart from the categories it gives (`parts`), so a
    total that does not add up is shown as the page has it and reported by the checks rather than refused.
    Besides the strength at a date, pages of past missions state the peak (maximum) strength and the
    strength at withdrawal: each is a kind of stated strength, with its own date or month. A page may give a
    uniformed subtotal beside its grand total (`uniformed`). Two sources may state the same strength
    differently: each is a published version, one row per source.
    """

    class Kind(models.TextChoices):
        AS_OF = "as_of", _("strength")
        PEAK = "peak", _("maximum strength")
        AT_WITHDRAWAL = "at_withdrawal", _("strength at withdrawal")

    class TotalCovers(models.TextChoices):
        ALL = "all", _("all personnel")
        UNIFORMED = "uniformed", _("uniformed personnel")

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="stated_strengths")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.AS_OF)
    reported_on = models.DateField(_("reporting date"))
    reported_on_precision = models.CharField(
        _("reporting date precision"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    total = models.PositiveIntegerField(_("total as published"), null=True, blank=True)
    women = models.PositiveIntegerField(_("women in the total"), null=True, blank=True)
    total_covers = models.CharField(
        _("the total counts"), max_length=20, choices=TotalCovers.choices, default=TotalCovers.ALL
    )
    uniformed = models.PositiveIntegerField(_("uniformed subtotal as published"), null=True, blank=True)
    uniformed_women = models.PositiveIntegerField(_("women in the uniformed subtotal"), null=True, blank=True)
    wording_fr = models.TextField(_("wording as published (French)"), blank=True)
    wording_en = models.TextField(_("wording as published (English)"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["mission", "reported_on", "kind"]
        verbose_name = _("stated strength")
        verbose_name_plural = _("stated strengths")
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "kind", "reported_on", "source"],
                name="unique_stated_strength_per_source",
                violation_error_message=_("This source already states a strength of this kind on this date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mission} {self.kind} {self.reported_on}: {self.total}"

    def clean(self) -> None:
        super().clean()
        rules.raise_messages(rules.reporting_date_messages(self.reported_on))

    def wording(self, language: str) -> str:
        preferred = self.wording_fr if language == "fr" else self.wording_en
        return preferred or self.wording_en or self.wording_fr


class StatedStrengthPart(models.Model):
    """One row: the personnel of one category (troops, military observers, …) in a stated strength, as published.

    Women are kept as the page gives them, even above the total: the checks report that, the import does not
    refuse it, so that what the page says stays visible. A component may count parts beyond its usual ones
    (`includes`: civilians with UN Volunteers) or leave some out (`excludes`: military without observers).
    """

    stated_strength = models.ForeignKey(StatedStrength, on_delete=models.CASCADE, related_name="parts")
    category = models.CharField(_("category"), max_length=30, choices=CeilingScope.choices)
    total = models.PositiveIntegerField(_("total"))
    women = models.PositiveIntegerField(_("women"), null=True, blank=True)
    includes = models.CharField(
        _("also includes"), max_length=200, blank=True,
        help_text=_("Space-separated categories the page counts in this one beyond its usual parts."),
    )
    excludes = models.CharField(
        _("leaves out"), max_length=200, blank=True,
        help_text=_("Space-separated categories the page leaves out of this one."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["stated_strength", "category"]
        verbose_name = _("stated strength by category")
        verbose_name_plural = _("stated strength by category")
        constraints = [
            models.UniqueConstraint(
                fields=["stated_strength", "category"],
                name="unique_stated_strength_part",
                violation_error_message=_("This stated strength already has a figure for this category."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stated_strength} {self.category}: {self.total}"


class ContributingCountry(SourcedRecord):
    """One row: a country a page lists among a mission's contributors of one kind of personnel, without a count.

    `position` keeps the page's order within its group (military, police, …), which is often neither
    alphabetical nor by size. A country that has no ISO 3166-1 code any more ("Serbia and Montenegro") has
    an empty code and its name as the page gives it.
    """

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="contributing_countries")
    personnel = models.CharField(_("personnel contributed"), max_length=30, choices=CeilingScope.choices)
    country = models.CharField(_("contributing country"), max_length=3, blank=True,
                               validators=[validate_country_code])
    name_as_published = models.CharField(
        _("name as published"), max_length=100, blank=True,
        help_text=_("For a country without a current ISO 3166-1 code, e.g. 'Serbia and Montenegro'."),
    )
    position = models.PositiveSmallIntegerField(_("position"))
    listed_on = models.DateField(_("listed on"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["mission", "personnel", "position"]
        verbose_name = _("contributing country")
        verbose_name_plural = _("contributing countries")
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "personnel", "country", "name_as_published"],
                name="unique_contributing_country",
                violation_error_message=_("This country is already listed for this kind of personnel."),
            ),
            models.CheckConstraint(
                condition=~Q(country="") | ~Q(name_as_published=""),
                name="contributing_country_named",
                violation_error_message=_("A contributing country needs its code or, without one, its name."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mission} {self.personnel} {self.position}: {self.country or self.name_as_published}"
