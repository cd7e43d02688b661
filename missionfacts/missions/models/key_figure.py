"""The free "key operational figures" a mission's page publishes: alerts answered, escorts, campaigns, "about 85 %"."""

from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from missionfacts.imports.models import SourcedRecord
from missionfacts.missions.models.mission import DatePrecision, Mission, PeriodPrecision


class KeyFigure(SourcedRecord):
    """One row: one figure a page states in its own words, for a period or as of a date, from one source.

    The same figure (`key`) may come from several sources, each a published version; the sheet shows one of
    them and the checks report where they disagree. `value` is the number as published, with its `qualifier`
    ("about", "more than") and its unit (a percentage, a unit in words, or a plain count).
    """

    class Qualifier(models.TextChoices):
        ABOUT = "about", _("about")
        MORE_THAN = "more_than", _("more than")
        AT_LEAST = "at_least", _("at least")
        FEWER_THAN = "fewer_than", _("fewer than")

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="key_figures")
    key = models.CharField(_("key"), max_length=60)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    label_fr = models.CharField(_("label as published (French)"), max_length=500, blank=True)
    label_en = models.CharField(_("label as published (English)"), max_length=500, blank=True)
    value = models.DecimalField(_("value"), max_digits=17, decimal_places=4)
    percent = models.BooleanField(_("percentage"), default=False)
    unit_fr = models.CharField(_("unit (French)"), max_length=60, blank=True)
    unit_en = models.CharField(_("unit (English)"), max_length=60, blank=True)
    qualifier = models.CharField(_("qualifier"), max_length=20, choices=Qualifier.choices, blank=True)
    period_start = models.DateField(_("period start"), null=True, blank=True)
    period_end = models.DateField(_("period end"), null=True, blank=True)
    period_precision = models.CharField(
        _("period precision"), max_length=11, choices=PeriodPrecision.choices, default=PeriodPrecision.DAY
    )
    as_of = models.DateField(_("as of"), null=True, blank=True)
    as_of_precision = models.CharField(
        _("date precision"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    wording_fr = models.TextField(_("wording as published (French)"), blank=True)
    wording_en = models.TextField(_("wording as published (English)"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["mission", "position", "pk"]
        verbose_name = _("key figure")
        verbose_name_plural = _("key figures")
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "key", "source"],
                name="unique_key_figure_per_source",
                violation_error_message=_("This source already gives this key figure for this mission."),
            ),
            models.CheckConstraint(
                condition=(Q(period_start__isnull=True) & Q(period_end__isnull=True) & Q(as_of__isnull=False))
                | (Q(period_start__isnull=False) & Q(period_end__gte=F("period_start")) & Q(as_of__isnull=True)),
                name="key_figure_period_or_date",
                violation_error_message=_("A key figure covers a period, or is stated as of a date: one of them."),
            ),
            models.CheckConstraint(
                condition=~Q(label_fr="") | ~Q(label_en=""),
                name="key_figure_labelled",
                violation_error_message=_("A key figure needs its label as published."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mission} {self.key}: {self.value}"

    def label(self, language: str) -> str:
        preferred = self.label_fr if language == "fr" else self.label_en
        return preferred or self.label_en or self.label_fr

    @property
    def value_as_published(self) -> Decimal:
        """The number without the trailing zeros of its storage: 85, 2.5, 1200 (not 85.0000 nor 1.2E+3)."""
        normal = self.value.normalize()
        return normal.quantize(Decimal(1)) if normal.as_tuple().exponent > 0 else normal

    @property
    def last_day(self):
        """The last day the figure speaks of: its period's end, or its date."""
        return self.period_end or self.as_of
