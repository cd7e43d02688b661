"""The names a sheet's files are given, on disk and in a download: no spaces, the same everywhere."""

import re
from datetime import date

# Anything but letters and digits (spaces, slashes, dots, underscores) separates the words of a name.
NOT_A_WORD = re.compile(r"[\W_]+")


def slug(text: str) -> str:
    """The text as one word for a file name: "UNOSOM II" → "UNOSOM-II", "UNAMIR/UNOMUR" → "UNAMIR-UNOMUR"."""
    return NOT_A_WORD.sub("-", text).strip("-") or "sheet"


def sheet_file_stem(acronym: str, day: date | str, language: str, *qualifiers: str) -> str:
    """A sheet's file name without extension: "UNOSOM-II-1994-06-30-en", "MINUSMA-2020-07-01-fr-draft"."""
    as_of = day.isoformat() if isinstance(day, date) else str(day)
    return "-".join([slug(acronym), as_of, language, *qualifiers])
