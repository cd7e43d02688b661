"""`missionfacts diff MISSION EDITION_A [EDITION_B|current] [--as-of DATE] [--format text|json] [--lang fr|en]`."""

import json
from datetime import date

from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from missionfacts.checks.findings import Message
from missionfacts.commands import LANG_HELP, MissionfactsCommand, UsageError, find_mission, language_option, parse_day
from missionfacts.factsheets import formatting
from missionfacts.factsheets.diff import Change, ImportRef, Version, compare, current_version, edition_version
from missionfacts.factsheets.models import Edition
from missionfacts.figures.sheet import SheetRequestError

FORMATS = ("text", "json")
CURRENT = "current"


def version_label(version: Version) -> Message:
    if version.edition is None:
        return Message(_("the current data as of {date}"), date=version.as_of)
    return Message(_("edition {number} as of {date}"), number=str(version.edition), date=version.as_of)


def import_label(reference: ImportRef | None, pk: int | None) -> Message:
    if pk is None:
        return Message(_("entered without an import"))
    if reference is None:
        return Message(_("import #{number}"), number=str(pk))
    return Message(_("import #{number}, {file} of {date}"), number=str(reference.id), file=reference.file_name,
                   date=date.fromisoformat(reference.imported_at[:10]))


def shown(value, language: str) -> str:
    """A value of the figures JSON as a reader of the language sees it."""
    if value is None:
        return Message(_("not available")).render(language)
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return formatting.number(value, language)
    if isinstance(value, str):
        try:
            return formatting.long_date(date.fromisoformat(value), language)
        except ValueError:
            return value
    return json.dumps(value, ensure_ascii=False)


def change_line(change: Change, imports: dict[int, ImportRef], language: str) -> str:
    line = f"  {change.path}: {shown(change.old, language)} → {shown(change.new, language)}"
    if change.imports:
        labels = "; ".join(import_label(imports.get(pk) if pk is not None else None, pk).render(language)
                           for pk in change.imports)
        line += f"  [{labels}]"
    return line


class Command(MissionfactsCommand):
    help = "List every figure that changed between two editions of a mission's sheet, or since one edition."

    def add_arguments(self, parser):
        parser.add_argument("mission", help="The mission's acronym, e.g. MINUSMA.")
        parser.add_argument("edition_a", type=int, help="The number of the earlier edition.")
        parser.add_argument("edition_b", nargs="?", default=CURRENT,
                            help="The number of the later edition, or 'current' for the data now (default).")
        parser.add_argument("--as-of", default=None, help="With 'current': the date to compute the sheet for "
                            "(default: the date of EDITION_A, over its period).")
        parser.add_argument("--format", default="text", help="text or json (default text).")
        parser.add_argument("--lang", default=None, help="The language of the text and of the figures compared: "
                            + LANG_HELP)

    def handle(self, *args, mission, edition_a, edition_b, as_of, format, lang, **options):
        lang = language_option(lang)
        if format not in FORMATS:
            raise UsageError(gettext("unknown format {format!r}; use text or json.").format(format=format))
        found = find_mission(mission)
        old = edition_version(self.edition(found, edition_a), lang)
        if edition_b == CURRENT:
            day = parse_day(as_of, "--as-of") if as_of else old.as_of
            # Over the edition's own period, unless another date asks for that date's usual period.
            period = old.period if day == old.as_of else None
            try:
                new = current_version(found, day, period, lang)
            except SheetRequestError as error:
                raise UsageError(str(error)) from None
        else:
            if as_of:
                raise UsageError(gettext("--as-of applies only to a comparison with 'current'."))
            if not edition_b.isdigit():
                raise UsageError(gettext("{edition!r} is neither an edition number nor 'current'.").format(
                    edition=edition_b))
            new = edition_version(self.edition(found, int(edition_b)), lang)
        changes = compare(old, new)
        imports = {**old.imports, **new.imports}
        if format == "json":
            self.stdout.write(json.dumps({
                "mission": found.acronym, "from": self.describe(old), "to": self.describe(new),
                "changes": [change.as_dict(imports) for change in changes],
            }, ensure_ascii=False, indent=2))
            return
        self.stdout.write(Message(
            ngettext_lazy("{mission}: from {old} to {new}, {count} change.",
                          "{mission}: from {old} to {new}, {count} changes.", "count"),
            mission=found.acronym, old=version_label(old), new=version_label(new), count=len(changes),
        ).render(lang))
        for change in changes:
            self.stdout.write(change_line(change, imports, lang))

    @staticmethod
    def edition(mission, number: int) -> Edition:
        edition = Edition.objects.filter(mission=mission, number=number).first()
        if edition is None:
            known = ", ".join(str(n) for n in Edition.objects.filter(mission=mission).values_list("number", flat=True))
            raise UsageError(gettext("{mission} has no edition {number}. Editions: {known}.").format(
                mission=mission.acronym, number=number, known=known or gettext("none")))
        return edition

    @staticmethod
    def describe(version: Version) -> dict:
        return {
            "edition": version.edition, "as_of": version.as_of.isoformat(),
            "period": {"start": version.period.start.isoformat(), "end": version.period.end.isoformat()},
            "published_at": version.published_at.isoformat() if version.published_at else None,
        }


