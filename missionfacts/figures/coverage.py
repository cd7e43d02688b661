"""Which source gives a flow figure over a period: one rule for the sheet, the JSON, the dashboards and the checks.

A flow (patrols, trainings, fatalities) can come from two kinds of source, and each covers what it covers:

- a **published count** covers exactly its own period (`period_start`–`period_end`). Counts are added up
  only when their periods lie inside the period asked for and follow one another without a gap;
- **individual records** cover what their imports say they hold completely (`ImportBatch.covers_from`–
  `covers_to`; a blank `covers_from` with a `covers_to` means complete from the file's first record, so
  nothing earlier is missing). Records without that statement (older imports, records typed in) are taken
  to cover only the calendar months in which they have records. Records tell only what happened by the
  sheet's date, so they never cover a day after it.

The rule:

1. The figure comes from the source that covers the most days of the period asked for: the whole period
   when one does. Records never shrink a more complete published count.
2. When a count and the records cover as much, the published count wins: it is what the mission stated
   for the period it states. Records win only where they cover more (a period with no count, or a longer
   one); the check `sources-disagree` names both values when they differ over the same period.
3. A figure's period is exactly the period its value covers, never the period asked for: a figure covering
   only part of it is printed with its own period ("3 patrols in June 2020"). The key figures' heading
   states the period most of them share (`heading_period`); each other figure names its own period, and
   the check `period-differs-from-heading` says so.

Everything here is pure: callers read the records' coverage (`coverage_rows`) and the counts, and compute
the value of the source chosen.
"""

from calendar import monthrange
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from django.db.models import F
from django.db.models.functions import TruncMonth

from missionfacts.figures.values import Period

COUNT = "count"
RECORDS = "records"


def month_of(day: date) -> Period:
    """The calendar month of a day, as a period."""
    # From the month's length rather than the next month's first day, which December 9999 does not have.
    return Period(day.replace(day=1), day.replace(day=monthrange(day.year, day.month)[1]))


def days_in(period: Period) -> int:
    return (period.end - period.start).days + 1


def overlap(first: Period, second: Period) -> Period | None:
    start, end = max(first.start, second.start), min(first.end, second.end)
    return Period(start, end) if start <= end else None


def runs(periods: Iterable[Period]) -> tuple[Period, ...]:
    """The periods merged into runs without a gap (touching or overlapping periods join), in date order."""
    merged: list[Period] = []
    for period in sorted(periods, key=lambda item: (item.start, item.end)):
        # The days between them, rather than the day after the run, which 31 December 9999 does not have.
        if merged and (period.start - merged[-1].end).days <= 1:
            merged[-1] = Period(merged[-1].start, max(merged[-1].end, period.end))
        else:
            merged.append(period)
    return tuple(merged)


@dataclass(frozen=True)
class Coverage:
    """The days a series of individual records covers completely, as runs without a gap."""

    runs: tuple[Period, ...] = ()

    @classmethod
    def of(cls, periods: Iterable[Period]) -> "Coverage":
        return cls(runs(periods))

    def covers(self, period: Period) -> bool:
        return any(run.start <= period.start and period.end <= run.end for run in self.runs)

    def longest_within(self, period: Period) -> Period | None:
        """The longest run inside the period (the earliest of equally long ones), or None."""
        inside = [part for run in self.runs if (part := overlap(run, period)) is not None]
        return max(inside, key=lambda part: (days_in(part), -part.start.toordinal()), default=None)


def coverage_rows(records, date_field: str, group: str | None = None) -> list[tuple]:
    """(group, month, covers_from, covers_to) of every month with records: one query, a few hundred rows.

    `records` is a queryset of individual records with an `import_batch`; `group` a field that splits them
    into series (a patrol's component, a session's programme), or None for one series.
    """
    fields = [*([group] if group else []), "covered_month", "covered_from", "covered_to"]
    rows = (records.order_by().annotate(covered_month=TruncMonth(date_field),
                                        covered_from=F("import_batch__covers_from"),
                                        covered_to=F("import_batch__covers_to"))
            .values_list(*fields).distinct())
    return [row if group else (None, *row) for row in rows]


