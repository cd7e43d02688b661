"""Fetching Data Hub datasets: download every one, check every file, then import each through the registry.

The order matters for "leave the data as it was": nothing is imported until every dataset asked for has
arrived complete and has the columns its importer needs, so a broken connection or a changed file stops
the fetch before any data changes. Each import is then atomic by itself (see `imports.staging`).

A file narrowed with `--mission` or `--since` is imported under its own name (for instance
`DPO-UCHISTORICAL.UNMISS.since-2020-01-01.csv`), because an import replaces what an earlier import of a
file of the same name brought: the narrowed file must not remove the rows of the other missions or years.
"""

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from missionfacts.imports.models import ImportBatch
from missionfacts.imports.problems import ImportResult
from missionfacts.imports.tabular import normalise_header, parse_date
from missionfacts.opendata.client import DataHubClient, WrongContent
from missionfacts.opendata.datasets import Dataset
from missionfacts.opendata.downloads import Download, Progress, download_csv, download_json

PER_PAGE = 5000
# The importers that take a progress callback; others are called without one.
KINDS_WITH_PROGRESS = {"un-contributions", "un-fatalities"}


@dataclass(frozen=True)
class FetchRequest:
    """What the user asked for: which datasets, in which form, narrowed how, imported or not."""

    datasets: tuple[Dataset, ...]
    form: str = "csv"
    missions: tuple[str, ...] = ()
    since: date | None = None
    dry_run: bool = False
    download_only: bool = False
    per_page: int = PER_PAGE


@dataclass
class Outcome:
    """What became of one dataset: its download, the file imported, and the import's result or why none."""

    dataset: Dataset
    download: Download
    file: Path
    rows: int | None = None
    result: ImportResult | None = None
    notes: list[str] = field(default_factory=list)
    # The day the file was narrowed to (--since), when its rows have a date to narrow by.
    since: date | None = None


def fetch_datasets(client: DataHubClient, request: FetchRequest, folder: Path, *,
                   download_progress: Callable[[Dataset, str], Progress],
                   import_progress: Callable[[Dataset, Path], Progress]) -> list[Outcome]:
    """Download, check and import the requested datasets (see the module docstring); FetchError on failure."""
    downloads = []
    for dataset in request.datasets:
        progress = download_progress(dataset, request.form)
        if request.form == "json":
            downloads.append(download_json(client, dataset.identifier, folder, per_page=request.per_page,
                                           progress=progress))
        else:
            downloads.append(download_csv(client, dataset.identifier, folder, progress=progress))
    outcomes = [_prepare(dataset, download, request) for dataset, download in zip(request.datasets, downloads,
                                                                                   strict=True)]
    if request.download_only:
        return outcomes
    for outcome in outcomes:
        importer = outcome.dataset.importer()
        if importer is None:
            outcome.notes.append(f"The {outcome.dataset.noun} was downloaded to {outcome.file} but this version "
                                 f"cannot import it (it has no '{outcome.dataset.kind}' import).")
            continue
        if outcome.rows == 0:
            continue
        options = {"user": None, "dry_run": request.dry_run}
        if outcome.dataset.kind in KINDS_WITH_PROGRESS:
            options["progress"] = import_progress(outcome.dataset, outcome.file)
        outcome.result = importer(outcome.file, **options)
        _record_dates(outcome)
    return outcomes


def _record_dates(outcome: Outcome) -> None:
    """What the fetch knows of the imported file's dates that the file does not say itself.

    A file that gives no date of its data takes the day the Data Hub says it last changed (Last-Modified). A
    file narrowed with --since holds its records completely from that day only.
    """
    if outcome.result is None or not outcome.result.batch_id:
        return
    batch = ImportBatch.objects.filter(pk=outcome.result.batch_id)
    if outcome.download.last_modified is not None:
        batch.filter(data_as_of=None).update(data_as_of=outcome.download.last_modified)
    if outcome.since is not None:
        batch.exclude(covers_to=None).update(covers_from=outcome.since)


