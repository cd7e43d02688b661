"""The date of the UN's data behind a sheet's figures: "UN data as of 4 April 2025".

The UN's files say when their data were last updated (the fatalities file's `last_update`, the contributions
file's latest reporting date); each import records it (ImportBatch.data_as_of). A figure's provenance names
the imports its records came from. A record left unchanged by a later version of its file still points at the
import that first wrote it, so the date is that of the latest import of the same file: the later version
says the record still holds at its own date.
"""

import dataclasses
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from missionfacts.figures.values import Provenance
from missionfacts.imports import un_contributions, un_fatalities
from missionfacts.imports.models import ImportBatch

# The imports of the UN's datasets: the Data Hub's identifier and what a reader calls each.
UN_DATASETS = {
    un_fatalities.KIND: (un_fatalities.SOURCE.key, "DPPADPOSS-FATALITIES", _("fatalities")),
    un_contributions.KIND: (un_contributions.SOURCE.key, "DPO-UCHISTORICAL", _("uniformed personnel")),
}
UN_SOURCE_KEYS = frozenset(source_key for source_key, _identifier, _label in UN_DATASETS.values())


@dataclass(frozen=True)
class UNDataDate:
    """A date the UN's data behind some of a sheet's figures are as of, and the datasets that say so."""

    as_of: date
    # The Data Hub's identifiers of the datasets, e.g. "DPPADPOSS-FATALITIES".
    datasets: tuple[str, ...]

    @property
    def names(self) -> str:
        """The datasets as a reader calls them, in the active language ("fatalities, uniformed personnel")."""
        labels = {identifier: label for _key, identifier, label in UN_DATASETS.values()}
        return ", ".join(str(labels[identifier]) for identifier in self.datasets)


def un_data_as_of(figures) -> tuple[UNDataDate, ...]:
    """The dates of the UN's datasets behind the figures (a SheetFigures, or anything holding Figures), the
    earliest first; () when no figure comes from the UN's data, at no query's cost."""
    batches = {item.import_batch for item in provenance_in(figures)
               if item.source in UN_SOURCE_KEYS and item.import_batch is not None}
    if not batches:
        return ()
    files = ImportBatch.objects.filter(pk__in=batches, kind__in=UN_DATASETS).values("file_name")
    latest = (ImportBatch.objects.filter(kind__in=UN_DATASETS, file_name__in=files)
              .exclude(data_as_of=None).values("kind").annotate(as_of=Max("data_as_of")).order_by())
    by_date: dict[date, list[str]] = {}
    for row in latest:
        by_date.setdefault(row["as_of"], []).append(UN_DATASETS[row["kind"]][1])
    return tuple(UNDataDate(as_of, tuple(sorted(identifiers))) for as_of, identifiers in sorted(by_date.items()))


def provenance_in(value, depth: int = 0) -> Iterator[Provenance]:
    """Every Provenance inside the value: its figures, the figures of its dictionaries, tuples and dataclasses."""
    if isinstance(value, Provenance):
        yield value
    elif depth > 6 or value is None or isinstance(value, (str, int, float, date)):
        return
    elif isinstance(value, dict):
        yield from _provenance_of_all(value.values(), depth)
    elif isinstance(value, (list, tuple)):
        yield from _provenance_of_all(value, depth)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        yield from _provenance_of_all((getattr(value, field.name) for field in dataclasses.fields(value)), depth)


def _provenance_of_all(values: Iterable, depth: int) -> Iterator[Provenance]:
    for value in values:
        yield from provenance_in(value, depth + 1)
