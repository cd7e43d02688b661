"""Running the rules on a mission for a sheet's date: a report of findings grouped by severity."""

from dataclasses import dataclass, field, replace
from datetime import date

from missionfacts.checks.findings import Finding, Severity
from missionfacts.checks.registry import rules_for
from missionfacts.checks.subject import Subject
from missionfacts.figures.sheet import SheetFigures
from missionfacts.figures.values import Period
from missionfacts.missions.models import Mission


@dataclass
class CheckReport:
    """The findings of every rule that applies to a mission, for one sheet date and period."""

    mission: str
    as_of: date
    period: Period
    findings: list[Finding] = field(default_factory=list)
    switched_off: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.severity == Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.severity == Severity.WARNING]

    @property
    def keys(self) -> list[str]:
        return [finding.key for finding in self.findings]

    def as_dict(self, language: str) -> dict:
        return {
            "mission": self.mission,
            "as_of": self.as_of.isoformat(),
            "period": {"start": self.period.start.isoformat(), "end": self.period.end.isoformat()},
            "errors": [finding.as_dict(language) for finding in self.errors],
            "warnings": [finding.as_dict(language) for finding in self.warnings],
            "switched_off": self.switched_off,
        }


def run_checks(mission: Mission, as_of: date, period: Period | None = None, *, sheet: SheetFigures | None = None,
               today: date | None = None) -> CheckReport:
    """Every rule the mission has not switched off, with its severity and parameters for this mission.

    `sheet`, when given, is the sheet the findings are about (it must be for the same date and period);
    otherwise it is computed. Raises figures.sheet.SheetRequestError when no sheet can be made for the date.
    """
    subject = Subject(mission, as_of, period, sheet=sheet, today=today)
    report = CheckReport(mission.acronym, as_of, subject.period)
    for applied in rules_for(mission):
        if not applied.enabled:
            report.switched_off.append(applied.rule.id)
            continue
        for finding in applied.rule.check(subject, applied.parameters):
            report.findings.append(replace(finding, rule=applied.rule.id, severity=applied.severity))
    severity_order = {Severity.ERROR: 0, Severity.WARNING: 1}
    report.findings.sort(key=lambda finding: (severity_order[finding.severity], finding.rule, finding.subject))
    return report
