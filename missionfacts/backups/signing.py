"""The installation's signature on its backups, so that a restore can tell its own archives from anyone's.

The manifest lists every member's SHA-256, so whoever can write an archive can change a member and hash it
again: checksums find damage, not tampering. A backup therefore also holds `manifest.sig`, an HMAC-SHA256 of
the manifest's exact bytes with a key only this installation holds, and a restore checks it before anything.

The key is a file, `backup-signing.key` in MISSIONFACTS_HOME, 32 random bytes created readable by its owner
only (0600) the first time a backup is written or checked. It is not derived from SECRET_KEY: every
development installation shares the embedded development key, so any of them would trust the others'
archives, and a rotated SECRET_KEY would disown every earlier backup. To restore on another machine, copy
the key file there with the archives (kept apart from them), or restore with --trust-unsigned-archive.
"""

import hashlib
import hmac
import json
import os
import secrets
from pathlib import Path

from django.conf import settings

SIGNATURE = "manifest.sig"
ALGORITHM = "HMAC-SHA256"
KEY_FILE = "backup-signing.key"


def key_path() -> Path:
    return Path(settings.HOME) / KEY_FILE


def signing_key() -> bytes:
    """This installation's key, created on first need, readable by its owner only."""
    path = key_path()
    try:
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # O_EXCL: of two processes creating the key at once, one writes it and the other reads it.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    key = secrets.token_bytes(32)
    with os.fdopen(descriptor, "w", encoding="ascii") as stream:
        stream.write(key.hex() + "\n")
        stream.flush()
        os.fsync(stream.fileno())
    return key


def key_id(key: bytes) -> str:
    """A short name for a key that says nothing of the key itself."""
    return hashlib.sha256(b"missionfacts-backup-key-id:" + key).hexdigest()[:16]


def signature_of(manifest: bytes) -> bytes:
    """The contents of `manifest.sig` for these manifest bytes."""
    key = signing_key()
    return json.dumps({"algorithm": ALGORITHM, "key": key_id(key),
                       "signature": hmac.new(key, manifest, hashlib.sha256).hexdigest()}).encode("ascii")


def verify(manifest: bytes, signature: bytes | None) -> str:
    """'signed' when this installation signed these manifest bytes; else why not: 'unsigned', 'other-key', 'altered'."""
    if signature is None:
        return "unsigned"
    try:
        claimed = json.loads(signature)
        algorithm, claimed_key, digest = claimed["algorithm"], claimed["key"], claimed["signature"]
    except (ValueError, TypeError, KeyError):
        return "altered"
    key = signing_key()
    if algorithm != ALGORITHM or not isinstance(digest, str):
        return "altered"
    if claimed_key != key_id(key):
        return "other-key"
    expected = hmac.new(key, manifest, hashlib.sha256).hexdigest()
    return "signed" if hmac.compare_digest(expected, digest) else "altered"
