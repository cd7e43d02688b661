"""The `mission` import: a mission described in one YAML file (format: docs/mission-file.md).

The file holds the facts a mission publishes about itself — identity, resolutions with ceilings and mandate,
sectors and sites, leadership, budgets, staffing and strength totals, published key figures — each with a
source. The MINUSMA reference dataset is such a file. Format 2 (`missionfacts/mission-2`) adds what the UN's
pages on past missions publish: stated strength at a date, at its peak and at withdrawal, fatalities by
category, financial figures, contributing countries, leaders' titles and month-precision terms.

One module per group of sections; each writes its records through the reader's `save`, by natural key.
"""

from pathlib import Path

import yaml
from django.db import transaction
from django.utils.translation import gettext as _

from missionfacts.imports import limits
from missionfacts.imports.batch import RowWriter, file_checksum, finish_batch, start_batch
from missionfacts.imports.mission_file import (
    deployment,
    identity,
    key_figures,
    keys,
    mandate,
    money,
    operational,
    people,
    strength,
)
from missionfacts.imports.mission_file.reader import FORMAT_1, FORMAT_2, FORMAT_3, KIND, LANGUAGES, MissionFileReader
from missionfacts.imports.models import ImportBatch
from missionfacts.imports.problems import ImportRejected, ImportResult, Problem
from missionfacts.imports.yaml_lines import RefusedYaml, load_with_lines

# The format of files written before format 2, which other code still names.
FORMAT = FORMAT_1
FORMATS = (FORMAT_1, FORMAT_2, FORMAT_3)
# Sections only format 2 knows: a format-1 file giving one is told so rather than having it ignored.
FORMAT_2_SECTIONS = ("language", "strength", "peak_strength", "withdrawal_strength", "fatalities", "finances",
                     "contributing_countries")
# Sections only format 3 knows.
FORMAT_3_SECTIONS = ("key_figures", "preferred_source")

__all__ = ["FORMAT", "FORMATS", "FORMAT_1", "FORMAT_2", "FORMAT_3", "KIND", "import_mission_file"]


def import_mission_file(path: Path, *, user=None, dry_run: bool = False) -> ImportResult:
    """Import one mission file whole, or nothing of it; the result lists every problem found."""
    path = Path(path)
    result = ImportResult(file=path.name, kind=KIND, dry_run=dry_run)
    data = _read(path, result)
    if data is None:
        return result
    checksum = file_checksum(path)
    try:
        with transaction.atomic():
            reader = MissionFileReader(path, data, result)
            _write(reader, user, checksum)
            if result.problems or dry_run or not result.changed_anything:
                raise ImportRejected
    except ImportRejected:
        result.batch_id = None
    except (TypeError, AttributeError, ValueError) as error:
        # A value of an unexpected shape (a list where a name belongs, say) that no check above caught: the file
        # is refused like any other bad file, with what went wrong, rather than with a traceback.
        result.batch_id = None
        result.problems.append(Problem(path.name, None, "", "", f"a value has a shape the format does not allow "
                                                                f"({error}); see docs/mission-file.md"))
    if result.ok and not result.changed_anything:
        earlier = ImportBatch.objects.filter(kind=KIND, checksum=checksum).first()
        result.notes.append(
            _("Nothing changed: the data already matches this file (import #%(batch)s).") % {"batch": earlier.pk}
            if earlier
            else _("Nothing changed: the data already matches this file.")
        )
    return result


def _read(path: Path, result: ImportResult):
    refused = limits.file_problems(path)
    if refused:
        result.problems.extend(refused)
        return None
    try:
        raw = path.read_bytes()
    except OSError as error:
        result.problems.append(Problem(path.name, None, "", "", f"cannot read the file: {error.strerror}"))
        return None
    too_big = limits.mission_file_problem(path.name, len(raw))
    if too_big:
        result.problems.append(too_big)
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        result.problems.append(
            Problem(path.name, None, "", "", f"not UTF-8 text (byte {error.start}); save the file as UTF-8")
        )
        return None
    if not text.strip():
        result.problems.append(Problem(path.name, None, "", "", "the file is empty"))
        return None
    try:
        data = load_with_lines(text)
    except RefusedYaml as error:
        result.problems.append(Problem(path.name, error.problem_mark.line + 1, error.field, error.value, error.problem))
        return None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else None
        reason = getattr(error, "problem", None) or str(error)
        result.problems.append(Problem(path.name, line, "", "", f"not valid YAML: {reason}"))
        return None
    if not isinstance(data, dict) or data.get("format") not in FORMATS:
        result.problems.append(
            Problem(path.name, 1, "format", str(data.get("format", "")) if isinstance(data, dict) else "",
                    f"the file must start with 'format: {FORMAT_1}', 'format: {FORMAT_2}' or 'format: {FORMAT_3}'")
        )
        return None
    return data


def _format_problems(reader: MissionFileReader) -> None:
    """What a file's format does not allow at its top level: newer sections in older formats, a bad language."""
    data = reader.data
    if not reader.is_format_3:
        for section in FORMAT_3_SECTIONS:
            if section in data:
                reader.problem(data, section, "", f"this section needs 'format: {FORMAT_3}'")
    if not reader.is_format_2:
        for section in FORMAT_2_SECTIONS:
            if section in data:
                reader.problem(data, section, "", f"this section needs 'format: {FORMAT_2}'")
        return
    language = data.get("language")
    if language is not None and language not in LANGUAGES:
        reader.problem(data, "language", language, "the file's language is fr or en")


def _write(reader: MissionFileReader, user, checksum: str) -> None:
    keys.check_keys(reader)
    _format_problems(reader)
    identity.write_sources(reader)
    if reader.result.problems:
        return
    first_source = next(iter(reader.sources.values()))
    batch = start_batch(KIND, reader.path, reader.sources.get(reader.data.get("default_source"), first_source),
                        user, checksum)
    reader.writer = RowWriter(batch, reader.result)
    mission = identity.write_mission(reader)
    if mission is None:
        return
    mandate.write_resolutions(reader, mission)
    deployment.write_deployment(reader, mission)
    people.write_leadership(reader, mission)
    money.write_budgets(reader, mission)
    people.write_format_1_strength(reader, mission)
    key_figures.write_patrol_counts(reader, mission)
    key_figures.write_trainings(reader, mission)
    key_figures.write_fatalities(reader, mission)
    # Format 2's sections; a format-1 file has none of them, and what an earlier format-2 version of the
    # file brought is removed all the same.
    strength.write_stated_strength(reader, mission)
    strength.write_contributing_countries(reader, mission)
    money.write_finances(reader, mission)
    operational.write_key_figures(reader, mission)
    key_figures.write_rule_settings(reader, mission)
    finish_batch(batch, reader.result)
