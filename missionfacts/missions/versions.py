"""The data versions: every write to the records changes one, and cached pages and figures are keyed by them.

What a cache holds is computed from the records, so it stays right exactly as long as the records do not
change. Rather than finding and deleting what each write makes stale, every write changes the data version
(`DataVersion.bump`, in the writing transaction) and every cache key includes the version read before
computing (`version_key`): after a write, the next request finds nothing under the new version and computes
afresh, while entries under older versions are never asked for again and age out of the cache.

There is a version per mission and a shared one (`DataVersion`): a write to a record that belongs to one
mission (it has a `mission` foreign key) changes that mission's version only, so the other missions' pages
stay cached and their writers never wait on the same row; any other write (a source, a mission itself, a
ceiling or mandate item, an import, a restore, the summaries) changes the shared version, which every
mission's key includes. A record moved to another mission changes both missions' versions.

Writes reach the versions three ways:
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
from django.core.exceptions import FieldDoesNotExist
from django.db import DEFAULT_DB_ALIAS
from django.db.models import CharField, ForeignKey, Model, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Concat
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

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


def mission_field(model: type[Model]) -> str | None:
    """The attribute holding the mission a row of `model` belongs to, or None when it belongs to none alone."""
    if model._meta.label == "missions.Mission":
        return None  # its name and dates may show on other missions' pages: the shared version
    try:
        field = model._meta.get_field("mission")
    except FieldDoesNotExist:
        return None
    if isinstance(field, ForeignKey) and field.related_model._meta.label == "missions.Mission":
        return field.attname
    return None


def _bump_missions_of(instance, using: str) -> None:
    """Bump the version of the mission `instance` belongs to (and the one it was moved from), else the shared one."""
    attname = mission_field(type(instance))
    mission_pk = getattr(instance, attname, None) if attname else None
    if not mission_pk:
        DataVersion.bump(using)
        return
    DataVersion.bump(using, mission_pk=mission_pk)
    moved_from = instance.__dict__.pop("_data_version_moved_from", None)
    if moved_from and moved_from != mission_pk:
        DataVersion.bump(using, mission_pk=moved_from)


def note_mission_before_save(sender, instance, using: str = DEFAULT_DB_ALIAS, update_fields=None, **kwargs) -> None:
    """A receiver of pre_save: remember the mission an existing row belonged to, so a move bumps both."""
    attname = mission_field(sender)
    if attname is None or instance._state.adding or instance.pk is None:
        return
    if update_fields is not None and "mission" not in update_fields:
        return
    before = sender._base_manager.using(using).filter(pk=instance.pk).values_list(attname, flat=True).first()
    instance.__dict__["_data_version_moved_from"] = before


def bump_on_write(sender, instance=None, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """A receiver of post_save, post_delete and m2m_changed: the write changes its mission's data version.

    A many-to-many change seen from the record's side changes its mission's version; seen from the other
    side (a source's records), it may touch several missions and changes the shared version.
    """
    if not kwargs.get("action", "post_").startswith("post_"):
        return
    if instance is None:
        DataVersion.bump(using)
        return
    _bump_missions_of(instance, using)


def connect_record_signals() -> None:
    """Connect `bump_on_write` to the writes of every record model, once (dispatch_uid)."""
    for model in record_models():
        uid = f"missionfacts-data-version-{model._meta.label}"
        pre_save.connect(note_mission_before_save, sender=model, dispatch_uid=uid)
        post_save.connect(bump_on_write, sender=model, dispatch_uid=uid)
        post_delete.connect(bump_on_write, sender=model, dispatch_uid=uid)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(bump_on_write, sender=field.remote_field.through, dispatch_uid=f"{uid}-{field.name}")


def with_data_version(queryset: QuerySet) -> QuerySet:
    """The missions with each one's `data_version`: the shared stamp and its own, read in the same statement.

    A view that looks up its mission anyway gets the version with it, which is what it needs first. The value
    is the one `DataVersion.current(mission_pk=...)` gives.
    """
    shared = DataVersion.objects.filter(mission_pk=DataVersion.EVERY_MISSION).values("stamp")[:1]
    own = DataVersion.objects.filter(mission_pk=OuterRef("pk")).values("stamp")[:1]
    return queryset.annotate(data_version=Concat(
        Coalesce(Subquery(shared), Value("initial")), Value("."), Coalesce(Subquery(own), Value("initial")),
        output_field=CharField()))


def version_key(namespace: str, *parts, version: str | None = None, using: str = DEFAULT_DB_ALIAS) -> str:
    """The cache key of something computed from the records now: its namespace, the data version and parts.

    Pass the mission's version (`with_data_version`, `DataVersion.current(mission_pk=...)`) for what one
    mission's records give; without one, the key changes with any write to any mission.

    Read the version (here, or with `with_data_version`) before computing, never after: the version read
    first is at most as new as the data the computation then reads, so a write committed in between can only
    leave a fresher result under an older version (which nobody asks for any more), never an older result
    under the current one.
    """
    digest = hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()[:32]
    return f"missionfacts:{namespace}:{version or DataVersion.current(using)}:{digest}"
