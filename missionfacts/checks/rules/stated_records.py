"""What the rules on stated strength share: the records, and how they and their dates are named.

Kept apart from the rule modules so that importing it registers no rule, and the rules keep their order.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

from missionfacts.checks.findings import Message, Month, RecordRef
from missionfacts.checks.subject import Subject
from missionfacts.missions.models import PARTS_OF_COMPONENT, CeilingScope, DatePrecision
from missionfacts.personnel.models import StatedStrength, StatedStrengthPart


def stated_strengths(subject: Subject) -> list[StatedStrength]:
    """The mission's stated strengths dated up to the sheet's date, with their parts."""
    return list(StatedStrength.objects.filter(mission=subject.mission, reported_on__lte=subject.as_of)
                .prefetch_related("parts").order_by("reported_on", "kind"))


def version_suffix(stated: StatedStrength, every: list[StatedStrength]) -> str:
    """What sets apart the key of a finding on one source's version of a stated strength (format 3): nothing
    when it is the only version of its kind and date, so its finding keeps the key it always had."""
    versions = [other for other in every if (other.kind, other.reported_on) == (stated.kind, stated.reported_on)]
    return "" if len(versions) < 2 else f":{stated.source.key}"


def when(day: date, precision: str):
    """A date shown as precisely as its source gave it."""
    if precision == DatePrecision.MONTH:
        return Month(day)
    if precision == DatePrecision.YEAR:
        return str(day.year)
    return day


def stated_label(stated: StatedStrength) -> Message:
    return Message(_("{kind} of {date} as published: {total}"), kind=StatedStrength.Kind(stated.kind).label,
                   date=when(stated.reported_on, stated.reported_on_precision),
                   total=stated.total if stated.total is not None else "—")


def parts_label() -> Message:
    return Message(_("its figures by category"))


# What a ceiling of each component counts: the components' usual parts, and uniformed personnel's components.
USUAL_PARTS = {**PARTS_OF_COMPONENT, CeilingScope.UNIFORMED: (CeilingScope.MILITARY, CeilingScope.POLICE)}


@dataclass(frozen=True)
class CategoryFigure:
    """A stated strength of one category, counted as a ceiling of that category counts it.

    `at_least` marks a figure that may fall short of the category (a component added up from the parts the
    page gives, or one that leaves out a part the page does not give): above a ceiling it is surely above;
    within it, nothing is known.
    """

    total: int
    parts: tuple[StatedStrengthPart, ...]
    at_least: bool = False


@dataclass(frozen=True)
class Uncountable:
    """A stated category that counts more than a ceiling of its category does (civilians with UN Volunteers),
    without the page giving the extra parts to take out: it cannot be held against that ceiling."""

    part: StatedStrengthPart
    extra: tuple[str, ...]


def category_figures(stated: StatedStrength) -> tuple[dict[str, CategoryFigure], list[Uncountable]]:
    """Each category of a stated strength as a ceiling of the same category counts it, like with like.

    A ceiling of a component counts its usual parts (`PARTS_OF_COMPONENT`: military personnel include
    military observers). A stated component that leaves some out (`excludes`) gets back those the page gives
    beside it; one that counts more (`includes`) loses those the page gives, and without them it is set
    apart as uncountable. A component the page does not state is at least the sum of the parts it gives.
    """
    parts = {part.category: part for part in stated.parts.all()}
    figures: dict[str, CategoryFigure] = {}
    uncountable: list[Uncountable] = []
    for category, part in parts.items():
        # A usual part named in `includes`, or an unusual one in `excludes`, changes nothing the ceiling counts.
        usual = USUAL_PARTS.get(category, ())
        extra = [name for name in part.includes.split() if name not in usual]
        if any(name not in parts for name in extra):
            uncountable.append(Uncountable(part, tuple(extra)))
            continue
        left_out = [name for name in part.excludes.split() if name in usual]
        added = [parts[name] for name in left_out if name in parts]
        removed = [parts[name] for name in extra]
        figures[category] = CategoryFigure(
            part.total + sum(other.total for other in added) - sum(other.total for other in removed),
            (part, *added, *removed), at_least=len(added) < len(left_out),
        )
    for component, categories in PARTS_OF_COMPONENT.items():
        inner = [parts[category] for category in categories if category in parts]
        if component not in parts and inner:
            figures[component] = CategoryFigure(sum(part.total for part in inner), tuple(inner), at_least=True)
    if CeilingScope.UNIFORMED not in parts:
        # The page's uniformed total or subtotal, else at least its military and police added up.
        uniformed = stated.total if stated.total_covers == StatedStrength.TotalCovers.UNIFORMED else stated.uniformed
        components = [figures[name] for name in USUAL_PARTS[CeilingScope.UNIFORMED] if name in figures]
        if uniformed is not None:
            figures[CeilingScope.UNIFORMED] = CategoryFigure(uniformed, ())
        elif components:
            figures[CeilingScope.UNIFORMED] = CategoryFigure(
                sum(figure.total for figure in components),
                tuple(part for figure in components for part in figure.parts), at_least=True)
    return figures, uncountable


def stated_ref(stated: StatedStrength, parts) -> RecordRef:
    """The parts of a stated strength a figure comes from, or the stated strength itself for its own total."""
    if not parts:
        return RecordRef.of(stated, stated_label(stated))
    return RecordRef.of_rows(StatedStrengthPart.objects.filter(pk__in=[part.pk for part in parts]),
                             stated_label(stated))
