"""A fact sheet section with no data: the sheet says "not available" where a reader expects a figure."""

from django.utils.translation import gettext_lazy as _

from missionfacts.checks.findings import Finding, Message, Severity
from missionfacts.checks.registry import rule
from missionfacts.checks.sheet_figures import FIGURE_NAMES, sheet_figures
from missionfacts.checks.subject import Subject


def _without_data(subject: Subject, path: str, name, reason: str) -> Finding:
    return Finding(
        subject=path,
        message=Message(_("No data for “{section}” on the sheet of {date}; the sheet says so instead of showing a "
                          "figure."), section=name, date=subject.as_of),
        values={"figure": path, "reason": reason},
    )


@rule("section-without-data", Severity.WARNING, _("A fact sheet section with no data"))
def section_without_data(subject: Subject, parameters: dict) -> list[Finding]:
    sheet = subject.sheet
    findings = [
        _without_data(subject, path, name, figure.reason)
        for path, figure, name in sheet_figures(sheet)
        if not figure.available
    ]
    for path, items in (("priorities", sheet.priorities), ("tasks", sheet.tasks)):
        if not items:
            findings.append(_without_data(subject, path, FIGURE_NAMES[path], "no mandate text recorded"))
    return findings
