"""Numbers, dates, amounts of money and country names as people read them, through Babel (CLDR), per language.

French groups thousands with a narrow no-break space (U+202F) and writes the first of a month "1er". Dates come
in three forms: plain (`long_date`, for messages people copy and search), for a page (`long_date_html`: "1er"
raised, the day bound to its month) and for plain text on a page (`long_date_raised`: "1ᵉʳ").
"""

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from babel.dates import format_date
from babel.numbers import format_compact_decimal, format_decimal, get_currency_name
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext, pgettext

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


# A number as a page writes it, with its thousands grouped ("287,941,000", "287 941 000") or not, and its
# decimals ("678.3", "315,08"), then the scale word that may follow it ("million", "milliards", "bn").
_WRITTEN_NUMBER = re.compile(
    r"(?<![\d.,])(?P<number>\d{1,3}(?:[,.\u00a0\u202f ]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)(?![\d])"
    r"(?:[\u00a0\u202f ]?(?P<scale>millions?|milliards?|billions?|trillions?|bn|m)\b)?",
    re.IGNORECASE,
)
_SCALES = {"m": 10**6, "million": 10**6, "millions": 10**6, "bn": 10**9, "billion": 10**9, "billions": 10**9,
           "milliard": 10**9, "milliards": 10**9, "trillion": 10**12, "trillions": 10**12}


def amount_as_written(amount: Decimal, currency: str, wordings: tuple[str, ...], language: str) -> str:
    """An amount of money as the page wrote it, in the sheet's language.

    The page's wording says how it was written: "$678.3 million" gives "678.3 million US dollars" / "678,3
    millions de dollars des États-Unis", "$287,941,000" gives "287,941,000 US dollars" / "287 941 000 dollars
    des États-Unis". Only a number of the wording that gives the stored amount exactly counts; without one, the
    amount is given in full, which rounds nothing.
    """
    name = get_currency_name(currency, count=amount, locale=language)
    written = _written_scale(amount, wordings)
    if written is not None:
        scale, decimals = written
        compact = format_compact_decimal(amount, format_type="long", locale=language, fraction_digits=decimals)
        # French elides "de" before a vowel: "millions de dollars" but "millions d’euros".
        if name[:1].casefold() in "aeiouyéèêh":
            template = pgettext("currency name starting with a vowel", "{compact} {currency_name}")
        else:
            template = gettext("{compact} {currency_name}")
        return template.format(compact=compact, currency_name=name)
    if amount == amount.to_integral_value():
        full = format_decimal(amount, format="#,##0", locale=language)
    else:
        full = format_decimal(amount, format="#,##0.00", locale=language)
    return pgettext("an amount of money in full", "{amount} {currency_name}").format(amount=full, currency_name=name)


def _written_scale(amount: Decimal, wordings: tuple[str, ...]) -> tuple[int, int] | None:
    """(scale, decimals) of the amount as a wording writes it with a scale word ("678.3 million": 10**6 and 1
    decimal), or None when a wording writes it in full or does not give it."""
    for wording in wordings:
        for match in _WRITTEN_NUMBER.finditer(wording or ""):
            scale = _SCALES[match["scale"].casefold()] if match["scale"] else 1
            for number, decimals in _readings(match["number"]):
                if number * scale != amount:
                    continue
                # Babel names the scale from the amount's size: it must be the page's ("1,500 million" is not).
                if scale == 1 or not 1 <= amount / scale < 1000:
                    return None
                return scale, decimals
    return None


def _readings(written: str) -> list[tuple[Decimal, int]]:
    """The values a written number may mean, with its count of decimals: "1,500" is 1500 in English and 1.5 in
    French; "315,08" only 315.08."""
    readings = []
    for grouping, decimal_mark in ((",\u00a0\u202f ", "."), (".\u00a0\u202f ", ",")):
        digits = "".join(character for character in written if character not in grouping)
        whole, _mark, fraction = digits.partition(decimal_mark)
        if not whole.isdigit() or (fraction and not fraction.isdigit()):
            continue
        try:
            readings.append((Decimal(f"{whole}.{fraction}" if fraction else whole), len(fraction)))
        except InvalidOperation:
            continue
    return readings


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
