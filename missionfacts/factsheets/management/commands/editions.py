"""`missionfacts editions MISSION [NUMBER [--output FOLDER]] [--format text|json] [--lang fr|en]`."""

import json
from pathlib import Path

from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from missionfacts.checks.findings import Message
from missionfacts.commands import (
    LANG_HELP,
    MissionfactsCommand,
    UsageError,
    find_mission,
    language_option,
    writable_output,
)
from missionfacts.factsheets.filenames import slug
from missionfacts.factsheets.models import Edition

FORMATS = ("text", "json")


def edition_summary(edition: Edition) -> dict:
    findings = edition.findings_data()["findings"]
    return {
        "number": edition.number, "as_of": edition.as_of.isoformat(),
        "period": {"start": edition.period_start.isoformat(), "end": edition.period_end.isoformat()},
        "published_at": edition.published_at.isoformat(), "published_by": edition.published_by,
        "warnings": len(findings), "reason": edition.reason, "checksum": edition.checksum,
        "intact": edition.is_intact(),
        "documents": [{"language": d.language, "format": d.format, "sha256": d.sha256, "bytes": len(d.content)}
                      for d in edition.documents.all()],
    }


class Command(MissionfactsCommand):
    help = "List a mission's published editions, or write one edition's documents to a folder."

    def add_arguments(self, parser):
        parser.add_argument("mission", help="The mission's acronym, e.g. MINUSMA.")
        parser.add_argument("number", nargs="?", type=int, default=None, help="One edition's number.")
        parser.add_argument("--output", default=None, help="With a number: write the edition's documents "
                            "(PDF, HTML and JSON in each language) to this folder.")
        parser.add_argument("--format", default="text", help="text or json (default text).")
        parser.add_argument("--lang", default=None, help="The language of the text: " + LANG_HELP)

    def handle(self, *args, mission, number, output, format, lang, **options):
        lang = language_option(lang)
        if format not in FORMATS:
            raise UsageError(gettext("unknown format {format!r}; use text or json.").format(format=format))
        if output and number is None:
            raise UsageError(gettext("--output needs the number of the edition to write."))
        found = find_mission(mission)
        editions = Edition.objects.filter(mission=found).prefetch_related("documents")
        if number is not None:
            editions = editions.filter(number=number)
            if not editions:
                known = ", ".join(str(n) for n in Edition.objects.filter(mission=found).values_list("number",
                                                                                                   flat=True))
                raise UsageError(gettext("{mission} has no edition {number}. Editions: {known}.").format(
                    mission=found.acronym, number=number, known=known or gettext("none")))
        if output:
            self.write_documents(editions.get(), Path(output))
            return
        summaries = [edition_summary(edition) for edition in editions]
        if format == "json":
            self.stdout.write(json.dumps({"mission": found.acronym, "editions": summaries}, ensure_ascii=False,
                                         indent=2))
            return
        if not summaries:
            self.stdout.write(Message(_("{mission} has no published edition."), mission=found.acronym).render(lang))
        for summary, edition in zip(summaries, editions, strict=True):
            self.stdout.write(Message(
                ngettext_lazy(
                    "Edition {number}: as of {date}, period {start} to {end}; published on {published} by {by}; "
                    "{count} warning; SHA-256 {checksum} ({state}).",
                    "Edition {number}: as of {date}, period {start} to {end}; published on {published} by {by}; "
                    "{count} warnings; SHA-256 {checksum} ({state}).", "count"),
                number=str(edition.number), date=edition.as_of, start=edition.period_start, end=edition.period_end,
                published=edition.published_at.date(), by=edition.published_by or "—",
                count=summary["warnings"], checksum=edition.checksum[:16],
                state=_("intact") if summary["intact"] else _("ALTERED"),
            ).render(lang))
            if edition.reason:
                self.stdout.write(Message(_("    Reason: {reason}"), reason=edition.reason).render(lang))

    def write_documents(self, edition: Edition, folder: Path) -> None:
        # The folder may be new, but its parent must exist: a mistyped path is not created silently.
        if not folder.is_dir():
            writable_output(folder, f"--output {folder}")
            folder.mkdir()
        for document in edition.documents.all():
            path = folder / (f"{slug(edition.mission.acronym)}-edition-{edition.number}-{document.language}."
                             f"{document.format}")
            writable_output(path, f"--output {folder}")
            path.write_bytes(bytes(document.content))
            self.stdout.write(gettext("Wrote {path}").format(path=path))
