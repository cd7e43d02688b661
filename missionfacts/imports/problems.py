"""What an importer says about bad input: every problem names the file, row, column and value."""

import csv
import io
import json
from dataclasses import asdict, dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from missionfacts.spreadsheets import neutralised_row


@dataclass(frozen=True)
class Problem:
    """One thing wrong in an input file, precise enough to find and fix it."""

    file: str
    row: int | None
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        # Worded in the active language (the command's), like the reason the importer gave.
        where = _("{file}, row {row}").format(file=self.file, row=self.row) if self.row is not None else self.file
        column = f", {self.column}" if self.column else ""
        value = f" ({self.value!r})" if self.value not in ("", None) else ""
        return _("{where}{column}{value}: {reason}").format(where=where, column=column, value=value,
                                                            reason=self.reason)


@dataclass
class ImportResult:
    """The outcome of one import: counts, problems, and the batch it recorded (none on a dry run)."""

    file: str
    kind: str
    rows_read: int = 0
    rows_added: int = 0
    rows_changed: int = 0
    rows_unchanged: int = 0
    rows_removed: int = 0
    problems: list[Problem] = field(default_factory=list)
    batch_id: int | None = None
    dry_run: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def changed_anything(self) -> bool:
        return bool(self.rows_added or self.rows_changed or self.rows_removed)

    def problems_as_csv(self) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        # The headings in the language of the reasons, so that the whole report reads in one language.
        writer.writerow([pgettext("problem report", "file"), pgettext("problem report", "row"),
                         pgettext("problem report", "column"), pgettext("problem report", "value"),
                         pgettext("problem report", "reason")])
        for problem in self.problems:
            # The value is the file's own text, which may be a formula meant for whoever opens the report.
            writer.writerow(neutralised_row([problem.file, problem.row or "", problem.column, problem.value,
                                             problem.reason]))
        return buffer.getvalue()

    def as_json(self) -> str:
        data = asdict(self)
        data["ok"] = self.ok
        return json.dumps(data, ensure_ascii=False, indent=2, default=str)


class ImportRejected(Exception):
    """Raised inside the import transaction so that nothing of a bad file is written."""


def problems_from_validation_error(error: ValidationError, file: str, row: int | None, values: dict,
                                   prefix: str = "") -> list[Problem]:
    """Turn a model's ValidationError into problems, one per field message."""
    problems = []
    if hasattr(error, "error_dict"):
        for field_name, errors in error.error_dict.items():
            column = "" if field_name == "__all__" else field_name
            value = values.get(field_name, "")
            for message in errors:
                for text in message.messages:
                    problems.append(Problem(file, row, f"{prefix}{column}", _text(value), text))
    else:
        for text in error.messages:
            problems.append(Problem(file, row, prefix.rstrip("."), "", text))
    return problems


def _text(value) -> str:
    if value is None:
        return ""
    return str(getattr(value, "pk", value))
