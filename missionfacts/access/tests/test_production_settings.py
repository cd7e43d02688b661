"""A shared server is hardened: `check --deploy` is clean, sign-ins are rate-limited, no secret is committed."""

import importlib
import os
import re
import subprocess
import sys
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.contrib.auth.models import User
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


class LoginRateLimitTests(TestCase):
    """Sign-ins are limited by the base settings, those of `missionfacts serve`, and so of every server."""

    url = "/admin/login/"

    @classmethod
    def setUpTestData(cls):
        User.objects.create_superuser("admin", "admin@example.org", "the-right-password-1")
        User.objects.create_user("rokia", "rokia@example.org", "her-own-password-1", is_staff=True)

    def sign_in(self, username: str, password: str, address: str = "203.0.113.7", **headers):
        return self.client.post(self.url, {"username": username, "password": password}, REMOTE_ADDR=address,
                                **headers)

    def through_the_proxy(self, username: str, password: str, client: str, forwarded_before: str = ""):
        """A sign-in that reaches the server through one reverse proxy at 10.0.0.2."""
        return self.sign_in(username, password, address="10.0.0.2",
                            HTTP_X_FORWARDED_FOR=f"{forwarded_before}{client}")

    def test_the_fifth_failure_locks_and_then_even_the_right_password_is_refused(self):
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            self.assertEqual(self.sign_in("admin", "a-guess").status_code, 200)
        self.assertEqual(self.sign_in("admin", "a-guess").status_code, 429)
        refused = self.sign_in("admin", "the-right-password-1")
        self.assertEqual(refused.status_code, 429)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_below_the_limit_the_right_password_signs_in(self):
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            self.sign_in("admin", "a-guess")
        signed_in = self.sign_in("admin", "the-right-password-1")
        self.assertEqual(signed_in.status_code, 302)
        self.assertEqual(self.client.session["_auth_user_id"], str(User.objects.get(username="admin").pk))

    def test_a_locked_pair_does_not_lock_other_users_or_other_addresses(self):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            self.sign_in("admin", "a-guess")
        self.assertEqual(self.sign_in("rokia", "her-own-password-1").status_code, 302)
        self.client.logout()
        self.assertEqual(self.sign_in("admin", "the-right-password-1", address="198.51.100.9").status_code, 302)

    def test_the_default_settings_of_serve_refuse_the_right_password_after_30_wrong_ones(self):
        for _ in range(30):
            self.sign_in("admin", "a-guess")
        self.assertEqual(self.sign_in("admin", "the-right-password-1").status_code, 429)
        self.assertNotIn("_auth_user_id", self.client.session)

    @override_settings(MISSIONFACTS_TRUSTED_PROXIES=1)
    def test_behind_a_proxy_a_guesser_does_not_lock_out_the_rightful_user_at_another_address(self):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            self.through_the_proxy("admin", "a-guess", client="203.0.113.7")
        self.assertEqual(self.through_the_proxy("admin", "the-right-password-1", client="203.0.113.7").status_code,
                         429)
        signed_in = self.through_the_proxy("admin", "the-right-password-1", client="198.51.100.9")
        self.assertEqual(signed_in.status_code, 302)

    @override_settings(MISSIONFACTS_TRUSTED_PROXIES=1)
    def test_behind_a_proxy_addresses_the_guesser_writes_into_the_header_are_not_believed(self):
        for attempt in range(settings.AXES_FAILURE_LIMIT):
            self.through_the_proxy("admin", "a-guess", client="203.0.113.7", forwarded_before=f"192.0.2.{attempt}, ")
        refused = self.through_the_proxy("admin", "the-right-password-1", client="203.0.113.7",
                                         forwarded_before="192.0.2.99, ")
        self.assertEqual(refused.status_code, 429)


class TrustedProxiesSettingTests(SimpleTestCase):
    def test_a_number_of_proxies_that_is_not_a_number_is_refused_naming_the_variable(self):
        from django.core.exceptions import ImproperlyConfigured

        from missionfacts.access.signin import trusted_proxy_count

        for raw in ("two", "-1", "1.5", "99"):
            with self.subTest(raw=raw), mock.patch.dict(os.environ, {"MISSIONFACTS_TRUSTED_PROXIES": raw}):
                with self.assertRaisesMessage(ImproperlyConfigured, "MISSIONFACTS_TRUSTED_PROXIES must be"):
                    trusted_proxy_count()
        with mock.patch.dict(os.environ, {"MISSIONFACTS_TRUSTED_PROXIES": " 2 "}):
            self.assertEqual(trusted_proxy_count(), 2)


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
