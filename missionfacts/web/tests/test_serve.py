"""`missionfacts serve` runs as a server should: DEBUG off unless asked, its own stored secret key, static files."""

import os
import stat
import subprocess
import sys
import tempfile
from pathlib import Path
from unittest import mock

from django.test import SimpleTestCase

from missionfacts.settings import stored_secret_key
from missionfacts.web.management.commands import serve

ROOT = Path(__file__).resolve().parents[3]
# Prints the settings the `missionfacts` command would run a command with, without running it or setting up
# the database.
SHOW_SETTINGS = """
import sys
import types
from unittest import mock
import django.core.management
from missionfacts import cli

def show(argv):
    from django.conf import settings
    print(settings.DEBUG, settings.SECRET_KEY)

sys.modules["missionfacts.imports.reference"] = types.SimpleNamespace(ensure_database=lambda announce: None)
with mock.patch.object(django.core.management, "execute_from_command_line", show):
    cli.main(sys.argv[1:])
"""


class StoredSecretKeyTests(SimpleTestCase):
    def setUp(self):
        self.home = Path(tempfile.mkdtemp())

    def test_the_key_is_generated_once_readable_by_its_owner_only_and_then_reused(self):
        key = stored_secret_key(self.home)
        path = self.home / "secret.key"
        self.assertGreaterEqual(len(key), 50)
        self.assertEqual(stat.S_IMODE(path.stat().st_mode), 0o600)
        self.assertEqual(stored_secret_key(self.home), key)
        self.assertEqual(path.read_text().strip(), key)
        self.assertEqual(sorted(item.name for item in self.home.iterdir()), ["secret.key"])

    def test_another_installation_gets_another_key(self):
        self.assertNotEqual(stored_secret_key(self.home), stored_secret_key(Path(tempfile.mkdtemp())))


class ServeSettingsTests(SimpleTestCase):
    def run_command(self, *argv: str, **environment: str) -> tuple[str, str]:
        home = environment.pop("home")
        env = {key: value for key, value in os.environ.items()
               if key not in {"MISSIONFACTS_DEBUG", "MISSIONFACTS_SECRET_KEY", "DJANGO_SETTINGS_MODULE"}}
        env.update({"MISSIONFACTS_HOME": home, **environment})
        shown = subprocess.run([sys.executable, "-c", SHOW_SETTINGS, *argv], cwd=ROOT, env=env,
                               capture_output=True, text=True, timeout=120)
        self.assertEqual(shown.returncode, 0, shown.stderr)
        debug, key = shown.stdout.split()
        return debug, key

    def test_serve_runs_with_debug_off_and_a_key_of_its_own_kept_across_restarts(self):
        home = tempfile.mkdtemp()
        debug, key = self.run_command("serve", home=home)
        self.assertEqual(debug, "False")
        self.assertEqual(key, (Path(home) / "secret.key").read_text().strip())
        self.assertEqual(self.run_command("serve", home=home), ("False", key))

    def test_debug_and_the_key_are_what_the_environment_says_when_it_says_them(self):
        home = tempfile.mkdtemp()
        self.assertEqual(self.run_command("serve", home=home, MISSIONFACTS_DEBUG="true")[0], "True")
        given = "a-key-given-by-the-environment-" * 2
        self.assertEqual(self.run_command("serve", home=home, MISSIONFACTS_SECRET_KEY=given), ("False", given))
        self.assertFalse((Path(home) / "secret.key").exists())

    def test_other_commands_keep_debug_on_and_write_no_key(self):
        home = tempfile.mkdtemp()
        self.assertEqual(self.run_command("missions", home=home)[0], "True")
        self.assertFalse((Path(home) / "secret.key").exists())

    def test_serve_serves_the_static_files_itself_with_debug_off(self):
        with mock.patch.object(serve, "call_command") as runserver:
            serve.Command().handle(address="127.0.0.1:8123")
        runserver.assert_called_once_with("runserver", "127.0.0.1:8123", use_reloader=False, insecure_serving=True)
