"""The rules a uniformed strength figure follows, defined once for the admin, the API and the importers.

Each rule is a plain function of plain values that returns field-keyed messages: {} when the values pass,
otherwise {field name: [message, ...]}, ready for `ValidationError(messages)`. Models call them from
`clean()`; importers call them on each distinct value of a column (the answers are memoised), so a row is
accepted by an import exactly when the admin would accept it.

Rules about one field's form are also declared on the model field itself, through the same definitions
(`countries.validate_country_code`, `PersonnelType`, non-negative integer fields), so `clean()` only calls
the rules that the field declarations do not already enforce: calling them again would repeat each message.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from missionfacts.countries import validate_country_code

Messages = dict[str, list]

# The United Nations Charter came into force on this day: no UN figure can be older.
EARLIEST_DATE = date(1945, 10, 24)


def reporting_date_messages(reported_on: date | None, field: str = "reported_on") -> Messages:
    """A reporting date lies between the founding of the UN and today."""
    if reported_on is None:
        return {}
    if reported_on < EARLIEST_DATE:
        return {field: [_("A reporting date cannot be before 24 October 1945, when the United Nations was founded.")]}
    if reported_on > date.today():
        return {field: [_("A reporting date cannot be in the future.")]}
    return {}


def count_messages(value: int | None, field: str) -> Messages:
    """A number of people is a whole number, zero or more."""
    if value is not None and value < 0:
        return {field: [_("A number of people cannot be negative.")]}
    return {}


def women_within_total_messages(women: int | None, total: int | None, field: str = "women") -> Messages:
    """Women are part of the total, so they cannot outnumber it."""
    if women is not None and total is not None and women > total:
        return {field: [_("Women cannot outnumber the total.")]}
    return {}


def parts_make_total_messages(men: int | None, women: int | None, total: int | None,
                              field: str = "total") -> Messages:
    """When a total is given with men and women, it is their sum."""
    if None in (men, women, total) or women > total or men + women == total:
        return {}
    return {field: [_("Men and women add up to %(sum)s, not to the total of %(total)s.") % {
        "sum": men + women, "total": total}]}


def country_messages(code: str, field: str = "country") -> Messages:
    """A contributing country is an upper-case ISO 3166-1 alpha-3 code (the model field's own validator)."""
    try:
        validate_country_code(code)
    except ValidationError as error:
        return {field: list(error.messages)}
    return {}


def personnel_type_messages(value: str, field: str = "personnel_type") -> Messages:
    """A personnel type is one of the UN's five uniformed types (the model field's choices)."""
    # Imported here because the models module imports this one for its clean() methods.
    from missionfacts.personnel.models import PersonnelType

    if value not in PersonnelType.values:
        return {field: [_("Unknown personnel type; use one of: %(types)s.") % {
            "types": ", ".join(str(label) for label in PersonnelType.labels)}]}
    return {}


def strength_messages(*, reported_on: date | None, country: str, personnel_type: str, men: int | None,
                      women: int | None, total: int | None = None) -> Messages:
    """Every rule of a Strength row, the field-level ones included: what an importer checks."""
    messages: Messages = {}
    for found in (
        reporting_date_messages(reported_on),
        country_messages(country),
        personnel_type_messages(personnel_type),
        count_messages(men, "men"),
        count_messages(women, "women"),
        count_messages(total, "total"),
        women_within_total_messages(women, total),
        parts_make_total_messages(men, women, total),
    ):
        for name, texts in found.items():
            messages.setdefault(name, []).extend(texts)
    return messages


def raise_messages(*found: Messages) -> None:
    """Raise a ValidationError with the messages of several rules, if any rule found something."""
    merged: Messages = {}
    for messages in found:
        for name, texts in messages.items():
            merged.setdefault(name, []).extend(texts)
    if merged:
        raise ValidationError(merged)
