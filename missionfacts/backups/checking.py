"""Reading an archive safely: its shape, its signature and its checksums, before a restore writes anything.

An archive may come from anyone, so nothing in it is trusted before it is checked, and nothing is read
whole: the manifest is bounded, every member is read in chunks, and one row may not pass MAX_ROW_BYTES.
A member that claims more than MAX_MEMBER_BYTES, or that would grow more than MAX_RATIO times from its
compressed size (a "zip bomb"; a real backup's JSON lines grow 5 to 30 times), is refused before it is
read, and zipfile never inflates more than the size a member claims. Every refusal is one sentence.
"""

import hashlib
import json
import re
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from django.utils.translation import gettext as _

from missionfacts.backups.signing import SIGNATURE, verify

FORMAT = "missionfacts-backup/1"
MANIFEST = "manifest.json"
MEMBER_NAME = re.compile(r"data/[a-z0-9_]+\.[a-z0-9_]+\.jsonl")
MAX_MANIFEST_BYTES = 16 * 2**20
MAX_SIGNATURE_BYTES = 4096
# A published edition's PDF, in base64, is the longest row a backup writes.
MAX_ROW_BYTES = 64 * 2**20
MAX_MEMBER_BYTES = 64 * 2**30
MAX_RATIO = 200
# A backup writes one member a model, some seventy.
MAX_MEMBERS = 2000
READ_BYTES = 2**20


class ArchiveError(Exception):
    """A backup or restore that cannot be done, with the reason in words a user can act on."""


# Errors zipfile and zlib raise on a damaged or hostile archive, besides BadZipFile.
UNREADABLE = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, zlib.error, NotImplementedError,
              RuntimeError, UnicodeDecodeError)


def read_manifest(path: Path | BinaryIO, *, trust_unsigned: bool = False) -> dict:
    """The manifest of an archive, after checking its signature and every member against it."""
    return check_archive(path, trust_unsigned=trust_unsigned)[0]


def check_archive(path: Path | BinaryIO, *, trust_unsigned: bool = False) -> tuple[dict, str]:
    """The manifest and what its signature says ('signed', 'unsigned', 'other-key', 'altered'), once checked.

    An archive this installation did not sign is refused unless `trust_unsigned`.
    """
    file = Path(getattr(path, "name", path)).name
    try:
        with zipfile.ZipFile(path) as archive:
            _check_listing(archive, file)
            manifest_bytes = _read_small(archive, MANIFEST, MAX_MANIFEST_BYTES, file)
            if manifest_bytes is None:
                raise ArchiveError(_("%(file)s has no manifest: it is not a missionfacts backup.") % {"file": file})
            manifest = parse_manifest(manifest_bytes, file)
            signature = verify(manifest_bytes, _read_small(archive, SIGNATURE, MAX_SIGNATURE_BYTES, file))
            if signature != "signed" and not trust_unsigned:
                raise ArchiveError(untrusted_message(signature, file))
            extra = set(archive.namelist()) - {model["member"] for model in manifest["models"]} - {MANIFEST, SIGNATURE}
            if extra:
                raise ArchiveError(_("%(file)s has members its manifest does not list (%(members)s): it has been "
                                     "altered; it will not be restored.")
                                   % {"file": file, "members": ", ".join(sorted(extra))})
            for model in manifest["models"]:
                _check_member(archive, model, file)
    except UNREADABLE as error:
        raise ArchiveError(_("%(file)s is not a readable backup archive (%(error)s).")
                           % {"file": file, "error": error}) from None
    return manifest, signature


def untrusted_message(signature: str, file: str) -> str:
    risk = _("Anyone who could change it could have added users, administrators included, or changed any record.")
    if signature == "other-key":
        why = _("%(file)s was signed by another installation, or with a key this one no longer holds. Copy that "
                "installation's backup-signing.key into MISSIONFACTS_HOME, or, if you know where the archive comes "
                "from, restore it with --trust-unsigned-archive.") % {"file": file}
    elif signature == "altered":
        why = _("%(file)s does not match its signature: its manifest was changed after the backup was written. "
                "Restore it only if you know who changed it and why, with --trust-unsigned-archive.") % {"file": file}
    else:
        why = _("%(file)s is not signed by this installation. Restore it only if you know where it comes from, with "
                "--trust-unsigned-archive.") % {"file": file}
    return f"{why} {risk}"


