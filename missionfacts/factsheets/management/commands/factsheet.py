"""`missionfacts factsheet MISSION --as-of DATE --lang fr|en --format pdf,html,json --output PATH`."""

import json
from datetime import date
from pathlib import Path

from django.core.management.base import CommandError

from missionfacts.checks.engine import run_checks
from missionfacts.checks.report import as_text
from missionfacts.commands import MissionfactsCommand, UsageError, find_mission, parse_day, parse_period
from missionfacts.factsheets.formatting import LANGUAGES
from missionfacts.factsheets.json_output import sheet_as_json
from missionfacts.factsheets.render import render_html, render_pdf
from missionfacts.figures.sheet import SheetRequestError, compute_sheet

FORMATS = ("pdf", "html", "json")


class Command(MissionfactsCommand):
    help = "Write a mission's fact sheet as PDF, HTML or JSON, in French or English, for a date."

    def add_arguments(self, parser):
        parser.add_argument("mission", help="The mission's acronym, e.g. MINUSMA.")
        parser.add_argument("--as-of", default=None, help="The sheet's date, YYYY-MM-DD (default: today).")
        parser.add_argument("--lang", default="fr", help="fr or en (default fr).")
        parser.add_argument("--format", default="pdf", help="pdf, html or json, or several: pdf,html.")
        parser.add_argument("--period", default=None, help="START:END of the key figures (default: the "
                            "mission's start to the end of the mandate in force).")
        parser.add_argument("--output", default=None, help="The file to write; with several formats, the name "
                            "without its extension.")
        parser.add_argument("--draft", action="store_true", help="Mark the sheet as a draft; a draft is written "
                            "even when the checks find errors.")

    def handle(self, *args, mission, as_of, lang, format, period, output, draft, **options):
        if lang not in LANGUAGES:
            raise UsageError(f"unknown language {lang!r}; use one of: {', '.join(LANGUAGES)}.")
        formats = [item.strip().lower() for item in format.split(",") if item.strip()]
        unknown = [item for item in formats if item not in FORMATS]
        if unknown or not formats:
            raise UsageError(f"unknown format {', '.join(unknown) or format!r}; use pdf, html or json.")
        day = parse_day(as_of, "--as-of") if as_of else date.today()
        requested_period = parse_period(period) if period else None
        found = find_mission(mission)
        try:
            sheet = compute_sheet(found, day, requested_period)
        except SheetRequestError as error:
            raise UsageError(str(error)) from None
        # The checks run before anything is rendered: warnings are shown, errors stop all but a draft.
        report = run_checks(found, day, sheet.period, sheet=sheet)
        if report.findings:
            self.stderr.write(as_text(report, lang))
        if report.errors and not draft:
            count = len(report.errors)
            raise CommandError(
                f"{count} error{'s' if count > 1 else ''} in {found.acronym}'s records for {day.isoformat()}: no "
                "sheet was written. Fix them, or write a draft with --draft.", returncode=1,
            )
        outputs = self.output_paths(found.acronym, day, lang, formats, output)
        rendered = {}
        for kind in formats:
            if kind == "pdf":
                rendered[kind] = render_pdf(sheet, lang, draft=draft)
            elif kind == "html":
                rendered[kind] = render_html(sheet, lang, draft=draft).encode("utf-8")
            else:
                rendered[kind] = json.dumps(sheet_as_json(sheet, lang), ensure_ascii=False, indent=2).encode("utf-8")
        # Everything is rendered before anything is written, so a failure leaves no partial output.
        for kind, path in outputs.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(rendered[kind])
            self.stdout.write(f"Wrote {path}")

    @staticmethod
    def output_paths(acronym: str, day: date, lang: str, formats: list[str], output: str | None) -> dict:
        if output is None:
            stem = Path(f"{acronym.lower()}-{day.isoformat()}-{lang}")
        else:
            stem = Path(output)
            if len(formats) == 1 and stem.suffix:
                return {formats[0]: stem}
            if stem.suffix.lstrip(".") in FORMATS:
                stem = stem.with_suffix("")
        return {kind: stem.with_name(f"{stem.name}.{kind}") for kind in formats}
