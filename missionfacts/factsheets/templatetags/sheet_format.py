"""Template filters that format through Babel in the page's language."""

from django import template
from django.utils.translation import get_language

from missionfacts.factsheets import formatting

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
