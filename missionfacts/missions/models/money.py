"""What the mission costs: approved budgets, and the amounts its pages state over their periods."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from missionfacts.imports.models import SourcedRecord
from missionfacts.missions.models.mission import Mission, PeriodPrecision


class Budget(SourcedRecord):
    """One row: the budget the General Assembly approved for a mission for one fiscal period."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="budgets")
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    approved_usd = models.DecimalField(_("approved (US dollars)"), max_digits=15, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        ordering = ["mission", "period_start"]
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "period_start"],
                name="unique_budget_period",
                violation_error_message=_("This mission already has a budget for this period."),
            ),
            models.CheckConstraint(
                condition=Q(period_end__gt=F("period_start")),
                name="budget_period_ordered",
                violation_error_message=_("A budget period must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(approved_usd__gte=0),
                name="budget_not_negative",
                violation_error_message=_("An approved budget cannot be negative."),
            ),
        ]


class FinancialFigure(SourcedRecord):
    """One row: an amount of money a page states for a mission over one period: a budget, an appropriation,
    an expenditure or an estimate, in the currency and wording given.

    Held apart from `Budget` (the approved budget in US dollars that the sheet shows) because past missions'
    pages state other kinds of amounts, over periods of their own ("Expenditures: $2.8 billion" for the
    whole mission), and sometimes in other currencies. Two sources may state the same amount differently:
    each is a published version, one row per source.
    """

    class Kind(models.TextChoices):
        APPROVED_BUDGET = "approved_budget", _("approved budget")
        APPROPRIATION = "appropriation", _("appropriation")
        EXPENDITURE = "expenditure", _("expenditure")
        ESTIMATE = "estimate", _("estimate")

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="financial_figures")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    period_precision = models.CharField(
        _("period precision"), max_length=11, choices=PeriodPrecision.choices, default=PeriodPrecision.DAY
    )
    amount = models.DecimalField(_("amount"), max_digits=17, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="USD", help_text=_("ISO 4217 code."))
    wording_fr = models.CharField(_("wording as published (French)"), max_length=500, blank=True)
    wording_en = models.CharField(_("wording as published (English)"), max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["mission", "period_start", "kind"]
        verbose_name = _("financial figure")
        verbose_name_plural = _("financial figures")
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "kind", "period_start", "period_end", "source"],
                name="unique_financial_figure_per_source",
                violation_error_message=_("This source already gives an amount of this kind for this period."),
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="financial_period_ordered",
                violation_error_message=_("A period cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="financial_amount_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mission} {self.kind} {self.period_start}–{self.period_end}: {self.amount} {self.currency}"

    def clean(self) -> None:
        super().clean()
        if not (len(self.currency or "") == 3 and self.currency.isalpha() and self.currency.isupper()):
            raise ValidationError({"currency": _("Give the currency as its ISO 4217 code, e.g. USD.")})

    def wording(self, language: str) -> str:
        preferred = self.wording_fr if language == "fr" else self.wording_en
        return preferred or self.wording_en or self.wording_fr
