"""The rules a patrol or a training record follows, defined once for the admin, the API and the importers.

As in `personnel.rules`: each rule is a plain function of plain values (or of the records a row points to)
that returns field-keyed messages, {} when the values pass. The models call them from `clean()`; the
`patrols` and `trainings` importers call them on each row, so a row is accepted by an import exactly when
the admin would accept it. Field-level rules the model fields already declare (choices, non-negative
integers) are only called by the importers, which check rows without building model instances.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from missionfacts.missions.models import DatePrecision

Messages = dict[str, list]

# The United Nations Charter came into force on this day: no UN activity can be older.
EARLIEST_DATE = date(1945, 10, 24)
SEXES = ("F", "M")


def merge(*found: Messages) -> Messages:
    """The messages of several rules as one field-keyed dict."""
    merged: Messages = {}
    for messages in found:
        for name, texts in messages.items():
            merged.setdefault(name, []).extend(texts)
    return merged


def raise_messages(*found: Messages) -> None:
    """Raise a ValidationError with the messages of several rules, if any rule found something."""
    merged = merge(*found)
    if merged:
        raise ValidationError(merged)


def activity_date_messages(day: date | None, field: str, mission=None) -> Messages:
    """An activity happens between the founding of the UN and today, and within its mission's life."""
    if day is None:
        return {}
    if day < EARLIEST_DATE:
        return {field: [_("An activity cannot be dated before 24 October 1945, when the United Nations was founded.")]}
    if day > date.today():
        return {field: [_("An activity cannot be dated in the future.")]}
    # A mission's month or year is named as such ("2018-03"): its whole month or year is inside its life.
    if mission is not None and mission.started_on and day < mission.started_on:
        precision = DatePrecision(mission.started_on_precision)
        message = (_("The mission began on %(date)s: it had no activities before.") if precision == DatePrecision.DAY
                   else _("The mission began in %(date)s: it had no activities before."))
        return {field: [message % {"date": precision.iso(mission.started_on)}]}
    if mission is not None and mission.ended_on and day > mission.ended_on:
        precision = DatePrecision(mission.ended_on_precision)
        message = (_("The mission ended on %(date)s: it had no activities after.") if precision == DatePrecision.DAY
                   else _("The mission ended in %(date)s: it had no activities after."))
        return {field: [message % {"date": precision.iso(mission.ended_on)}]}
    return {}


def period_messages(start: date | None, end: date | None, field: str = "period_end") -> Messages:
    """A period's bounds are both included, and it cannot end before it starts."""
    if start is not None and end is not None and end < start:
        return {field: [_("A period cannot end before it starts.")]}
    return {}


def count_messages(value: int | None, field: str) -> Messages:
    """A count of patrols or people is a whole number, zero or more."""
    if value is not None and value < 0:
        return {field: [_("A count cannot be negative.")]}
    return {}


def women_within_messages(women: int | None, total: int | None, field: str = "women", *,
                          of_count: bool = False) -> Messages:
    """Women are among the persons trained (or the published count), so they cannot outnumber them."""
    if women is not None and total is not None and women > total:
        return {field: [_("Women cannot outnumber the count.") if of_count
                        else _("Women cannot outnumber the persons trained.")]}
    return {}


def sex_messages(sex: str, field: str = "sex") -> Messages:
    """A listed participant is recorded as F or M."""
    if sex not in SEXES:
        return {field: [_("Sex must be F or M.")]}
    return {}


def validity_text(valid_from: date | None, valid_to: date | None) -> str:
    """A place's time in service, in words, for messages."""
    if valid_from and valid_to:
        return _("in service from %(start)s to %(end)s") % {"start": valid_from.isoformat(),
                                                             "end": valid_to.isoformat()}
    if valid_from:
        return _("in service from %(start)s") % {"start": valid_from.isoformat()}
    if valid_to:
        return _("in service until %(end)s") % {"end": valid_to.isoformat()}
    return _("always in service")


def in_service(place, start: date, end: date | None = None) -> bool:
    """Whether a sector or site was in service on a day, or on any day of a period."""
    end = start if end is None else end
    return (place.valid_from is None or place.valid_from <= end) and (place.valid_to is None or start <= place.valid_to)


def place_messages(mission_id: int | None, start: date | None, end: date | None = None, *, sector=None,
                   site=None) -> Messages:
    """An activity's sector and site are the mission's own, in service on its day (or during its period),
    and a site given with a sector lies in that sector."""
    messages: Messages = {}
    for field, place in (("sector", sector), ("site", site)):
        if place is None:
            continue
        if mission_id is not None and place.mission_id != mission_id:
            messages[field] = [_("The sector belongs to another mission.") if field == "sector"
                               else _("The site belongs to another mission.")]
        elif start is not None and not in_service(place, start, end):
            label = place.name if field == "site" else place.key
            if end is None or end == start:
                text = _("%(place)s was not in service on %(date)s (%(validity)s).") % {
                    "place": label, "date": start.isoformat(), "validity": validity_text(place.valid_from,
                                                                                         place.valid_to)}
            else:
                text = _("%(place)s was not in service at any time from %(start)s to %(end)s (%(validity)s).") % {
                    "place": label, "start": start.isoformat(), "end": end.isoformat(),
                    "validity": validity_text(place.valid_from, place.valid_to)}
            messages[field] = [text]
    if sector is not None and site is not None and "site" not in messages and site.sector_id != sector.pk:
        messages["site"] = [_("The site %(site)s is not in the sector %(sector)s.") % {
            "site": site.name, "sector": sector.key}]
    return messages


def programme_messages(mission_id: int | None, programme, field: str = "programme") -> Messages:
    """A training session or count belongs to a programme of its own mission."""
    if programme is not None and mission_id is not None and programme.mission_id != mission_id:
        return {field: [_("The training programme belongs to another mission.")]}
    return {}
