"""A block of the fact sheet with nothing to say: the public sheet leaves it out, and a reader may miss it."""

from django.utils.translation import gettext_lazy as _

from missionfacts.checks.findings import Finding, Message, Severity
from missionfacts.checks.registry import rule
from missionfacts.checks.sheet_figures import BLOCK_NAMES
from missionfacts.checks.subject import Subject


@rule("section-without-data", Severity.WARNING, _("A fact sheet section with no data"))
def section_without_data(subject: Subject, parameters: dict) -> list[Finding]:
    """One finding per block left out (figures.coverage.sheet_blocks), naming the figures it would show."""
    return [
        Finding(
            subject=block.key,
            message=Message(_("No data for “{section}” on the sheet of {date}; the sheet leaves it out."),
                            section=BLOCK_NAMES[block.key], date=subject.as_of),
            values={"block": block.key},
        )
        for block in subject.sheet.blocks
        if block.missing
    ]
