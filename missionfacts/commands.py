"""The base of missionfacts' management commands: errors are one clear line and exit status 2."""

import difflib
import os
import re
import shutil
import sys
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from missionfacts.figures.dates import computable_dates
from missionfacts.figures.values import Period
from missionfacts.missions.models import Mission

ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class UsageError(CommandError):
    """Bad arguments or an unknown name: the user can fix the command line."""

    def __init__(self, message: str):
        super().__init__(message, returncode=2)


CLI_LANGUAGES = ("fr", "en")
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")


def locale_language(environ: Mapping[str, str] | None = None) -> str:
    """The language of the user's locale, as the C library picks it: LC_ALL, then LC_MESSAGES, then LANG.

    "fr_FR.UTF-8" gives fr; a locale in any other language than French or English (or none, or "C") gives en.
    """
    environ = os.environ if environ is None else environ
    for variable in LOCALE_VARIABLES:
        value = environ.get(variable, "")
        if value:
            language = value.split(".")[0].split("@")[0].split("_")[0].lower()
            return language if language in CLI_LANGUAGES else "en"
    return "en"


def cli_language(requested: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The one language a command speaks: its --lang when given and known, else the locale's, else English."""
    if requested in CLI_LANGUAGES:
        return requested
    return locale_language(environ)


def lang_in_argv(argv: Sequence[str]) -> str | None:
    """The value of --lang on a command line, before argparse has read it (for its own error messages)."""
    for index, argument in enumerate(argv):
        if argument == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if argument.startswith("--lang="):
            return argument.partition("=")[2]
    return None


def language_option(requested: str | None) -> str:
    """The language a command's --lang asks for (default: the CLI's, from the locale), or a one-line refusal."""
    language = requested or cli_language()
    if language not in CLI_LANGUAGES:
        raise UsageError(_("unknown language {language!r}; use one of: {languages}.").format(
            language=language, languages=", ".join(CLI_LANGUAGES)))
    return language


LANG_HELP = "fr or en (default: the language of the locale, LC_ALL/LC_MESSAGES/LANG, else en)."


def output_width(stream) -> int | None:
    """How many columns a table written to the stream may use: COLUMNS when set, else the terminal's width.

    Written to a pipe or a file without COLUMNS, None: the table keeps its whole, unwrapped layout, the same
    whatever the terminal that started the command (one line a row, for grep and diff).
    """
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    isatty = getattr(stream, "isatty", None)
    if isatty is not None and isatty():
        return shutil.get_terminal_size().columns
    return None


class MissionfactsCommand(BaseCommand):
    def run_from_argv(self, argv):
        # As BaseCommand.run_from_argv, except that an error is printed as one sentence: Django's own handler
        # prefixes the exception's class name, which means nothing to a user.
        self._called_from_command_line = True
        command = argv[1] if len(argv) > 1 else "missionfacts"
        with translation.override(cli_language(lang_in_argv(argv[2:]))):
            try:
                parser = self.create_parser(argv[0], argv[1])
                options = parser.parse_args(argv[2:])
                arguments = vars(options)
                positional = arguments.pop("args", ())
                self.execute(*positional, **arguments)
            except CommandError as error:
                sys.stderr.write(_("missionfacts {command}: error: {error}").format(command=command, error=error)
                                 + "\n")
                sys.exit(error.returncode)

    def execute(self, *args, **options):
        # Every message of a command is in one language: --lang where the command has it, else the locale's.
        # (settings.LANGUAGE_CODE, the web's default, is French, which a terminal's user may not read.)
        with translation.override(cli_language(options.get("lang"))):
            return super().execute(*args, **options)

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        # argparse's own errors print the usage first; one line naming the problem is enough.
        parser.error = lambda message: (_ for _ in ()).throw(UsageError(message))
        return parser


def parse_day(text: str, option: str) -> date:
    """The date an option gives, of the form YYYY-MM-DD, within the dates figures are computed for.

    Python reads other ISO forms too (20200229, 2020-W09-6); a command line takes only the one its help names.
    """
    try:
        if not ISO_DAY.fullmatch(text):
            raise ValueError(text)
        day = date.fromisoformat(text)
    except ValueError:
        raise UsageError(_("{option} {text!r} is not a date of the form YYYY-MM-DD.").format(
            option=option, text=text)) from None
    bounds = computable_dates()
    if not bounds.contains(day):
        raise UsageError(_("{option} {text} is outside the dates missionfacts computes figures for: {start} to "
                           "{end}.").format(option=option, text=text, start=bounds.start.isoformat(),
                                            end=bounds.end.isoformat()))
    return day


def parse_period(text: str) -> Period:
    start, separator, end = text.partition(":")
    if not separator:
        raise UsageError(_("--period {text!r} must be START:END, e.g. 2013-07-01:2021-06-30.").format(text=text))
    first, last = parse_day(start, _("--period start")), parse_day(end, _("--period end"))
    if last < first:
        raise UsageError(_("--period {text!r} ends before it starts.").format(text=text))
    return Period(first, last)


def find_mission(acronym: str) -> Mission:
    mission = Mission.objects.filter(acronym__iexact=acronym).first()
    if mission is None:
        known = list(Mission.objects.values_list("acronym", flat=True))
        if not known:
            raise UsageError(_("unknown mission {acronym!r}: the database has no mission yet.").format(
                acronym=acronym))
        suggestions = closest_acronyms(acronym, known)
        if suggestions:
            raise UsageError(_("unknown mission {acronym!r}. Did you mean: {suggestions}?").format(
                acronym=acronym, suggestions=", ".join(suggestions)))
        raise UsageError(_("unknown mission {acronym!r}; `missionfacts missions` lists the {count} known.").format(
            acronym=acronym, count=len(known)))
    return mission


def closest_acronyms(acronym: str, known: list[str], limit: int = 5) -> list[str]:
    """The known acronyms a mistyped one most likely meant: those it begins, then the most alike (difflib).

    With some seventy operations known, listing them all would hide the one meant; a handful is enough.
    """
    wanted = acronym.upper()
    by_upper = {name.upper(): name for name in known}
    starting = sorted((name for upper, name in by_upper.items() if upper.startswith(wanted) and upper != wanted),
                      key=lambda name: (len(name), name))
    alike = [by_upper[upper] for upper in difflib.get_close_matches(wanted, list(by_upper), n=limit, cutoff=0.6)
             if upper != wanted]
    return list(dict.fromkeys([*starting, *alike]))[:limit]


def writable_output(path: Path, where: str | None = None) -> None:
    """Refuse, in one line saying why, a file the command could not write; create no folder on the way.

    A mistyped folder must not be created silently somewhere, and a path that cannot be written must be said
    before the work is done, not as a traceback after it. `where` names the path as the user gave it
    ("--output /x/y/fiche").
    """
    where = where or str(path)
    folder = path.parent
    if path.is_dir():
        raise UsageError(_("{where}: {path} is a folder; give a file name.").format(where=where, path=path))
    if not folder.is_dir():
        not_a_folder = next((ancestor for ancestor in reversed([folder, *folder.parents])
                             if ancestor.exists() and not ancestor.is_dir()), None)
        if not_a_folder is not None:
            raise UsageError(_("{where}: {file} is a file, not a folder.").format(where=where, file=not_a_folder))
        raise UsageError(_("{where}: the folder {folder} does not exist.").format(where=where, folder=folder))
    if not os.access(folder, os.W_OK | os.X_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise UsageError(_("{where}: {path} cannot be written (permission denied or read-only).").format(
            where=where, path=path))
