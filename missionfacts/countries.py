"""Countries as ISO 3166-1 alpha-3 codes: validation, and the UN's names for them in the reader's language.

A UN fact sheet names countries as the UN does: the short names of UNTERM, the UN's terminology database
("Democratic Republic of the Congo" / "République démocratique du Congo", "Republic of Korea", "Türkiye").
They come from the OCHA Countries & Territories Taxonomy that the MIT-licensed PyPI package
hdx-python-country ships (hdx/location/"Countries & Territories Taxonomy MVP - C&T Taxonomy.csv").

Why vendored rather than a dependency: installing hdx-python-country pulls in hdx-python-utilities and,
through it, frictionless, typer, petl, rapidfuzz, loguru, xlrd, xlwt, xlsx2csv, ruamel.yaml and some twenty
other packages, none of which the project uses, for one CSV file. So countries_data/un_names.csv keeps that
CSV's name columns (licence and SOURCES.md beside it, refresh.py to redo it from a newer release).

CLDR (Babel) names only a code the taxonomy lacks, or a language it does not carry. Names that changed are
given on the dates they applied (countries_data/historical_names.csv, one source per row), and the codes of
states that no longer exist (SCG, YUG, CSK, SUN, ZAR…), which the UN's data still uses for old records, get
their names from countries_data/former_states.csv. Babel and pycountry bridge the alpha-3 codes of the UN's
data and the alpha-2 codes of CLDR.
"""

import csv
import datetime
from functools import cache, lru_cache
from importlib import resources

import pycountry
from babel import Locale
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Codes outside ISO 3166-1 that the UN's data, Natural Earth and CLDR all use for a territory ISO does not
# list: Kosovo (UNMIK's host) is XKX in the UN's and the EU's data, XK in CLDR.
USER_ASSIGNED = {"XKX": "XK"}


@cache
def alpha2_of(alpha3: str) -> str | None:
    """The alpha-2 code of an alpha-3 code, or None when the code is neither ISO 3166-1 nor in USER_ASSIGNED."""
    if alpha3 and alpha3.upper() in USER_ASSIGNED:
        return USER_ASSIGNED[alpha3.upper()]
    country = pycountry.countries.get(alpha_3=alpha3.upper()) if alpha3 else None
    return country.alpha_2 if country else None


def is_country_code(alpha3: str) -> bool:
    return len(alpha3 or "") == 3 and alpha2_of(alpha3) is not None


def validate_country_code(value: str) -> None:
    """Django validator: the value must be an upper-case ISO 3166-1 alpha-3 code."""
    if not value or value != value.upper() or not is_country_code(value):
        raise ValidationError(
            _("%(value)s is not an ISO 3166-1 alpha-3 country code."), code="country", params={"value": value}
        )


def validate_country_codes(value: str) -> None:
    """Django validator: space-separated upper-case ISO 3166-1 alpha-3 codes, each once."""
    codes = value.split()
    for code in codes:
        validate_country_code(code)
    if len(set(codes)) != len(codes):
        raise ValidationError(_("A country is listed twice."), code="country_twice")


def _rows(file_name: str) -> list[dict[str, str]]:
    with resources.files("missionfacts.countries_data").joinpath(file_name).open(encoding="utf-8") as data:
        return list(csv.DictReader(data))


def _typographic(name: str) -> str:
    """The name with a typographic apostrophe, as CLDR and the sheets write it ("Côte d’Ivoire")."""
    return name.replace("'", "\u2019")


@cache
def _un_names() -> dict[str, dict[str, str]]:
    """alpha-3 code → {"en": name, "fr": name}: the taxonomy's names, completed by former_states.csv (which
    gives, for instance, the French name of the Netherlands Antilles that the taxonomy leaves empty)."""
    names: dict[str, dict[str, str]] = {}
    for row in _rows("former_states.csv") + _rows("un_names.csv"):
        entry = names.setdefault(row["alpha3"], {})
        for language, column in (("en", "english"), ("fr", "french")):
            if row[column]:
                entry[language] = _typographic(row[column])
    return names


@cache
def _earlier_names() -> dict[str, list[tuple[datetime.date, dict[str, str]]]]:
    """alpha-3 code → [(first day of the next name, {"en": name, "fr": name})], earliest first."""
    earlier: dict[str, list[tuple[datetime.date, dict[str, str]]]] = {}
    for row in _rows("historical_names.csv"):
        until = datetime.date.fromisoformat(row["until"])
        earlier.setdefault(row["alpha3"], []).append(
            (until, {"en": _typographic(row["english"]), "fr": _typographic(row["french"])})
        )
    return {code: sorted(periods, key=lambda period: period[0]) for code, periods in earlier.items()}


def _base_language(language: str) -> str:
    return language.replace("_", "-").split("-")[0].lower()


@lru_cache(maxsize=8192)
def country_name(alpha3: str, language: str, on: datetime.date | None = None) -> str:
    """The UN's short name of the country in the language, as it was on the date when one is given.

    "Democratic Republic of the Congo" / "République démocratique du Congo"; "Turkey" on a 2015 date,
    "Türkiye" from June 2022 or with no date. A code the UN's names lack falls back to CLDR, then to
    pycountry's English name, then to the code itself.
    """
    code = (alpha3 or "").upper()
    if isinstance(on, datetime.datetime):
        on = on.date()
    base_language = _base_language(language)
    if on is not None:
        for until, names in _earlier_names().get(code, ()):
            if on < until and base_language in names:
                return names[base_language]
    un_name = _un_names().get(code, {}).get(base_language)
    if un_name:
        return un_name
    return _cldr_name(code, language)


def _cldr_name(alpha3: str, language: str) -> str:
    """CLDR's name ("Tchad", "Kosovo"): the fallback for a code or a language the UN's names lack."""
    alpha2 = alpha2_of(alpha3)
    if alpha2 is None:
        return _un_names().get(alpha3, {}).get("en", alpha3)
    name = Locale.parse(language.replace("-", "_")).territories.get(alpha2)
    if name:
        return name
    country = pycountry.countries.get(alpha_2=alpha2)
    return country.name if country else alpha3
