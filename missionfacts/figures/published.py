"""What a mission's own "Facts and figures" page publishes, as of a date: the facts format 2 holds.

Past missions' pages state their figures as published, not as missionfacts computes them: successive
authorisations with a ceiling for every category, strength at a date, at its peak and at withdrawal, leaders
with their titles, fatalities by category, amounts of money, and contributing countries without counts. These
functions read those records for one mission and one date and return them unchanged, each with its
provenance, so that the sheet shows what the page says (a total that does not add up included: the checks
report it). They only read; wording and formatting belong to the renderers.
"""

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q

from missionfacts.casualties.models import FatalityCount
from missionfacts.figures.values import Figure, NotAvailable, Period, Provenance
from missionfacts.figures.versions import shown, versions
from missionfacts.imports.models import Source
from missionfacts.missions.models import (
    Budget,
    CeilingScope,
    DatePrecision,
    FinancialFigure,
    KeyFigure,
    Leadership,
    Mission,
    PeriodPrecision,
    Resolution,
)
from missionfacts.personnel.models import ContributingCountry, StatedStrength

# The order the UN's pages give categories in: each component, then its parts, then those outside them.
CATEGORY_ORDER = {value: index for index, value in enumerate((
    CeilingScope.MILITARY, CeilingScope.TROOPS, CeilingScope.STAFF_OFFICERS, CeilingScope.MILITARY_OBSERVERS,
    CeilingScope.MILITARY_LIAISON_OFFICERS, CeilingScope.POLICE, CeilingScope.INDIVIDUAL_POLICE,
    CeilingScope.FORMED_POLICE_UNITS, CeilingScope.CIVILIANS, CeilingScope.INTERNATIONAL_CIVILIANS,
    CeilingScope.LOCAL_CIVILIANS, CeilingScope.UN_VOLUNTEERS, CeilingScope.OTHERS, CeilingScope.UNIFORMED,
))}
# Posts in the order the UN's pages list them: the head of mission first, then the heads of components.
ROLE_ORDER = {value: index for index, value in enumerate(Leadership.Role.values)}


@dataclass(frozen=True)
class Dated:
    """A date with as much of it as the page gave: the day, the month or the year."""

    day: date
    precision: str = DatePrecision.DAY


@dataclass(frozen=True)
class DatedPeriod:
    """A period with the precision the page gave it: days, months, years, or a budget year ("2017-2018")."""

    period: Period
    precision: str = PeriodPrecision.DAY


@dataclass(frozen=True)
class Authorisation:
    """An authorisation as published: its resolution (when the page names one), its date (when the page gives
    one) and its ceilings."""

    number: int | None
    adopted_on: Dated | None
    ceilings: tuple[tuple[str, int], ...]
    text_fr: str = ""
    text_en: str = ""
    mandate_ends_on: date | None = None

    def text(self, language: str) -> str:
        return _in_language(self.text_fr, self.text_en, language)


@dataclass(frozen=True)
class StatedPart:
    """A category of a stated strength; a component may count more parts than usual, or fewer, as the page does."""

    category: str
    total: int
    women: int | None = None
    includes: tuple[str, ...] = ()
    excludes: tuple[str, ...] = ()


@dataclass(frozen=True)
class StatedFigure:
    """One stated strength: its grand total as published (or none), its categories, and its own wording."""

    kind: str
    reported_on: Dated
    total: int | None
    women: int | None
    total_covers: str
    parts: tuple[StatedPart, ...]
    wording_fr: str = ""
    wording_en: str = ""
    uniformed: int | None = None
    uniformed_women: int | None = None

    def wording(self, language: str) -> str:
        return _in_language(self.wording_fr, self.wording_en, language)


@dataclass(frozen=True)
class Term:
    """One person's term in a senior post, with the title and rank the page gives."""

    role: str
    title_fr: str
    title_en: str
    rank_fr: str
    rank_en: str
    name: str
    nationality: str
    started_on: Dated | None
    ended_on: Dated | None
    until_present: bool = False
    acting: bool = False
    in_post_on: date | None = None

    def title(self, language: str) -> str:
        return _in_language(self.title_fr, self.title_en, language)

    def rank(self, language: str) -> str:
        return _in_language(self.rank_fr, self.rank_en, language)


