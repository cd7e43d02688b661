"""`missionfacts import KIND FILE [--mission ACRONYM] [--dry-run] [--report PATH]`."""

from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from missionfacts.commands import MissionfactsCommand, UsageError, find_mission
from missionfacts.imports.registry import IMPORTERS, importer_for

# Below this many rows a progress bar would only flicker.
PROGRESS_FROM_ROWS = 5000


class Command(MissionfactsCommand):
    help = "Import a file into missionfacts: all of it or, if any row is wrong, nothing (with a report)."

    def add_arguments(self, parser):
        parser.add_argument("kind", help=f"One of: {', '.join(IMPORTERS)}.")
        parser.add_argument("file", help="The file to import.")
        parser.add_argument("--mission", default=None, help="The mission the file is about, when it does not say.")
        parser.add_argument("--dry-run", action="store_true", help="Check the file and report; write nothing.")
        parser.add_argument("--report", default=None, help="Write the problems to this file (.csv or .json).")

    def handle(self, *args, kind, file, mission, dry_run, report, **options):
        importer = importer_for(kind)
        if importer is None:
            raise UsageError(f"unknown import kind {kind!r}; use one of: {', '.join(IMPORTERS)}.")
        path = Path(file)
        if not path.is_file():
            raise UsageError(f"{file}: no such file.")
        if report and Path(report).suffix.lower() not in {".csv", ".json"}:
            raise UsageError(f"--report {report!r} must end in .csv or .json.")
        found = find_mission(mission) if mission else None
        console = Console(file=self.stderr._out, stderr=True)
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                      console=console, transient=True, disable=not console.is_terminal) as bar:
            task = bar.add_task(f"Importing {path.name}", total=None, visible=False)

            def progress(done: int, total: int | None) -> None:
                if total is None or total >= PROGRESS_FROM_ROWS:
                    bar.update(task, completed=done, total=total, visible=True)

            result = importer(path, mission=found, user=None, dry_run=dry_run, progress=progress)
        if report:
            Path(report).write_text(result.as_json() if report.endswith(".json") else result.problems_as_csv(),
                                    encoding="utf-8")
        self.print_summary(result)
        if not result.ok:
            raise UsageError(f"{path.name} was not imported: {len(result.problems)} problem(s); nothing was written.")

    def print_summary(self, result) -> None:
        for problem in result.problems[:50]:
            self.stderr.write(f"  {problem}")
        if len(result.problems) > 50:
            self.stderr.write(f"  … and {len(result.problems) - 50} more (use --report to get them all)")
        for note in result.notes:
            self.stdout.write(note)
        verb = "Checked" if result.dry_run else "Imported"
        if result.ok:
            self.stdout.write(
                f"{verb} {result.file}: {result.rows_read} rows read, {result.rows_added} added, "
                f"{result.rows_changed} changed, {result.rows_unchanged} unchanged, {result.rows_removed} removed"
                + (f" (import #{result.batch_id})." if result.batch_id else ".")
            )
