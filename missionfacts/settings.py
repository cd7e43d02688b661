"""Django settings for missionfacts, read from MISSIONFACTS_* environment variables.

MISSIONFACTS_HOME         folder for the default SQLite file and outputs (default ~/.local/share/missionfacts)
MISSIONFACTS_DATABASE_URL sqlite:///... or postgres://... (default: SQLite file in MISSIONFACTS_HOME)
MISSIONFACTS_SECRET_KEY   the key that signs sessions and tokens; unset with MISSIONFACTS_DEBUG false, one is
                          generated once into MISSIONFACTS_HOME/secret.key (readable by its owner) and reused
MISSIONFACTS_DEBUG        true/false (default true for the command line; `missionfacts serve` defaults to false,
                          so that a visitor never sees Django's technical error pages)
MISSIONFACTS_ALLOWED_HOSTS comma-separated host names
MISSIONFACTS_CACHE_URL    where computed pages and figures are cached (default: each process's memory);
                          see cache_from_url below
MISSIONFACTS_TRUSTED_PROXIES the number of reverse proxies in front of the server (default 0), whose
                          X-Forwarded-For tells the client's address to the sign-in limit (access.signin)

Sign-in attempts are limited by django-axes on every server (`missionfacts serve` and gunicorn alike): after
LOGIN_FAILURE_LIMIT failures for one user name from one client address, that pair is refused (HTTP 429) for
LOGIN_COOLOFF; a successful sign-in resets the count. The same user from another address signs in as usual.
"""

import importlib.util
import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from missionfacts.access.signin import trusted_proxy_count
from missionfacts.environment import env_bool, env_database, env_list, env_path

PACKAGE_DIR = Path(__file__).resolve().parent
HOME = env_path("MISSIONFACTS_HOME", Path.home() / ".local" / "share" / "missionfacts")

DEBUG = env_bool("MISSIONFACTS_DEBUG", True)
SECRET_KEY_FILE = "secret.key"


def stored_secret_key(home: Path) -> str:
    """This installation's secret key, generated on first need into `home` (readable by its owner) and reused.

    Reused, so that signing in survives a restart of `missionfacts serve`. The key is written whole to a
    file of its own first and then linked into place: of two processes creating it at once, one links its
    key and the other reads that one, never a file half written.
    """
    path = home / SECRET_KEY_FILE
    if path.exists():
        key = path.read_text(encoding="ascii").strip()
        if not key:
            raise ImproperlyConfigured(f"{path} is empty: delete it, and a new secret key is made.")
        return key
    home.mkdir(parents=True, exist_ok=True)
    draft = home / f".{SECRET_KEY_FILE}.{os.getpid()}"
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as stream:
        stream.write(secrets.token_urlsafe(50) + "\n")
    try:
        os.link(draft, path)
    except FileExistsError:
        pass
    finally:
        draft.unlink()
    return path.read_text(encoding="ascii").strip()


SECRET_KEY = os.environ.get("MISSIONFACTS_SECRET_KEY", "")
if not SECRET_KEY:
    # With DEBUG on (the command line's default), the fixed development key: nothing is served to others. A
    # server (`missionfacts serve`, DEBUG off) signs with its own generated key.
    SECRET_KEY = ("missionfacts-embedded-development-key-not-for-shared-deployments" if DEBUG
                  else stored_secret_key(HOME))