@dataclass(frozen=True)
class FatalitiesStated:
    """The fatalities a page states for one period: its total when given, and its count by category.

    A page that gives only the date it counts to (`as_of_only`) states the mission's fatalities up to the
    period's end; the period's start is then the mission's, not the page's, and is not shown.
    """

    period: Period
    total: int | None
    categories: tuple[tuple[str, int], ...]
    precision: str = PeriodPrecision.DAY
    as_of_only: bool = False


@dataclass(frozen=True)
class Amount:
    """An amount of money for a period, in the currency and wording given."""

    kind: str
    period: Period
    amount: Decimal
    currency: str
    wording_fr: str = ""
    wording_en: str = ""
    precision: str = PeriodPrecision.DAY

    def wording(self, language: str) -> str:
        return _in_language(self.wording_fr, self.wording_en, language)


@dataclass(frozen=True)
class StatedKeyFigure:
    """A free key figure as the page words it: its label, qualifier, number and unit, for a period or a date."""

    key: str
    label_fr: str
    label_en: str
    value: Decimal
    percent: bool
    unit_fr: str
    unit_en: str
    qualifier: str
    period: DatedPeriod | None
    as_of: Dated | None
    wording_fr: str = ""
    wording_en: str = ""

    def label(self, language: str) -> str:
        return _in_language(self.label_fr, self.label_en, language)

    def unit(self, language: str) -> str:
        return _in_language(self.unit_fr, self.unit_en, language)

    def wording(self, language: str) -> str:
        return _in_language(self.wording_fr, self.wording_en, language)


@dataclass(frozen=True)
class ContributorList:
    """The countries a page lists for one kind of personnel, in the page's order.

    `countries` are ISO alpha-3 codes; a country without a current code ("Serbia and Montenegro") has an empty
    code there and its name as published at the same place in `names_as_published`.
    """

    personnel: str
    countries: tuple[str, ...]
    listed_on: date | None = None
    names_as_published: tuple[str, ...] = ()


@dataclass(frozen=True)
class Place:
    """Where and when the mission worked, as its record says."""

    location_fr: str
    location_en: str
    host_countries: tuple[str, ...]
    headquarters: str
    started_on: Dated | None
    ended_on: Dated | None
    other_headquarters_fr: str = ""
    other_headquarters_en: str = ""
    financing_fr: str = ""
    financing_en: str = ""

    def location(self, language: str) -> str:
        return _in_language(self.location_fr, self.location_en, language)

    def other_headquarters(self, language: str) -> str:
        return _in_language(self.other_headquarters_fr, self.other_headquarters_en, language)

    def financing(self, language: str) -> str:
        return _in_language(self.financing_fr, self.financing_en, language)


@dataclass(frozen=True)
class PageSource:
    """A source of the published facts, as the sheet cites it: the page's title, publisher and address."""

    key: str
    title: str
    publisher: str
    url: str


@dataclass(frozen=True)
class PublishedFacts:
    """Every published fact of a mission for a sheet's date; each is a Figure, or NotAvailable when not held."""

    as_of: date
    past_mission: bool
    authorisation: Figure | NotAvailable
    authorisations: Figure | NotAvailable
    strength: Figure | NotAvailable
    peak_strength: Figure | NotAvailable
    withdrawal_strength: Figure | NotAvailable
    leadership: Figure | NotAvailable
    fatalities: Figure | NotAvailable
    finances: Figure | NotAvailable
    contributors: Figure | NotAvailable
    place: Figure | NotAvailable
    key_figures: Figure | NotAvailable = NotAvailable(unit="key figures", reason="none held")
    sources: tuple[PageSource, ...] = ()

    def figures(self) -> tuple[Figure | NotAvailable, ...]:
        return (self.authorisations, self.strength, self.peak_strength, self.withdrawal_strength, self.leadership,
                self.fatalities, self.finances, self.contributors, self.place, self.key_figures)


