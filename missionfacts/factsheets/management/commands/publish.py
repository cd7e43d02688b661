"""`missionfacts publish MISSION --as-of DATE [--period START:END] [--reason TEXT] [--by NAME] [--lang fr|en]`."""

import getpass
from datetime import date

from django.core.management.base import CommandError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from missionfacts.checks.findings import Message
from missionfacts.checks.report import as_text
from missionfacts.commands import (
    LANG_HELP,
    MissionfactsCommand,
    UsageError,
    find_mission,
    language_option,
    parse_day,
    parse_period,
)
from missionfacts.factsheets.editions import PublicationRefused, publish
from missionfacts.figures.sheet import SheetRequestError


class Command(MissionfactsCommand):
    help = ("Publish a mission's fact sheet as its next edition, frozen: refused when the checks find errors; "
            "warnings need --reason.")

    def add_arguments(self, parser):
        parser.add_argument("mission", help="The mission's acronym, e.g. MINUSMA.")
        parser.add_argument("--as-of", required=True, help="The sheet's date, YYYY-MM-DD.")
        parser.add_argument("--period", default=None, help="START:END of the key figures (default: the "
                            "mission's start to the end of the mandate in force).")
        parser.add_argument("--reason", default="", help="Why the sheet is published despite the warnings; kept "
                            "with the edition.")
        parser.add_argument("--by", default=None, help="Who publishes (default: the user name of the session).")
        parser.add_argument("--lang", default=None, help="The language of the messages: " + LANG_HELP)

    def handle(self, *args, mission, as_of, period, reason, by, lang, **options):
        lang = language_option(lang)
        day: date = parse_day(as_of, "--as-of")
        requested_period = parse_period(period) if period else None
        found = find_mission(mission)
        try:
            edition = publish(found, day, period=requested_period, reason=reason,
                              published_by=by if by is not None else getpass.getuser())
        except SheetRequestError as error:
            raise UsageError(str(error)) from None
        except PublicationRefused as refusal:
            self.stderr.write(as_text(refusal.report, lang))
            raise CommandError(str(refusal), returncode=1) from None
        warnings = len(edition.findings_data()["findings"])
        self.stdout.write(Message(
            ngettext_lazy("Published edition {number} of {mission}, as of {date}, with {count} warning.",
                          "Published edition {number} of {mission}, as of {date}, with {count} warnings.", "count"),
            number=edition.number, mission=found.acronym, date=edition.as_of, count=warnings,
        ).render(lang))
        self.stdout.write(Message(_("SHA-256: {checksum}"), checksum=edition.checksum).render(lang))
