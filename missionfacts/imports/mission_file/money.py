"""Budgets (format 1's approved budgets in US dollars) and format 2's financial figures."""

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from missionfacts.imports.mission_file.key_figures import version_key
from missionfacts.imports.mission_file.reader import MissionFileReader
from missionfacts.missions.models import Budget, FinancialFigure, Mission


def write_budgets(reader: MissionFileReader, mission: Mission) -> None:
    for _index, node, where in reader.entries("budgets"):
        start, end = reader.period(node, where)
        source = reader.source_of(node, where)
        try:
            amount = Decimal(str(node.get("approved_usd")))
        except (InvalidOperation, ValueError):
            reader.problem(node, f"{where}approved_usd", node.get("approved_usd"), _("not an amount"))
            continue
        if start and end and source:
            reader.save(Budget, {"mission": mission, "period_start": start},
                        {"period_end": end, "approved_usd": amount, "source": source}, node, where)
    reader.remove_stale(Budget, mission)


def write_finances(reader: MissionFileReader, mission: Mission) -> None:
    for _index, node, where in reader.entries("finances"):
        kind = reader.choice(node, "kind", where, FinancialFigure.Kind)
        start, end, precision = reader.period_with_precision(node, where)
        amount = reader.amount(node, "amount", where)
        currency = node.get("currency") or "USD"
        wording_fr, wording_en = reader.bilingual(node, "wording", where, required=False)
        source = reader.source_of(node, where)
        if kind and start and end and amount is not None and source:
            reader.save(
                FinancialFigure, {"mission": mission, "kind": kind, "period_start": start, "period_end": end,
                                  **version_key(reader, source)},
                {"amount": amount, "currency": str(currency), "wording_fr": wording_fr, "wording_en": wording_en,
                 "source": source, "period_precision": precision},
                node, where,
            )
    reader.remove_stale(FinancialFigure, mission)
