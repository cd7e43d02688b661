"""The rules a fatality record follows, defined once for the admin, the API and the importers.

As in `personnel.rules`: each rule returns field-keyed messages ({} when the values pass). `Fatality.clean()`
calls the rules its fields do not declare themselves (the date, the sex); `fatality_messages` adds the
field-level ones (nationality, personnel category, type of incident) through the same definitions the
fields use, for importers that check rows without building model instances.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from missionfacts.countries import validate_country_code

Messages = dict[str, list]

# The United Nations Charter came into force on this day: no UN mission's personnel can have died earlier.
EARLIEST_DATE = date(1945, 10, 24)
SEXES = ("M", "F", "")


def date_of_death_messages(died_on: date | None, field: str = "died_on") -> Messages:
    """A date of death lies between the founding of the UN and today."""
    if died_on is None:
        return {}
    if died_on < EARLIEST_DATE:
        return {field: [_("A fatality cannot be dated before 24 October 1945, when the United Nations was founded.")]}
    if died_on > date.today():
        return {field: [_("A fatality cannot be dated in the future.")]}
    return {}


def sex_messages(sex: str, field: str = "sex") -> Messages:
    """Sex is recorded as M or F, or left blank when the source does not say."""
    if sex not in SEXES:
        return {field: [_("Sex must be M, F or blank.")]}
    return {}


def nationality_messages(code: str, field: str = "nationality") -> Messages:
    """A nationality is blank (not known) or an ISO 3166-1 alpha-3 code (the model field's own validator)."""
    if not code:
        return {}
    try:
        validate_country_code(code)
    except ValidationError as error:
        return {field: list(error.messages)}
    return {}


def choice_messages(value: str, choices, field: str) -> Messages:
    """A value is one of a field's choices (a TextChoices class)."""
    if value not in choices.values:
        return {field: [_("Unknown value; use one of: %(values)s.") % {
            "values": ", ".join(str(label) for label in choices.labels)}]}
    return {}


def fatality_messages(*, died_on: date | None, nationality: str, sex: str, personnel_category: str,
                      incident_type: str) -> Messages:
    """Every rule of a Fatality row, the field-level ones included: what an importer checks."""
    # Imported here because the models module imports this one for Fatality.clean().
    from missionfacts.casualties.models import IncidentType, PersonnelCategory

    messages: Messages = {}
    for found in (
        date_of_death_messages(died_on),
        nationality_messages(nationality),
        sex_messages(sex),
        choice_messages(personnel_category, PersonnelCategory, "personnel_category"),
        choice_messages(incident_type, IncidentType, "incident_type"),
    ):
        for name, texts in found.items():
            messages.setdefault(name, []).extend(texts)
    return messages
