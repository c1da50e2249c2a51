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

# On PostgreSQL the tests also have a read replica: a second connection to the same test
# database (TEST MIRROR), for the router's tests (shequ/ops/tests/test_replica.py).
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
    # only the tests that declare the replica route reads to it
    SHEQU_REPLICA_PATHS = []
