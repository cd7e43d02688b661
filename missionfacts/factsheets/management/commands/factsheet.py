"""`missionfacts factsheet MISSION --as-of DATE --lang fr|en --format pdf,html,json --output PATH`."""

import json
import shlex
from datetime import date
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from missionfacts.checks.engine import run_checks
from missionfacts.checks.report import as_text, one_line_summary
from missionfacts.commands import (
    MissionfactsCommand,
    UsageError,
    cli_language,
    find_mission,
    parse_day,
    parse_period,
    writable_output,
)
from missionfacts.factsheets.filenames import sheet_file_stem
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
        parser.add_argument("--lang", default=None, help="fr or en (default: the locale's language, else en).")
        parser.add_argument("--format", default="pdf", help="pdf, html or json, or several: pdf,html.")
        parser.add_argument("--period", default=None, help="START:END of the key figures (default: the "
                            "mission's start to the end of the mandate in force).")
        parser.add_argument("--output", default=None, help="The file to write; with several formats, the name "
                            "without its extension.")
        parser.add_argument("--draft", action="store_true", help="Mark the sheet as a draft; a draft is written "
                            "even when the checks find errors.")

    def handle(self, *args, mission, as_of, lang, format, period, output, draft, **options):
        asked_language = lang
        lang = lang or cli_language()
        if lang not in LANGUAGES:
            raise UsageError(_("unknown language {language!r}; use one of: {languages}.").format(
                language=lang, languages=", ".join(LANGUAGES)))
        formats = [item.strip().lower() for item in format.split(",") if item.strip()]
        unknown = [item for item in formats if item not in FORMATS]
        if unknown or not formats:
            raise UsageError(_("unknown format {format!r}; use pdf, html or json.").format(
                format=", ".join(unknown) or format))
        day = parse_day(as_of, "--as-of") if as_of else date.today()
        requested_period = parse_period(period) if period else None
        found = find_mission(mission)
        outputs = self.output_paths(found.acronym, day, lang, formats, output)
        # A path that cannot be written is refused before the sheet is computed, not after.
        for path in outputs.values():
            writable_output(path, f"--output {output}" if output else None)
        try:
            sheet = compute_sheet(found, day, requested_period)
        except SheetRequestError as error:
            raise UsageError(str(error)) from None
        # The checks run before anything is rendered. Errors are printed whole (they stop all but a draft);
        # warnings are counted in one line naming the command that lists them.
        report = run_checks(found, day, sheet.period, sheet=sheet)
        if report.errors:
            self.stderr.write(as_text(report, lang))
        elif report.findings:
            self.stderr.write(one_line_summary(report, lang, check_command(found.acronym, as_of, period,
                                                                           asked_language)))
        if report.errors and not draft:
            count = len(report.errors)
            raise CommandError(ngettext(
                "{count} error in {mission}'s records for {date}: no sheet was written. Fix it, or write a draft "
                "with --draft.",
                "{count} errors in {mission}'s records for {date}: no sheet was written. Fix them, or write a "
                "draft with --draft.", count).format(count=count, mission=found.acronym, date=day.isoformat()),
                returncode=1)
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
            try:
                path.write_bytes(rendered[kind])
            except OSError as error:
                raise UsageError(_("{path} cannot be written: {reason}.").format(
                    path=path, reason=error.strerror or error)) from None
            self.stdout.write(_("Wrote {path}").format(path=path))

    @staticmethod
    def output_paths(acronym: str, day: date, lang: str, formats: list[str], output: str | None) -> dict:
        if output is None:
            stem = Path(sheet_file_stem(acronym, day, lang))
        else:
            stem = Path(output)
            if len(formats) == 1 and stem.suffix:
                return {formats[0]: stem}
            if stem.suffix.lstrip(".") in FORMATS:
                stem = stem.with_suffix("")
        return {kind: stem.with_name(f"{stem.name}.{kind}") for kind in formats}


def check_command(acronym: str, as_of: str | None, period: str | None, language: str | None) -> str:
    """The `missionfacts check` command that lists the findings of this sheet, with the same options."""
    words = ["missionfacts", "check", acronym]
    if as_of:
        words += ["--as-of", as_of]
    if period:
        words += ["--period", period]
    if language:
        words += ["--lang", language]
    return shlex.join(words)
