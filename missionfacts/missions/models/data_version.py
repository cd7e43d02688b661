"""The stamp of the records as they stand, that caches are keyed by."""

import uuid

from django.db import connections, models
from django.utils.translation import gettext_lazy as _


class DataVersion(models.Model):
    """One row: a stamp of the records as they stand, changed by every write to them, that caches are keyed by.

    A cached facts page or figures answer is stored under the stamp read before it was computed, so a write,
    which changes the stamp in its own transaction, makes every later request compute afresh: nothing cached
    is ever served after the data changed, and nothing needs to be deleted from the cache. Reading the stamp
    is one query by primary key per request.

    The stamp is random rather than a counter: a counter can come back to a value a cache still holds pages
    under (a transaction that bumped it and rolled back, a restore of an older archive, a database created
    anew beside a cache that outlived the old one), a random stamp never does. `missions.versions` bumps it
    on every write of the records (signals, and the bulk writers that bypass them).
    """

    ROW = 1

    stamp = models.CharField(_("stamp"), max_length=32)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data version")

    def __str__(self) -> str:
        return self.stamp

    @classmethod
    def current(cls, using: str = "default") -> str:
        """The stamp now; "initial" before the first write to a new database."""
        # Every cached request asks, so the statement is written out: building it with the ORM would cost
        # several times what the database takes to answer it.
        connection = connections[using]
        table, column = (connection.ops.quote_name(name) for name in (cls._meta.db_table, "stamp"))
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [cls.ROW])
            row = cursor.fetchone()
        return row[0] if row else "initial"

    @classmethod
    def bump(cls, using: str = "default") -> None:
        """Give the data a new stamp, in the caller's transaction: it takes effect when the write commits.

        Every write bumps, even several in one transaction: a page computed inside the transaction between two
        writes is then keyed by a stamp that the second write replaces. On PostgreSQL the row stays locked
        until the writing transaction ends, so writers take turns on it, as imports already do on their table.
        """
        stamp = uuid.uuid4().hex
        rows = cls.objects.using(using).filter(pk=cls.ROW)
        if not rows.update(stamp=stamp):
            # The first write to a new database. The row is not made by a migration, so that a freshly
            # migrated database still counts as empty for `restore`.
            cls.objects.using(using).bulk_create([cls(pk=cls.ROW, stamp=stamp)], ignore_conflicts=True)
            rows.update(stamp=stamp)
