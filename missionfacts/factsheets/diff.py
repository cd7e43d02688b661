"""What changed between two versions of a sheet's figures, and the imports responsible.

A version is a published edition or the figures computed now. Both are compared as the sheet's figures JSON
(json_output), walked into path-like names: `strength.military` is a figure's value, `strength.military.as_of`
its date, `trainings[unpol-trainings].trained` a figure inside a list keyed by its programme,
`top_contributors.military[TCD].total` a part of a figure's value.
"""

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from missionfacts.factsheets.editions import figures_json, import_snapshot
from missionfacts.factsheets.models import Edition
from missionfacts.figures.sheet import compute_sheet
from missionfacts.figures.values import Period
from missionfacts.imports.models import ImportBatch
from missionfacts.missions.models import Mission

# Keys of the JSON that describe the document, not the facts.
# "blocks" says which source each block of the sheet used: the figures' own changes say what moved.
NOT_FIGURES = {"format", "language", "blocks"}
FIGURE_KEYS = {"available", "value", "unit", "provenance"}
FIGURE_DETAILS = ("as_of", "period", "unit", "note")
# How the items of a list are told apart from one version to the next, by the first key they have.
ITEM_KEYS = ("programme_key", "key", "country", "name", "position")
MISSING = None


@dataclass(frozen=True)
class ImportRef:
    """An import as a version describes it (editions keep their own description)."""

    id: int
    kind: str
    file_name: str
    imported_at: str

    @classmethod
    def from_snapshot(cls, data: dict) -> "ImportRef":
        return cls(data["id"], data["kind"], data["file_name"], data["imported_at"])


@dataclass(frozen=True)
class Version:
    """One side of a comparison: an edition's figures, or the figures computed from the records now."""

    mission: str
    edition: int | None
    as_of: date
    period: Period
    figures: dict
    imports: dict[int, ImportRef]
    published_at: datetime | None = None


@dataclass(frozen=True)
class Change:
    path: str
    old: Any
    new: Any
    figure: str | None
    imports: tuple[int | None, ...] = ()

    def as_dict(self, imports: dict[int, ImportRef]) -> dict:
        return {
            "path": self.path, "old": self.old, "new": self.new, "figure": self.figure,
            "imports": [None if pk is None else _import_dict(imports.get(pk), pk) for pk in self.imports],
        }


def _import_dict(reference: ImportRef | None, pk: int) -> dict:
    if reference is None:
        return {"id": pk}
    return {"id": reference.id, "kind": reference.kind, "file_name": reference.file_name,
            "imported_at": reference.imported_at}


def edition_version(edition: Edition, language: str = "fr") -> Version:
    imports = {item["id"]: ImportRef.from_snapshot(item) for item in edition.provenance_data()["imports"]}
    return Version(edition.mission.acronym, edition.number, edition.as_of,
                   Period(edition.period_start, edition.period_end), edition.figures(language), imports,
                   edition.published_at)


def current_version(mission: Mission, as_of: date, period: Period | None, language: str = "fr") -> Version:
    """The figures as the records give them now. Raises SheetRequestError for a date without a sheet."""
    sheet = compute_sheet(mission, as_of, period)
    figures = json.loads(figures_json(sheet, language))
    batch_ids = {item["import_batch"] for item in _provenance_items(figures) if item.get("import_batch")}
    imports = {batch.pk: ImportRef.from_snapshot(import_snapshot(batch))
               for batch in ImportBatch.objects.filter(pk__in=batch_ids)}
    return Version(mission.acronym, None, as_of, sheet.period, figures, imports)


def _provenance_items(node):
    if isinstance(node, dict):
        if _is_figure(node):
            yield from node.get("provenance") or []
        else:
            for value in node.values():
                yield from _provenance_items(value)
    elif isinstance(node, list):
        for value in node:
            yield from _provenance_items(value)


def _is_figure(node) -> bool:
    return isinstance(node, dict) and FIGURE_KEYS <= node.keys()


def _item_key(item, index: int) -> str:
    if isinstance(item, dict):
        for name in ITEM_KEYS:
            if item.get(name) not in (None, ""):
                return str(item[name])
    return str(index)


def _union(old: dict, new: dict) -> list:
    return list(old) + [key for key in new if key not in old]


class _Walk:
    def __init__(self, old_date: str, new_date: str):
        self.changes: list[Change] = []
        self.sheet_dates = (old_date, new_date)

    def node(self, old, new, path: str, figure: tuple | None) -> None:
        if old == new:
            return
        if figure is None and (_is_figure(old) or _is_figure(new)):
            self.figure(old if _is_figure(old) else {}, new if _is_figure(new) else {}, path)
        elif isinstance(old, dict) and isinstance(new, dict):
            for key in _union(old, new):
                if path or key not in NOT_FIGURES:
                    self.node(old.get(key, MISSING), new.get(key, MISSING), f"{path}.{key}" if path else key, figure)
        elif isinstance(old, list) and isinstance(new, list):
            old_items = {_item_key(item, index): item for index, item in enumerate(old)}
            new_items = {_item_key(item, index): item for index, item in enumerate(new)}
            for key in _union(old_items, new_items):
                self.node(old_items.get(key, MISSING), new_items.get(key, MISSING), f"{path}[{key}]", figure)
        else:
            self.changes.append(Change(path, old, new, figure[0] if figure else None,
                                       _responsible(figure[1], figure[2]) if figure else ()))

    def figure(self, old: dict, new: dict, path: str) -> None:
        figure = (path, old, new)
        self.node(old.get("value"), new.get("value"), path, figure)
        for detail in FIGURE_DETAILS:
            # A stock dated on each sheet's own date moved only because the sheets' dates differ: said once.
            if detail == "as_of" and (old.get(detail), new.get(detail)) == self.sheet_dates:
                continue
            self.node(old.get(detail), new.get(detail), f"{path}.{detail}", figure)


def _responsible(old: dict, new: dict) -> tuple[int | None, ...]:
    """The imports that brought the new value: those it comes from that the old one did not, or all of them."""
    before = {item.get("import_batch") for item in old.get("provenance") or []}
    after = {item.get("import_batch") for item in new.get("provenance") or []}
    chosen = (after - before) or after
    return tuple(sorted(chosen, key=lambda pk: (pk is None, pk or 0)))


def compare(old: Version, new: Version) -> list[Change]:
    """Every figure (and every part of one) whose value, date, period or unit differs between the versions."""
    walk = _Walk(old.as_of.isoformat(), new.as_of.isoformat())
    walk.node(old.figures, new.figures, "", None)
    return walk.changes