def coverage_by_group(rows: Iterable[tuple]) -> dict:
    """Each series' coverage from `coverage_rows`: its imports' stated periods, else its months with records."""
    periods: dict = {}
    for key, month, covers_from, covers_to in rows:
        month = month.date() if hasattr(month, "date") else month
        if covers_to is not None:
            covered = Period(min(covers_from or date.min, covers_to), covers_to)
        elif covers_from is not None:
            covered = Period(covers_from, max(covers_from, month_of(month).end))
        else:
            covered = month_of(month)
        periods.setdefault(key, []).append(covered)
    return {key: Coverage.of(found) for key, found in periods.items()}


@dataclass(frozen=True)
class Choice:
    """The source chosen for a period: its kind, the period its value covers, and the counts it adds up."""

    kind: str
    period: Period
    counts: tuple = ()


def counts_run(counts: Sequence, period: Period) -> tuple[Period, tuple] | None:
    """The counts inside the period that add up to the longest run without a gap, and that run's period."""
    inside = [count for count in counts if period.start <= count.period_start and count.period_end <= period.end]
    best = None
    for run in runs(Period(count.period_start, count.period_end) for count in inside):
        if best is None or days_in(run) > days_in(best):
            best = run
    if best is None:
        return None
    return best, tuple(count for count in inside if best.start <= count.period_start and count.period_end <= best.end)


def choose(period: Period, as_of: date, coverage: Coverage | None, counts: Sequence = ()) -> Choice | None:
    """The source of a flow figure over the period, by the module's rule; None when no source covers any of it.

    `counts` are the series' published counts (any period: those inside the period are used), `coverage`
    its records' coverage; records count only up to the sheet's date.
    """
    found = counts_run(counts, period)
    from_counts = Choice(COUNT, found[0], found[1]) if found else None
    known = overlap(period, Period(date.min, as_of))
    run = coverage.longest_within(known) if coverage is not None and known is not None else None
    from_records = Choice(RECORDS, run) if run is not None else None
    if from_counts is None or from_records is None:
        return from_counts or from_records
    return from_records if days_in(from_records.period) > days_in(from_counts.period) else from_counts


def heading_period(periods: Sequence[Period | None], asked: Period) -> Period:
    """The period the key figures' heading states: the one most figures have, the longest of equally common
    ones; the period asked for when no figure has one. Every figure with another period names its own."""
    tally: dict[Period, int] = {}
    for period in periods:
        if period is not None:
            tally[period] = tally.get(period, 0) + 1
    if not tally:
        return asked
    return max(tally, key=lambda period: (tally[period], period == asked, days_in(period), -period.start.toordinal()))


def key_figures(sheet) -> list:
    """The flow figures of a sheet's key-figures block, in the sheet's order (patrols, trainings, fatalities)."""
    return [*sheet.patrols.values(), *(training.trained for training in sheet.trainings), sheet.fatalities_in_attacks]


def key_figures_period(sheet) -> Period:
    """The period the key figures' heading of a computed sheet states (`heading_period` of its figures)."""
    return heading_period([figure.period for figure in key_figures(sheet) if figure.available], sheet.period)


# The sources a block of the sheet can take its fact from: figures computed from records (and the UN's data),
# the mission's own "Facts and figures" page as stated, or the catalogue (host countries, for the map).
PAGE = "page"
CATALOGUE = "catalogue"

# The sheet's blocks in the order the seed sheet gives them, then those the seed does not have.
SEED_BLOCKS = ("authorisation", "key_figures", "strength", "sites", "contributors", "mandate")
EXTRA_BLOCKS = ("place", "losses", "budget", "contributing_countries")
BLOCKS = SEED_BLOCKS + EXTRA_BLOCKS


@dataclass(frozen=True)
class Block:
    """One block of the sheet, the sources it takes its facts from (records first), and the figures it shows.

    A block with no source has nothing to say: the public sheet leaves it out, the draft and `check` list it.
    """

    key: str
    sources: tuple[str, ...] = ()
    figures: tuple[str, ...] = ()
    # The seed's blocks are expected of every sheet; the others only of a mission whose page is held, as
    # only a page gives their facts.
    expected: bool = True

    @property
    def held(self) -> bool:
        return bool(self.sources)

    @property
    def missing(self) -> bool:
        """Expected of the sheet, but with nothing to say: the draft and `check` list it."""
        return self.expected and not self.held


