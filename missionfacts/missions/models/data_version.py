"""The stamps of the records as they stand, that caches are keyed by: one for every mission, one per mission."""

import hashlib
import uuid

from django.db import connections, models
from django.utils.translation import gettext_lazy as _


class DataVersion(models.Model):
    """A stamp of the records as they stand, changed by every write to them, that caches are keyed by.

    A cached facts page or figures answer is stored under the stamp read before it was computed, so a write,
    which changes the stamp in its own transaction, makes every later request compute afresh: nothing cached
    is ever served after the data changed, and nothing needs to be deleted from the cache.

    There is one row per mission written to (`mission_pk`) and one for what every mission shares
    (`EVERY_MISSION`: sources, the catalogue, imports, restores). A write to one mission's records changes
    only its row, so the other missions' cached pages stay valid and writers of different missions never
    wait for one another's row; a mission's pages are keyed by both its stamp and the shared one
    (`current(mission_pk=...)`, or `missions.versions.with_data_version`).

    The stamp is random rather than a counter: a counter can come back to a value a cache still holds pages
    under (a transaction that bumped it and rolled back, a restore of an older archive, a database created
    anew beside a cache that outlived the old one), a random stamp never does. `missions.versions` bumps it
    on every write of the records (signals, and the bulk writers that bypass them).
    """

    # The row of what every mission shares; mission primary keys start at 1.
    EVERY_MISSION = 0

    # A plain number rather than a foreign key: a row must outlive neither more nor less than a cache entry,
    # and must never stop a mission from being deleted or restored.
    mission_pk = models.PositiveIntegerField(_("mission"), unique=True, default=EVERY_MISSION)
    stamp = models.CharField(_("stamp"), max_length=32)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data version")

    def __str__(self) -> str:
        return self.stamp

    @classmethod
    def current(cls, using: str = "default", mission_pk: int | None = None) -> str:
        """The stamp of one mission's data now (the shared stamp and its own), or of all data without one.

        A part is "initial" before the first write to it.
        """
        # Every cached request asks, so the statement is written out: building it with the ORM would cost
        # several times what the database takes to answer it.
        connection = connections[using]
        table, scope, stamp = (connection.ops.quote_name(name) for name in (cls._meta.db_table, "mission_pk", "stamp"))
        with connection.cursor() as cursor:
            if mission_pk is None:
                cursor.execute(f"SELECT {scope}, {stamp} FROM {table} ORDER BY {scope}")
                rows = cursor.fetchall()
                if not rows:
                    return "initial"
                return hashlib.sha256(repr(rows).encode()).hexdigest()[:32]
            cursor.execute(f"SELECT {scope}, {stamp} FROM {table} WHERE {scope} IN (%s, %s)",
                           [cls.EVERY_MISSION, mission_pk])
            stamps = dict(cursor.fetchall())
        return f"{stamps.get(cls.EVERY_MISSION, 'initial')}.{stamps.get(mission_pk, 'initial')}"

    @classmethod
    def bump(cls, using: str = "default", mission_pk: int = EVERY_MISSION) -> None:
        """Give the data a new stamp (one mission's, or the shared one by default), in the caller's transaction.

        It takes effect when the write commits. Every write bumps, even several in one transaction: a page
        computed inside the transaction between two writes is then keyed by a stamp that the second write
        replaces. On PostgreSQL the row stays locked until the writing transaction ends, so writers of the
        same mission take turns on it; writers of different missions lock different rows.
        """
        stamp = uuid.uuid4().hex
        rows = cls.objects.using(using).filter(mission_pk=mission_pk)
        if not rows.update(stamp=stamp):
            # The first write to this row. The rows are not made by a migration, so that a freshly migrated
            # database still counts as empty for `restore`.
            cls.objects.using(using).bulk_create([cls(mission_pk=mission_pk, stamp=stamp)], ignore_conflicts=True)
            rows.update(stamp=stamp)
