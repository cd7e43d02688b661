"""The "Facts and figures" section of a sheet: a mission page's published facts, worded for a language.

It is handed the figures (figures/published.py) and never queries the database. Numbers, dates, amounts and
country names go through Babel in the sheet's language; a date the page gave to the month or the year is
shown to the month or the year. The page's own wording of a figure is shown beside it, marked as such
(`published-wording`), so a reader can compare the two.
"""

import re

from babel.lists import format_list
from babel.numbers import format_decimal, format_percent
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext, pgettext

from missionfacts.factsheets import formatting, typography
from missionfacts.figures.published import (
    Amount,
    Dated,
    PublishedFacts,
    StatedFigure,
    StatedKeyFigure,
    StatedPart,
    Term,
)
from missionfacts.figures.values import Period
from missionfacts.missions.models import CeilingScope, DatePrecision, FinancialFigure, KeyFigure, PeriodPrecision
from missionfacts.personnel.models import StatedStrength

# The fatalities data's codes of personnel, worded like the categories of strength.
FATALITY_CATEGORY_SCOPE = {
    "military": CeilingScope.MILITARY,
    "troops": CeilingScope.TROOPS,
    "police": CeilingScope.POLICE,
    "military_observer": CeilingScope.MILITARY_OBSERVERS,
    "international_civilian": CeilingScope.INTERNATIONAL_CIVILIANS,
    "local": CeilingScope.LOCAL_CIVILIANS,
    "other": CeilingScope.OTHERS,
}


def dated(value: Dated, language: str) -> str:
    """A date with the precision the page gave it: '1 June 2004', 'September 2007' or '2004'."""
    if value.precision == DatePrecision.YEAR:
        return str(value.day.year)
    if value.precision == DatePrecision.MONTH:
        return formatting.month_year(value.day, language)
    return formatting.long_date(value.day, language)


def span(start: str, end: str) -> str:
    return gettext("{start} to {end}").format(start=start, end=end)


def dated_span(start: Dated, end: Dated, language: str) -> str:
    """Two dates as a span; French says "de septembre 2007" but "du 1er juin 2004", so the wording follows
    whether each bound is a day."""
    texts = {"start": dated(start, language), "end": dated(end, language)}
    by_day = (start.precision == DatePrecision.DAY, end.precision == DatePrecision.DAY)
    if by_day == (True, True):
        return span(**texts)
    if by_day == (False, True):
        return _elided(pgettext("from a month or a year to a day", "{start} to {end}").format(**texts))
    if by_day == (True, False):
        return pgettext("from a day to a month or a year", "{start} to {end}").format(**texts)
    return _elided(pgettext("from a month or a year to a month or a year", "{start} to {end}").format(**texts))


def _elided(text: str) -> str:
    """French elides "de" before a month that starts with a vowel: "de juillet 2012" but "d’août 2012"."""
    return re.sub(r"^de (?=[aeiouyàâéèêîôûh])", "d’", text, flags=re.IGNORECASE)


def period_at(period: Period, precision: str, language: str) -> str:
    """A period as precisely as the page gave it: days, months, years, or a budget year written "2017-2018"."""
    if precision == PeriodPrecision.BUDGET_YEAR:
        return gettext("{first}-{second}").format(first=period.start.year, second=period.end.year)
    if precision in (DatePrecision.MONTH, DatePrecision.YEAR):
        return dated_span(Dated(period.start, precision), Dated(period.end, precision), language)
    return span(formatting.long_date(period.start, language), formatting.long_date(period.end, language))


def as_of_text(value: Dated, language: str) -> str:
    """'as of 31 March 2024', or 'as of March 2024' for a date the page gave to the month or the year
    (French says « au 31 mars 2024 » but « à fin mars 2024 »)."""
    if value.precision == DatePrecision.DAY:
        return gettext("as of {date}").format(date=dated(value, language))
    return pgettext("as of a month or a year", "as of {date}").format(date=dated(value, language))


def resolution_heading(number: int, adopted_on: Dated, language: str) -> str:
    """'Resolution 1545 of 21 May 2004'; a resolution the page dates only to the year is cited the UN's way,
    'Resolution 1545 (2004)', and one dated to the month 'Resolution 1545 of May 2004' (« d’avril 2004 »)."""
    if adopted_on.precision == DatePrecision.YEAR:
        return pgettext("a resolution known by its year", "Resolution {number} ({year})").format(
            number=number, year=adopted_on.day.year)
    if adopted_on.precision == DatePrecision.MONTH:
        text = pgettext("a resolution known by its month", "Resolution {number} of {date}").format(
            number=number, date=dated(adopted_on, language))
        return re.sub(r" de (?=[aeiouyàâéèêîôûh])", " d’", text, flags=re.IGNORECASE)
    return gettext("Resolution {number} of {date}").format(number=number, date=dated(adopted_on, language))


