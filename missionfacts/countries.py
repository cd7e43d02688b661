"""Countries as ISO 3166-1 alpha-3 codes: validation, and names in the reader's language.

The UN's open data identifies contributing countries by alpha-3 code; Babel (CLDR) names territories by
alpha-2 code, so pycountry bridges the two.
"""

from functools import cache, lru_cache

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


@lru_cache(maxsize=4096)
def country_name(alpha3: str, language: str) -> str:
    """The country's usual short name in the language, from CLDR ("Tchad", "Chad")."""
    alpha2 = alpha2_of(alpha3)
    if alpha2 is None:
        return alpha3
    name = Locale.parse(language).territories.get(alpha2)
    if name:
        return name
    country = pycountry.countries.get(alpha_2=alpha2)
    return country.name if country else alpha3