def _prepare(dataset: Dataset, download: Download, request: FetchRequest) -> Outcome:
    """Check the downloaded file's columns and narrow it to the missions and dates asked for."""
    header = _header_of(download.path)
    check_columns(dataset, download.path, header)
    outcome = Outcome(dataset, download, download.path)
    since = request.since
    if since is not None and not dataset.date_column:
        outcome.notes.append(f"--since was not used for {dataset.identifier}: its rows have no date to compare.")
        since = None
    if request.missions or since is not None:
        outcome.file, outcome.rows = narrowed_copy(dataset, download.path, header, request.missions, since)
        outcome.since = since
        if outcome.rows == 0:
            outcome.notes.append(f"No row of {dataset.identifier} matches {_narrowing(request.missions, since)}: "
                                 f"nothing to import.")
    return outcome


def _header_of(path: Path) -> list[str]:
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as stream:
        return next(csv.reader(stream), [])


def check_columns(dataset: Dataset, path: Path, header: list[str]) -> None:
    """Raise WrongContent naming the dataset, the file and the columns when the importer cannot read it."""
    present = {normalise_header(name) for name in header}
    missing = [column.name for column in dataset.required_columns() if not column.spellings() & present]
    if not missing:
        return
    documented = {normalise_header(name) for name in dataset.documented_columns}
    for column in dataset.required_columns():
        documented |= column.spellings()
    unexpected = [name for name in header if normalise_header(name) not in documented]
    message = (f"{dataset.identifier}: {path.name} lacks the column(s) {', '.join(missing)} that the "
               f"'{dataset.kind}' import needs")
    if unexpected:
        shown = ", ".join(unexpected[:12]) + (f" and {len(unexpected) - 12} more" if len(unexpected) > 12 else "")
        message += f"; it has unexpected column(s) {shown}"
    raise WrongContent(f"{message}. The file was kept at {path}; nothing was imported.")


def narrowed_copy(dataset: Dataset, path: Path, header: list[str], missions: tuple[str, ...],
                  since: date | None) -> tuple[Path, int | None]:
    """A copy of the file with only the rows of these missions and from this date on; its path and rows.

    The file itself (and None) when it has neither a mission_acronym column nor the date asked for.

    A row whose date cannot be read is kept, so that the importer names it as a problem instead of it
    silently disappearing.
    """
    positions = {normalise_header(name): position for position, name in enumerate(header)}
    mission_at = positions.get("mission_acronym")
    date_at = positions.get(dataset.date_column) if since is not None else None
    wanted = {mission.strip().casefold() for mission in missions}
    if (mission_at is None or not wanted) and date_at is None:
        return path, None
    suffix = "+".join(mission.upper() for mission in missions) if mission_at is not None and missions else ""
    parts = [dataset.identifier, suffix, f"since-{since.isoformat()}" if date_at is not None else ""]
    target = path.with_name(".".join(part for part in parts if part) + ".csv")
    kept = 0
    # surrogateescape: the bytes of the file pass through unchanged, whatever its encoding.
    with open(path, encoding="utf-8-sig", errors="surrogateescape", newline="") as source, \
            open(target, "w", encoding="utf-8", errors="surrogateescape", newline="") as out:
        reader, writer = csv.reader(source), csv.writer(out, lineterminator="\n")
        writer.writerow(next(reader, header))
        for row in reader:
            if mission_at is not None and wanted and (mission_at >= len(row)
                                                      or row[mission_at].strip().casefold() not in wanted):
                continue
            if date_at is not None and date_at < len(row) and _before(row[date_at], since):
                continue
            writer.writerow(row)
            kept += 1
    return target, kept


def _before(value: str, since: date) -> bool:
    try:
        return parse_date(value) < since
    except ValueError:
        return False


def _narrowing(missions: tuple[str, ...], since: date | None) -> str:
    parts = [f"--mission {' '.join(missions)}"] if missions else []
    if since is not None:
        parts.append(f"--since {since.isoformat()}")
    return " and ".join(parts)