def _block(key: str, computed: dict, stated: dict) -> Block:
    """A block from the figures held of each kind: records first, then the page, as the rule says."""
    found = [path for path, held in computed.items() if held]
    stated_found = [path for path, held in stated.items() if held]
    sources = ((RECORDS,) if found else ()) + ((PAGE,) if stated_found else ())
    return Block(key, sources, tuple(found + stated_found))


def sheet_blocks(sheet) -> tuple[Block, ...]:
    """Each block of the sheet with the source of its facts, in the sheet's order: one rule for the sheet, the
    draft, the JSON and `check`.

    The rule: a fact computed from records for the sheet's date or period is shown; where none is, the fact as
    the mission's page states it is shown instead, so a block never says "not reported" of what the page
    gives. The page's facts with no computed counterpart (peak strength, leaders, losses by category, amounts,
    the list of contributing countries) are shown from the page. Strength stated by the page is shown only
    where no strength is computed for the date: the two would be two answers to one question.
    """
    published = sheet.published

    def page(name: str) -> bool:
        return bool(published and getattr(published, name).available)

    financing = bool(published and published.place.available
                     and (published.place.value.financing_fr or published.place.value.financing_en))
    ceilings = all(figure.available for figure in sheet.ceilings.values())
    strength = {f"strength.{key}": figure.available for key, figure in sheet.strength.items()}
    blocks = [
        # A page's authorisations are the resolutions' records with every category the page gives: where
        # the page gives them, they say more than the military and police ceilings computed from them.
        _block("authorisation",
               {"resolution": sheet.resolution.available and not page("authorisations"),
                **{f"ceilings.{key}": ceilings and not page("authorisations") for key in sheet.ceilings}},
               {"published.authorisations": page("authorisations")}),
        _block("key_figures",
               {**{f"patrols.{key}": figure.available for key, figure in sheet.patrols.items()},
                **{f"trainings[{training.programme_key}].trained": training.trained.available
                   for training in sheet.trainings},
                "fatalities_in_attacks": sheet.fatalities_in_attacks.available},
               {"published.key_figures": page("key_figures"),
                "published.fatalities.total": page("fatalities") and any(
                    stated.total is not None for stated in published.fatalities.value)}),
        _block("strength", strength,
               {"published.strength": page("strength") and not any(strength.values()),
                "published.peak_strength": page("peak_strength"),
                "published.withdrawal_strength": page("withdrawal_strength")}),
        _block("sites", {"deployment": sheet.deployment.available, "site_count": sheet.site_count.available}, {}),
        _block("contributors",
               {f"top_contributors.{key}": figure.available for key, figure in sheet.top_contributors.items()}, {}),
        _block("mandate", {"priorities": bool(sheet.priorities), "tasks": bool(sheet.tasks)}, {}),
        # The masthead gives the location, the headquarters and the dates; the block adds the page's other
        # headquarters and its leaders.
        _block("place", {}, {"published.place.other_headquarters": page("place") and bool(
            published.place.value.other_headquarters_fr or published.place.value.other_headquarters_en),
            "published.leadership": page("leadership")}),
        _block("losses", {}, {"published.fatalities.categories": page("fatalities") and any(
            stated.categories for stated in published.fatalities.value)}),
        _block("budget", {}, {"published.finances": page("finances") or financing}),
        _block("contributing_countries", {}, {"published.contributors": page("contributors")}),
    ]
    sites = blocks[3]
    if not sites.held and (sheet.host_countries or sheet.host_country):
        # The map of the host countries still shows where the mission works, from the catalogue.
        blocks[3] = Block("sites", (CATALOGUE,), ("host_countries",))
    return tuple(block if block.key in SEED_BLOCKS else replace(block, expected=published is not None)
                 for block in blocks)
