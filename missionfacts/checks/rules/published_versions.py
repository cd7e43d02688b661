"""Rules on format 3's published facts: versions of one fact that disagree, key figures out of their period."""

import re
from collections.abc import Callable, Hashable, Iterable

from django.utils.translation import gettext_lazy as _

from missionfacts.casualties.models import FatalityCount, PersonnelCategory
from missionfacts.checks.findings import Bilingual, Finding, Message, RecordRef, Severity
from missionfacts.checks.labels import period_label
from missionfacts.checks.registry import rule
from missionfacts.checks.subject import Subject
from missionfacts.figures.versions import versions
from missionfacts.missions.models import CeilingScope, FinancialFigure, KeyFigure
from missionfacts.personnel.models import StatedStrength

# A year as a label writes it: "2019", or the years of a span "2019-2020".
YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")


def _strength_items(record: StatedStrength) -> dict[str, tuple]:
    """What one version of a stated strength says, item by item: (the item's name, its number)."""
    items = {}
    if record.total is not None:
        items["total"] = (_("total"), record.total)
    if record.uniformed is not None:
        items["uniformed"] = (CeilingScope.UNIFORMED.label, record.uniformed)
    for part in record.parts.all():
        items[part.category] = (CeilingScope(part.category).label, part.total)
    return items


def _strength_fact(record: StatedStrength) -> Message:
    kinds = {
        StatedStrength.Kind.AS_OF: _("Strength as of {date}"),
        StatedStrength.Kind.PEAK: _("Peak strength of {date}"),
        StatedStrength.Kind.AT_WITHDRAWAL: _("Strength at withdrawal, {date}"),
    }
    return Message(kinds[record.kind], date=record.reported_on)


def _fatality_fact(group: list[FatalityCount]) -> Message:
    first = group[0]
    if first.as_of_only:
        return Message(_("Fatalities as of {date}"), date=first.period_end)
    return Message(_("Fatalities from {period}"), period=period_label(first.period_start, first.period_end))


def _fatality_items(group: list[FatalityCount]) -> dict[str, tuple]:
    return {count.personnel_category or "total": (PersonnelCategory(count.personnel_category).label
                                       if count.personnel_category else _("total"), count.count)
            for count in group}


def _ref(record, label: Message) -> RecordRef:
    if isinstance(record, _FatalityVersion):
        return RecordRef(FatalityCount._meta.label, tuple(count.pk for count in record.counts), label)
    return RecordRef.of(record, label)


def _disagreements(groups: Iterable[tuple[Hashable, list]], fact: Callable, items: Callable) -> list[Finding]:
    """Each item on which a version differs from the one the sheet shows (the first of its group).

    An item one version gives and the other does not is no disagreement: one page gives more detail.
    """
    findings = []
    for key, group in groups:
        shown, shown_items = group[0], items(group[0])
        for other in group[1:]:
            for name, (label, value) in items(other).items():
                if name not in shown_items or shown_items[name][1] == value:
                    continue
                shown_value = shown_items[name][1]
                findings.append(Finding(
                    subject=f"{key}:{name}:{other.source.key}",
                    message=Message(_("{fact}, {item}: “{shown_source}” gives {shown_value} and “{other_source}” "
                                      "gives {other_value}; the sheet shows {shown_value} (“{shown_source}”)."),
                                    fact=fact(group), item=label, shown_source=shown.source.title,
                                    shown_value=shown_value, other_source=other.source.title, other_value=value),
                    records=(_ref(shown, Message(_("version shown, from {source}"), source=shown.source.title)),
                             _ref(other, Message(_("other version, from {source}"), source=other.source.title))),
                    values={"item": name, "shown": {"source": shown.source.key, "value": str(shown_value)},
                            "other": {"source": other.source.key, "value": str(value)}},
                ))
    return findings


