"""Running an uploaded file through the same importer as `missionfacts import`, within the user's missions.

An editor may import only into the missions they edit. A mission file names its mission, which must be the
one chosen; any other file is imported inside a transaction that is rolled back if it changed a record of
another mission (or created one), so an editor cannot change another mission by any kind of file.
"""

import tempfile
from pathlib import Path

import yaml
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from missionfacts.imports.limits import limit, mission_file_too_big_reason
from missionfacts.imports.problems import ImportResult, Problem
from missionfacts.imports.registry import importer_for
from missionfacts.imports.yaml_lines import load_with_lines
from missionfacts.missions.models import Mission
from missionfacts.web.records import mission_lookup, record_models


class SizeLimitedUploadHandler(FileUploadHandler):
    """Stops receiving an uploaded file as soon as it passes IMPORT_MAX_FILE_BYTES, before Django writes the rest
    of it to disk: a file too big to import must not fill the server's disk first.

    The rest of the request is read and dropped (so the browser gets an answer, not a reset connection), the
    file is left out of request.FILES, and `request.upload_too_big` names it for the page to explain.
    """

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.limit = limit("IMPORT_MAX_FILE_BYTES")

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if start + len(raw_data) > self.limit:
            self.request.upload_too_big = self.file_name
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handlers (memory, then a temporary file) keep the file


class _ChangedOtherMissions(Exception):
    pass


def run_upload(kind: str, upload, mission: Mission | None, *, user, dry_run: bool,
               allowed: QuerySet[Mission] | None) -> ImportResult:
    """Import the uploaded file; `allowed` is None for an administrator, else the missions the user edits."""
    importer = importer_for(kind)
    if kind == "mission" and upload.size > limit("IMPORT_MAX_MISSION_FILE_BYTES"):
        # Refused before it is written out or parsed: YAML is parsed in pure Python, and a mission file many
        # times larger than any real one would hold a server worker for minutes.
        name = Path(upload.name).name or "upload"
        return _refused(name, kind, "", "", mission_file_too_big_reason(upload.size))
    with tempfile.TemporaryDirectory(prefix="missionfacts-upload-") as folder:
        # The importer names the file in its report, so it keeps the name it was uploaded under.
        path = Path(folder) / (Path(upload.name).name or "upload")
        with open(path, "wb") as stream:
            for chunk in upload.chunks():
                stream.write(chunk)
        if allowed is not None and kind == "mission":
            named = _named_mission(path)
            if named is None:
                # Unreadable enough not to say its mission: it can only be checked, and the report says why.
                dry_run = True
            elif mission is None or named.upper() != mission.acronym.upper():
                return _refused(path.name, kind, "mission.acronym", named, _(
                    "This file is about %(named)s, not the mission chosen; you may import only into the "
                    "missions you edit.") % {"named": named})
        if allowed is None or dry_run:
            return importer(path, mission=mission, user=user, dry_run=dry_run)
        return _within(importer, path, kind, mission, user, allowed)


def _named_mission(path: Path) -> str | None:
    try:
        # The importer's own loader, which refuses aliases, deep nesting and huge numbers before building
        # anything: a "billion laughs" file must not unfold here either.
        data = load_with_lines(path.read_text(encoding="utf-8-sig"))
        acronym = data["mission"]["acronym"]
    except (OSError, UnicodeDecodeError, yaml.YAMLError, TypeError, KeyError):
        return None
    return str(acronym) if acronym else None


def _refused(file: str, kind: str, column: str, value: str, reason: str) -> ImportResult:
    return ImportResult(file=file, kind=kind, problems=[Problem(file, None, column, value, reason)])


def _outside(allowed: QuerySet[Mission]) -> dict:
    """How many rows of each kind the missions outside `allowed` have, and how many missions there are."""
    ids = list(allowed.values_list("pk", flat=True))
    counts = {"missions": Mission.objects.count()}
    for model, path in record_models():
        counts[model._meta.label] = model.objects.exclude(**{mission_lookup(path, "in"): ids}).count()
    return counts


def _touched_outside(allowed: QuerySet[Mission], batch_id: int | None) -> bool:
    if batch_id is None:
        return False
    ids = list(allowed.values_list("pk", flat=True))
    for model, path in record_models():
        if any(field.name == "import_batch" for field in model._meta.fields):
            written = model.objects.filter(import_batch_id=batch_id)
            if written.exclude(**{mission_lookup(path, "in"): ids}).exists():
                return True
    return False


def _within(importer, path: Path, kind: str, mission, user, allowed) -> ImportResult:
    try:
        with transaction.atomic():
            before = _outside(allowed)
            result = importer(path, mission=mission, user=user, dry_run=False)
            if result.ok and (_touched_outside(allowed, result.batch_id) or _outside(allowed) != before):
                raise _ChangedOtherMissions
    except _ChangedOtherMissions:
        return _refused(path.name, kind, "", "", _(
            "This file changes records of missions you do not edit; nothing was imported. Ask an "
            "administrator to import it."))
    return result
