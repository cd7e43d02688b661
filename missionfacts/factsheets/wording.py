"""The sheet's sentences, built from figures with gettext plurals and Babel numbers.

Each function returns safe HTML for the active language (the caller wraps rendering in
`translation.override`). Numbers are emphasised with <strong>, as the printed sheet does.
"""

from datetime import date

from babel.lists import format_list
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext, ngettext, pgettext

from missionfacts.factsheets import formatting
from missionfacts.factsheets.published_context import dated, dated_span
from missionfacts.figures.activities import TrainingFigure
from missionfacts.figures.coverage import month_of
from missionfacts.figures.sheet import SheetFigures
from missionfacts.figures.values import Figure
from missionfacts.missions.models import DatePrecision


def _language() -> str:
    return (get_language() or "fr")[:2]


def _strong(value: int) -> SafeString:
    return format_html("<strong>{}</strong>", formatting.number(value, _language()))


def _plain(value: int) -> str:
    return formatting.number(value, _language())


def authorised_ceilings(military: Figure, police: Figure, mission: str, mandate_end) -> SafeString:
    troops = format_html(ngettext("{count} troop", "{count} troops", military.value), count=_strong(military.value))
    officers = format_html(
        ngettext("{count} police officer", "{count} police officers", police.value), count=_strong(police.value)
    )
    if mandate_end is None:
        return format_html(
            gettext("The Security Council has authorised {troops} and {police} for {mission}."),
            troops=troops, police=officers, mission=mission,
        )
    return format_html(
        gettext("The Security Council has authorised {troops} and {police} for {mission} until {end}."),
        troops=troops, police=officers, mission=mission, end=formatting.long_date_html(mandate_end, _language()),
    )


def resolution_adopted(resolution) -> SafeString:
    """A resolution whose ceilings are not held: when it was adopted, and until when it sets the mandate."""
    language = _language()
    adopted = formatting.long_date_html(resolution.adopted_on, language)
    if resolution.mandate_ends_on is None:
        return format_html(gettext("Adopted on {date}."), date=adopted)
    return format_html(gettext("Adopted on {date}; the mandate runs until {end}."), date=adopted,
                       end=formatting.long_date_html(resolution.mandate_ends_on, language))


def period_heading(period) -> SafeString:
    language = _language()
    return format_html(
        gettext("{start} to {end}:"),
        start=formatting.long_date_html(period.start, language),
        end=formatting.long_date_html(period.end, language),
    )


def period_phrase(period) -> SafeString:
    """The period a figure covers, as running text: "in June 2020", "in 2020", "from 1 July 2013 to 30 June 2021"."""
    language = _language()
    if period.start == month_of(period.start).start and period.end == month_of(period.start).end:
        return format_html(gettext("in {month}"), month=formatting.month_year(period.start, language))
    if (period.start.month, period.start.day, period.end.month, period.end.day) == (1, 1, 12, 31) and \
            period.start.year == period.end.year:
        return format_html(gettext("in {year}"), year=str(period.start.year))
    return format_html(gettext("from {start} to {end}"), start=formatting.long_date_html(period.start, language),
                       end=formatting.long_date_html(period.end, language))


def _with_own_period(sentence, figure: Figure, heading) -> SafeString:
    """The sentence with the figure's own period after it, when that is not the period its heading states."""
    if heading is None or figure.period is None or figure.period == heading:
        return sentence
    # A key figure followed by the period it covers: "3 military patrols" "in June 2020".
    return format_html(gettext("{figure} {period}"), figure=sentence, period=period_phrase(figure.period))


def as_of_heading(day) -> SafeString:
    return format_html(gettext("As of {date}:"), date=formatting.long_date_html(day, _language()))


def patrols(component: str, figure: Figure, heading=None) -> SafeString:
    """The patrols, with their own period when it is not the `heading` period ("3 military patrols in June 2020")."""
    if component == "military":
        template = ngettext("{count} military patrol", "{count} military patrols", figure.value)
    else:
        template = ngettext("{count} police patrol", "{count} police patrols", figure.value)
    return _with_own_period(format_html(template, count=_plain(figure.value)), figure, heading)


