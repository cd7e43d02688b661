"""The dates missionfacts computes figures for: from 1 January 1900 to fifty years after today.

Every date a person asks for — a sheet's date or period on a page, in the API or on the command line, a
dashboard's day — is refused outside these bounds before any figure is computed, with a message naming them.

Why these bounds: the first UN peace operation began in 1948, so 1900 leaves room for any record a mission
could hold; fifty years ahead is more than any mandate or planned date reaches. Both keep the figures' month
and day arithmetic (the month after a date, the day after a period) far from the ends of Python's calendar
(year 1 and 31 December 9999), where it would overflow.
"""

from datetime import date

from missionfacts.figures.values import Period

EARLIEST = date(1900, 1, 1)
YEARS_AHEAD = 50


def computable_dates(today: date | None = None) -> Period:
    """The first and last day a sheet can be computed for, as of `today` (default: the real today)."""
    today = today or date.today()
    try:
        latest = today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:  # 29 February, fifty years later, falls in a year that has no such day.
        latest = today.replace(year=today.year + YEARS_AHEAD, day=28)
    return Period(EARLIEST, latest)
