"""Shequ settings: one module, driven by environment variables.

Every value that differs between a laptop and a government deployment is read from the
environment (or from a file named by `<NAME>_FILE`, for container secrets). The defaults
give a working development setup with SQLite and no other service.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str | None = None) -> str | None:
    """Read NAME from the environment, or the contents of the file named by NAME_FILE."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in (env(name, default) or "").split(",") if item.strip()]


# Fail closed: production is the default. Development (the public development key, keys
# derived from it, the demo password) needs SHEQU_DEV=1, which `make run` and the tests set.
SHEQU_DEV = env_bool("SHEQU_DEV", False)
DEBUG = env_bool("DJANGO_DEBUG", False)
DEV_SECRET_KEY = "dev-insecure-shequ-key-change-me"  # noqa: S105 (public, development only)
SECRET_KEY = env("DJANGO_SECRET_KEY") or ""
# Encryption of personal identifiers at rest (shequ/core/crypto.py). Production sets both.
SHEQU_FIELD_KEYS = env("SHEQU_FIELD_KEYS", "") or ""
SHEQU_HASH_KEY = env("SHEQU_HASH_KEY", "") or ""


def _refuse_to_start_without_keys() -> None:
    """Outside development, name every missing key and stop."""
    missing = [
        name
        for name, value in (
            ("DJANGO_SECRET_KEY", SECRET_KEY if SECRET_KEY != DEV_SECRET_KEY else ""),
            ("SHEQU_FIELD_KEYS", SHEQU_FIELD_KEYS),
            ("SHEQU_HASH_KEY", SHEQU_HASH_KEY),
        )
        if not value
    ]
    if missing:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "Shequ refuses to start in production without "
            + ", ".join(missing)
            + " (set them, or NAME_FILE naming a file that holds them; "
            "a new key: python3 -c 'import base64,secrets; "
            "print(base64.b64encode(secrets.token_bytes(32)).decode())'). "
            "For development on a laptop set SHEQU_DEV=1."
        )


# Commands that read only the code (no request served, no record read or written) start
# without the keys, so that a checkout can check its migrations or compile its translations.
CODE_ONLY_COMMANDS = {"makemigrations", "compile_translations", "help", "version"}


def _code_only_command() -> bool:
    import sys

    return (
        len(sys.argv) > 1
        and Path(sys.argv[0]).name == "manage.py"
        and sys.argv[1] in CODE_ONLY_COMMANDS
    )


if SHEQU_DEV:
    SECRET_KEY = SECRET_KEY or DEV_SECRET_KEY
elif _code_only_command():
    import secrets

    SECRET_KEY = SECRET_KEY or secrets.token_urlsafe(50)  # never used to sign anything
else:
    _refuse_to_start_without_keys()

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "shequ.core",
    "shequ.divisions",
    "shequ.organizations",
    "shequ.accounts",
    "shequ.audit",
    "shequ.imports",
    "shequ.residents",
    "shequ.projects",
    "shequ.delivery",
    "shequ.protection",
    "shequ.volunteers",
    "shequ.trainings",
    "shequ.placements",
    "shequ.sharing",
    "shequ.research",
    "shequ.community_orgs",
    "shequ.stats",
    "shequ.workbench",
    "shequ.ops",
    "shequ.notifications",
]

MIDDLEWARE = [
    "shequ.ops.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "shequ.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "shequ.accounts.middleware.SessionMiddleware",  # Django's; background polls write nothing
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "shequ.accounts.middleware.IdleTimeoutMiddleware",
    "shequ.core.api_contract.ApiContractMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "shequ.core.middleware.AppErrorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "shequ.audit.reads.ReadLogMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "shequ.core.context_processors.shell",
                "shequ.workbench.context_processors.navigation",
                "shequ.notifications.context_processors.bell",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}") or "",
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60") or 60),
    )
}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # A request never waits long for a database that is down (a restart): it answers 503
    # (shequ/ops/middleware.py). The statement timeout belongs on the role (docs/deployment.md);
    # SHEQU_DB_STATEMENT_TIMEOUT_MS sets it per connection where the role cannot be altered.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault(
        "connect_timeout", int(env("SHEQU_DB_CONNECT_TIMEOUT", "5") or 5)
    )
    if env("SHEQU_DB_STATEMENT_TIMEOUT_MS"):
        DATABASES["default"]["OPTIONS"]["options"] = (
            f"-c statement_timeout={int(env('SHEQU_DB_STATEMENT_TIMEOUT_MS') or 0)}"
        )
    # a connection the database closed (restart) is replaced before use, not failed on
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", "timeout": 20}
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # covering indexes (INCLUDE) speed up PostgreSQL; SQLite builds them without the extra
    # columns, which is fine for the embedded default
    SILENCED_SYSTEM_CHECKS = ["models.W040"]

