"""The values a fact sheet states, each with where it came from.

A figure is either a known value with its provenance, or NOT_AVAILABLE: "no data" must never be shown
as a zero.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Provenance:
    """Records a figure was computed from: one record, or a count of records sharing a source and import."""

    model: str
    source: str
    import_batch: int | None = None
    record_id: int | None = None
    records: int = 1

    @classmethod
    def of(cls, record) -> "Provenance":
        return cls(
            model=record._meta.label,
            source=record.source.key,
            import_batch=record.import_batch_id,
            record_id=record.pk,
        )

    @classmethod
    def of_queryset(cls, queryset) -> tuple["Provenance", ...]:
        """One entry per (source, import) among many records, so a million patrols stay one line."""
        from django.db.models import Count

        groups = queryset.order_by().values("source__key", "import_batch").annotate(records=Count("pk"))
        return cls.of_groups(queryset.model._meta.label, groups)

    @classmethod
    def of_groups(cls, model: str, groups) -> tuple["Provenance", ...]:
        """One entry per group of records counted elsewhere, as a summary table counts them.

        Each group is a mapping with `source__key`, `import_batch` (its id, or None) and `records`; `model`
        is the label of the records counted, not of the summary.
        """
        return tuple(
            cls(model=model, source=group["source__key"], import_batch=group["import_batch"], records=group["records"])
            for group in sorted(groups, key=lambda g: (g["source__key"], g["import_batch"] or 0))
        )


@dataclass(frozen=True)
class Period:
    """Inclusive bounds of a flow figure (patrols, trainings, fatalities)."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("A period cannot end before it starts.")

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class Figure:
    """A value the sheet states, with its unit and either its date (stocks) or its period (flows)."""

    value: Any
    unit: str
    as_of: date | None = None
    period: Period | None = None
    provenance: tuple[Provenance, ...] = field(default=())
    note: str = ""

    @property
    def available(self) -> bool:
        return True


@dataclass(frozen=True)
class NotAvailable:
    """The sheet has no data for this figure; renderers say so in the reader's language."""

    unit: str
    as_of: date | None = None
    period: Period | None = None
    reason: str = ""
    value: None = None
    provenance: tuple[Provenance, ...] = field(default=())

    @property
    def available(self) -> bool:
        return False
