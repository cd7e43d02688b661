"""Stocks: authorised ceilings and uniformed strength, as of a date."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Sum

from missionfacts.figures.shapes import ContributorRank
from missionfacts.figures.values import Figure, NotAvailable, Provenance
from missionfacts.missions.models import Ceiling, Mission, Resolution
from missionfacts.personnel.models import ComponentStrength, Strength, types_of


@dataclass(frozen=True)
class ResolutionFacts:
    number: int
    adopted_on: date
    mandate_ends_on: date | None


def resolution_in_force(mission: Mission, as_of: date) -> Figure | NotAvailable:
    """The latest resolution adopted on or before the date: the one whose mandate the sheet reports."""
    resolution = (
        Resolution.objects.for_mission(mission).adopted_by(as_of).select_related("source")
        .order_by("-adopted_on", "-number").first()
    )
    if resolution is None:
        return NotAvailable(unit="resolution", as_of=as_of, reason="no resolution adopted by this date")
    facts = ResolutionFacts(resolution.number, resolution.adopted_on, resolution.mandate_ends_on)
    return Figure(value=facts, unit="resolution", as_of=as_of, provenance=(Provenance.of(resolution),))


def ceiling_in_force(mission: Mission, scope: str, as_of: date) -> Figure | NotAvailable:
    """The ceiling set for a scope by the latest resolution (adopted by the date) that sets one."""
    ceiling = (
        Ceiling.objects.for_mission(mission).in_force_on(as_of).filter(scope=scope)
        .select_related("resolution__source").first()
    )
    if ceiling is None:
        return NotAvailable(unit="persons", as_of=as_of, reason="no ceiling set by this date")
    return Figure(
        value=ceiling.authorised, unit="persons", as_of=as_of,
        provenance=(Provenance.of(ceiling.resolution),),
        note=f"S/RES/{ceiling.resolution.number}",
    )


def strength_as_of(mission: Mission, component: str, as_of: date) -> Figure | NotAvailable:
    """A component's strength from the latest report on or before the date.

    A published component total and a per-country breakdown may both exist; the latest date wins, and on the
    same date the published total wins (it is what the mission stated). The two are never added together.
    """
    totals = ComponentStrength.objects.for_mission(mission).filter(component=component)
    rows = Strength.objects.for_mission(mission).of_types(types_of(component))
    total_day = totals.latest_date_on_or_before(as_of)
    rows_day = rows.latest_date_on_or_before(as_of)
    if total_day is None and rows_day is None:
        return NotAvailable(unit="persons", as_of=as_of, reason="no strength reported by this date")
    if total_day is not None and (rows_day is None or total_day >= rows_day):
        stated = totals.select_related("source").get(reported_on=total_day)
        return Figure(value=stated.total, unit="persons", as_of=total_day, provenance=(Provenance.of(stated),))
    on_day = rows.filter(reported_on=rows_day)
    sums = on_day.aggregate(men=Sum("men"), women=Sum("women"))
    return Figure(
        value=sums["men"] + sums["women"], unit="persons", as_of=rows_day,
        provenance=Provenance.of_queryset(on_day),
    )


def top_contributors(mission: Mission, component: str, as_of: date, limit: int = 10) -> Figure | NotAvailable:
    """The countries contributing most personnel to a component, from the latest per-country report.

    Ranking is by total, largest first; equal totals share a rank and are ordered by country code, and a
    country tied with the last place shown is shown too, so no equal contributor is left out arbitrarily.
    """
    rows = Strength.objects.for_mission(mission).of_types(types_of(component))
    day = rows.latest_date_on_or_before(as_of)
    if day is None:
        return NotAvailable(unit="ranking", as_of=as_of, reason="no per-country strength reported by this date")
    on_day = rows.filter(reported_on=day)
    per_country = (
        on_day.order_by().values("country")
        .annotate(men_sum=Sum("men"), women_sum=Sum("women"))
    )
    ordered = sorted(per_country, key=lambda row: (-(row["men_sum"] + row["women_sum"]), row["country"]))
    ranks: list[ContributorRank] = []
    for position, row in enumerate(ordered, start=1):
        total = row["men_sum"] + row["women_sum"]
        rank = ranks[-1].rank if ranks and ranks[-1].total == total else position
        if position > limit and rank != ranks[-1].rank:
            break
        ranks.append(ContributorRank(rank=rank, country=row["country"], men=row["men_sum"], women=row["women_sum"]))
    return Figure(value=tuple(ranks), unit="ranking", as_of=day, provenance=Provenance.of_queryset(on_day))
