"""Where the mission is deployed: sectors and sites with their validity, and the number of sites it states."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from missionfacts.imports.models import SourcedRecord
from missionfacts.missions.models.mission import Mission
from missionfacts.missions.querysets import ValidityQuerySet


class ValidityPeriod(models.Model):
    """Base for things that exist from one date to another: a sector, a site."""

    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    objects = ValidityQuerySet.as_manager()

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end of validity cannot come before its start.")})


class Sector(SourcedRecord, ValidityPeriod):
    """One row: a geographic sector of a mission's deployment, for the time it existed."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="sectors")
    key = models.SlugField(_("key"), max_length=50)
    name_fr = models.CharField(_("name (French)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["mission", "position", "key"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "key"],
                name="unique_sector_key",
                violation_error_message=_("This mission already has a sector with this key."),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_from__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="sector_validity_ordered",
                violation_error_message=_("The end of validity cannot come before its start."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mission} {self.name_en}"

    def name(self, language: str) -> str:
        return self.name_fr if language == "fr" else self.name_en


class Site(SourcedRecord, ValidityPeriod):
    """One row: a place where the mission's uniformed components are deployed, in one sector, for a time.

    A displayed name may group twin places ("Mopti-Sévaré"): `places` lists them, and the site still counts
    as one deployment point. A site that moves to another sector is a new row with its own validity.
    """

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="sites")
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="sites")
    name = models.CharField(_("name"), max_length=100)
    places = models.CharField(_("places"), max_length=300, blank=True, help_text=_("Comma-separated."))
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["mission", "sector__position", "name"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                name="site_coordinates_on_earth",
                violation_error_message=_("Latitude must be within ±90° and longitude within ±180°."),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_from__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="site_validity_ordered",
                violation_error_message=_("The end of validity cannot come before its start."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.sector_id and self.mission_id and self.sector.mission_id != self.mission_id:
            raise ValidationError({"sector": _("The sector belongs to another mission.")})


class StatedSiteCount(SourcedRecord):
    """One row: the number of sites a mission states it is deployed on, at a date, as published.

    Kept apart from the sites themselves because published documents sometimes state a count that the
    places they list do not add up to; the checks compare the two.
    """

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="stated_site_counts")
    stated_on = models.DateField(_("stated on"))
    sites = models.PositiveIntegerField(_("number of sites"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["mission", "stated_on"]
        verbose_name = _("stated number of sites")
        verbose_name_plural = _("stated numbers of sites")
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "stated_on"],
                name="unique_stated_site_count",
                violation_error_message=_("This mission already has a stated number of sites on this date."),
            )
        ]