def _in_language(french: str, english: str, language: str) -> str:
    """The text in the language, or in the other one: a one-language page gives only its own."""
    preferred = french if language == "fr" else english
    return preferred or english or french


def has_published_facts(mission: Mission) -> bool:
    """Whether the mission holds any of the facts only a "Facts and figures" page brings (format 2).

    A mission without them (MINUSMA's fact sheet) keeps its sheet as it was: no empty section is added.
    """
    if mission.text_language:
        return True
    # One query for the six tables, so a sheet without such facts pays one query, not six.
    held = (
        Exists(StatedStrength.objects.filter(mission=OuterRef("pk")))
        | Exists(ContributingCountry.objects.filter(mission=OuterRef("pk")))
        | Exists(FinancialFigure.objects.filter(mission=OuterRef("pk")))
        | Exists(Resolution.objects.filter(mission=OuterRef("pk")).exclude(ceilings_text_fr="", ceilings_text_en=""))
        | Exists(Leadership.objects.filter(mission=OuterRef("pk")).exclude(title_fr="", title_en=""))
        | Exists(KeyFigure.objects.filter(mission=OuterRef("pk")))
    )
    return Mission.objects.filter(held, pk=mission.pk).exists()


def published_facts(mission: Mission, as_of: date) -> PublishedFacts | None:
    """The published facts of the mission as of the date, or None when it holds none of them."""
    if not has_published_facts(mission):
        return None
    history = authorisations_adopted_by(mission, as_of)
    # The authorisation in force is the latest dated one: an undated one may have come at any time.
    dated_ones = [index for index, item in enumerate(history.value or ()) if item.adopted_on is not None]
    in_force = (
        Figure(value=history.value[dated_ones[-1]], unit="authorisation", as_of=as_of,
               provenance=(history.provenance[dated_ones[-1]],))
        if dated_ones else NotAvailable(unit="authorisation", as_of=as_of, reason=getattr(history, "reason", "")
                                        or "no dated authorisation adopted by this date")
    )
    facts = PublishedFacts(
        as_of=as_of,
        past_mission=mission.ended_on is not None,
        authorisation=in_force,
        authorisations=history,
        strength=stated_strength_as_of(mission, as_of),
        peak_strength=stated_of_kind(mission, StatedStrength.Kind.PEAK, as_of),
        withdrawal_strength=stated_of_kind(mission, StatedStrength.Kind.AT_WITHDRAWAL, as_of),
        leadership=leadership_of(mission, as_of),
        fatalities=fatalities_stated(mission, as_of),
        finances=amounts_of(mission, as_of),
        contributors=contributors_of(mission, as_of),
        place=place_of(mission, as_of),
        key_figures=key_figures_of(mission, as_of),
    )
    return replace(facts, sources=sources_of(facts))


def sources_of(facts: PublishedFacts) -> tuple[PageSource, ...]:
    """The sources behind every published fact shown, by key, for the section's source line."""
    keys = {item.source for figure in facts.figures() for item in figure.provenance}
    return tuple(PageSource(source.key, source.title, source.publisher, source.url)
                 for source in Source.objects.filter(key__in=keys).order_by("key"))


