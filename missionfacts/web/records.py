"""The fact records of a mission, for the pages that walk them all (the history, the import guard), and their names."""

from datetime import date
from functools import cache

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext as _

from missionfacts.factsheets.formatting import country, long_date
from missionfacts.factsheets.published_context import period_at
from missionfacts.figures.values import Period
from missionfacts.missions.models import Mission

RECORD_APPS = ("missions", "personnel", "activities", "casualties")


def mission_path(model: type[Model]) -> str | None:
    """How a row reaches its mission (access.rules' mission path): "" for a Mission, "mission" for most rows,
    "resolution__mission" for a ceiling, "training__mission" for a participant."""
    if model is Mission:
        return ""
    field_names = {field.name for field in model._meta.fields}
    if "mission" in field_names:
        return "mission"
    for field in model._meta.fields:
        if field.many_to_one and "mission" in {f.name for f in field.related_model._meta.fields}:
            return f"{field.name}__mission"
    return None


@cache
def record_models() -> tuple[tuple[type[Model], str], ...]:
    """Every model whose changes are kept (django-simple-history), with its mission path."""
    found = []
    for label in RECORD_APPS:
        for model in apps.get_app_config(label).get_models():
            if getattr(model._meta, "simple_history_manager_attribute", None):
                found.append((model, mission_path(model)))
    return tuple(found)


def mission_lookup(path: str, lookup: str = "") -> str:
    """`mission_lookup("resolution__mission", "in")` is "resolution__mission__in"; a Mission is its own pk."""
    return "__".join(part for part in (path or "pk", lookup) if part)


# The fields that place a record in time, in the order they are looked for, and the ones that tell two
# records of the same kind and date apart ("Chad, troops"; "malicious act, military").
DATE_FIELDS = ("reported_on", "died_on", "patrolled_on", "held_on", "stated_on", "listed_on", "adopted_on",
               "valid_from", "started_on")
QUALIFIER_FIELDS = ("country", "nationality", "personnel_type", "component", "category", "kind", "scope", "role",
                    "incident_type", "personnel_category", "sector", "programme", "site", "number", "reference",
                    "casualty_id", "participant_ref", "resolution")
COUNTRY_FIELDS = ("country", "nationality", "host_country")
NAME_LENGTH = 80
# Records people know by their own name (a resolution's symbol, a site's name): shown after their kind.
NAMED_RECORDS = ("Resolution", "Leadership", "Site", "Sector", "TrainingProgramme", "KeyFigure", "MandateItem")


def record_kind(model: type[Model]) -> str:
    """What a record is, as a heading says it: "Fatalities" for a count of them, else the model's own name."""
    if model.__name__ == "FatalityCount":
        return _("Fatalities")
    return str(capfirst(model._meta.verbose_name))


def of_mission(acronym: str, language: str) -> str:
    """"of MINUSMA"; in French the article acronyms take: "de la MINUSMA", "de l’ONUB"."""
    if language != "fr":
        return f"of {acronym}"
    return f"de l’{acronym}" if acronym[:1].upper() in "AEIOUY" else f"de la {acronym}"


def record_name(record: Model, language: str) -> str:
    """A record as people name it: "Fatalities of MINUSMA, 1 July 2013 to 30 June 2021 (malicious act)",
    "Uniformed strength of MINUSMA, 31 May 2020 (Chad, troops)", "Resolution of MINUSMA: S/RES/2531 (2020)".

    The names of the admin and the logs (the models' __str__) are for the people who write code; this one is for
    the staff reading a mission's history, in their language.
    """
    with translation.override(language):
        if isinstance(record, Mission):
            return record.acronym
        kind = record_kind(type(record))
        mission = _record_mission(record)
        if mission is not None:
            kind = f"{kind} {of_mission(mission.acronym, language)}"
        if type(record).__name__ in NAMED_RECORDS:
            return pgettext("a record's kind and its name", "{kind}: {name}").format(
                kind=kind, name=_own_name(record, language))
        when = _when(record, language)
        qualifiers = _qualifiers(record, language)
        text = f"{kind}, {when}" if when else kind
        return f"{text} ({', '.join(qualifiers)})" if qualifiers else text


def _record_mission(record: Model) -> Mission | None:
    path = mission_path(type(record))
    target = record
    try:
        for step in (path or "").split("__"):
            target = getattr(target, step) if step else None
    except ObjectDoesNotExist:
        return None
    return target if isinstance(target, Mission) else None


def _own_name(record: Model, language: str) -> str:
    """The record's own name in the language (a sector's, a programme's subject, a mandate item's title or the
    start of its text), else its __str__."""
    for method in ("name", "title", "label", "subject", "text"):
        if callable(getattr(record, method, None)):
            try:
                name = str(getattr(record, method)(language))
            except TypeError:
                continue
            if name:
                return name if len(name) <= NAME_LENGTH else name[:NAME_LENGTH - 1] + "…"
    return str(record)


def _when(record: Model, language: str) -> str:
    start, end = getattr(record, "period_start", None), getattr(record, "period_end", None)
    if start is not None and end is not None:
        if getattr(record, "as_of_only", False):
            return gettext("as of {date}").format(date=long_date(end, language))
        precision = getattr(record, "period_precision", "day")
        if precision == "year" or (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
            if start.year == end.year:
                return str(start.year)
            return pgettext("a span of years", "{first}–{last}").format(first=start.year, last=end.year)
        return period_at(Period(start, end), precision, language)  # as the sheet words a period
    for name in DATE_FIELDS:
        day = getattr(record, name, None)
        if isinstance(day, date):
            return long_date(day, language)
    return ""


def _qualifiers(record: Model, language: str) -> list[str]:
    names = {item.name: item for item in type(record)._meta.fields}
    qualifiers = []
    for name in QUALIFIER_FIELDS:
        model_field = names.get(name)
        if model_field is None:
            continue
        if model_field.many_to_one:
            try:
                related = getattr(record, name)
            except ObjectDoesNotExist:
                related = None
            if related is not None:
                qualifiers.append(_own_name(related, language))
            continue
        value = getattr(record, model_field.attname)
        if value in (None, ""):
            continue
        if name in COUNTRY_FIELDS:
            qualifiers.append(country(value, language))
        elif model_field.choices:
            qualifiers.append(str(dict(model_field.flatchoices).get(value, value)))
        else:
            qualifiers.append(str(value))
    return qualifiers
