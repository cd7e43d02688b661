"""A mission's history: every change to its records, every import that brought some of them, every edition.

Changes made one record at a time — in the admin, the API, or by an importer that saves row by row — are kept
by django-simple-history with who made them, when, and the values before and after. Bulk imports write rows
without saving them one by one, so they leave no such trace: their ImportBatch is their history (file, who,
when, rows added, changed and removed), and every row they wrote names it. Publishing an edition changes no
record but is part of the story: each edition is listed with who published it, when, and for which date.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from babel.numbers import format_decimal
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from missionfacts.factsheets import formatting
from missionfacts.factsheets.models import Edition
from missionfacts.imports.models import ImportBatch
from missionfacts.missions.models import Mission
from missionfacts.web.forms import KIND_NAMES
from missionfacts.web.records import COUNTRY_FIELDS, record_models, record_name

PAGE_SIZE = 50
VALUE_LENGTH = 160
NOT_SET = "—"
# Whole numbers that name rather than count (resolution 2531, the third of a list): never grouped in thousands.
IDENTIFIERS = {"number", "position"}


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    """One change to one record, or one import."""

    when: datetime
    who: str
    action: str  # created, changed, deleted, imported or published
    what: str
    record: str
    url: str | None = None
    changes: list[FieldChange] = field(default_factory=list)
    batch: ImportBatch | None = None
    edition: Edition | None = None
    historical: Model | None = None
    when_text: str = ""


def _of_mission(path: str, mission: Mission, historical: bool = False) -> dict:
    """The filter of a model's rows (or of its historical rows) that belong to the mission."""
    if path:
        return {path: mission}
    # A historical row keeps the original primary key as a plain `id` field (its own key is history_id).
    return {"id" if historical else "pk": mission.pk}


def _url(name: str, *args) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _record_entries(mission: Mission, before: datetime | None, limit: int) -> list[HistoryEntry]:
    actions = {"+": "created", "~": "changed", "-": "deleted"}
    entries = []
    for model, path in record_models():
        rows = model.history.filter(**_of_mission(path, mission, historical=True))
        if before is not None:
            rows = rows.filter(history_date__lt=before)
        for row in rows.select_related("history_user").order_by("-history_date", "-history_id")[:limit]:
            if row.history_user is not None:
                who = row.history_user.get_username()
            elif getattr(row, "import_batch_id", None):
                who = _("import #%(number)s") % {"number": row.import_batch_id}
            else:
                who = NOT_SET
            opts = model._meta
            entries.append(HistoryEntry(
                row.history_date, who, actions[row.history_type], str(capfirst(opts.verbose_name)),
                "", _url(f"admin:{opts.app_label}_{opts.model_name}_history", row.id),
                historical=row))
    return entries


def _record_text(row, language: str) -> str:
    try:
        return record_name(row.instance, language)
    except ObjectDoesNotExist:  # A record whose related rows are gone cannot always name itself; its id can.
        return f"#{row.id}"


def _batch_ids(mission: Mission) -> set[int]:
    ids = set()
    for model, path in record_models():
        if not any(item.name == "import_batch" for item in model._meta.fields):
            continue
        for rows in (model.objects.filter(**_of_mission(path, mission)),
                     model.history.filter(**_of_mission(path, mission, historical=True))):
            ids.update(rows.exclude(import_batch=None).order_by().values_list("import_batch", flat=True).distinct())
    # Every version of those files too: a version whose rows a later one has all replaced or removed (bulk
    # imports keep no per-row history) is still part of the mission's history.
    # A mission's own file has a Source of its own (imports.planned.file_source), so another mission's file of
    # the same name is not taken for a version of it.
    files = ImportBatch.objects.filter(pk__in=ids).values("kind", "file_name", "source").distinct()
    if files:
        versions = Q()
        for file in files:
            versions |= Q(**file)
        ids.update(ImportBatch.objects.filter(versions).values_list("pk", flat=True))
    return ids


