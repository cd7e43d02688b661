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
NO_BREAK_SPACE = "\u00a0"
# "1ᵉʳ": MODIFIER LETTER SMALL E and MODIFIER LETTER SMALL R, the raised "er" of plain text.
RAISED_ER = "\u1d49\u02b3"


def number(value: int, language: str) -> str:
    return format_decimal(value, locale=language)


def long_date(day: date, language: str) -> str:
    """'1er juillet 2020' in French, '1 July 2020' in English, as plain text.

    Ordinary spaces on purpose: this is the form of terminal messages, checks and logs, which people copy and
    search; pages use `long_date_html` or `long_date_raised`.
    """
    text = format_date(day, format=DAY_MONTH_YEAR, locale=language)
    if language == "fr" and day.day == 1:
        text = "1er" + text[1:]
    return text


def long_date_html(day: date, language: str) -> SafeString:
    """The same for a page: the French ordinal as a superscript, and a no-break space after the day, so that a
    line never ends between the day and its month ("30 | juin 2021")."""
    day_text, rest = _day_and_rest(day, language)
    if language == "fr" and day.day == 1:
        return format_html("1<sup>er</sup>{}{}", NO_BREAK_SPACE, rest)
    return format_html("{}{}{}", day_text, NO_BREAK_SPACE, rest)


def long_date_raised(day: date, language: str) -> str:
    """The same as plain text where markup cannot go (a PDF's running footer, an HTML <title>): the French
    ordinal raised with the modifier letters "ᵉʳ" (DejaVu Sans has them), a no-break space after the day."""
    day_text, rest = _day_and_rest(day, language)
    if language == "fr" and day.day == 1:
        day_text = "1" + RAISED_ER
    return f"{day_text}{NO_BREAK_SPACE}{rest}"


def _day_and_rest(day: date, language: str) -> tuple[str, str]:
    """Babel's "30 juin 2021" split after the day: ("30", "juin 2021")."""
    day_text, _space, rest = format_date(day, format=DAY_MONTH_YEAR, locale=language).partition(" ")
    return day_text, rest


def month_year(day: date, language: str) -> str:
    """'juillet 2013' / 'July 2013'."""
    return format_date(day, format="LLLL y", locale=language)


def country(alpha3: str, language: str, on: date | None = None) -> str:
    """The UN's short name of the country, as it was on the date when the caller has one ("Turkey" in 2015)."""
    return country_name(alpha3, language, on=on)


# French country names that do not follow the rule "ending in -e means feminine".
_FRENCH_MASCULINE_IN_E = {
    "Cambodge", "Mexique", "Mozambique", "Zimbabwe", "Belize", "Suriname", "Royaume", "Territoire", "Zaïre",
}
# And feminine names whose first word does not end in -e.
_FRENCH_FEMININE_NOT_IN_E = {"Fédération", "Sierra", "Trinité"}
# Island states, city states and others that take no article: "de Chypre", "d’Haïti", "d’Oman", "de Monaco".
_FRENCH_WITHOUT_ARTICLE = {
    "Chypre", "Haïti", "Cuba", "Malte", "Madagascar", "Israël", "Maurice", "Singapour", "Antigua-et-Barbuda",
    "Bahreïn", "Djibouti", "El Salvador", "Kiribati", "Monaco", "Nauru", "Naoero", "Nioué", "Oman", "Tuvalu",
    "Taïwan", "Anguilla", "Aruba", "Curaçao", "Gibraltar", "Guam", "Guernesey", "Jersey", "Mayotte",
    "Montserrat", "Pitcairn", "Porto Rico", "Tokélaou", "Bonaire, Saint-Eustache et Saba",
}
# Names whose article no rule above finds: plurals not ending in -s, masculines ending in -s, the Holy See
# among the saints, and La Réunion, whose article is part of the name.
_FRENCH_OF_EXCEPTIONS = {
    "Bélarus": "du Bélarus", "Honduras": "du Honduras", "Fidji": "des Fidji", "Tonga": "des Tonga",
    "Samoa américaines": "des Samoa américaines", "Réunion": "de La Réunion", "Saint-Siège": "du Saint-Siège",
}


def french_of(country_name: str) -> str:
    """The country after "de" in French: "du Mali", "de la République centrafricaine", "de l’Ouganda",
    "des Comores", "du Soudan du Sud", "de Sainte-Lucie", "de la Hongrie" (h aspiré), "du Yémen"."""
    if country_name in _FRENCH_OF_EXCEPTIONS:
        return _FRENCH_OF_EXCEPTIONS[country_name]
    first_word = country_name.split()[0].split("-")[0].rstrip(",")
    # Only Haïti among the names in h has a silent h; Hongrie, Honduras and Yémen take no elision.
    elided = country_name[0].upper() in "AEIOUÉÈÊÂÎÔÛ" or country_name == "Haïti"
    if country_name in _FRENCH_WITHOUT_ARTICLE or first_word in {"Saint", "Sainte", "Sao"}:
        return f"d’{country_name}" if elided else f"de {country_name}"
    if elided:
        return f"des {country_name}" if first_word.endswith("s") else f"de l’{country_name}"
    if first_word.endswith("s"):
        return f"des {country_name}"
    if first_word in _FRENCH_FEMININE_NOT_IN_E or (
        first_word.endswith("e") and first_word not in _FRENCH_MASCULINE_IN_E
    ):
        return f"de la {country_name}"
    return f"du {country_name}"
