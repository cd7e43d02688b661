"""What the rules on stated strength share: the records, and how they and their dates are named.

Kept apart from the rule modules so that importing it registers no rule, and the rules keep their order.
"""

from datetime import date

from django.utils.translation import gettext_lazy as _

from missionfacts.checks.findings import Message, Month
from missionfacts.checks.subject import Subject
from missionfacts.missions.models import DatePrecision
from missionfacts.personnel.models import StatedStrength


def stated_strengths(subject: Subject) -> list[StatedStrength]:
    """The mission's stated strengths dated up to the sheet's date, with their parts."""
    return list(StatedStrength.objects.filter(mission=subject.mission, reported_on__lte=subject.as_of)
                .prefetch_related("parts").order_by("reported_on", "kind"))


def when(day: date, precision: str):
    """A date shown as precisely as its source gave it."""
    if precision == DatePrecision.MONTH:
        return Month(day)
    if precision == DatePrecision.YEAR:
        return str(day.year)
    return day


def stated_label(stated: StatedStrength) -> Message:
    return Message(_("{kind} of {date} as published: {total}"), kind=StatedStrength.Kind(stated.kind).label,
                   date=when(stated.reported_on, stated.reported_on_precision),
                   total=stated.total if stated.total is not None else "—")


def parts_label() -> Message:
    return Message(_("its figures by category"))
