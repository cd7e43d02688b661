"""`missionfacts fetch [DATASET ...] [--format csv|json] [--mission ACRONYM ...] [--since DATE] [--dry-run]
[--download-only] [--base-url URL]`: the UN Data Hub's open datasets, downloaded and imported."""

from importlib import import_module

from django.conf import settings
from django.core.management.base import CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

from missionfacts.commands import MissionfactsCommand, UsageError, parse_day
from missionfacts.factsheets import formatting
from missionfacts.opendata import client as data_hub
from missionfacts.opendata.client import FetchError
from missionfacts.opendata.datasets import DATASETS, dataset_named
from missionfacts.opendata.fetching import PER_PAGE, FetchRequest, fetch_datasets

# Below this many rows an import's progress bar would only flicker.
PROGRESS_FROM_ROWS = 5000


class Command(MissionfactsCommand):
    help = ("Download the UN Peace and Security Data Hub's open datasets (resuming an interrupted download) and "
            "import them: each dataset all or nothing.")

    def add_arguments(self, parser):
        parser.add_argument("datasets", nargs="*", metavar="DATASET",
                            help=f"Data Hub datasets to fetch (default: all of {', '.join(DATASETS)}).")
        parser.add_argument("--format", choices=("csv", "json"), default="csv", dest="form",
                            help="Download the CSV file (default) or the paged JSON records.")
        parser.add_argument("--mission", nargs="+", default=[], metavar="ACRONYM",
                            help="Import only the rows of these missions.")
        parser.add_argument("--since", default=None, metavar="DATE",
                            help="Import only the rows reported or dated on or after this day (YYYY-MM-DD).")
        parser.add_argument("--dry-run", action="store_true", help="Download and check; write nothing.")
        parser.add_argument("--download-only", action="store_true", help="Download and check; do not import.")
        parser.add_argument("--base-url", default=data_hub.BASE_URL, help="The Data Hub's API (default: %(default)s).")
        parser.add_argument("--per-page", type=int, default=PER_PAGE,
                            help="Records per page with --format json (default: %(default)s).")

    def handle(self, *args, datasets, form, mission, since, dry_run, download_only, base_url, per_page, **options):
        chosen = []
        for name in datasets or DATASETS:
            dataset = dataset_named(name)
            if dataset is None:
                raise UsageError(_("unknown dataset {name!r}; use one of: {datasets}.").format(
                    name=name, datasets=", ".join(DATASETS)))
            if dataset not in chosen:
                chosen.append(dataset)
        if per_page < 1:
            raise UsageError(_("--per-page {count} must be 1 or more.").format(count=per_page))
        request = FetchRequest(datasets=tuple(chosen), form=form, missions=tuple(mission),
                               since=parse_day(since, "--since") if since else None, dry_run=dry_run,
                               download_only=download_only, per_page=per_page)
        folder = settings.HOME / "downloads"
        console = Console(file=self.stderr._out, stderr=True)
        try:
            with data_hub.open_client(base_url) as client, _bars(console) as bars:
                outcomes = fetch_datasets(client, request, folder, download_progress=bars.download,
                                          import_progress=bars.importing)
        except FetchError as error:
            raise CommandError(str(error), returncode=1) from None
        self.report(outcomes, request)

    def report(self, outcomes, request) -> None:
        rejected = []
        language = translation.get_language()

        def number(value: int) -> str:
            return formatting.number(value, language)

        for outcome in outcomes:
            download = outcome.download
            how = (ngettext("{pages} JSON page, {records} records", "{pages} JSON pages, {records} records",
                            download.pages).format(pages=number(download.pages), records=number(download.records))
                   if download.form == "json"
                   else _("{size} bytes of CSV").format(size=number(download.size)))
            resumed = ""
            if download.resumed_from:
                resumed = (_(", resumed after {count} pages") if download.form == "json"
                           else _(", resumed after {count} bytes")).format(count=number(download.resumed_from))
            self.stdout.write(_("{dataset}: downloaded {how}{resumed} to {path}.").format(
                dataset=outcome.dataset.identifier, how=how, resumed=resumed, path=download.path))
            if outcome.file != download.path and outcome.rows:
                self.stdout.write(_("{dataset}: {rows} rows kept in {file}.").format(
                    dataset=outcome.dataset.identifier, rows=number(outcome.rows), file=outcome.file))
            for note in outcome.notes:
                self.stdout.write(note)
            if outcome.result is None:
                continue
            # The import command's own summary, so that both commands report an import in the same words.
            import_module("missionfacts.imports.management.commands.import").Command.print_summary(self, outcome.result)
            if not outcome.result.ok:
                rejected.append(outcome)
            elif not outcome.result.changed_anything and not outcome.result.dry_run:
                self.stdout.write(_("{dataset}: nothing changed.").format(dataset=outcome.dataset.identifier))
        if request.download_only:
            self.stdout.write(_("Downloaded only (--download-only): nothing was imported."))
        if rejected:
            names = ", ".join(ngettext("{file} ({count} problem)", "{file} ({count} problems)",
                                       len(outcome.result.problems)).format(
                file=outcome.file.name, count=number(len(outcome.result.problems))) for outcome in rejected)
            raise CommandError(_("not imported: {names}; nothing of these was written.").format(names=names),
                               returncode=1)


class _bars:
    """Rich progress bars on stderr: bytes for a CSV download, pages for JSON, rows for an import.

    One bar at a time, each with the columns its unit needs; nothing is drawn when stderr is not a terminal.
    """

    def __init__(self, console: Console):
        self.console = console
        self.current: Progress | None = None

    def __enter__(self) -> "_bars":
        return self

    def __exit__(self, *exc) -> None:
        if self.current is not None:
            self.current.stop()

    def _bar(self, description: str, *, in_bytes: bool) -> tuple[Progress, int]:
        if self.current is not None:
            self.current.stop()
        columns = ((DownloadColumn(), TransferSpeedColumn()) if in_bytes else (MofNCompleteColumn(),))
        self.current = Progress(TextColumn("{task.description}"), BarColumn(), *columns, TimeRemainingColumn(),
                                console=self.console, transient=True, disable=not self.console.is_terminal)
        self.current.start()
        return self.current, self.current.add_task(description, total=None)

    def download(self, dataset, form):
        bar, task = self._bar((_("Downloading {dataset} (pages)") if form == "json" else _("Downloading {dataset}"))
                              .format(dataset=dataset.identifier),
                              in_bytes=form == "csv")
        return lambda done, total: bar.update(task, completed=done, total=total)

    def importing(self, dataset, path):
        bar, task = self._bar(_("Importing {file}").format(file=path.name), in_bytes=False)
        bar.update(task, visible=False)

        def progress(done: int, total: int | None) -> None:
            if total is None or total >= PROGRESS_FROM_ROWS:
                bar.update(task, completed=done, total=total, visible=True)

        return progress
