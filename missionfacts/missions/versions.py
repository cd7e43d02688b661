"""The data version: every write to the records changes it, and cached pages and figures are keyed by it.

What a cache holds is computed from the records, so it stays right exactly as long as the records do not
change. Rather than finding and deleting what each write makes stale, every write changes the data version
(`DataVersion.bump`, in the writing transaction) and every cache key includes the version read before
computing (`version_key`): after a write, the next request finds nothing under the new version and computes
afresh, while entries under older versions are never asked for again and age out of the cache.

Writes reach the version three ways:
- the ORM's signals (saves, deletions, many-to-many changes) of every record model, connected once by
  `connect_record_signals` from the missions app's `ready()`: the sourced records and their parts (ceilings,
  mandate items), the sources themselves, and the published editions (the pages name the latest one);
- the writers that bypass signals call `DataVersion.bump` themselves: `imports.batch.finish_batch`, where
  every importer ends (bulk inserts, updates and raw SQL alike), and the backups' restore;
- anything else that writes with `QuerySet.update()`, `bulk_create()` or raw SQL must call `bump` too.

Import batches themselves are bookkeeping and do not bump on save: an import bumps once, in
`finish_batch`, at the end of its transaction, so that the version's row (which a bump keeps locked until
commit on PostgreSQL) is not held by a long import while other writers wait for it.
"""

import hashlib
import json

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Model, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.db.models.signals import m2m_changed, post_delete, post_save

from missionfacts.missions.models import DataVersion

# Record models that are not SourcedRecords but change what a sheet or page says.
PARTS_AND_PUBLICATIONS = ("missions.Ceiling", "missions.MandateItem", "imports.Source", "factsheets.Edition",
                          "factsheets.EditionDocument")


def record_models() -> list[type[Model]]:
    """Every model whose rows a page or figure may show: concrete SourcedRecords and PARTS_AND_PUBLICATIONS.

    Historical (django-simple-history) rows are written with the record they copy, which bumps already;
    derived tables (the daily patrol summary) are written with the records they summarise.
    """
    from simple_history.models import HistoricalChanges

    from missionfacts.imports.models import SourcedRecord

    sourced = [model for model in apps.get_models()
               if issubclass(model, SourcedRecord) and not issubclass(model, HistoricalChanges)]
    return sourced + [apps.get_model(label) for label in PARTS_AND_PUBLICATIONS]


def bump_on_write(sender, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """A receiver of post_save, post_delete and m2m_changed: the write changes the data version."""
    if kwargs.get("action", "post_").startswith("post_"):
        DataVersion.bump(using)


def connect_record_signals() -> None:
    """Connect `bump_on_write` to the writes of every record model, once (dispatch_uid)."""
    for model in record_models():
        uid = f"missionfacts-data-version-{model._meta.label}"
        post_save.connect(bump_on_write, sender=model, dispatch_uid=uid)
        post_delete.connect(bump_on_write, sender=model, dispatch_uid=uid)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(bump_on_write, sender=field.remote_field.through, dispatch_uid=f"{uid}-{field.name}")


def with_data_version(queryset: QuerySet) -> QuerySet:
    """The queryset with each row's `data_version`: the stamp read in the same statement, saving a query.

    A view that looks up its mission anyway gets the version with it, which is what it needs first.
    """
    stamp = DataVersion.objects.filter(pk=DataVersion.ROW).values("stamp")[:1]
    return queryset.annotate(data_version=Coalesce(Subquery(stamp), Value("initial")))


def version_key(namespace: str, *parts, version: str | None = None, using: str = DEFAULT_DB_ALIAS) -> str:
    """The cache key of something computed from the records now: its namespace, the data version and parts.

    Read the version (here, or with `with_data_version`) before computing, never after: the version read
    first is at most as new as the data the computation then reads, so a write committed in between can only
    leave a fresher result under an older version (which nobody asks for any more), never an older result
    under the current one.
    """
    digest = hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()[:32]
    return f"missionfacts:{namespace}:{version or DataVersion.current(using)}:{digest}"
