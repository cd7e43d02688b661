"""What a rule reports: findings, with a message that can be read in French or English and the records named.

A message is kept as a translatable template and its values, not as text, so one run of the checks can be
shown in either language: numbers, dates and country names are formatted by Babel in the reader's language
only when the message is rendered.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from babel.numbers import format_percent
from django.apps import apps
from django.db import models
from django.utils import translation
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from missionfacts.factsheets import formatting


class Severity(models.TextChoices):
    """How much a finding weighs: an error blocks publication, a warning needs a reason to publish."""

    ERROR = "error", _("error")
    WARNING = "warning", _("warning")


@dataclass(frozen=True)
class Country:
    """A country code that is shown as the country's name in the reader's language."""

    alpha3: str


@dataclass(frozen=True)
class Bilingual:
    """A text the records hold in both languages (a sector's name, a training's subject)."""

    fr: str
    en: str


@dataclass(frozen=True)
class Month:
    """A month shown as "juillet 2020" / "July 2020"."""

    day: date


@dataclass(frozen=True)
class Percent:
    """A ratio (0.25) shown as a percentage in the reader's language ("25 %", "25%")."""

    ratio: float
    signed: bool = False


class Message:
    """A translatable template with named placeholders, rendered in any language on demand.

    The template is a lazy gettext string ("{count} rows"); a plural template comes from
    `ngettext_lazy(singular, plural, "count")` and chooses its form from the `count` value.
    """

    def __init__(self, template: Promise | str, **values: Any):
        self.template = template
        self.values = values

    def render(self, language: str) -> str:
        with translation.override(language):
            template = self.template
            if "count" in self.values and hasattr(template, "_get_number_value"):
                # A plural template picks its form from the raw number; the braces are filled below.
                template = template % {"count": self.values["count"]}
            return str(template).format(**{name: render_value(value, language)
                                           for name, value in self.values.items()})

    def __repr__(self) -> str:
        return f"Message({self.render('en')!r})"


def render_value(value: Any, language: str) -> str:
    """One placeholder's value as the reader of the language sees it."""
    if isinstance(value, Message):
        return value.render(language)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, Decimal)):
        return formatting.number(value, language)
    if isinstance(value, date):
        return formatting.long_date(value, language)
    if isinstance(value, Month):
        return formatting.month_year(value.day, language)
    if isinstance(value, Bilingual):
        return (value.fr if language == "fr" else value.en) or value.en or value.fr
    if isinstance(value, Country):
        return formatting.country(value.alpha3, language)
    if isinstance(value, Percent):
        text = format_percent(value.ratio, locale=language)
        return f"+{text}" if value.signed and value.ratio > 0 else text
    if isinstance(value, Promise):
        with translation.override(language):
            return str(value)
    return str(value)


@dataclass(frozen=True)
class RecordRef:
    """Records a finding is about: one or several rows of one model, with a label a person understands."""

    model: str  # app label and model name, e.g. "missions.StatedSiteCount"
    ids: tuple[int, ...]
    label: Message

    @classmethod
    def of(cls, record: models.Model, label: Message) -> "RecordRef":
        return cls(record._meta.label, (record.pk,), label)

    @classmethod
    def of_rows(cls, queryset: models.QuerySet, label: Message) -> "RecordRef":
        return cls(queryset.model._meta.label, tuple(queryset.order_by("pk").values_list("pk", flat=True)), label)

    def verbose_name(self, language: str) -> str:
        with translation.override(language):
            return str(capfirst(apps.get_model(self.model)._meta.verbose_name))

    def as_dict(self, language: str) -> dict:
        return {"model": self.model, "ids": list(self.ids), "label": self.label.render(language)}


@dataclass(frozen=True)
class Finding:
    """One thing a rule found wrong, about named records.

    `subject` identifies what the finding is about in the rule's own terms (a date, a figure's path, a
    model), so that `key` stays the same from one run to the next and across databases. The engine fills in
    `rule` and `severity`.
    """

    subject: str
    message: Message
    records: tuple[RecordRef, ...] = ()
    values: dict = field(default_factory=dict)
    rule: str = ""
    severity: str = ""

    @property
    def key(self) -> str:
        return f"{self.rule}:{self.subject}"

    def as_dict(self, language: str) -> dict:
        return {
            "key": self.key,
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message.render(language),
            "records": [record.as_dict(language) for record in self.records],
            "values": self.values,
        }
