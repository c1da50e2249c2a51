"""Test settings: the production module, with what tests need to be fast and repeatable.
Tests run in development mode, turned on explicitly (production is the default)."""

import os

os.environ["SHEQU_DEV"] = "1"

from .settings import *  # noqa: F403
from .settings import DATABASES

SECRET_KEY = "test-only-secret-key-not-for-production"  # noqa: S105
DEBUG = False
CELERY_TASK_ALWAYS_EAGER = True
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["OPTIONS"] = {}
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}

import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="shequ-test-media-"))
SHEQU_TASKS_INLINE = True
