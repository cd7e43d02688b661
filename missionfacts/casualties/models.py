"""Losses: fatalities among a mission's personnel, one row per person or as a published count."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from missionfacts.activities.models import PeriodCount, period_ordered
from missionfacts.activities.querysets import DatedQuerySet
from missionfacts.casualties import rules
from missionfacts.countries import validate_country_code
from missionfacts.imports.models import SourcedRecord
from missionfacts.missions.models import Mission, PeriodPrecision


class IncidentType(models.TextChoices):
    """The UN's types of incident, as in its fatalities data."""

    MALICIOUS_ACT = "malicious_act", _("malicious act")
    ACCIDENT = "accident", _("accident")
    ILLNESS = "illness", _("illness")
    SELF_INFLICTED = "self_inflicted", _("self-inflicted")
    TO_BE_DETERMINED = "to_be_determined", _("to be determined")
    OTHER = "other", _("other")


class PersonnelCategory(models.TextChoices):
    """The UN's categories of personnel, as in its fatalities data and on its missions' pages.

    `troops` is for pages that count troops apart from staff officers; the fatalities data says `military`.
    """

    MILITARY = "military", _("military")
    TROOPS = "troops", _("troops")
    POLICE = "police", _("police")
    MILITARY_OBSERVER = "military_observer", _("military observer")
    INTERNATIONAL_CIVILIAN = "international_civilian", _("international civilian")
    LOCAL = "local", _("local staff")
    OTHER = "other", _("other")


class Fatality(SourcedRecord):
    """One row: one member of a mission's personnel who died, as the UN's fatalities file records them."""

    date_field = "died_on"

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="fatalities")
    died_on = models.DateField(_("date of incident"))
    casualty_id = models.CharField(_("UN casualty identifier"), max_length=60, blank=True)
    personnel_category = models.CharField(_("personnel"), max_length=30, choices=PersonnelCategory.choices)
    incident_type = models.CharField(_("type of incident"), max_length=30, choices=IncidentType.choices)
    sex = models.CharField(_("sex"), max_length=1, blank=True)
    nationality = models.CharField(
        _("nationality"), max_length=3, blank=True, validators=[validate_country_code]
    )

    objects = DatedQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["mission", "died_on"]
        verbose_name = _("fatality")
        verbose_name_plural = _("fatalities")
        constraints = [
            models.UniqueConstraint(
                fields=["casualty_id"],
                condition=~models.Q(casualty_id=""),
                name="unique_casualty_id",
                violation_error_message=_("A fatality with this UN casualty identifier is already recorded."),
            )
        ]
        indexes = [models.Index(fields=["mission", "died_on"], name="fatality_mission_date")]

    def clean(self) -> None:
        super().clean()
        messages = {**rules.date_of_death_messages(self.died_on), **rules.sex_messages(self.sex)}
        if messages:
            raise ValidationError(messages)


class FatalityCount(PeriodCount):
    """One row: a published number of fatalities over a period, when the individual records are not held.

    An empty incident type or personnel category means all of them: a page's total by categories is one row
    per category beside one row with an empty category, and the checks compare the two. A page may give a
    count only as of its date, with no period (`as_of_only`): the count is the mission's since it began, up to
    `period_end`, and `period_start` is the mission's start as recorded, never shown as the page's.
    """

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="fatality_counts")
    incident_type = models.CharField(_("type of incident"), max_length=30, choices=IncidentType.choices, blank=True)
    personnel_category = models.CharField(
        _("personnel"), max_length=30, choices=PersonnelCategory.choices, blank=True
    )
    period_precision = models.CharField(
        _("period precision"), max_length=11, choices=PeriodPrecision.choices, default=PeriodPrecision.DAY
    )
    as_of_only = models.BooleanField(
        _("as of a date only"), default=False,
        help_text=_("The page gives the count as of a date, with no period: since the mission began."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["mission", "period_start"]
        verbose_name = _("fatality count")
        verbose_name_plural = _("fatality counts")
        constraints = [period_ordered("fatality_count_period_ordered")]