@rule("published-versions-disagree", Severity.WARNING, _("Published versions of one fact that disagree"))
def published_versions_disagree(subject: Subject, parameters: dict) -> list[Finding]:
    """Two sources' versions of one fact (a stated strength, fatalities, an amount, a key figure) that differ.

    Each version is kept as published; the sheet shows one by the rule of figures/versions.py, and this names
    both values, both sources and the one shown, with the same rule.
    """
    mission, as_of = subject.mission, subject.as_of
    findings = []
    stated = (StatedStrength.objects.filter(mission=mission, reported_on__lte=as_of)
              .select_related("source").prefetch_related("parts").order_by("pk"))
    groups = versions(stated, lambda record: f"{record.kind}:{record.reported_on.isoformat()}", mission)
    findings += _disagreements(groups.items(), lambda group: _strength_fact(group[0]), _strength_items)

    counts = list(FatalityCount.objects.filter(mission=mission, period_start__lte=as_of).select_related("source")
                  .order_by("pk"))
    by_source: dict[tuple, list[FatalityCount]] = {}
    for count in counts:
        by_source.setdefault((count.period_start, count.period_end, count.as_of_only, count.incident_type,
                              count.source_id), []).append(count)
    # One version of a period's fatalities is all its counts from one source, compared category by category.
    fatality_versions = versions(
        [_FatalityVersion(group) for group in by_source.values()],
        lambda version: f"{version.period_start.isoformat()}:{version.period_end.isoformat()}:{version.incident}",
        mission,
    )
    findings += _disagreements(fatality_versions.items(), lambda group: _fatality_fact(group[0].counts),
                               lambda version: _fatality_items(version.counts))

    amounts = FinancialFigure.objects.filter(mission=mission, period_start__lte=as_of).select_related("source")
    groups = versions(amounts.order_by("pk"),
                      lambda figure: f"{figure.kind}:{figure.period_start.isoformat()}:{figure.period_end.isoformat()}",
                      mission)
    findings += _disagreements(
        groups.items(),
        lambda group: Message(_("{kind} for {period}"), kind=FinancialFigure.Kind(group[0].kind).label,
                              period=period_label(group[0].period_start, group[0].period_end)),
        lambda figure: {"amount": (_("amount"), figure.amount)} if figure.currency == "USD"
        else {f"amount:{figure.currency}": (figure.currency, figure.amount)},
    )

    figures = [figure for figure in KeyFigure.objects.filter(mission=mission).select_related("source").order_by("pk")
               if (figure.period_start or figure.as_of) <= as_of]
    groups = versions(figures, lambda figure: figure.key, mission)
    findings += _disagreements(
        groups.items(), lambda group: Message(_("Key figure “{label}”"), label=_label(group[0])),
        lambda figure: {"value": (_("value"), figure.value_as_published)},
    )
    return findings


class _FatalityVersion:
    """The counts one source gives for one period: one version of that period's fatalities."""

    def __init__(self, counts: list[FatalityCount]):
        self.counts = counts
        first = counts[0]
        self.pk, self.source, self.period_start, self.period_end = first.pk, first.source, first.period_start, \
            first.period_end
        self.incident = f"{first.incident_type or 'all'}:{'as_of' if first.as_of_only else 'period'}"


@rule("key-figure-period", Severity.WARNING, _("Key figures beyond the sheet's date or labelled with another period"))
def key_figure_period(subject: Subject, parameters: dict) -> list[Finding]:
    """A key figure whose period ends, or date falls, after the sheet's date; or whose label names a year its
    period does not cover ("alerts in 2019" for 2020-2021)."""
    findings = []
    for figure in KeyFigure.objects.filter(mission=subject.mission).select_related("source").order_by("position"):
        start, end = figure.period_start or figure.as_of, figure.last_day
        if start > subject.as_of:
            continue
        label = Message(_("key figure “{label}”"), label=_label(figure))
        shown = period_label(figure.period_start, figure.period_end) if figure.period_start else figure.as_of
        if end > subject.as_of:
            findings.append(Finding(
                subject=f"{figure.key}:{figure.source.key}:after-sheet",
                message=Message(_("Key figure “{label}” is stated for {period}, which runs past the sheet's date "
                                  "({as_of})."), label=_label(figure), period=shown, as_of=subject.as_of),
                records=(RecordRef.of(figure, label),),
                values={"key": figure.key, "end": end.isoformat(), "as_of": subject.as_of.isoformat()},
            ))
        years = sorted({int(year) for text in (figure.label_fr, figure.label_en) for year in YEAR.findall(text)})
        outside = [year for year in years if not start.year <= year <= end.year]
        if outside:
            findings.append(Finding(
                subject=f"{figure.key}:{figure.source.key}:labelled",
                message=Message(_("Key figure “{label}” names {years} but is stated for {period}."),
                                label=_label(figure), years=", ".join(str(year) for year in outside),
                                period=shown),
                records=(RecordRef.of(figure, label),),
                values={"key": figure.key, "years": outside, "start": start.isoformat(), "end": end.isoformat()},
            ))
    return findings


def _label(figure: KeyFigure) -> Bilingual:
    return Bilingual(figure.label_fr, figure.label_en)
