"""What a backup holds: every model with data, in an order where each row's references come before it.

Left out are the rows that `migrate` makes by itself (content types, permissions), sessions, and the login
rate limiter's records (django-axes, when installed): they belong to a running server, not to the data.
Secrets are left out unless a backup asks for them (`--include-secrets`): API tokens are not written, and
every password is written as an unusable one, so that a copied archive lets no one sign in or call the API. So
are summaries derived from other rows (the daily patrol counts), which a restore computes again.
A column that points at a content type or a permission is written as that row's natural key, since their
ids differ from one database to another; every other row keeps its primary key, so references stay valid.
"""

import base64
import datetime
import decimal
import uuid
from dataclasses import dataclass
from graphlib import TopologicalSorter

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import models
from django.utils.duration import duration_iso_string

# Rows that migrate creates in every database, found again on restore by their natural key.
BY_NATURAL_KEY = ("contenttypes.ContentType", "auth.Permission")
# Summaries computed from other rows: a restore computes them again (archive.restore_backup) rather than
# trusting an archive to agree with the rows it holds.
DERIVED = ("activities.PatrolDay", "activities.PatrolMonthTotal", "activities.TrainingDay")
# The data version says whether cached pages are still right; a restore gives it a new value of its own.
LEFT_OUT = {*BY_NATURAL_KEY, *DERIVED, "sessions.Session", "missions.DataVersion"}
LEFT_OUT_APPS = {"axes"}
# Written only with --include-secrets: a model, and columns, that let whoever holds them act as a user.
SECRET_MODELS = {"authtoken.Token"}
SECRET_COLUMNS = {("auth.User", "password")}


@dataclass(frozen=True)
class Column:
    """One column of a model's rows in the archive: the field, and whether it is written as a natural key."""

    field: models.Field
    natural_key_of: type[models.Model] | None = None
    secret: bool = False

    @property
    def name(self) -> str:
        return self.field.attname

    def encode(self, value, natural_keys: dict, include_secrets: bool = True):
        if value is None:
            return None
        if self.secret and not include_secrets:
            # An unusable password ("!" and random text): the user exists and keeps its roles, but signs in
            # only once an administrator gives it a new password.
            return make_password(None)
        if self.natural_key_of is not None:
            key = (self.natural_key_of, value)
            if key not in natural_keys:
                natural_keys[key] = list(self.natural_key_of._default_manager.get(pk=value).natural_key())
            return natural_keys[key]
        if isinstance(self.field, models.BinaryField):
            return base64.b64encode(bytes(value)).decode("ascii")
        if isinstance(value, datetime.timedelta):
            return duration_iso_string(value)
        if isinstance(value, (datetime.date, datetime.time)):
            return value.isoformat()
        if isinstance(value, (decimal.Decimal, uuid.UUID)):
            return str(value)
        return value

    def decode(self, value, natural_keys: dict):
        if value is None:
            return None
        if self.natural_key_of is not None:
            key = (self.natural_key_of, tuple(value))
            if key not in natural_keys:
                natural_keys[key] = self.natural_key_of._default_manager.get_by_natural_key(*value).pk
            return natural_keys[key]
        if self.field.is_relation or isinstance(self.field, models.JSONField):
            return value
        return self.field.to_python(value)


@dataclass(frozen=True)
class Entry:
    """One model of the archive, with its columns in the order they are written."""

    model: type[models.Model]
    columns: tuple[Column, ...]

    @property
    def label(self) -> str:
        return self.model._meta.label

    @property
    def member(self) -> str:
        return f"data/{self.model._meta.label_lower}.jsonl"

    def queryset(self) -> models.QuerySet:
        return self.model._base_manager.order_by("pk").values_list(*(column.name for column in self.columns))


def entries(*, include_secrets: bool = True) -> list[Entry]:
    """Every model a backup can hold, each after the models it refers to; no API tokens without `include_secrets`."""
    chosen = {model: _columns(model) for model in apps.get_models(include_auto_created=True)
              if _holds_data(model) and (include_secrets or model._meta.label not in SECRET_MODELS)}
    graph = TopologicalSorter()
    for model in sorted(chosen, key=lambda model: model._meta.label):
        targets = {column.field.related_model for column in chosen[model] if column.field.is_relation}
        graph.add(model, *sorted((target for target in targets if target in chosen and target is not model),
                                 key=lambda target: target._meta.label))
    # graphlib breaks ties as it meets nodes; sorting each ready set makes the order the same on every run.
    graph.prepare()
    ordered = []
    while graph.is_active():
        ready = sorted(graph.get_ready(), key=lambda model: model._meta.label)
        ordered.extend(ready)
        graph.done(*ready)
    return [Entry(model, chosen[model]) for model in ordered]


def derived_models() -> list[type[models.Model]]:
    """The summaries a restore deletes and computes again, which the archive does not hold."""
    return [apps.get_model(label) for label in DERIVED]


def _holds_data(model: type[models.Model]) -> bool:
    meta = model._meta
    return (meta.managed and not meta.proxy and meta.label not in LEFT_OUT
            and meta.app_label not in LEFT_OUT_APPS)


def _columns(model: type[models.Model]) -> tuple[Column, ...]:
    columns = []
    for field in model._meta.concrete_fields:
        target = field.related_model if field.is_relation else None
        by_key = target if target is not None and target._meta.label in BY_NATURAL_KEY else None
        columns.append(Column(field, by_key, (model._meta.label, field.attname) in SECRET_COLUMNS))
    return tuple(columns)
