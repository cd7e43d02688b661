"""The resolution in force and the mandate's text as the latest resolution with one sets it."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef

from missionfacts.figures.values import Figure, NotAvailable, Provenance
from missionfacts.missions.models import MandateItem, Mission, Resolution


@dataclass(frozen=True)
class ResolutionFacts:
    number: int
    adopted_on: date
    mandate_ends_on: date | None


@dataclass(frozen=True)
class MandateText:
    """One strategic priority or task area, in both languages, with its position."""

    kind: str
    position: int
    title_fr: str
    title_en: str
    text_fr: str
    text_en: str

    def title(self, language: str) -> str:
        return self.title_fr if language == "fr" else self.title_en

    def text(self, language: str) -> str:
        return self.text_fr if language == "fr" else self.text_en


@dataclass(frozen=True)
class ResolutionsAdopted:
    """What a sheet needs of the resolutions adopted by its date: the one in force, the latest with a mandate."""

    in_force: Figure | NotAvailable
    with_mandate: Resolution | None


def resolutions_adopted_by(mission: Mission, as_of: date) -> ResolutionsAdopted:
    """The resolution in force on the date, and the latest one adopted by then that has a mandate's text.

    One query: a mission has a resolution or two a year, so all of those adopted by the date are read, each
    with whether it has mandate items.
    """
    resolutions = list(
        Resolution.objects.for_mission(mission).adopted_by(as_of).select_related("source")
        .annotate(has_mandate=Exists(MandateItem.objects.filter(resolution=OuterRef("pk"))))
        .order_by("-adopted_on", "-number")
    )
    with_mandate = next((resolution for resolution in resolutions if resolution.has_mandate), None)
    if not resolutions:
        in_force = NotAvailable(unit="resolution", as_of=as_of, reason="no resolution adopted by this date")
        return ResolutionsAdopted(in_force, with_mandate)
    latest = resolutions[0]
    facts = ResolutionFacts(latest.number, latest.adopted_on, latest.mandate_ends_on)
    in_force = Figure(value=facts, unit="resolution", as_of=as_of, provenance=(Provenance.of(latest),))
    return ResolutionsAdopted(in_force, with_mandate)


def resolution_in_force(mission: Mission, as_of: date) -> Figure | NotAvailable:
    """The latest resolution adopted on or before the date: the one whose mandate the sheet reports."""
    return resolutions_adopted_by(mission, as_of).in_force


def mandate_of(resolution: Resolution | None) -> tuple[tuple[MandateText, ...], tuple[MandateText, ...]]:
    """The (priorities, task areas) of a resolution, each in order; none without a resolution."""
    if resolution is None:
        return (), ()
    items = MandateItem.objects.filter(resolution=resolution).order_by("kind", "position")
    texts = [MandateText(i.kind, i.position, i.title_fr, i.title_en, i.text_fr, i.text_en) for i in items]
    priorities = tuple(t for t in texts if t.kind == MandateItem.Kind.PRIORITY)
    tasks = tuple(t for t in texts if t.kind == MandateItem.Kind.TASK)
    return priorities, tasks