def _check_listing(archive: zipfile.ZipFile, file: str) -> None:
    """Every member's name and size, before any is read."""
    if len(archive.infolist()) > MAX_MEMBERS:
        raise ArchiveError(_("%(file)s holds %(count)d members, far more than a backup writes: it will not be "
                             "restored.") % {"file": file, "count": len(archive.infolist())})
    names = Counter(archive.namelist())
    for info in archive.infolist():
        if info.filename not in (MANIFEST, SIGNATURE) and not MEMBER_NAME.fullmatch(info.filename):
            raise ArchiveError(_("%(file)s holds a member whose name no backup writes (%(member)s): it will not be "
                                 "restored.") % {"file": file, "member": info.filename})
        if names[info.filename] > 1:
            raise ArchiveError(_("%(file)s holds %(member)s twice: it has been altered; it will not be restored.")
                               % {"file": file, "member": info.filename})
        if info.file_size > MAX_MEMBER_BYTES:
            raise ArchiveError(_("%(member)s in %(file)s claims %(size)d bytes, more than a backup member may hold: "
                                 "it will not be restored.")
                               % {"member": info.filename, "file": file, "size": info.file_size})
        if info.file_size > READ_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ArchiveError(_("%(member)s in %(file)s would grow %(ratio)d times when read, far more than a backup "
                                 "does (a decompression bomb): it will not be restored.")
                               % {"member": info.filename, "file": file,
                                  "ratio": info.file_size // max(info.compress_size, 1)})


def _read_small(archive: zipfile.ZipFile, name: str, limit: int, file: str) -> bytes | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > limit:
        raise ArchiveError(_("%(member)s in %(file)s is larger than a backup writes it: it will not be restored.")
                           % {"member": name, "file": file})
    return archive.read(info)


def parse_manifest(manifest_bytes: bytes, file: str) -> dict:
    """The manifest, once its shape is the one `backup` writes; one sentence naming what is wrong otherwise."""
    try:
        manifest = json.loads(manifest_bytes)
    except ValueError:
        raise ArchiveError(_("The manifest of %(file)s is not valid JSON: it has been damaged or altered.")
                           % {"file": file}) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ArchiveError(_("%(file)s is not a backup this version of missionfacts reads (format %(format)s).")
                           % {"file": file, "format": FORMAT})
    problem = _shape_problem(manifest)
    if problem:
        raise ArchiveError(_("The manifest of %(file)s is not one a backup writes (%(problem)s): it has been damaged "
                             "or altered.") % {"file": file, "problem": problem})
    return manifest


def _shape_problem(manifest: dict) -> str:
    migrations = manifest.get("migrations")
    if not isinstance(manifest.get("created_at"), str):
        return "created_at"
    if not isinstance(manifest.get("secrets", True), bool):
        return "secrets"
    if not isinstance(migrations, dict) or not all(
            isinstance(names, list) and all(isinstance(name, str) for name in names) for names in migrations.values()):
        return "migrations"
    models = manifest.get("models")
    if not isinstance(models, list):
        return "models"
    labels = set()
    for index, model in enumerate(models):
        if not (isinstance(model, dict) and isinstance(model.get("label"), str)
                and model.get("member") == f"data/{model['label'].lower()}.jsonl"
                and isinstance(model.get("columns"), list) and all(isinstance(c, str) for c in model["columns"])
                and type(model.get("rows")) is int and model["rows"] >= 0
                and isinstance(model.get("sha256"), str) and re.fullmatch(r"[0-9a-f]{64}", model["sha256"])
                and model["label"] not in labels):
            return f"models[{index}]"
        labels.add(model["label"])
    return ""


def _check_member(archive: zipfile.ZipFile, model: dict, file: str) -> None:
    digest = hashlib.sha256()
    rows = 0
    since_newline = 0
    try:
        with archive.open(model["member"]) as member:
            while chunk := member.read(READ_BYTES):
                digest.update(chunk)
                newlines = chunk.count(b"\n")
                rows += newlines
                since_newline = len(chunk) - chunk.rfind(b"\n") - 1 if newlines else since_newline + len(chunk)
                if since_newline > MAX_ROW_BYTES:
                    raise ArchiveError(_("%(member)s in %(file)s has a row longer than a backup writes: it will "
                                         "not be restored.") % {"member": model["member"], "file": file})
    except KeyError:
        raise ArchiveError(_("%(member)s is missing from %(file)s: it will not be restored.")
                           % {"member": model["member"], "file": file}) from None
    except (zipfile.BadZipFile, EOFError, zlib.error) as error:
        raise ArchiveError(_("%(member)s in %(file)s is damaged (%(error)s): it will not be restored.")
                           % {"member": model["member"], "file": file, "error": error}) from None
    rows += 1 if since_newline else 0
    if digest.hexdigest() != model["sha256"] or rows != model["rows"]:
        raise ArchiveError(_("%(member)s in %(file)s does not match its checksum in the manifest: the archive "
                             "has been altered or damaged; nothing was restored.")
                           % {"member": model["member"], "file": file})


def rows_of(archive: zipfile.ZipFile, member: str) -> Iterator[list]:
    """The rows of a member, one line at a time, none longer than MAX_ROW_BYTES."""
    with archive.open(member) as stream:
        while line := stream.readline(MAX_ROW_BYTES + 1):
            if len(line) > MAX_ROW_BYTES:
                raise ArchiveError(_("%(member)s has a row longer than a backup writes: it will not be restored.")
                                   % {"member": member})
            try:
                row = json.loads(line)
            except ValueError:
                raise ArchiveError(_("%(member)s holds a row that is not JSON: it will not be restored.")
                                   % {"member": member}) from None
            yield row