def training(figure: TrainingFigure, heading=None) -> SafeString:
    language = _language()
    audience = figure.audience_fr if language == "fr" else figure.audience_en
    subject = figure.subject_fr if language == "fr" else figure.subject_en
    count = figure.trained.value
    if figure.counts == "persons":
        sentence = format_html(
            ngettext("{count} {audience} trained in {subject}", "{count} {audience} trained in {subject}", count),
            count=_plain(count), audience=audience, subject=subject,
        )
    else:
        sentence = format_html(
            ngettext(
                "{count} participant in {subject} among {audience}",
                "{count} participants in {subject} among {audience}", count,
            ),
            count=_plain(count), audience=audience, subject=subject,
        )
    sentence = _with_own_period(sentence, figure.trained, heading)
    if figure.women.available:
        women = format_html(
            ngettext("{count} woman", "{count} women", figure.women.value), count=_strong(figure.women.value)
        )
        sentence = format_html(gettext("{sentence}, including {women}"), sentence=sentence, women=women)
    if figure.counts == "participations":
        sentence = format_html(
            gettext("{sentence} (some {audience} attended several trainings)"), sentence=sentence, audience=audience
        )
    return format_html("{}.", sentence)


def fatalities_in_attacks(figure: Figure, mission: str, heading=None) -> SafeString:
    """Since the month the figure starts, under a heading of its period; else with its own period."""
    if heading is not None and figure.period is not None and figure.period != heading:
        return format_html(
            ngettext(
                "{count} member of {mission} personnel was killed in attacks {period}.",
                "{count} members of {mission} personnel were killed in attacks {period}.",
                figure.value,
            ),
            count=_plain(figure.value), mission=mission, period=period_phrase(figure.period),
        )
    return format_html(
        ngettext(
            "{count} member of {mission} personnel has been killed in attacks since {month}.",
            "{count} members of {mission} personnel have been killed in attacks since {month}.",
            figure.value,
        ),
        count=_plain(figure.value), mission=mission, month=formatting.month_year(figure.period.start, _language()),
    )


def strength(component: str, figure: Figure) -> SafeString:
    if component == "military":
        template = ngettext("{count} military personnel", "{count} military personnel", figure.value)
    else:
        template = ngettext("{count} police officer", "{count} police officers", figure.value)
    return format_html(template, count=_plain(figure.value))


def sites_intro(count: int, host_country: str, on: date | None = None) -> SafeString:
    language = _language()
    country = formatting.country(host_country, language, on=on) if host_country else ""
    if language == "fr" and country:
        country = formatting.french_of(country)
    return format_html(
        ngettext(
            "The uniformed components are deployed on {count} site in {country}, by sector:",
            "The uniformed components are deployed on {count} sites in {country}, by sector:",
            count,
        ),
        count=_plain(count), country=country,
    )


def priorities_intro(count: int, mission: str) -> SafeString:
    return format_html(
        ngettext(
            "The Security Council sets one strategic priority for {mission}:",
            "The Security Council sets {count} strategic priorities for {mission}:",
            count,
        ),
        count=small_number_in_words(count), mission=mission,
    )


def small_number_in_words(count: int) -> str:
    """Counts up to nine are written in words in running text, as UN editorial style does."""
    words = {
        2: pgettext("number in running text", "two"),
        3: pgettext("number in running text", "three"),
        4: pgettext("number in running text", "four"),
        5: pgettext("number in running text", "five"),
        6: pgettext("number in running text", "six"),
        7: pgettext("number in running text", "seven"),
        8: pgettext("number in running text", "eight"),
        9: pgettext("number in running text", "nine"),
    }
    return words.get(count, _plain(count))


def mission_identity(sheet: SheetFigures) -> list[str]:
    """Where the mission works, its headquarters and its duration, as the masthead lists them.

    The location is the mission's own wording when it has one, else its host countries by name; a part
    that is not recorded is left out rather than guessed.
    """
    language = _language()
    parts = []
    location = sheet.location(language) or format_list(
        [formatting.country(code, language, on=sheet.as_of) for code in sheet.host_countries], locale=language
    )
    if location:
        parts.append(location)
    if sheet.headquarters:
        parts.append(gettext("Headquarters: {place}").format(place=sheet.headquarters.name))
    started, ended = sheet.mission_started, sheet.mission_ended
    # A sheet says what was known on its date: an end still to come is not part of it.
    if ended and ended.day > sheet.as_of:
        ended = None
    if started and ended:
        parts.append(dated_span(started, ended, language))
    elif started:
        # "depuis le 1er juillet 2013" but "depuis mars 2018": a month or a year takes no article in French.
        since = (gettext("since {date}") if started.precision == DatePrecision.DAY
                 else pgettext("since a month or a year", "since {date}"))
        parts.append(since.format(date=dated(started, language)))
    return parts
