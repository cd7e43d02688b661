"""Template filters that format through Babel in the page's language."""

from django import template
from django.utils.translation import get_language, gettext, pgettext

from missionfacts.factsheets import formatting
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
def country(value) -> str:
    return formatting.country(value, _language())


@register.filter
def localised(obj, attribute: str) -> str:
    """Call obj.<attribute>(language), for bilingual records: {{ sector|localised:"name" }}."""
    return getattr(obj, attribute)(_language())



@register.filter
def life(mission) -> str:
    """When the mission worked, as precisely as its dates are known: '19 September 2003 to 30 March 2018',
    'de novembre 1956 à juin 1967', 'since 29 May 1948'; empty when its start is not known."""
    language = _language()
    if mission.started_on is None:
        return ""
    started = Dated(mission.started_on, mission.started_on_precision)
    if mission.ended_on is not None:
        return dated_span(started, Dated(mission.ended_on, mission.ended_on_precision), language)
    if started.precision == DatePrecision.DAY:
        return gettext("since {date}").format(date=dated(started, language))
    return pgettext("since a month or a year", "since {date}").format(date=dated(started, language))
