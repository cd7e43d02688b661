"""The fact records of a mission, for the pages that walk them all: the history and the import guard."""

from functools import cache

from django.apps import apps
from django.db.models import Model

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
