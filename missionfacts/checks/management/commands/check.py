"""`missionfacts check MISSION --as-of DATE [--period START:END] [--format text|json] [--lang fr|en]`."""

from datetime import date

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from missionfacts.checks.engine import run_checks
from missionfacts.checks.report import as_json, as_text
from missionfacts.commands import (
    MissionfactsCommand,
    UsageError,
    cli_language,
    find_mission,
    parse_day,
    parse_period,
)
from missionfacts.factsheets.formatting import LANGUAGES
from missionfacts.figures.sheet import SheetRequestError

FORMATS = ("text", "json")
# Options of Django's system check, which this command's name shadows: with any of them, or with no mission,
# `check` is Django's (as in `manage.py check --deploy`).
SYSTEM_CHECK_OPTIONS = {"--deploy", "--tag", "-t", "--list-tags", "--fail-level", "--database"}


class Command(MissionfactsCommand):
    help = ("Check a mission's records for its fact sheet of a date. Exit status 0 when there is no error "
            "(warnings allowed), 1 when there is any.")

    def run_from_argv(self, argv):
        arguments = argv[2:]
        positional = [argument for argument in arguments if not argument.startswith("-")]
        if not positional or any(argument.split("=")[0] in SYSTEM_CHECK_OPTIONS for argument in arguments):
            from django.core.management.commands.check import Command as SystemCheck

            return SystemCheck(stdout=self.stdout._out, stderr=self.stderr._out).run_from_argv(argv)
        return super().run_from_argv(argv)

    def add_arguments(self, parser):
        parser.add_argument("mission", help="The mission's acronym, e.g. MINUSMA.")
        parser.add_argument("--as-of", default=None, help="The sheet's date, YYYY-MM-DD (default: today).")
        parser.add_argument("--period", default=None, help="START:END of the sheet's key figures (default: the "
                            "mission's start to the end of the mandate in force).")
        parser.add_argument("--format", default="text", help="text or json (default text).")
        parser.add_argument("--lang", default=None, help="The language of the messages: fr or en (default: the "
                            "locale's language, else en).")

    def handle(self, *args, mission, as_of, period, format, lang, **options):
        lang = lang or cli_language()
        if lang not in LANGUAGES:
            raise UsageError(_("unknown language {language!r}; use one of: {languages}.").format(
                language=lang, languages=", ".join(LANGUAGES)))
        if format not in FORMATS:
            raise UsageError(_("unknown format {format!r}; use text or json.").format(format=format))
        day = parse_day(as_of, "--as-of") if as_of else date.today()
        requested_period = parse_period(period) if period else None
        found = find_mission(mission)
        try:
            report = run_checks(found, day, requested_period)
        except SheetRequestError as error:
            raise UsageError(str(error)) from None
        self.stdout.write(as_json(report, lang) if format == "json" else as_text(report, lang))
        if report.errors:
            count = len(report.errors)
            raise CommandError(ngettext("{count} error found in {mission}'s records for {date}.",
                                        "{count} errors found in {mission}'s records for {date}.", count).format(
                count=count, mission=found.acronym, date=day.isoformat()), returncode=1)
