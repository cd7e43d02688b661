"""A shared server is hardened: `check --deploy` is clean, sign-ins are rate-limited, no secret is committed."""

import importlib
import os
import re
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core import checks
from django.test import SimpleTestCase, TestCase, override_settings

ROOT = Path(__file__).resolve().parents[3]
DEPLOY_CHECK_KEY = "test-only-" + "k3y-for-the-deploy-check-" * 3


def production_settings():
    """The production settings module, imported with the secret key it requires."""
    with mock.patch.dict(os.environ, {"MISSIONFACTS_SECRET_KEY": DEPLOY_CHECK_KEY}):
        return importlib.import_module("missionfacts.settings_production")


def manage(*arguments: str, secret_key: str | None = DEPLOY_CHECK_KEY) -> subprocess.CompletedProcess:
    environment = {**os.environ, "MISSIONFACTS_HOME": os.environ.get("MISSIONFACTS_HOME", "/tmp")}
    environment.pop("MISSIONFACTS_SECRET_KEY", None)
    environment.pop("MISSIONFACTS_DEBUG", None)
    if secret_key is not None:
        environment["MISSIONFACTS_SECRET_KEY"] = secret_key
    return subprocess.run([sys.executable, "manage.py", *arguments, "--settings=missionfacts.settings_production"],
                          cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300)


class DeployCheckTests(SimpleTestCase):
    def test_the_deploy_check_is_clean_with_the_production_settings(self):
        checked = manage("check", "--deploy", "--fail-level", "DEBUG")
        self.assertEqual(checked.returncode, 0, checked.stdout + checked.stderr)
        self.assertIn("System check identified no issues", checked.stdout)

    def test_the_production_settings_refuse_to_start_without_a_secret_key(self):
        refused = manage("check", secret_key=None)
        self.assertNotEqual(refused.returncode, 0)
        self.assertIn("MISSIONFACTS_SECRET_KEY must be set", refused.stderr)

    def test_the_production_settings_refuse_the_embedded_development_key(self):
        refused = manage("check", secret_key="missionfacts-embedded-development-key-not-for-shared-deployments")
        self.assertIn("MISSIONFACTS_SECRET_KEY must be set", refused.stderr)

    def test_cookies_travel_over_https_only_and_scripts_cannot_read_them(self):
        production = production_settings()
        self.assertFalse(production.DEBUG)
        self.assertTrue(production.SESSION_COOKIE_SECURE and production.CSRF_COOKIE_SECURE)
        self.assertTrue(production.SESSION_COOKIE_HTTPONLY and production.CSRF_COOKIE_HTTPONLY)
        self.assertTrue(production.SECURE_SSL_REDIRECT)
        self.assertGreaterEqual(production.SECURE_HSTS_SECONDS, 365 * 24 * 3600)


@contextmanager
def login_rate_limiting():
    """django-axes as the production settings configure it, with its counts in a cache instead of tables that
    the test database does not have; its signal receivers are removed again afterwards."""
    production = production_settings()
    with override_settings(
        INSTALLED_APPS=[*settings.INSTALLED_APPS, "axes"],
        MIDDLEWARE=production.MIDDLEWARE,
        AUTHENTICATION_BACKENDS=production.AUTHENTICATION_BACKENDS,
        AXES_FAILURE_LIMIT=production.AXES_FAILURE_LIMIT,
        AXES_COOLOFF_TIME=production.AXES_COOLOFF_TIME,
        AXES_LOCKOUT_PARAMETERS=production.AXES_LOCKOUT_PARAMETERS,
        AXES_RESET_ON_SUCCESS=production.AXES_RESET_ON_SUCCESS,
        AXES_VERBOSE=False,
        AXES_HANDLER="axes.handlers.cache.AxesCacheHandler",
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "axes-test"}},
    ):
        import axes.conf
        from axes import signals
        from axes.handlers.proxy import AxesProxyHandler

        # axes.conf puts its defaults on the settings when first imported: again, on these settings.
        importlib.reload(axes.conf)
        AxesProxyHandler.get_implementation(force=True)
        receivers = [(user_login_failed, signals.handle_user_login_failed),
                     (user_logged_in, signals.handle_user_logged_in),
                     (user_logged_out, signals.handle_user_logged_out)]
        for signal, receiver in receivers:
            signal.connect(receiver)
        try:
            yield production
        finally:
            for signal, receiver in receivers:
                signal.disconnect(receiver)
            # Its system checks too, which would otherwise warn every later command that axes is not set up.
            registry = checks.registry.registry
            for check in [*registry.registered_checks, *registry.deployment_checks]:
                if getattr(check, "__module__", "") == "axes.checks":
                    registry.registered_checks.discard(check)
                    registry.deployment_checks.discard(check)
            # And its admin pages, registered when its app was loaded: a later admin page would otherwise fail
            # with "No installed app with label 'axes'".
            from django.contrib import admin

            for model in [model for model in admin.site._registry if model._meta.app_label == "axes"]:
                admin.site.unregister(model)
            from django.core.cache import cache

            cache.clear()


