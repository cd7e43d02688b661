"""Two sources giving different values for the same fact, with both values and the one the sheet uses.

For flows (patrols, trainings, fatalities), a published count over a period is compared with the
individual records when they cover the count's whole period; the figures choose between them by the rule of
figures.coverage (checks.rules.periods). For strength, two reports of the same month from different imports
are compared; figures use the later one. (A stated component total against its own per-country rows on the
same date is reported once, by `parts-do-not-add-up`.)
"""

from collections import defaultdict

from django.utils.translation import gettext_lazy as _

from missionfacts.checks.findings import Finding, Message, Month, RecordRef, Severity
from missionfacts.checks.labels import component_name, import_label, rows_label
from missionfacts.checks.registry import rule
from missionfacts.checks.rules.periods import flow_disagreements
from missionfacts.checks.subject import Subject
from missionfacts.imports.models import ImportBatch
from missionfacts.personnel.models import Strength, types_of


def _imports(batches: list[ImportBatch | None]) -> Message:
    labels = [import_label(batch) for batch in batches]
    return Message(", ".join(f"{{i{n}}}" for n in range(len(labels))), **{f"i{n}": lb for n, lb in enumerate(labels)})


def _same_month(subject: Subject) -> list[Finding]:
    """Two reports of the same month from different imports, with different totals."""
    reports: dict[tuple[str, object], dict] = defaultdict(lambda: {"total": 0, "batches": set()})
    for group in subject.strength_groups:
        if subject.within_sheet(group.reported_on):
            report = reports[(group.component, group.reported_on)]
            report["total"] += group.total
            report["batches"].add(group.import_batch)
    findings = []
    for component in ("military", "police"):
        days = sorted(day for owner, day in reports if owner == component)
        for first, second in zip(days, days[1:], strict=False):
            earlier, later = reports[(component, first)], reports[(component, second)]
            same_month = (first.year, first.month) == (second.year, second.month)
            if not same_month or earlier["batches"] == later["batches"] or earlier["total"] == later["total"]:
                continue
            batches = {b.pk: b for b in ImportBatch.objects.filter(pk__in=earlier["batches"] | later["batches"])}
            first_batches = [batches.get(pk) for pk in sorted(earlier["batches"], key=lambda pk: pk or 0)]
            second_batches = [batches.get(pk) for pk in sorted(later["batches"], key=lambda pk: pk or 0)]
            rows = Strength.objects.filter(mission=subject.mission, personnel_type__in=types_of(component))
            findings.append(Finding(
                subject=f"strength.{component}:{first.year}-{first.month:02d}",
                message=Message(
                    _("Strength of the {component} component for {month} reported twice: {first} on {first_date} "
                      "({first_import}) and {second} on {second_date} ({second_import}); figures use the later "
                      "report."),
                    component=component_name(component), month=Month(first), first=earlier["total"],
                    first_date=first, first_import=_imports(first_batches), second=later["total"],
                    second_date=second, second_import=_imports(second_batches),
                ),
                records=(
                    *(RecordRef.of(batch, import_label(batch)) for batch in batches.values()),
                    RecordRef.of_rows(rows.filter(reported_on=first), rows_label(component, first)),
                    RecordRef.of_rows(rows.filter(reported_on=second), rows_label(component, second)),
                ),
                values={"component": component, "first": {"date": first.isoformat(), "total": earlier["total"]},
                        "second": {"date": second.isoformat(), "total": later["total"]}, "used": second.isoformat()},
            ))
    return findings


@rule("sources-disagree", Severity.WARNING, _("Two sources giving different values for the same fact"))
def sources_disagree(subject: Subject, parameters: dict) -> list[Finding]:
    return [*flow_disagreements(subject), *_same_month(subject)]

