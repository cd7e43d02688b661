"""A check report as a person reads it (text) or a program does (JSON), in French or English."""

import json

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from missionfacts.checks.engine import CheckReport
from missionfacts.checks.findings import Finding, Message, RecordRef

# How many ids of a record set the text names before it says how many more there are.
IDS_SHOWN = 8


def _count(template, count: int) -> Message:
    return Message(template, count=count)


def summary(report: CheckReport) -> Message:
    return Message(
        _("{mission}, sheet as of {date}, period {start} to {end}: {errors}, {warnings}."),
        mission=report.mission, date=report.as_of, start=report.period.start, end=report.period.end,
        errors=_count(ngettext_lazy("{count} error", "{count} errors", "count"), len(report.errors)),
        warnings=_count(ngettext_lazy("{count} warning", "{count} warnings", "count"), len(report.warnings)),
    )


def one_line_summary(report: CheckReport, language: str, check_command: str) -> str:
    """The counts of a sheet's findings and the command that lists them, for a command that only writes the sheet.

    `factsheet` used to print every warning before the sheet's path; a newcomer read the warnings as failure.
    """
    return Message(
        _("Checks: {errors}, {warnings} — `{command}` lists them."),
        errors=_count(ngettext_lazy("{count} error", "{count} errors", "count"), len(report.errors)),
        warnings=_count(ngettext_lazy("{count} warning", "{count} warnings", "count"), len(report.warnings)),
        command=check_command,
    ).render(language)


def _ids(ids: tuple[int, ...]) -> str:
    shown = ", ".join(f"#{pk}" for pk in ids[:IDS_SHOWN])
    return f"{shown} … (+{len(ids) - IDS_SHOWN})" if len(ids) > IDS_SHOWN else shown


def record_line(record: RecordRef, language: str) -> str:
    return Message(_("{model} {ids}: {label}"), model=record.verbose_name(language), ids=_ids(record.ids),
                   label=record.label).render(language)


def finding_lines(finding: Finding, language: str) -> list[str]:
    lines = [f"  [{finding.rule}] {finding.message.render(language)}"]
    lines += [f"      {record_line(record, language)}" for record in finding.records]
    return lines


def as_text(report: CheckReport, language: str) -> str:
    lines = [summary(report).render(language)]
    groups = ((_("Errors"), report.errors), (_("Warnings"), report.warnings))
    for title, findings in groups:
        if findings:
            lines += ["", f"{Message(title).render(language)} ({len(findings)})"]
            for finding in findings:
                lines += finding_lines(finding, language)
    if report.switched_off:
        lines += ["", Message(_("Rules switched off for this mission: {rules}."),
                              rules=", ".join(report.switched_off)).render(language)]
    return "\n".join(lines)


def as_json(report: CheckReport, language: str) -> str:
    return json.dumps(report.as_dict(language), ensure_ascii=False, indent=2)