class LoginRateLimitTests(TestCase):
    url = "/admin/login/"

    @classmethod
    def setUpTestData(cls):
        User.objects.create_superuser("admin", "admin@example.org", "the-right-password-1")
        User.objects.create_user("rokia", "rokia@example.org", "her-own-password-1", is_staff=True)

    def sign_in(self, username: str, password: str, address: str = "203.0.113.7"):
        return self.client.post(self.url, {"username": username, "password": password}, REMOTE_ADDR=address)

    def test_the_fifth_failure_locks_and_then_even_the_right_password_is_refused(self):
        with login_rate_limiting() as production:
            for _ in range(production.AXES_FAILURE_LIMIT - 1):
                self.assertEqual(self.sign_in("admin", "a-guess").status_code, 200)
            self.assertEqual(self.sign_in("admin", "a-guess").status_code, 429)
            refused = self.sign_in("admin", "the-right-password-1")
        self.assertEqual(refused.status_code, 429)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_below_the_limit_the_right_password_signs_in(self):
        with login_rate_limiting() as production:
            for _ in range(production.AXES_FAILURE_LIMIT - 1):
                self.sign_in("admin", "a-guess")
            signed_in = self.sign_in("admin", "the-right-password-1")
        self.assertEqual(signed_in.status_code, 302)
        self.assertEqual(self.client.session["_auth_user_id"], str(User.objects.get(username="admin").pk))

    def test_a_locked_pair_does_not_lock_other_users_or_other_addresses(self):
        with login_rate_limiting() as production:
            for _ in range(production.AXES_FAILURE_LIMIT):
                self.sign_in("admin", "a-guess")
            self.assertEqual(self.sign_in("rokia", "her-own-password-1").status_code, 302)
            self.client.logout()
            self.assertEqual(self.sign_in("admin", "the-right-password-1", address="198.51.100.9").status_code, 302)

    def test_without_the_production_settings_nothing_is_limited(self):
        for _ in range(8):
            self.sign_in("admin", "a-guess")
        self.assertEqual(self.sign_in("admin", "the-right-password-1").status_code, 302)


# Likely secrets: private keys, cloud and service tokens, and Django secret keys written into the code.
SECRET_PATTERNS = {
    "private key": re.compile(r"-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP )?PRIVATE KEY"),
    "AWS access key": re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"),
    "GitHub token": re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36,}\b"),
    "Slack token": re.compile(r"\bxox[abpr]-[A-Za-z0-9-]{10,}"),
    "Google API key": re.compile(r"\bAIza[0-9A-Za-z_\-]{35}\b"),
    "Django secret key": re.compile(r"SECRET_KEY\s*=\s*[\"'](?!missionfacts-embedded-development-key)[^\"']{8,}"),
    "password in a URL": re.compile(r"\b(?:postgres(?:ql)?|mysql|redis|amqp)://[^\s:/@\"']+:[^\s@\"'/]{4,}@"),
}


class NoSecretInTheRepositoryTests(SimpleTestCase):
    def tracked_files(self) -> list[Path]:
        try:
            listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
        except (OSError, subprocess.CalledProcessError):
            self.skipTest("not a git checkout")
        return [ROOT / name for name in listed.stdout.decode().split("\0") if name]

    def test_no_tracked_file_holds_a_likely_secret(self):
        found = []
        for path in self.tracked_files():
            if not path.is_file() or path.stat().st_size > 5_000_000:
                continue
            text = path.read_bytes().decode("utf-8", errors="ignore")
            found += [f"{path.relative_to(ROOT)}: {kind}" for kind, pattern in SECRET_PATTERNS.items()
                      if pattern.search(text)]
        self.assertEqual(found, [])

    def test_the_patterns_find_what_they_look_for(self):
        # Written in pieces, so that this file does not hold what it looks for.
        samples = {
            "private key": "-----BEGIN RSA " + "PRIVATE KEY-----",
            "AWS access key": "aws_access_key_id = " + "AKIA" + "IOSFODNN7EXAMPLE",
            "Django secret key": "SECRET_KEY" + ' = "django-insecure-abcdefghijklmnop"',
            "password in a URL": "postgres://missionfacts:" + "hunter22@db.example.org/facts",
        }
        for kind, sample in samples.items():
            with self.subTest(kind=kind):
                self.assertRegex(sample, SECRET_PATTERNS[kind])
        self.assertNotRegex('SECRET_KEY = "missionfacts-embedded-development-key-not-for-shared-deployments"',
                            SECRET_PATTERNS["Django secret key"])
