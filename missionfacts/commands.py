"""The base of missionfacts' management commands: errors are one clear line and exit status 2."""

import difflib
import re
import sys
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from missionfacts.figures.dates import computable_dates
from missionfacts.figures.values import Period
from missionfacts.missions.models import Mission

ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class UsageError(CommandError):
    """Bad arguments or an unknown name: the user can fix the command line."""

    def __init__(self, message: str):
        super().__init__(message, returncode=2)


class MissionfactsCommand(BaseCommand):
    def run_from_argv(self, argv):
        # As BaseCommand.run_from_argv, except that an error is printed as one sentence: Django's own handler
        # prefixes the exception's class name, which means nothing to a user.
        self._called_from_command_line = True
        command = argv[1] if len(argv) > 1 else "missionfacts"
        try:
            parser = self.create_parser(argv[0], argv[1])
            options = parser.parse_args(argv[2:])
            arguments = vars(options)
            positional = arguments.pop("args", ())
            self.execute(*positional, **arguments)
        except CommandError as error:
            sys.stderr.write(f"missionfacts {command}: error: {error}\n")
            sys.exit(error.returncode)

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
        raise UsageError(f"{option} {text!r} is not a date of the form YYYY-MM-DD.") from None
    bounds = computable_dates()
    if not bounds.contains(day):
        raise UsageError(f"{option} {text} is outside the dates missionfacts computes figures for: "
                         f"{bounds.start.isoformat()} to {bounds.end.isoformat()}.")
    return day


def parse_period(text: str) -> Period:
    start, separator, end = text.partition(":")
    if not separator:
        raise UsageError(f"--period {text!r} must be START:END, e.g. 2013-07-01:2021-06-30.")
    first, last = parse_day(start, "--period start"), parse_day(end, "--period end")
    if last < first:
        raise UsageError(f"--period {text!r} ends before it starts.")
    return Period(first, last)


def find_mission(acronym: str) -> Mission:
    mission = Mission.objects.filter(acronym__iexact=acronym).first()
    if mission is None:
        known = list(Mission.objects.values_list("acronym", flat=True))
        if not known:
            raise UsageError(f"unknown mission {acronym!r}: the database has no mission yet.")
        suggestions = closest_acronyms(acronym, known)
        if suggestions:
            raise UsageError(f"unknown mission {acronym!r}. Did you mean: {', '.join(suggestions)}?")
        raise UsageError(f"unknown mission {acronym!r}; `missionfacts missions` lists the {len(known)} known.")
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
