"""`missionfacts import KIND FILE [--mission ACRONYM] [--dry-run] [--report PATH]`."""

from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from missionfacts.commands import MissionfactsCommand, UsageError, find_mission, writable_output
from missionfacts.factsheets import formatting
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
            raise UsageError(_("unknown import kind {kind!r}; use one of: {kinds}.").format(
                kind=kind, kinds=", ".join(IMPORTERS)))
        path = Path(file)
        if not path.is_file():
            raise UsageError(_("{file}: no such file.").format(file=file))
        if report and Path(report).suffix.lower() not in {".csv", ".json"}:
            raise UsageError(_("--report {report!r} must end in .csv or .json.").format(report=report))
        if report:
            writable_output(Path(report), f"--report {report}")
        found = find_mission(mission) if mission else None
        console = Console(file=self.stderr._out, stderr=True)
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                      console=console, transient=True, disable=not console.is_terminal) as bar:
            task = bar.add_task(_("Importing {file}").format(file=path.name), total=None, visible=False)

            def progress(done: int, total: int | None) -> None:
                if total is None or total >= PROGRESS_FROM_ROWS:
                    bar.update(task, completed=done, total=total, visible=True)

            result = importer(path, mission=found, user=None, dry_run=dry_run, progress=progress)
        if report:
            Path(report).write_text(result.as_json() if report.endswith(".json") else result.problems_as_csv(),
                                    encoding="utf-8")
        self.print_summary(result)
        if not result.ok:
            count = len(result.problems)
            raise UsageError(ngettext("{file} was not imported: {count} problem; nothing was written.",
                                      "{file} was not imported: {count} problems; nothing was written.",
                                      count).format(file=path.name, count=count))

    def print_summary(self, result) -> None:
        for problem in result.problems[:50]:
            self.stderr.write(f"  {problem}")
        if len(result.problems) > 50:
            self.stderr.write(_("  … and {count} more (use --report to get them all)").format(
                count=len(result.problems) - 50))
        for note in result.notes:
            self.stdout.write(note)
        if result.ok:
            language = translation.get_language()
            counts = {name: formatting.number(value, language) for name, value in (
                ("read", result.rows_read), ("added", result.rows_added), ("changed", result.rows_changed),
                ("unchanged", result.rows_unchanged), ("removed", result.rows_removed))}
            counts.update(file=result.file, number=result.batch_id)
            if result.dry_run:
                line = _("Checked {file}: {read} rows read, {added} added, {changed} changed, {unchanged} "
                         "unchanged, {removed} removed.")
            elif result.batch_id:
                line = _("Imported {file}: {read} rows read, {added} added, {changed} changed, {unchanged} "
                         "unchanged, {removed} removed (import #{number}).")
            else:
                line = _("Imported {file}: {read} rows read, {added} added, {changed} changed, {unchanged} "
                         "unchanged, {removed} removed.")
            self.stdout.write(line.format(**counts))