if not DEBUG:
    # Tracebacks of a crash go to the server's console (Django sends them there only with DEBUG on), while
    # the visitor sees the friendly 500 page.
    LOGGING = {"version": 1, "disable_existing_loggers": False,
               "handlers": {"console": {"class": "logging.StreamHandler"}},
               "loggers": {"django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False}}}
ALLOWED_HOSTS = env_list("MISSIONFACTS_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "missionfacts.imports",
    "missionfacts.missions",
    "missionfacts.personnel",
    "missionfacts.activities",
    "missionfacts.casualties",
    "missionfacts.figures",
    "missionfacts.checks",
    "missionfacts.factsheets",
    "missionfacts.web",
    "missionfacts.access",
    "missionfacts.api",
    "missionfacts.opendata",
    "axes",
]

# An uploaded file past the import size limit is stopped while it arrives, not once it is on disk.
FILE_UPLOAD_HANDLERS = [
    "missionfacts.web.uploads.SizeLimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# Said explicitly, at Django's defaults: a request's form fields (not its files) may hold 2.5 MiB, and an
# uploaded file larger than 2.5 MiB goes to a temporary file instead of memory. A mission file has its own
# lower limit (IMPORT_MAX_MISSION_FILE_BYTES, imports/limits.py), checked before it is parsed.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # The API's language: ?lang= or Accept-Language, else English (api.language).
    "missionfacts.api.language.api_language",
    "missionfacts.web.middleware.language_from_query",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Who made a change, for the history of every record (django-simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "missionfacts.web.middleware.content_security_policy",
]

# Sign-in rate limiting (django-axes), with its failures counted in the database, which every worker shares.
LOGIN_FAILURE_LIMIT = 5
LOGIN_COOLOFF = timedelta(minutes=15)
MISSIONFACTS_TRUSTED_PROXIES = trusted_proxy_count()
AUTHENTICATION_BACKENDS = ["missionfacts.access.backends.SignInLimit", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = LOGIN_COOLOFF
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "missionfacts.access.signin.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_VERBOSE = False

ROOT_URLCONF = "missionfacts.urls"
WSGI_APPLICATION = "missionfacts.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": env_database("MISSIONFACTS_DATABASE_URL", HOME / "missionfacts.sqlite3")}
# SQLite lets one writer in at a time. So that two imports (or an import and a sign-in) wait for each other
# instead of failing with "database is locked": every transaction takes the write lock when it begins (a
# transaction that read first and then wants to write cannot wait, SQLite refuses it at once), and waits up
# to SQLITE_BUSY_TIMEOUT seconds for it. In write-ahead-log mode, pages are read while an import writes, at any
# size, instead of waiting for its commit; synchronous=NORMAL is what WAL mode needs to stay safe on a crash
# of the process (only a power loss can take back the last commits).
SQLITE_BUSY_TIMEOUT = 300
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "timeout": SQLITE_BUSY_TIMEOUT,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def cache_from_url(name: str) -> dict:
    """The default cache from the environment variable `name`, one of the backends Django ships:

    (unset or empty), locmem://       each process's own memory (each Gunicorn worker fills its own)
    redis://host:6379/0, rediss://... Redis, shared by every worker and server (needs the `redis` package)
    memcached://host:11211[,host2:11211]  Memcached (needs the `pymemcache` package)
    db://table_name                   a table of the database (run `manage.py createcachetable` once)
    dummy://                          no cache: every request computes

    Memory per process is right by default because the cache keys hold the data version
    (missions.versions), which every write changes: no worker can serve what another one's write made stale,
    at the cost of one query per request for the version. A shared cache lets the workers share the work.
    """
    raw = os.environ.get(name, "").strip()
    scheme = urlsplit(raw).scheme if raw else "locmem"
    options = {"TIMEOUT": 24 * 3600, "KEY_PREFIX": "missionfacts"}
    if scheme == "locmem":
        # About 100 kB a facts page: a few hundred of them per worker at most.
        return {**options, "BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "missionfacts",
                "OPTIONS": {"MAX_ENTRIES": 300}}
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    location = raw.split("://", 1)[1] if "://" in raw else ""
    if scheme in {"redis", "rediss"} and urlsplit(raw).hostname:
        _require(name, "redis")
        return {**options, "BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": raw}
    if scheme == "memcached" and location and "/" not in location:
        _require(name, "pymemcache")
        return {**options, "BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache",
                "LOCATION": location.split(",")}
    if scheme == "db" and location.isidentifier():
        return {**options, "BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": location}
    # The value itself is not repeated: a Redis URL may hold a password.
    raise ImproperlyConfigured(
        f"{name} must be locmem://, redis://host:port/db, memcached://host:port, db://table_name or dummy:// "
        f"(it is a {scheme or 'scheme-less'} URL that does not fit)."
    )


def _require(name: str, package: str) -> None:
    if importlib.util.find_spec(package) is None:
        raise ImproperlyConfigured(f"{name} names a cache that needs the {package} package: pip install {package}.")


CACHES = {"default": cache_from_url("MISSIONFACTS_CACHE_URL")}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:staff"
LOGOUT_REDIRECT_URL = "web:missions"

STATIC_URL = "static/"
STATIC_ROOT = HOME / "static"

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Token first, so that an anonymous client is told to authenticate (401) rather than refused (403).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["missionfacts.api.permissions.MissionRecordPermission"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
        "missionfacts.api.renderers.SpreadsheetSafeCSVRenderer",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "missionfacts.api.pagination.PageNumberPagination",
    # Errors in the request's language (api.language), none left in Django's or Python's English.
    "EXCEPTION_HANDLER": "missionfacts.api.exceptions.translated_exception_handler",
    "PAGE_SIZE": 100,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "missionfacts API",
    "DESCRIPTION": "The sourced facts of UN peacekeeping missions, and the figures of their fact sheets.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from the drf-spectacular-sidecar package, so the page works offline.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # One name for the precision of every date (a mission's start and end, a term, a figure's date).
    "ENUM_NAME_OVERRIDES": {"DatePrecisionEnum": "missionfacts.missions.models.DatePrecision"},
}

# Backups: the `backup` and `restore` commands.
INSTALLED_APPS += ["missionfacts.backups"]