def key_figure_number(figure: StatedKeyFigure, language: str) -> str:
    """The figure's number with its unit, through Babel: '85 %', '2,5 km', '1 200'."""
    if figure.percent:
        return format_percent(figure.value / 100, locale=language, decimal_quantization=False)
    number = format_decimal(figure.value, locale=language, decimal_quantization=False)
    unit = figure.unit(language)
    return gettext("{number} {unit}").format(number=number, unit=unit) if unit else number


# How a qualifier words a number, as the pages do: "about 85 %", "more than 40".
QUALIFIED = {
    KeyFigure.Qualifier.ABOUT: lambda: pgettext("key figure", "about {number}"),
    KeyFigure.Qualifier.MORE_THAN: lambda: pgettext("key figure", "more than {number}"),
    KeyFigure.Qualifier.AT_LEAST: lambda: pgettext("key figure", "at least {number}"),
    KeyFigure.Qualifier.FEWER_THAN: lambda: pgettext("key figure", "fewer than {number}"),
}


def key_figure_line(figure: StatedKeyFigure, language: str) -> str:
    """'Alerts answered: about 85% (2019-2020)': the page's label, its qualifier and number, then its period."""
    number = key_figure_number(figure, language)
    if figure.qualifier in QUALIFIED:
        number = QUALIFIED[figure.qualifier]().format(number=number)
    line = gettext("{label}: {count}").format(label=capfirst(figure.label(language)), count=number)
    if figure.period:
        when = period_at(figure.period.period, figure.period.precision, language)
    else:
        when = as_of_text(figure.as_of, language)
    return gettext("{line} ({when})").format(line=line, when=when)


def category(code: str) -> str:
    return capfirst(str(CeilingScope(code).label)) if code in CeilingScope.values else code


def part_label(part: StatedPart) -> str:
    """A category's name, with the parts the page counts in it beyond its usual ones, or leaves out."""
    label = category(part.category)
    names = [str(CeilingScope(code).label) for code in part.includes if code in CeilingScope.values]
    if names:
        label = gettext("{category} (including {parts})").format(category=label, parts=", ".join(names))
    names = [str(CeilingScope(code).label) for code in part.excludes if code in CeilingScope.values]
    if names:
        label = gettext("{category} (excluding {parts})").format(category=label, parts=", ".join(names))
    return label


def _count_line(label: str, total: int, women: int | None, language: str) -> str:
    if women is None:
        return gettext("{label}: {count}").format(label=label, count=formatting.number(total, language))
    return gettext("{label}: {count}, of whom {women} women").format(
        label=label, count=formatting.number(total, language), women=formatting.number(women, language))


def amount_text(amount: Amount, language: str) -> str:
    """'678.3 million US dollars' where the page wrote "$678.3 million", '287,941,000 US dollars' where it wrote
    the number in full: the page's own rounding, never one of the sheet's."""
    return formatting.amount_as_written(amount.amount, amount.currency, (amount.wording_fr, amount.wording_en),
                                        language)


class _Section:
    """What the template shows of one kind of fact: a title and entries, each with lines and the page's wording."""

    def __init__(self, key: str, title: str):
        self.key, self.title, self.entries = key, title, []

    def add(self, heading: str = "", lines=(), wording: str = "") -> None:
        """`wording` comes typeset in the language it is written in (`typography.typeset_stored`)."""
        self.entries.append({"heading": heading, "lines": list(lines), "wording": wording})

    def as_dict(self) -> dict:
        return {"key": self.key, "title": self.title, "entries": self.entries}


