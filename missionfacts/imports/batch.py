"""Recording an import and writing its rows by natural key, so re-imports change nothing.

A corrected file replaces what its earlier version brought: rows are matched on their natural key, updated
in place when their values changed (keeping their primary keys, which other records may point to), and
rows an earlier version of the same file brought but the new one no longer has are removed.
"""

import hashlib
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import models

from missionfacts.imports.models import ImportBatch, Source
from missionfacts.imports.problems import ImportResult, problems_from_validation_error
from missionfacts.missions.models import DataVersion


def file_checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def start_batch(kind: str, path: Path, source: Source, user=None, checksum: str | None = None) -> ImportBatch:
    return ImportBatch.objects.create(
        kind=kind,
        file_name=Path(path).name,
        checksum=checksum or file_checksum(path),
        source=source,
        imported_by=user if getattr(user, "pk", None) else None,
        imported_by_name=getattr(user, "username", "") or "",
    )


def finish_batch(batch: ImportBatch, result: ImportResult) -> None:
    batch.rows_read = result.rows_read
    batch.rows_added = result.rows_added
    batch.rows_changed = result.rows_changed
    batch.rows_unchanged = result.rows_unchanged
    batch.rows_removed = result.rows_removed
    batch.save()
    result.batch_id = batch.pk
    # Importers write in bulk, past the signals that change the data version: the batch changes it once.
    DataVersion.bump()


class RowWriter:
    """Writes validated rows by natural key into the database and counts the outcome in an ImportResult."""

    def __init__(self, batch: ImportBatch, result: ImportResult):
        self.batch = batch
        self.result = result
        self.touched: dict[type, set[int]] = {}

    def write(self, model: type[models.Model], key: dict, values: dict, *, row: int | None, prefix: str = ""):
        """Create or update the row with this natural key; None (and problems recorded) if it is invalid."""
        self.result.rows_read += 1
        instance = model.objects.filter(**key).first()
        if instance is None:
            instance = model(**key, **values)
            outcome = "added"
        elif _differs(instance, values):
            for name, value in values.items():
                setattr(instance, name, value)
            outcome = "changed"
        else:
            self._touch(model, instance.pk)
            self.result.rows_unchanged += 1
            return instance
        if hasattr(instance, "import_batch_id"):
            instance.import_batch = self.batch
        try:
            instance.full_clean()
        except ValidationError as error:
            self.result.problems.extend(
                problems_from_validation_error(error, self.result.file, row, {**key, **values}, prefix)
            )
            return None
        instance.save()
        self._touch(model, instance.pk)
        setattr(self.result, f"rows_{outcome}", getattr(self.result, f"rows_{outcome}") + 1)
        return instance

    def remove_untouched(self, previous: models.QuerySet) -> None:
        """Delete the rows an earlier version of this file brought that this version no longer has."""
        kept = self.touched.get(previous.model, set())
        stale = previous.exclude(pk__in=kept)
        self.result.rows_removed += stale.count()
        stale.delete()

    def _touch(self, model, pk: int) -> None:
        self.touched.setdefault(model, set()).add(pk)


def _differs(instance: models.Model, values: dict) -> bool:
    for name, value in values.items():
        current = getattr(instance, name)
        if isinstance(value, models.Model) or isinstance(current, models.Model):
            if getattr(current, "pk", None) != getattr(value, "pk", None):
                return True
        elif current != value:
            return True
    return False