def _import_entries(mission: Mission, before: datetime | None, limit: int) -> list[HistoryEntry]:
    batches = ImportBatch.objects.filter(pk__in=_batch_ids(mission))
    if before is not None:
        batches = batches.filter(imported_at__lt=before)
    return [HistoryEntry(batch.imported_at, batch.imported_by_name or NOT_SET, "imported",
                         _("Import #%(number)s") % {"number": batch.pk},
                         f"{batch.file_name} ({KIND_NAMES.get(batch.kind, batch.kind)})",
                         _url("admin:imports_importbatch_change", batch.pk), batch=batch)
            for batch in batches.order_by("-imported_at", "-pk")[:limit]]


def _edition_entries(mission: Mission, language: str, before: datetime | None, limit: int) -> list[HistoryEntry]:
    editions = mission.editions.all()
    if before is not None:
        editions = editions.filter(published_at__lt=before)
    return [HistoryEntry(edition.published_at, edition.published_by or NOT_SET, "published",
                         _("Edition %(number)s") % {"number": edition.number},
                         _("the sheet as of %(date)s") % {"date": formatting.long_date(edition.as_of, language)},
                         _url("web:editions", mission.acronym), edition=edition)
            for edition in editions.order_by("-published_at", "-number")[:limit]]


def mission_history(mission: Mission, language: str, before: datetime | None = None,
                    limit: int = PAGE_SIZE) -> list[HistoryEntry]:
    """The latest `limit` entries before the given moment, newest first, each change with its values."""
    entries = (_record_entries(mission, before, limit) + _import_entries(mission, before, limit)
               + _edition_entries(mission, language, before, limit))
    entries.sort(key=lambda entry: entry.when, reverse=True)
    entries = entries[:limit]
    for entry in entries:
        entry.when_text = moment(entry.when, language)
        if entry.historical is not None:
            entry.record = _record_text(entry.historical, language)
            entry.changes = _changes(entry.historical, language)
    return entries


def moment(when: datetime, language: str) -> str:
    """'7 December 2026, 23:40' in the server's time zone, as the page's language writes the day."""
    local = timezone.localtime(when) if timezone.is_aware(when) else when
    return _("%(day)s, %(time)s") % {"day": formatting.long_date(local.date(), language),
                                     "time": local.strftime("%H:%M")}


def _changes(row, language: str) -> list[FieldChange]:
    model = row.instance_type
    fields = [item for item in model._meta.fields if item.name != "id"]
    if row.history_type == "~":
        previous = row.prev_record
        if previous is None:
            return []
        names = {change.field for change in row.diff_against(previous).changes}
        return [FieldChange(str(capfirst(item.verbose_name)), _shown(item, getattr(previous, item.attname), language),
                            _shown(item, getattr(row, item.attname), language))
                for item in fields if item.name in names]
    changes = []
    for item in fields:
        value = getattr(row, item.attname)
        if value in (None, ""):
            continue
        text = _shown(item, value, language)
        changes.append(FieldChange(str(capfirst(item.verbose_name)), NOT_SET if row.history_type == "+" else text,
                                   text if row.history_type == "+" else NOT_SET))
    return changes


def _shown(model_field, value, language: str) -> str:
    if value in (None, ""):
        return NOT_SET
    if model_field.many_to_one:
        related = model_field.related_model.objects.filter(pk=value).first()
        if related is None:
            return f"#{value}"
        is_record = any(model is model_field.related_model for model, _path in record_models())
        return record_name(related, language) if is_record else str(related)
    if model_field.name in COUNTRY_FIELDS:
        return formatting.country(value, language)
    if model_field.choices:
        value = dict(model_field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, date):
        return formatting.long_date(value, language)
    if isinstance(value, int) and model_field.name not in IDENTIFIERS:  # 41,947; in French 41 947 (U+202F)
        return formatting.number(value, language)
    if isinstance(value, (Decimal, float)):
        return format_decimal(value, locale=language, decimal_quantization=False)
    text = str(value)
    return text if len(text) <= VALUE_LENGTH else text[:VALUE_LENGTH - 1] + "…"