class _Wording:
    """The sentences of the section, for one sheet: the mission's duration serves the periods that span it."""

    def __init__(self, facts: PublishedFacts, language: str):
        self.facts, self.language = facts, language
        place = facts.place.value if facts.place.available else None
        self.life = (place.started_on, place.ended_on) if place and place.started_on and place.ended_on else None

    def period(self, period: Period, precision: str = PeriodPrecision.DAY) -> str:
        """A period at the precision the page gave it; the mission's whole life is named so, with the precision
        of the mission's dates."""
        language = self.language
        if self.life and (period.start, period.end) == (self.life[0].day, self.life[1].day):
            return gettext("Over the mission's duration ({span})").format(
                span=dated_span(self.life[0], self.life[1], language))
        return capfirst(period_at(period, precision, language))

    def place(self, section: _Section) -> None:
        """The page's other headquarters: the masthead already gives the location, headquarters and dates."""
        other = self.facts.place.value.other_headquarters(self.language)
        if other:
            # Worded by the page with its own label ("Quartier général à l'Est : Abéché, Tchad").
            section.add(lines=[other])

    def authorisations(self, section: _Section) -> None:
        language, in_force = self.language, self.facts.authorisation.value
        # The newest first, the one in force among them; those the page gives no date come after.
        history = self.facts.authorisations.value
        dated_ones = [authorisation for authorisation in history if authorisation.adopted_on is not None]
        undated = [authorisation for authorisation in history if authorisation.adopted_on is None]
        for authorisation in [*reversed(dated_ones), *undated]:
            day = dated(authorisation.adopted_on, language) if authorisation.adopted_on else None
            if authorisation.number is not None and day:
                heading = resolution_heading(authorisation.number, authorisation.adopted_on, language)
            elif authorisation.number is not None:
                # The page names the resolution without its date, and the sheet gives none either.
                heading = gettext("Resolution {number}").format(number=authorisation.number)
            elif day and authorisation.adopted_on.precision == DatePrecision.DAY:
                heading = gettext("Authorised on {date}").format(date=day)
            elif day:
                # Known only by its month or its year: "authorised in 1992", never "(1992)" as if it were a day.
                heading = pgettext("an authorisation known by its month or year", "Authorised in {date}").format(
                    date=day)
            else:
                heading = gettext("Authorisation (date not given)")
            if authorisation == in_force:
                heading = gettext("{heading} (in force on the sheet's date)").format(heading=heading)
            lines = [_count_line(category(scope), authorised, None, language)
                     for scope, authorised in authorisation.ceilings]
            # A page that gives an authorisation its end ("until 30 June 2017") gives a fact of its own, shown
            # even when the page gives that authorisation no ceiling.
            if authorisation.mandate_ends_on:
                lines.append(gettext("Mandate until {date}").format(
                    date=formatting.long_date(authorisation.mandate_ends_on, language)))
            section.add(heading, lines,
                        typography.typeset_stored(authorisation.text_fr, authorisation.text_en, language))

    def stated(self, section: _Section, figures: tuple[StatedFigure, ...]) -> None:
        language = self.language
        for stated in figures:
            headings = {
                StatedStrength.Kind.AS_OF: gettext("As of {date}"),
                StatedStrength.Kind.PEAK: gettext("Peak strength, {date}"),
                StatedStrength.Kind.AT_WITHDRAWAL: gettext("At withdrawal, {date}"),
            }
            lines = []
            if stated.total is not None:
                label = (gettext("Total uniformed personnel")
                         if stated.total_covers == StatedStrength.TotalCovers.UNIFORMED
                         else gettext("Total personnel"))
                lines.append(_count_line(label, stated.total, stated.women, language))
            if stated.uniformed is not None:
                lines.append(_count_line(gettext("Of whom uniformed personnel"), stated.uniformed,
                                         stated.uniformed_women, language))
            lines += [_count_line(part_label(part), part.total, part.women, language) for part in stated.parts]
            heading = headings[stated.kind].format(date=dated(stated.reported_on, language))
            if stated.kind == StatedStrength.Kind.AS_OF:
                # "À fin septembre 2007" for a strength the page dates to the month, not « Au septembre 2007 ».
                heading = capfirst(as_of_text(stated.reported_on, language))
            section.add(heading, lines,
                        typography.typeset_stored(stated.wording_fr, stated.wording_en, language))

    def leadership(self, section: _Section) -> None:
        for term in self.facts.leadership.value:
            section.add(lines=[self.term(term)])

    def term(self, term: Term) -> str:
        language = self.language
        person = " ".join(part for part in (term.rank(language), term.name) if part)
        if term.nationality:
            nationality = formatting.country(term.nationality, language, on=self.facts.as_of)
            person = gettext("{person} ({country})").format(person=person, country=nationality)
        title = gettext("{title} (acting)").format(title=term.title(language)) if term.acting else term.title(language)
        if term.started_on is None:
            # The page names the holder without a term: the sheet gives none either.
            if term.ended_on:
                return gettext("{title}: {person}, until {date}").format(title=title, person=person,
                                                                         date=dated(term.ended_on, language))
            return gettext("{title}: {person}").format(title=title, person=person)
        start = dated(term.started_on, language)
        if term.until_present:
            when = span(start, gettext("present"))
        elif term.ended_on:
            when = dated_span(term.started_on, term.ended_on, language)
        else:
            when = gettext("from {date}").format(date=start)
        return gettext("{title}: {person}, {when}").format(title=title, person=person, when=when)

    def fatalities_when(self, stated, in_a_sentence: bool = False) -> str:
        """The period a stated count covers, or the date it counts to, as precisely as the page gives it."""
        language = self.language
        if stated.as_of_only:
            when = as_of_text(Dated(stated.period.end, stated.precision), language)
        elif self.life and (stated.period.start, stated.period.end) == (self.life[0].day, self.life[1].day):
            when = pgettext("in a sentence", "over the mission's duration ({span})").format(
                span=dated_span(self.life[0], self.life[1], language))
        else:
            when = period_at(stated.period, stated.precision, language)
        return when if in_a_sentence else capfirst(when)

    def fatalities(self, section: _Section) -> None:
        """The losses by category; each period's total is a key figure of the sheet (`fatality_totals`)."""
        language = self.language
        for stated in self.facts.fatalities.value:
            lines = [_count_line(category(FATALITY_CATEGORY_SCOPE.get(code, code)), count, None, language)
                     for code, count in stated.categories]
            if lines:
                section.add(self.fatalities_when(stated), lines)

    def fatality_totals(self, mission: str) -> list[str]:
        """Each stated period's total, as a key figure: "24 members of ONUB personnel died in service (as of
        31 December 2006)"."""
        lines = []
        for stated in self.facts.fatalities.value:
            if stated.total is None:
                continue
            when = self.fatalities_when(stated, in_a_sentence=True)
            lines.append(ngettext(
                "{count} member of {mission} personnel died in service ({when}).",
                "{count} members of {mission} personnel died in service ({when}).", stated.total,
            ).format(count=formatting.number(stated.total, self.language), mission=mission,
                     when=when))
        return lines

    def finances(self, section: _Section) -> None:
        place = self.facts.place.value if self.facts.place.available else None
        if place and place.financing(self.language):
            section.add(lines=[gettext("Method of financing: {method}").format(method=place.financing(self.language))])
        for amount in self.facts.finances.value if self.facts.finances.available else ():
            line = gettext("{kind}: {amount}").format(kind=capfirst(str(FinancialFigure.Kind(amount.kind).label)),
                                                     amount=amount_text(amount, self.language))
            section.add(self.period(amount.period, amount.precision), [line],
                        typography.typeset_stored(amount.wording_fr, amount.wording_en, self.language))

    def contributors(self, section: _Section) -> None:
        language = self.language
        for listed in self.facts.contributors.value:
            published = listed.names_as_published or ("",) * len(listed.countries)
            names = [formatting.country(code, language, on=self.facts.as_of) if code else name
                     for code, name in zip(listed.countries, published, strict=True)]
            section.add(category(listed.personnel), [format_list(names, locale=language)])

    def key_figures(self, section: _Section) -> None:
        for figure in self.facts.key_figures.value:
            section.add(lines=[key_figure_line(figure, self.language)],
                        wording=typography.typeset_stored(figure.wording_fr, figure.wording_en, self.language))


