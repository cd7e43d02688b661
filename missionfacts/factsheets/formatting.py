"""Numbers, dates and country names as people read them, through Babel (CLDR), per language.

French groups thousands with a narrow no-break space (U+202F) and writes the first of a month "1er".
"""

from datetime import date

from babel.dates import format_date
from babel.numbers import format_decimal
from django.utils.html import format_html
from django.utils.safestring import SafeString

from missionfacts.countries import country_name

LANGUAGES = ("fr", "en")
# The UN's style puts the day first in both languages: "1 July 2013", not CLDR English's "July 1, 2013".
DAY_MONTH_YEAR = "d MMMM y"


def number(value: int, language: str) -> str:
    return format_decimal(value, locale=language)


def long_date(day: date, language: str) -> str:
    """'1er juillet 2020' in French, '1 July 2020' in English, as plain text."""
    text = format_date(day, format=DAY_MONTH_YEAR, locale=language)
    if language == "fr" and day.day == 1:
        text = "1er" + text[1:]
    return text


def long_date_html(day: date, language: str) -> SafeString:
    """The same, with the French ordinal as a superscript, the way the sheet prints it."""
    text = format_date(day, format=DAY_MONTH_YEAR, locale=language)
    if language == "fr" and day.day == 1:
        return format_html("1<sup>er</sup>{}", text[1:])
    return format_html("{}", text)


def month_year(day: date, language: str) -> str:
    """'juillet 2013' / 'July 2013'."""
    return format_date(day, format="LLLL y", locale=language)


def country(alpha3: str, language: str) -> str:
    return country_name(alpha3, language)


# French country names that do not follow the rule "ending in -e means feminine".
_FRENCH_MASCULINE_IN_E = {"Cambodge", "Mexique", "Mozambique", "Zimbabwe", "Belize", "Suriname"}
# Island states and a few others take no article: "de Chypre", "d’Haïti".
_FRENCH_WITHOUT_ARTICLE = {"Chypre", "Haïti", "Cuba", "Malte", "Madagascar", "Israël", "Maurice", "Singapour"}


def french_of(country_name: str) -> str:
    """The country after "de" in French: "du Mali", "de la République centrafricaine", "de l'Ouganda",
    "des Comores", "du Soudan du Sud"."""
    first_word = country_name.split()[0].split("-")[0]
    starts_with_vowel = country_name[0] in "AEIOUYÉÈÊÂÎÔÛH"
    if country_name in _FRENCH_WITHOUT_ARTICLE:
        return f"d’{country_name}" if starts_with_vowel else f"de {country_name}"
    if starts_with_vowel:
        return f"des {country_name}" if first_word.endswith("s") else f"de l’{country_name}"
    if first_word.endswith("s") and first_word not in {"Pays"}:
        return f"des {country_name}"
    if first_word.endswith("e") and first_word not in _FRENCH_MASCULINE_IN_E:
        return f"de la {country_name}"
    return f"du {country_name}"
