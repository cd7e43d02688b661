"""CSV cells safe to open in a spreadsheet: every file the product writes, web, API and command line alike.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read by spreadsheets as a formula
(OWASP "CSV injection"), and a formula can fetch or run things on the reader's machine. Such a cell is
written with a leading single quote, as OWASP advises, so that it shows as the text it is.

One exception, decided on purpose: a cell that is a plain number ("-12.50", "+3", "-1e5") stays as it is.
A spreadsheet reads it as a number, never as a formula, and quoting it would turn the numbers of every
negative longitude or decimal text into text. "-2+3" or "-1,5" is not a plain number and is quoted.
"""

import re
from collections.abc import Iterable

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def neutralised(value):
    """A text cell a spreadsheet would run as a formula, prefixed with a quote; numbers stay numbers.

    Decimal fields arrive as text ("-12.50"), so text that is a plain number is left alone too.
    """
    if isinstance(value, str) and value.startswith(FORMULA_START) and not NUMBER.fullmatch(value):
        return "'" + value
    return value


def neutralised_row(row: Iterable) -> list:
    """Every cell of a row, neutralised."""
    return [neutralised(cell) for cell in row]