def published_parts(facts: PublishedFacts | None, language: str, mission: str = "") -> dict[str, dict]:
    """The page's facts worded for the blocks of the sheet that show them, by part, each with its entries.

    Only the parts the page holds are given: a block shows what the page states and nothing else. A part's
    `key` names the block's class in the template (`published-strength`, `published-peak`...).
    """
    if facts is None:
        return {}
    wording = _Wording(facts, language)
    financing = facts.place.available and bool(facts.place.value.financing(language))
    parts = (
        ("place", "", facts.place, wording.place),
        ("authorised", gettext("Authorised strength"), facts.authorisations, wording.authorisations),
        ("strength", "", facts.strength, lambda section: wording.stated(section, facts.strength.value)),
        ("peak", gettext("Peak strength"), facts.peak_strength,
         lambda section: wording.stated(section, facts.peak_strength.value)),
        ("withdrawal", gettext("Strength at withdrawal"), facts.withdrawal_strength,
         lambda section: wording.stated(section, facts.withdrawal_strength.value)),
        ("leadership", "", facts.leadership, wording.leadership),
        ("fatalities", "", facts.fatalities, wording.fatalities),
        ("finances", "", facts.finances, wording.finances),
        ("contributors", "", facts.contributors, wording.contributors),
        ("key_figures", "", facts.key_figures, wording.key_figures),
    )
    found = {}
    for key, title, figure, fill in parts:
        # The method of financing is the mission's, not an amount's: it shows even without any amount.
        if figure.available or (key == "finances" and financing):
            section = _Section(key, title)
            fill(section)
            if section.entries:
                found[key] = section.as_dict()
    if facts.fatalities.available and (totals := wording.fatality_totals(mission)):
        found["fatality_totals"] = {"key": "fatality_totals", "title": "", "entries": [{"heading": "", "lines": totals,
                                                                                      "wording": ""}]}
    return found


def published_sources(facts: PublishedFacts | None) -> str:
    """The pages the stated facts come from, as the footer cites them, or an empty text."""
    cited = [
        pgettext("a cited page", "{title} ({publisher}), {url}").format(title=source.title,
                                                                       publisher=source.publisher, url=source.url)
        if source.url and source.publisher else source.title
        for source in (facts.sources if facts else ())
    ]
    if not cited:
        return ""
    return gettext("Facts stated by the mission's page: {sources}.").format(
        sources=pgettext("between cited sources", "; ").join(cited))
