"""Rules on the money a mission's pages state: budget periods that overlap, expenditure above appropriation."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import combinations

from django.utils.translation import gettext_lazy as _

from missionfacts.checks.findings import Finding, Message, RecordRef, Severity
from missionfacts.checks.labels import period_label
from missionfacts.checks.registry import rule
from missionfacts.checks.subject import Subject
from missionfacts.missions.models import Budget, FinancialFigure


@dataclass(frozen=True)
class Amount:
    """An amount of one kind over a period, from a FinancialFigure or a format-1 Budget."""

    record: object
    kind: str
    start: date
    end: date
    amount: Decimal
    currency: str

    @property
    def label(self) -> Message:
        return Message(_("{kind} for {period}: {amount} {currency}"), kind=FinancialFigure.Kind(self.kind).label,
                       period=period_label(self.start, self.end), amount=self.amount, currency=self.currency)

    @property
    def ref(self) -> RecordRef:
        return RecordRef.of(self.record, self.label)


def amounts(subject: Subject) -> list[Amount]:
    """Every amount of the mission, the approved budgets of format 1 among the approved budgets."""
    found = [Amount(figure, figure.kind, figure.period_start, figure.period_end, figure.amount, figure.currency)
             for figure in FinancialFigure.objects.filter(mission=subject.mission)]
    found += [Amount(budget, FinancialFigure.Kind.APPROVED_BUDGET, budget.period_start, budget.period_end,
                     budget.approved_usd, "USD") for budget in Budget.objects.filter(mission=subject.mission)]
    return sorted(found, key=lambda amount: (amount.kind, amount.start, amount.end, amount.record._meta.label))


@rule("budget-periods-overlap", Severity.WARNING, _("Amounts of the same kind for overlapping periods"))
def budget_periods_overlap(subject: Subject, parameters: dict) -> list[Finding]:
    """Two amounts of one kind whose periods overlap, neither containing the other.

    A period that contains others is normal (the expenditure of the whole mission beside each year's); two
    fiscal periods that share some months mean one of them is mistyped, or the same money is counted twice.
    """
    findings = []
    for first, second in combinations(amounts(subject), 2):
        if first.kind != second.kind or not (first.start <= second.end and second.start <= first.end):
            continue
        contains = (first.start <= second.start and second.end <= first.end) or (
            second.start <= first.start and first.end <= second.end)
        if contains:
            continue
        findings.append(Finding(
            subject=f"{first.kind}:{first.start.isoformat()}:{second.start.isoformat()}",
            message=Message(_("Two amounts of the kind “{kind}” cover overlapping periods: {first} and {second}."),
                            kind=FinancialFigure.Kind(first.kind).label, first=period_label(first.start, first.end),
                            second=period_label(second.start, second.end)),
            records=(first.ref, second.ref),
            values={"kind": first.kind,
                    "periods": [[first.start.isoformat(), first.end.isoformat()],
                                [second.start.isoformat(), second.end.isoformat()]]},
        ))
    return findings


@rule("expenditure-above-appropriation", Severity.WARNING, _("Expenditure above the appropriation"))
def expenditure_above_appropriation(subject: Subject, parameters: dict) -> list[Finding]:
    """An expenditure above the appropriation of the same period and currency, or else its approved budget."""
    by_period = {}
    for amount in amounts(subject):
        by_period.setdefault((amount.kind, amount.start, amount.end, amount.currency), amount)
    findings = []
    for (kind, start, end, currency), spent in sorted(by_period.items()):
        if kind != FinancialFigure.Kind.EXPENDITURE:
            continue
        allowed = by_period.get((FinancialFigure.Kind.APPROPRIATION, start, end, currency)) or by_period.get(
            (FinancialFigure.Kind.APPROVED_BUDGET, start, end, currency))
        if allowed is None or spent.amount <= allowed.amount:
            continue
        findings.append(Finding(
            subject=f"{start.isoformat()}:{end.isoformat()}:{currency}",
            message=Message(_("For {period}, the expenditure ({spent} {currency}) is above the {kind} ({allowed} "
                              "{currency})."),
                            period=period_label(start, end), spent=spent.amount, allowed=allowed.amount,
                            currency=currency, kind=FinancialFigure.Kind(allowed.kind).label),
            records=(spent.ref, allowed.ref),
            values={"period": {"start": start.isoformat(), "end": end.isoformat()}, "currency": currency,
                    "expenditure": str(spent.amount), "allowed": str(allowed.amount), "allowed_kind": allowed.kind},
        ))
    return findings
