"""`missionfacts missions [--active-on DATE] [--all] [--format table|csv] [--lang en|fr]`: operations and their data.

One row a mission: acronym, name, start and end, and what the database holds for it — resolutions, sites,
the years of per-country strength, fatalities — so that a newcomer sees which fact sheets can say something.
Dates are written as precisely as they are known: "March 2018" in the table, `2018-03` in the CSV. The UN
entities that are not peacekeeping operations (special political missions, offices, the Secretariat), which the
UN's data imports create, are listed only with `--all`, with their kind.
"""

import csv
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Max, Min, Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from rich.console import Console
from rich.measure import Measurement
from rich.table import Table

from missionfacts.casualties.models import Fatality, FatalityCount
from missionfacts.checks.findings import Message
from missionfacts.commands import LANG_HELP, MissionfactsCommand, UsageError, language_option, output_width, parse_day
from missionfacts.factsheets import formatting
from missionfacts.missions.models import DatePrecision, Mission, Resolution, Site
from missionfacts.personnel.models import ComponentStrength, StatedStrength, Strength
from missionfacts.spreadsheets import neutralised_row

FORMATS = ("table", "csv")
# A width no table reaches: to measure the width a table would take, unwrapped.
UNBOUNDED = 10_000


@dataclass(frozen=True)
class Holdings:
    """What the database holds for one mission, counted in one query per kind of record."""

    resolutions: int = 0
    sites: int = 0
    strength_first: date | None = None
    strength_last: date | None = None
    # Totals as a page states them (format-1 strength totals, format-2 stated strength), not per country.
    stated_first: date | None = None
    stated_last: date | None = None
    fatalities: int = 0
    # Fatalities a page counts over a period, where the individual records are not held.
    fatality_counts: int = 0

    def summary(self, language: str) -> str:
        """'2 resolutions, 30 sites, strength 2010–2020, 311 fatalities', or 'no data'."""

        def years(first: date, last: date) -> str:
            return str(first.year) if first.year == last.year else f"{first.year}–{last.year}"

        parts = []
        if self.resolutions:
            parts.append(Message(ngettext_lazy("{count} resolution", "{count} resolutions", "count"),
                                 count=self.resolutions))
        if self.sites:
            parts.append(Message(ngettext_lazy("{count} site", "{count} sites", "count"), count=self.sites))
        if self.strength_first:
            parts.append(Message(_("strength {years}"), years=years(self.strength_first, self.strength_last)))
        if self.stated_first:
            parts.append(Message(_("stated strength {years}"), years=years(self.stated_first, self.stated_last)))
        if self.fatalities:
            parts.append(Message(ngettext_lazy("{count} fatality", "{count} fatalities", "count"),
                                 count=self.fatalities))
        elif self.fatality_counts:
            parts.append(Message(_("fatalities as published")))
        if not parts:
            return Message(_("no data")).render(language)
        return ", ".join(part.render(language) for part in parts)


def holdings_of(missions: list[Mission]) -> dict[int, Holdings]:
    ids = [mission.pk for mission in missions]
    counts: dict[int, dict] = {pk: {} for pk in ids}
    for row in Resolution.objects.filter(mission__in=ids).values("mission").annotate(n=Count("id")):
        counts[row["mission"]]["resolutions"] = row["n"]
    for row in Site.objects.filter(mission__in=ids).values("mission").annotate(n=Count("id")):
        counts[row["mission"]]["sites"] = row["n"]
    for row in Fatality.objects.filter(mission__in=ids).values("mission").annotate(n=Count("id")):
        counts[row["mission"]]["fatalities"] = row["n"]
    for row in FatalityCount.objects.filter(mission__in=ids).values("mission").annotate(n=Count("id")):
        counts[row["mission"]]["fatality_counts"] = row["n"]
    strength = Strength.objects.filter(mission__in=ids).values("mission")
    for row in strength.annotate(first=Min("reported_on"), last=Max("reported_on")):
        counts[row["mission"]].update(strength_first=row["first"], strength_last=row["last"])
    for model in (ComponentStrength, StatedStrength):
        stated = model.objects.filter(mission__in=ids).values("mission")
        for row in stated.annotate(first=Min("reported_on"), last=Max("reported_on")):
            held = counts[row["mission"]]
            held["stated_first"] = min(filter(None, (held.get("stated_first"), row["first"])))
            held["stated_last"] = max(filter(None, (held.get("stated_last"), row["last"])))
    return {pk: Holdings(**values) for pk, values in counts.items()}


def shown_date(day: date | None, precision: str, language: str) -> str:
    """The date as the source gave it: the day, the month or the year, in the reader's language."""
    if day is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(day.year)
    if precision == DatePrecision.MONTH:
        return formatting.month_year(day, language)
    return formatting.long_date(day, language)


