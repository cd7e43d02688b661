"""Settings for a shared server: everything of missionfacts.settings, hardened for the open network.

    MISSIONFACTS_SECRET_KEY=... MISSIONFACTS_ALLOWED_HOSTS=facts.example.org \\
        gunicorn --env DJANGO_SETTINGS_MODULE=missionfacts.settings_production missionfacts.wsgi

`python manage.py check --deploy --settings=missionfacts.settings_production` is clean with these. On top of
the base settings' variables, this module reads:

MISSIONFACTS_SECRET_KEY           required: at least 50 characters, not the embedded development key
MISSIONFACTS_CSRF_TRUSTED_ORIGINS comma-separated https://host origins, when a proxy serves another host
MISSIONFACTS_BEHIND_PROXY         true when a reverse proxy terminates TLS and sets X-Forwarded-Proto

The facts pages and the figures API are cached under the data version (missions.versions), by default in
each worker's memory. With several servers, or to let workers share what they computed, point
MISSIONFACTS_CACHE_URL at a shared cache (see missionfacts.settings.cache_from_url):

    MISSIONFACTS_CACHE_URL=redis://cache.internal:6379/1      (pip install redis)
    MISSIONFACTS_CACHE_URL=memcached://cache.internal:11211   (pip install pymemcache)
    MISSIONFACTS_CACHE_URL=db://missionfacts_cache            (then: manage.py createcachetable)

Sign-in attempts are rate-limited by django-axes as the base settings configure it; behind a reverse proxy,
set MISSIONFACTS_TRUSTED_PROXIES to the number of proxies, so that the limit counts each client on its own.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from missionfacts import settings as base
from missionfacts.environment import env_bool, env_list

# Every setting of the base module, then the overrides below. (Not `import *`: the names stay explicit.)
globals().update({name: getattr(base, name) for name in dir(base) if name.isupper()})

DEBUG = False

SECRET_KEY = os.environ.get("MISSIONFACTS_SECRET_KEY", "")
EMBEDDED_DEVELOPMENT_KEY = "missionfacts-embedded-development-key-not-for-shared-deployments"
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY == EMBEDDED_DEVELOPMENT_KEY:
    raise ImproperlyConfigured(
        "MISSIONFACTS_SECRET_KEY must be set to a random value of at least 50 characters for a shared server, e.g. "
        "python -c 'import secrets; print(secrets.token_urlsafe(64))'."
    )

# HTTPS only: redirect plain HTTP, tell browsers to stay on HTTPS for a year, and send cookies over it only.
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 365 * 24 * 3600
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("MISSIONFACTS_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600  # one working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_TRUSTED_ORIGINS = env_list("MISSIONFACTS_CSRF_TRUSTED_ORIGINS", [])
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Keep each worker's database connection between requests: a new SQLite connection starts with an empty page
# cache and parses the schema again, which doubles the time of a figures request; a new PostgreSQL one costs a
# process fork on the server.
DATABASES = {alias: {**database, "CONN_MAX_AGE": database.get("CONN_MAX_AGE") or 600, "CONN_HEALTH_CHECKS": True}
             for alias, database in base.DATABASES.items()}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django": {"handlers": ["console"], "level": "WARNING"}},
}
