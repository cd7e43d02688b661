"""Template filters that format through Babel in the page's language, and set stored texts in its typography."""

from django import template
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import get_language, gettext, pgettext

from missionfacts.factsheets import formatting, typography
from missionfacts.factsheets.published_context import dated, dated_span
from missionfacts.figures.published import Dated
from missionfacts.missions.models import DatePrecision

register = template.Library()


def _language() -> str:
    return (get_language() or "fr")[:2]


@register.filter
def number(value) -> str:
    return formatting.number(value, _language())


@register.filter
def long_date(value):
    return formatting.long_date_html(value, _language())


@register.filter
def raised_date(value) -> str:
    """The date as plain text with "1ᵉʳ" raised, for a <title> or a PDF's running footer."""
    return formatting.long_date_raised(value, _language())


@register.filter(is_safe=True)
def typeset(value, language: str = "") -> str:
    """A stored text in the typography of the page's language: {{ mandate.text|typeset:language }}.

    Plain text comes back plain, so Django still escapes it; a fragment already marked safe has only the text
    between its tags typeset, and stays safe.
    """
    language = (language or _language())[:2]
    if isinstance(value, SafeData):
        return mark_safe(typography.typeset_html(str(value), language))
    return typography.typeset(str(value), language)


@register.filter(is_safe=True)
def quoted(value, language: str = "") -> str:
    """A quotation in the language's marks: {{ wording|quoted:language }} gives “…” or « … »."""
    return typography.quoted(str(value), (language or _language())[:2])


@register.filter
def country(value) -> str:
    return formatting.country(value, _language())


@register.filter
def localised(obj, attribute: str) -> str:
    """Call obj.<attribute>(language), for bilingual records: {{ sector|localised:"name" }}."""
    return getattr(obj, attribute)(_language())



@register.filter
def life(mission) -> str:
    """When the mission worked, as precisely as its dates are known: '19 September 2003 to 30 March 2018',
    'de novembre 1956 à juin 1967', 'since 29 May 1948'; empty when its start is not known. Each day keeps its
    month on its line."""
    language = _language()
    if mission.started_on is None:
        return ""
    started = Dated(mission.started_on, mission.started_on_precision)
    if mission.ended_on is not None:
        text = dated_span(started, Dated(mission.ended_on, mission.ended_on_precision), language)
    elif started.precision == DatePrecision.DAY:
        text = gettext("since {date}").format(date=dated(started, language))
    else:
        text = pgettext("since a month or a year", "since {date}").format(date=dated(started, language))
    return typography.typeset(text, language)
