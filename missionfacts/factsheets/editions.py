"""Publishing a fact sheet as an edition: checked, rendered in every language and format, frozen.

Publication refuses a sheet the checks find errors in, and one with warnings unless a reason is given; the
reason is kept with the edition. The edition stores the bytes it published, so it never depends on the
records, templates or fonts of later days.
"""

import hashlib
import json
from datetime import date

from django.db import transaction
from django.db.models import Max

from missionfacts.checks.engine import CheckReport, run_checks
from missionfacts.checks.sheet_figures import sheet_figures
from missionfacts.factsheets.formatting import LANGUAGES
from missionfacts.factsheets.json_output import sheet_as_json
from missionfacts.factsheets.models import Edition, EditionDocument, edition_checksum
from missionfacts.factsheets.render import render_html, render_pdf
from missionfacts.figures.sheet import SheetFigures, compute_sheet
from missionfacts.figures.values import Period
from missionfacts.imports.models import ImportBatch, Source
from missionfacts.missions.models import Mission


class PublicationRefused(Exception):
    """The checks stand in the way: errors, or warnings without a reason."""

    def __init__(self, message: str, report: CheckReport):
        super().__init__(message)
        self.report = report


def figures_json(sheet: SheetFigures, language: str) -> bytes:
    """The figures as `missionfacts factsheet --format json` writes them."""
    return json.dumps(sheet_as_json(sheet, language), ensure_ascii=False, indent=2).encode("utf-8")


def render_documents(sheet: SheetFigures) -> dict[tuple[str, str], bytes]:
    documents = {}
    for language in LANGUAGES:
        documents[(language, "html")] = render_html(sheet, language).encode("utf-8")
        documents[(language, "pdf")] = render_pdf(sheet, language)
        documents[(language, "json")] = figures_json(sheet, language)
    return documents


def import_snapshot(batch: ImportBatch) -> dict:
    return {"id": batch.pk, "kind": batch.kind, "file_name": batch.file_name, "checksum": batch.checksum,
            "imported_at": batch.imported_at.isoformat()}


def provenance_of(sheet: SheetFigures) -> dict:
    """The imports and sources the sheet's figures come from, as they were described when it was published."""
    batch_ids, source_keys = set(), set()
    for _path, figure, _name in sheet_figures(sheet):
        for item in figure.provenance:
            source_keys.add(item.source)
            if item.import_batch is not None:
                batch_ids.add(item.import_batch)
    return {
        "imports": [import_snapshot(batch) for batch in ImportBatch.objects.filter(pk__in=batch_ids).order_by("pk")],
        "sources": [
            {"key": source.key, "title": source.title, "publisher": source.publisher}
            for source in Source.objects.filter(key__in=source_keys).order_by("key")
        ],
    }


def findings_snapshot(report: CheckReport) -> dict:
    """The findings in both languages, as they read on the day of publication."""
    by_language = {language: report.as_dict(language) for language in LANGUAGES}
    findings = []
    for severity in ("errors", "warnings"):
        for index, finding in enumerate(by_language[LANGUAGES[0]][severity]):
            finding = dict(finding)
            finding["message"] = {language: by_language[language][severity][index]["message"]
                                  for language in LANGUAGES}
            findings.append(finding)
    return {"findings": findings, "switched_off": report.switched_off}


def _text(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)


def publish(mission: Mission, as_of: date, *, period: Period | None = None, reason: str = "",
            published_by: str = "") -> Edition:
    """Check, render and freeze the mission's sheet as its next edition.

    Raises PublicationRefused when the checks find an error, or warnings and no reason was given, and
    figures.sheet.SheetRequestError when no sheet can be made for the date.
    """
    sheet = compute_sheet(mission, as_of, period)
    report = run_checks(mission, as_of, sheet.period, sheet=sheet)
    if report.errors:
        count = len(report.errors)
        raise PublicationRefused(f"{count} error{'s' if count > 1 else ''} in {mission.acronym}'s records for "
                                 f"{as_of.isoformat()}: fix them before publishing.", report)
    reason = reason.strip()
    if report.warnings and not reason:
        count = len(report.warnings)
        raise PublicationRefused(f"{count} warning{'s' if count > 1 else ''} for {mission.acronym} on "
                                 f"{as_of.isoformat()}: give the reason to publish despite them with --reason.", report)
    documents = render_documents(sheet)
    digests = {key: hashlib.sha256(content).hexdigest() for key, content in documents.items()}
    provenance, findings = _text(provenance_of(sheet)), _text(findings_snapshot(report))
    with transaction.atomic():
        # Locking the mission row numbers concurrent publications one after the other.
        Mission.objects.select_for_update().get(pk=mission.pk)
        latest = Edition.objects.filter(mission=mission).aggregate(latest=Max("number"))["latest"] or 0
        edition = Edition.objects.create(
            mission=mission, number=latest + 1, as_of=as_of, period_start=sheet.period.start,
            period_end=sheet.period.end, published_by=published_by, provenance=provenance, findings=findings,
            reason=reason, checksum=edition_checksum(digests, provenance, findings, reason),
        )
        EditionDocument.objects.bulk_create(
            EditionDocument(edition=edition, language=language, format=format, content=content,
                            sha256=digests[(language, format)])
            for (language, format), content in documents.items()
        )
    return edition
