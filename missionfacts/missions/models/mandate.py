"""What the Security Council authorises: resolutions, the ceilings they set by category, and the mandate."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from missionfacts.imports.models import SourcedRecord
from missionfacts.missions.models.mission import DatePrecision, Mission
from missionfacts.missions.querysets import CeilingQuerySet, ResolutionQuerySet


class Resolution(SourcedRecord):
    """One row: a Security Council resolution that set or renewed a mission's mandate or its ceilings.

    A row without a number is an authorisation a page states without naming its resolution ("In March 2004
    the Council authorised up to ..."): it then has the ceilings as the page words them. A page may also give
    no date (format 3): the row then has none, is listed after the dated ones, and is never the authorisation
    in force on a day, since nothing says from when.
    """

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="resolutions")
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    adopted_on_precision = models.CharField(
        _("adoption date precision"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    mandate_ends_on = models.DateField(_("mandate ends on"), null=True, blank=True)
    ceilings_text_fr = models.TextField(
        _("ceilings as published (French)"), blank=True,
        help_text=_("The authorised strength as the page words it, e.g. « jusqu'à 17 500 militaires »."),
    )
    ceilings_text_en = models.TextField(
        _("ceilings as published (English)"), blank=True,
        help_text=_("The authorised strength as the page words it, e.g. 'up to 17,500 military personnel'."),
    )

    objects = ResolutionQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["mission", "adopted_on"]
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "number"],
                name="unique_resolution_per_mission",
                violation_error_message=_("This mission already has a resolution with this number."),
            ),
            models.UniqueConstraint(
                fields=["mission", "adopted_on"],
                condition=Q(number__isnull=True),
                name="unique_unnumbered_authorisation",
                violation_error_message=_("This mission already has an authorisation without a number on this date."),
            ),
            models.CheckConstraint(
                condition=Q(number__isnull=False) | ~Q(ceilings_text_fr="") | ~Q(ceilings_text_en=""),
                name="unnumbered_authorisation_has_text",
                violation_error_message=_(
                    "An authorisation without a resolution number needs the ceilings as the page words them."
                ),
            ),
            models.CheckConstraint(
                condition=Q(mandate_ends_on__isnull=True) | Q(mandate_ends_on__gt=F("adopted_on")),
                name="mandate_ends_after_adoption",
                violation_error_message=_("A mandate must end after the resolution's adoption."),
            ),
        ]

    def __str__(self) -> str:
        if self.number is None:
            return f"{self.mission} ({self.adopted_on.isoformat() if self.adopted_on else 'undated'})"
        return f"S/RES/{self.number} ({self.adopted_on.year})" if self.adopted_on else f"S/RES/{self.number}"

    @property
    def year(self) -> int | None:
        return self.adopted_on.year if self.adopted_on else None

    def ceilings_text(self, language: str) -> str:
        """The ceilings as the page words them, in the language, falling back to the other one."""
        preferred = self.ceilings_text_fr if language == "fr" else self.ceilings_text_en
        return preferred or self.ceilings_text_en or self.ceilings_text_fr


class CeilingScope(models.TextChoices):
    """A category of personnel, as the UN's resolutions and pages count them: a component, or a part of one.

    Ceilings and stated strength use the same categories, so that each strength can be held against the
    ceiling of its own category. `PARTS_OF_COMPONENT` says which categories make up a component.
    """

    MILITARY = "military", _("military personnel")
    POLICE = "police", _("police personnel")
    MILITARY_OBSERVERS = "military_observers", _("military observers")
    INDIVIDUAL_POLICE = "individual_police", _("individual police officers")
    FORMED_POLICE_UNITS = "formed_police_units", _("formed police unit personnel")
    CIVILIANS = "civilians", _("civilian personnel")
    TROOPS = "troops", _("troops")
    STAFF_OFFICERS = "staff_officers", _("staff officers")
    MILITARY_LIAISON_OFFICERS = "military_liaison_officers", _("military liaison officers")
    INTERNATIONAL_CIVILIANS = "international_civilians", _("international civilian personnel")
    LOCAL_CIVILIANS = "local_civilians", _("local civilian personnel")
    UN_VOLUNTEERS = "un_volunteers", _("United Nations Volunteers")
    OTHERS = "others", _("other personnel")
    UNIFORMED = "uniformed", _("uniformed personnel")


# The categories a component is made of. United Nations Volunteers and "others" belong to no component:
# the UN's pages list them beside the civilian staff, not inside it.
PARTS_OF_COMPONENT = {
    CeilingScope.MILITARY: (CeilingScope.TROOPS, CeilingScope.STAFF_OFFICERS, CeilingScope.MILITARY_OBSERVERS,
                            CeilingScope.MILITARY_LIAISON_OFFICERS),
    CeilingScope.POLICE: (CeilingScope.INDIVIDUAL_POLICE, CeilingScope.FORMED_POLICE_UNITS),
    CeilingScope.CIVILIANS: (CeilingScope.INTERNATIONAL_CIVILIANS, CeilingScope.LOCAL_CIVILIANS),
}


class Ceiling(models.Model):
    """One row: the number of personnel of one kind a resolution authorises the mission to deploy."""

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="ceilings")
    scope = models.CharField(_("scope"), max_length=30, choices=CeilingScope.choices)
    authorised = models.PositiveIntegerField(_("authorised ceiling"))

    objects = CeilingQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["resolution", "scope"]
        verbose_name = _("authorised ceiling")
        verbose_name_plural = _("authorised ceilings")
        constraints = [
            models.UniqueConstraint(
                fields=["resolution", "scope"],
                name="unique_ceiling_scope",
                violation_error_message=_("This resolution already sets a ceiling for this scope."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.resolution}: {self.authorised} {self.get_scope_display()}"


class MandateItem(models.Model):
    """One row: a strategic priority or a task area of a resolution's mandate, in French and English."""

    class Kind(models.TextChoices):
        PRIORITY = "priority", _("strategic priority")
        TASK = "task", pgettext_lazy("mandate", "task area")

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="mandate_items")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    position = models.PositiveSmallIntegerField(_("position"))
    title_fr = models.CharField(_("title (French)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    text_fr = models.TextField(_("text (French)"), blank=True)
    text_en = models.TextField(_("text (English)"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["resolution", "kind", "position"]
        verbose_name = _("mandate item")
        verbose_name_plural = _("mandate items")
        constraints = [
            models.UniqueConstraint(
                fields=["resolution", "kind", "position"],
                name="unique_mandate_item_position",
                violation_error_message=_("Two mandate items of the same kind cannot share a position."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.resolution} {self.kind} {self.position}"

    def title(self, language: str) -> str:
        return (self.title_fr if language == "fr" else self.title_en) or self.title_en or self.title_fr

    def text(self, language: str) -> str:
        return (self.text_fr if language == "fr" else self.text_en) or self.text_en or self.text_fr