# A read replica for statistics and exports (shequ/ops/db_router.py); unset: all on the primary
if env("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = {
        **dj_database_url.parse(
            env("DATABASE_REPLICA_URL") or "", conn_max_age=DATABASES["default"]["CONN_MAX_AGE"]
        ),
        "OPTIONS": dict(DATABASES["default"].get("OPTIONS", {})),
        "CONN_HEALTH_CHECKS": True,
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["shequ.ops.db_router.ReplicaRouter"]
SHEQU_REPLICA_PATHS = env_list("SHEQU_REPLICA_PATHS", "/stats/,/api/v1/stats,/residents/export")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["shequ.accounts.backends.LockoutAwareBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "workbench:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# 等保三级: Argon2 first; older hashes are upgraded at the next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "shequ.accounts.passwords.LengthValidator"},
    {"NAME": "shequ.accounts.passwords.CharacterClassValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "shequ.accounts.passwords.NameSimilarityValidator"},
    {"NAME": "shequ.accounts.passwords.CommonPasswordValidator"},
    {"NAME": "shequ.accounts.passwords.DemoPasswordValidator"},
]

# Sessions end after 30 idle minutes (the live value comes from the security policy;
# IdleTimeoutMiddleware enforces it, the cookie age is the backstop).
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
# requests the page makes by itself: they neither keep the session alive nor write it
SHEQU_BACKGROUND_PATHS = ("/workbench/nav/",)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from a meta tag, not the cookie

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", False)
# load balancers and Prometheus ask over plain HTTP inside the network
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = int(env("DJANGO_HSTS_SECONDS", "0") or 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
if env_bool("DJANGO_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True

FORM_RENDERER = "shequ.core.rendering.ShequFormRenderer"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = env("SHEQU_TIME_ZONE", "Asia/Shanghai") or "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("SHEQU_MEDIA_ROOT", str(BASE_DIR / "media")) or "media")
STORAGES = {
    # the local store, which says when the disk is full (shequ/ops/storage.py); several web
    # machines share an S3-compatible store instead (docs/deployment.md)
    "default": {"BACKEND": "shequ.ops.storage.MediaStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG and env_bool("SHEQU_MANIFEST_STATIC", False)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = True

# Background work: Celery with Redis in production; without CELERY_BROKER_URL, tasks run
# in a thread of the web process so that the embedded default needs no Redis.
CELERY_BROKER_URL = env("CELERY_BROKER_URL")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TIMEZONE = TIME_ZONE
# A job whose worker dies (killed, out of memory) goes back to the queue and runs again on
# another worker instead of staying "running"; imports and reports are written in one
# transaction each, so a second run starts clean.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A job whose worker was killed goes back to the queue after this many seconds (Redis broker):
# longer than the longest import or report, or a slow job would be run twice.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(env("SHEQU_BROKER_VISIBILITY_TIMEOUT", "1800") or 1800)
}
# with the broker down, publishing gives up after about 3 seconds and the work runs in the
# web process instead (shequ/core/background.py)
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    # misses instead of failing when Redis is down (shequ/ops/cache.py)
    CACHES = {
        "default": {
            "BACKEND": "shequ.ops.cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# What a bearer token stands for, kept in the cache between requests
# (shequ/accounts/token_cache.py): only where the cache is shared by every process, so on by
# default with Redis.
SHEQU_AUTH_CACHE = env_bool("SHEQU_AUTH_CACHE", bool(REDIS_URL))

SHEQU_DEMO_PASSWORD = env("SHEQU_DEMO_PASSWORD", "Shequ@2026") or "Shequ@2026"
# base32 TOTP secret of the demo accounts that need a second factor (administrators and
# protection roles); unset: the documented default of shequ/accounts/second_factor.py
SHEQU_DEMO_TOTP_SECRET = env("SHEQU_DEMO_TOTP_SECRET", "") or ""
SHEQU_API_TOKEN_IDLE_MINUTES = int(env("SHEQU_API_TOKEN_IDLE_MINUTES", "30") or 30)
# A CJK font for PDFs (certificates); by default the Noto CJK of the Debian package fonts-noto-cjk
SHEQU_CJK_FONT = env("SHEQU_CJK_FONT", "") or ""
SHEQU_PROTECTION_ACK_HOURS = int(env("SHEQU_PROTECTION_ACK_HOURS", "24") or 24)
SHEQU_BREAK_GLASS_HOURS = int(env("SHEQU_BREAK_GLASS_HOURS", "4") or 4)
# Case studies: a community with fewer residents is named by its street (or district)
SHEQU_SMALL_COMMUNITY_RESIDENTS = int(env("SHEQU_SMALL_COMMUNITY_RESIDENTS", "500") or 500)
# Research extracts: the share of a population that may be suppressed, and the key of the
# pseudonyms (base64 of 32 random bytes; derived from SECRET_KEY when unset)
SHEQU_RESEARCH_MAX_SUPPRESSED = float(env("SHEQU_RESEARCH_MAX_SUPPRESSED", "0.05") or 0.05)
SHEQU_RESEARCH_KEY = env("SHEQU_RESEARCH_KEY", "") or ""

# Notifications (shequ/notifications): e-mail through Django's mail. With EMAIL_HOST set, SMTP;
# without it, e-mails are written to the log (development). SMS through one provider adapter:
# SHEQU_SMS_BACKEND=console (the log) or http (POST JSON to SHEQU_SMS_URL, bearer SHEQU_SMS_KEY).
EMAIL_HOST = env("EMAIL_HOST", "") or ""
EMAIL_PORT = int(env("EMAIL_PORT", "25") or 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "") or ""
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "") or ""
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(env("EMAIL_TIMEOUT", "10") or 10)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "shequ@localhost") or "shequ@localhost"
EMAIL_BACKEND = env("EMAIL_BACKEND", "") or (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
SHEQU_SMS_BACKEND = env("SHEQU_SMS_BACKEND", "console") or "console"
SHEQU_SMS_URL = env("SHEQU_SMS_URL", "") or ""
SHEQU_SMS_KEY = env("SHEQU_SMS_KEY", "") or ""
# the address of the application in links sent outside it (e-mail, SMS)
SHEQU_SITE_URL = env("SHEQU_SITE_URL", "http://127.0.0.1:8000") or "http://127.0.0.1:8000"
# a report still not acknowledged this many hours after its deadline notifies the district
SHEQU_NOTIFY_DISTRICT_AFTER_HOURS = int(env("SHEQU_NOTIFY_DISTRICT_AFTER_HOURS", "24") or 24)
# a computed workbench is kept until a record changes, at most this long (0: not kept)
SHEQU_WORKBENCH_CACHE_SECONDS = int(env("SHEQU_WORKBENCH_CACHE_SECONDS", "60") or 0)

# Logs: one JSON object a line (shequ/ops/logs.py), with the request id; SHEQU_LOG_FORMAT=text
# for plain lines. One line per request from shequ.request (no personal identifiers).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "shequ.ops.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "text" if env("SHEQU_LOG_FORMAT", "json") == "text" else "json",
        }
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "INFO")},
    # fpdf2 subsets the CJK font through fontTools, which lists every glyph at INFO
    "loggers": {
        "fontTools": {"level": "WARNING"},
        # runserver's own line per request repeats shequ.request's
        "django.server": {"level": "WARNING"},
    },
}

# /metrics answers these addresses (CIDR allowed) or a bearer token (SHEQU_METRICS_TOKEN)
SHEQU_METRICS_ALLOWED_IPS = env_list("SHEQU_METRICS_ALLOWED_IPS", "127.0.0.1,::1")
SHEQU_METRICS_TOKEN = env("SHEQU_METRICS_TOKEN", "") or ""
# where `manage.py backup` writes (a folder per backup); ./backups by default
SHEQU_BACKUP_DIR = env("SHEQU_BACKUP_DIR", "") or ""

SHEQU_NAV_LABEL = _("Shequ community governance")

# WhiteNoise serves STATIC_ROOT after `collectstatic` (production); before that (development,
# tests) it serves from the apps' static folders and need not warn that the folder is absent.
warnings.filterwarnings("ignore", message="No directory at")

# The API answers 413 to a body over this many bytes, before reading it (core/api_contract.py)
SHEQU_API_MAX_BODY = int(env("SHEQU_API_MAX_BODY", str(1024 * 1024)) or 1024 * 1024)
# Bounds of one import (shequ/imports/reading.py), checked before and while reading
SHEQU_IMPORT_MAX_UNPACKED_MB = int(env("SHEQU_IMPORT_MAX_UNPACKED_MB", "100") or 100)
SHEQU_IMPORT_MAX_RATIO = int(env("SHEQU_IMPORT_MAX_RATIO", "100") or 100)
SHEQU_IMPORT_MAX_ROWS = int(env("SHEQU_IMPORT_MAX_ROWS", "100000") or 100000)
SHEQU_IMPORT_MAX_CELLS = int(env("SHEQU_IMPORT_MAX_CELLS", "2000000") or 2000000)
SHEQU_IMPORT_MAX_SECONDS = int(env("SHEQU_IMPORT_MAX_SECONDS", "300") or 300)
# A running import that has not reported for this long is failed by the reaper (default 15 min)
SHEQU_IMPORT_STALE_SECONDS = int(env("SHEQU_IMPORT_STALE_SECONDS", "900") or 900)
