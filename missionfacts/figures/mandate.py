"""The mandate's text as the resolution in force sets it."""

from dataclasses import dataclass

from missionfacts.missions.models import MandateItem, Resolution


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


def mandate_of(resolution_number: int, mission) -> tuple[tuple[MandateText, ...], tuple[MandateText, ...]]:
    """The (priorities, task areas) of a mission's resolution, each in order."""
    items = MandateItem.objects.filter(resolution__mission=mission, resolution__number=resolution_number)
    texts = [MandateText(i.kind, i.position, i.title_fr, i.title_en, i.text_fr, i.text_en) for i in items]
    priorities = tuple(t for t in texts if t.kind == MandateItem.Kind.PRIORITY)
    tasks = tuple(t for t in texts if t.kind == MandateItem.Kind.TASK)
    return priorities, tasks


def latest_resolution_with_mandate(mission, as_of) -> Resolution | None:
    return (
        Resolution.objects.for_mission(mission).adopted_by(as_of).filter(mandate_items__isnull=False)
        .order_by("-adopted_on").first()
    )