def authorisations_adopted_by(mission: Mission, as_of: date) -> Figure | NotAvailable:
    """Every authorisation adopted by the date, oldest first, each with all its category ceilings.

    Authorisations whose page gives no date come last: nothing says they came after the sheet's date, and a
    past mission's page lists them among the others.
    """
    resolutions = list(
        Resolution.objects.filter(mission=mission, adopted_on__lte=as_of)
        .select_related("source").prefetch_related("ceilings").order_by("adopted_on", "pk")
    ) + list(
        Resolution.objects.filter(mission=mission, adopted_on__isnull=True)
        .select_related("source").prefetch_related("ceilings").order_by("number", "pk")
    )
    if not resolutions:
        return NotAvailable(unit="authorisation", as_of=as_of, reason="no authorisation adopted by this date")
    value = tuple(
        Authorisation(
            number=resolution.number,
            adopted_on=(Dated(resolution.adopted_on, resolution.adopted_on_precision)
                        if resolution.adopted_on else None),
            ceilings=tuple(sorted(((ceiling.scope, ceiling.authorised) for ceiling in resolution.ceilings.all()),
                                  key=lambda item: CATEGORY_ORDER.get(item[0], len(CATEGORY_ORDER)))),
            text_fr=resolution.ceilings_text_fr,
            text_en=resolution.ceilings_text_en,
            mandate_ends_on=resolution.mandate_ends_on,
        )
        for resolution in resolutions
    )
    return Figure(value=value, unit="authorisation", as_of=as_of,
                  provenance=tuple(Provenance.of(resolution) for resolution in resolutions))


def _stated(record: StatedStrength) -> StatedFigure:
    parts = sorted(record.parts.all(), key=lambda part: CATEGORY_ORDER.get(part.category, len(CATEGORY_ORDER)))
    return StatedFigure(
        kind=record.kind,
        reported_on=Dated(record.reported_on, record.reported_on_precision),
        total=record.total,
        women=record.women,
        total_covers=record.total_covers,
        parts=tuple(StatedPart(part.category, part.total, part.women, tuple(part.includes.split()),
                               tuple(part.excludes.split())) for part in parts),
        wording_fr=record.wording_fr,
        wording_en=record.wording_en,
        uniformed=record.uniformed,
        uniformed_women=record.uniformed_women,
    )


def _stated_records(mission: Mission, kind: str, as_of: date) -> list[StatedStrength]:
    """The stated strengths of a kind up to the date, newest first: of several sources' versions of one, the
    one the sheet shows (figures/versions.py)."""
    records = (StatedStrength.objects.filter(mission=mission, kind=kind, reported_on__lte=as_of)
               .select_related("source").prefetch_related("parts").order_by("-reported_on", "pk"))
    return shown(records, lambda record: record.reported_on, mission)


def stated_strength_as_of(mission: Mission, as_of: date) -> Figure | NotAvailable:
    """The strength the page states at or before the date: the latest statement, then any earlier one that
    gives a category the later ones do not.

    A page may date its parts apart ("international staff as of 31 October"): both statements are shown,
    each at its own date, newest first.
    """
    chosen, covered = [], set()
    for record in _stated_records(mission, StatedStrength.Kind.AS_OF, as_of):
        categories = {part.category for part in record.parts.all()}
        if record.total is not None:
            categories.add(f"total:{record.total_covers}")
        if categories - covered:
            chosen.append(record)
            covered |= categories
    if not chosen:
        return NotAvailable(unit="persons", as_of=as_of, reason="no strength stated by this date")
    return Figure(value=tuple(_stated(record) for record in chosen), unit="persons", as_of=chosen[0].reported_on,
                  provenance=tuple(Provenance.of(record) for record in chosen))


def stated_of_kind(mission: Mission, kind: str, as_of: date) -> Figure | NotAvailable:
    """The peak strength, or the strength at withdrawal, stated for a date up to the sheet's, newest first."""
    records = _stated_records(mission, kind, as_of)
    if not records:
        return NotAvailable(unit="persons", as_of=as_of, reason=f"no {kind} strength stated by this date")
    return Figure(value=tuple(_stated(record) for record in records), unit="persons", as_of=records[0].reported_on,
                  provenance=tuple(Provenance.of(record) for record in records))