class Command(MissionfactsCommand):
    help = "List every peacekeeping operation known, with its dates and the data held for it."

    def add_arguments(self, parser):
        parser.add_argument("--active-on", default=None, metavar="DATE",
                            help="Only the operations under way on this day (YYYY-MM-DD).")
        parser.add_argument("--all", action="store_true", dest="everything",
                            help="Also list the UN entities that are not peacekeeping operations, with their kind.")
        parser.add_argument("--format", default="table", help="table or csv (default table).")
        parser.add_argument("--lang", default=None, help="The language of names and dates: " + LANG_HELP)

    def handle(self, *args, active_on, everything, format, lang, **options):
        lang = language_option(lang)
        if format not in FORMATS:
            raise UsageError(str(_("unknown format {format!r}; use table or csv.")).format(format=format))
        missions = Mission.objects.order_by("started_on", "acronym")
        if not everything:
            missions = missions.exclude(kind=Mission.Kind.OTHER)
        if active_on is not None:
            day = parse_day(active_on, "--active-on")
            missions = missions.filter(Q(started_on__isnull=True) | Q(started_on__lte=day),
                                       Q(ended_on__isnull=True) | Q(ended_on__gte=day))
        missions = list(missions)
        holdings = holdings_of(missions)
        if format == "csv":
            self.write_csv(missions, holdings, lang, with_kind=everything)
        else:
            self.write_table(missions, holdings, lang, with_kind=everything)

    def write_csv(self, missions: list[Mission], holdings: dict[int, Holdings], language: str, *,
                  with_kind: bool = False) -> None:
        # Machine-readable: ISO dates at their precision (2003-09-19, 2018-03, 1979) and bare counts, one column
        # each, whatever the language of the names.
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(["acronym", "name", *(["kind"] if with_kind else []), "started_on", "ended_on",
                         "provisional", "resolutions", "sites",
                         "strength_first", "strength_last", "stated_strength_first", "stated_strength_last",
                         "fatalities", "fatality_counts"])
        for mission in missions:
            held = holdings[mission.pk]
            # Names and acronyms come from mission files: one may start like a formula.
            writer.writerow(neutralised_row([
                mission.acronym, mission.name(language), *([mission.kind] if with_kind else []),
                _iso_at_precision(mission.started_on, mission.started_on_precision),
                _iso_at_precision(mission.ended_on, mission.ended_on_precision),
                "yes" if mission.is_provisional else "no", held.resolutions, held.sites,
                _iso(held.strength_first), _iso(held.strength_last), _iso(held.stated_first), _iso(held.stated_last),
                held.fatalities, held.fatality_counts,
            ]))

    def write_table(self, missions: list[Mission], holdings: dict[int, Holdings], language: str, *,
                    with_kind: bool = False) -> None:
        with translation.override(language):
            table = missions_table(missions, holdings, language, with_kind=with_kind, compact_dates=False)
            console = Console(file=self.stdout._out, width=UNBOUNDED, highlight=False)
            whole_width = Measurement.get(console, console.options, table).maximum
            width = output_width(self.stdout) or whole_width
            # Dates written in full where the table fits; as ISO dates where it does not (the names and the data
            # then wrap within their columns), so that no line is wider than the terminal.
            if whole_width > width:
                table = missions_table(missions, holdings, language, with_kind=with_kind, compact_dates=True)
            console = Console(file=self.stdout._out, width=width, highlight=False)
            with console.capture() as captured:
                console.print(table)
            # Rich pads each line to the table's width; a line's trailing spaces are noise in a file or a diff.
            self.stdout.write("\n".join(line.rstrip() for line in captured.get().splitlines()))
            others = sum(mission.kind == Mission.Kind.OTHER for mission in missions)
            self.stdout.write(Message(ngettext_lazy("{count} operation.", "{count} operations.", "count"),
                                      count=len(missions) - others).render(language))
            if others:
                self.stdout.write(Message(ngettext_lazy("{count} other UN entity.", "{count} other UN entities.",
                                                        "count"), count=others).render(language))


def missions_table(missions: list[Mission], holdings: dict[int, Holdings], language: str, *, with_kind: bool,
                   compact_dates: bool) -> Table:
    """The table of missions, its dates in full ("19 September 2003") or compact ("2003-09-19")."""

    def when(day: date | None, precision: str) -> str:
        return _iso_at_precision(day, precision) if compact_dates else shown_date(day, precision, language)

    kind = [str(_("kind"))] if with_kind else []
    table = Table(box=None, pad_edge=False, expand=False)
    table.add_column(str(_("acronym")), no_wrap=True)
    table.add_column(str(_("name")), overflow="fold")
    for heading in kind:
        table.add_column(heading, overflow="fold")
    table.add_column(str(_("started on")), no_wrap=compact_dates)
    table.add_column(str(_("ended on")), no_wrap=compact_dates)
    table.add_column(str(_("data")), overflow="fold")
    for mission in missions:
        data = holdings[mission.pk].summary(language)
        if mission.is_provisional:
            data = f"{_('provisional')}; {data}"
        kinds = [str(Mission.Kind(mission.kind).label)] if with_kind else []
        table.add_row(mission.acronym, mission.name(language), *kinds,
                      when(mission.started_on, mission.started_on_precision),
                      when(mission.ended_on, mission.ended_on_precision), data)
    return table


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def _iso_at_precision(day: date | None, precision: str) -> str:
    return DatePrecision(precision).iso(day) if day else ""
