"""MISSIONFACTS_CACHE_URL chooses where pages are cached, and a value that does not fit stops the start-up."""

import os
from unittest import mock

from django.core.exceptions import ImproperlyConfigured
from django.test import SimpleTestCase

from missionfacts.settings import cache_from_url


def cache_of(value: str | None) -> dict:
    environment = {} if value is None else {"MISSIONFACTS_CACHE_URL": value}
    with mock.patch.dict(os.environ, environment):
        if value is None:
            os.environ.pop("MISSIONFACTS_CACHE_URL", None)
        return cache_from_url("MISSIONFACTS_CACHE_URL")


class CacheSettingsTests(SimpleTestCase):
    def test_by_default_each_process_caches_in_its_own_memory(self):
        self.assertEqual(cache_of(None)["BACKEND"], "django.core.cache.backends.locmem.LocMemCache")
        self.assertEqual(cache_of("")["BACKEND"], "django.core.cache.backends.locmem.LocMemCache")

    def test_a_shared_cache_is_named_by_its_url(self):
        self.assertEqual(cache_of("db://missionfacts_cache")["LOCATION"], "missionfacts_cache")
        self.assertEqual(cache_of("dummy://")["BACKEND"], "django.core.cache.backends.dummy.DummyCache")

    def test_a_value_that_does_not_fit_is_refused_with_the_variables_name_and_without_its_secrets(self):
        for value in ("redis://", "memcached://", "db://two words", "http://cache", "cache.internal:6379"):
            with self.subTest(value=value), self.assertRaisesMessage(ImproperlyConfigured, "MISSIONFACTS_CACHE_URL"):
                cache_of(value)
        with self.assertRaises(ImproperlyConfigured) as refused:
            cache_of("https://user:s3cret@cache.internal")
        self.assertNotIn("s3cret", str(refused.exception))