def leadership_of(mission: Mission, as_of: date) -> Figure | NotAvailable:
    """The leaders in office on the date; for a past mission, every term begun by the date, in order.

    A past mission's page lists all its leaders, and a reader of its sheet wants the whole line of them.
    """
    leaders = Leadership.objects.filter(
        Q(started_on__lte=as_of) | Q(started_on__isnull=True, in_post_on__lte=as_of), mission=mission,
    ).select_related("source")
    if mission.ended_on is None:
        leaders = [leader for leader in leaders if leader.ended_on is None or leader.ended_on >= as_of]
    # One post's terms together, in order; a post known only by its title comes after the coded ones.
    leaders = sorted(leaders, key=lambda leader: (ROLE_ORDER.get(leader.role, len(ROLE_ORDER)),
                                                  "" if leader.role else leader.post,
                                                  leader.started_on or leader.in_post_on))
    if not leaders:
        return NotAvailable(unit="persons", as_of=as_of, reason="no leader recorded for this date")
    value = tuple(
        Term(
            role=leader.role, title_fr=leader.title_fr, title_en=leader.title_en,
            rank_fr=leader.rank_fr, rank_en=leader.rank_en, name=leader.name, nationality=leader.nationality,
            started_on=Dated(leader.started_on, leader.started_on_precision) if leader.started_on else None,
            ended_on=Dated(leader.ended_on, leader.ended_on_precision) if leader.ended_on else None,
            until_present=leader.until_present,
            acting=leader.acting,
            in_post_on=leader.in_post_on,
        )
        for leader in leaders
    )
    return Figure(value=value, unit="persons", as_of=as_of,
                  provenance=tuple(Provenance.of(leader) for leader in leaders))


def fatalities_stated(mission: Mission, as_of: date) -> Figure | NotAvailable:
    """The fatalities stated for periods begun by the date, each period with its total and its categories.

    A count stated only as of a date is shown from that date on. Where several sources state one period, the
    sheet shows one source's counts for it, whole (figures/versions.py).
    """
    counts = [
        count for count in FatalityCount.objects.filter(mission=mission, incident_type="", period_start__lte=as_of)
        .select_related("source").order_by("period_start", "period_end", "pk")
        if not (count.as_of_only and count.period_end > as_of)
    ]
    if not counts:
        return NotAvailable(unit="persons", as_of=as_of, reason="no fatalities stated for this date")
    def period_of(count: FatalityCount) -> tuple[date, date, bool]:
        return count.period_start, count.period_end, count.as_of_only

    shown_source = {fact: group[0].source_id for fact, group in versions(counts, period_of, mission).items()}
    counts = [count for count in counts if count.source_id == shown_source[period_of(count)]]
    groups: dict[tuple[date, date, bool], list[FatalityCount]] = {}
    for count in counts:
        groups.setdefault(period_of(count), []).append(count)
    value = tuple(
        FatalitiesStated(
            period=Period(start, end),
            total=next((count.count for count in group if not count.personnel_category), None),
            categories=tuple((count.personnel_category, count.count) for count in group if count.personnel_category),
            precision=group[0].period_precision,
            as_of_only=as_of_only,
        )
        for (start, end, as_of_only), group in groups.items()
    )
    return Figure(value=value, unit="persons", as_of=as_of, provenance=tuple(Provenance.of(count) for count in counts))


def amounts_of(mission: Mission, as_of: date) -> Figure | NotAvailable:
    """Budgets, appropriations, expenditures and estimates for periods begun by the date, in period order.

    Format 1's approved budgets (in US dollars) are amounts of the kind "approved budget".
    """
    figures = shown(FinancialFigure.objects.filter(mission=mission, period_start__lte=as_of).select_related("source")
                    .order_by("pk"), lambda figure: (figure.kind, figure.period_start, figure.period_end), mission)
    budgets = list(Budget.objects.filter(mission=mission, period_start__lte=as_of).select_related("source"))
    amounts = [
        (Amount(figure.kind, Period(figure.period_start, figure.period_end), figure.amount, figure.currency,
                figure.wording_fr, figure.wording_en, figure.period_precision), figure)
        for figure in figures
    ] + [
        (Amount(FinancialFigure.Kind.APPROVED_BUDGET, Period(budget.period_start, budget.period_end),
                budget.approved_usd, "USD"), budget)
        for budget in budgets
    ]
    if not amounts:
        return NotAvailable(unit="money", as_of=as_of, reason="no amount stated for this date")
    amounts.sort(key=lambda item: (item[0].period.start, item[0].period.end, item[0].kind))
    return Figure(value=tuple(amount for amount, _record in amounts), unit="money", as_of=as_of,
                  provenance=tuple(Provenance.of(record) for _amount, record in amounts))


def contributors_of(mission: Mission, as_of: date) -> Figure | NotAvailable:
    """The contributing countries listed by the date, for each kind of personnel, in the page's order."""
    rows = [
        row for row in ContributingCountry.objects.filter(mission=mission).select_related("source")
        .order_by("personnel", "position")
        if row.listed_on is None or row.listed_on <= as_of
    ]
    if not rows:
        return NotAvailable(unit="countries", as_of=as_of, reason="no contributing country listed")
    lists: dict[str, list[ContributingCountry]] = {}
    for row in rows:
        lists.setdefault(row.personnel, []).append(row)
    value = tuple(
        ContributorList(personnel, tuple(row.country for row in group),
                        max((row.listed_on for row in group if row.listed_on), default=None),
                        tuple(row.name_as_published for row in group))
        for personnel, group in sorted(lists.items(), key=lambda item: CATEGORY_ORDER.get(item[0], 99))
    )
    return Figure(value=value, unit="countries", as_of=as_of, provenance=Provenance.of_queryset(
        ContributingCountry.objects.filter(pk__in=[row.pk for row in rows])))


def place_of(mission: Mission, as_of: date) -> Figure | NotAvailable:
    """The mission's location, host countries, headquarters and duration, with the precision of its dates, and
    how it was financed."""
    place = Place(
        location_fr=mission.location_fr,
        location_en=mission.location_en,
        host_countries=tuple(mission.host_countries),
        headquarters=mission.headquarters,
        started_on=Dated(mission.started_on, mission.started_on_precision) if mission.started_on else None,
        ended_on=Dated(mission.ended_on, mission.ended_on_precision) if mission.ended_on else None,
        other_headquarters_fr=mission.other_headquarters_fr,
        other_headquarters_en=mission.other_headquarters_en,
        financing_fr=mission.financing_fr,
        financing_en=mission.financing_en,
    )
    if not (place.location_fr or place.location_en or place.headquarters or place.started_on):
        return NotAvailable(unit="place", as_of=as_of, reason="no location, headquarters or duration recorded")
    return Figure(value=place, unit="place", as_of=as_of, provenance=(Provenance.of(mission),))


def key_figures_of(mission: Mission, as_of: date) -> Figure | NotAvailable:
    """The free key figures stated for a period begun, or a date reached, by the sheet's date, in the page's
    order; of several sources' versions of one, the one the sheet shows.

    A figure for a period that runs past the sheet's date is still shown (the page states it), and the check
    `key-figure-period` says so.
    """
    records = [
        record for record in KeyFigure.objects.filter(mission=mission).select_related("source")
        .order_by("position", "pk")
        if (record.period_start or record.as_of) <= as_of
    ]
    records = shown(records, lambda record: record.key, mission)
    if not records:
        return NotAvailable(unit="key figures", as_of=as_of, reason="no key figure stated for this date")
    value = tuple(
        StatedKeyFigure(
            key=record.key, label_fr=record.label_fr, label_en=record.label_en, value=record.value_as_published,
            percent=record.percent, unit_fr=record.unit_fr, unit_en=record.unit_en, qualifier=record.qualifier,
            period=(DatedPeriod(Period(record.period_start, record.period_end), record.period_precision)
                    if record.period_start else None),
            as_of=Dated(record.as_of, record.as_of_precision) if record.as_of else None,
            wording_fr=record.wording_fr, wording_en=record.wording_en,
        )
        for record in records
    )
    return Figure(value=value, unit="key figures", as_of=as_of,
                  provenance=tuple(Provenance.of(record) for record in records))
