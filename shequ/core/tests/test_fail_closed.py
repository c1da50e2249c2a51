"""Issue 15, point 10: production is the default. Without its secret key, field keys and hash
key the application refuses to start and names what is missing; development (the public key,
keys derived from it) needs SHEQU_DEV=1, which `make run` and the tests set explicitly."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
KEYS = ("DJANGO_SECRET_KEY", "SHEQU_FIELD_KEYS", "SHEQU_HASH_KEY")
GOOD = {
    "DJANGO_SECRET_KEY": "k" * 50,
    "SHEQU_FIELD_KEYS": "k1:" + "A" * 43 + "=",
    "SHEQU_HASH_KEY": "B" * 43 + "=",
}
SETUP = (
    "import django; django.setup(); from django.conf import settings; "
    "print('started', settings.SHEQU_DEV, settings.SECRET_KEY[:3])"
)


def start(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SHEQU_DEV", "DJANGO_DEBUG", *KEYS} and not k.endswith("_FILE")
    }
    clean.update(env, DJANGO_SETTINGS_MODULE="config.settings")
    return subprocess.run(
        [sys.executable, "-c", SETUP], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def test_without_anything_it_refuses_and_names_every_missing_key():
    result = start()
    assert result.returncode != 0
    assert "started" not in result.stdout
    for name in KEYS:
        assert name in result.stderr
    assert "SHEQU_DEV=1" in result.stderr


@pytest.mark.parametrize("missing", KEYS)
def test_each_missing_key_is_named(missing):
    result = start(**{k: v for k, v in GOOD.items() if k != missing})
    assert result.returncode != 0
    named = result.stderr.strip().splitlines()[-1]
    assert missing in named
    assert all(k not in named for k in KEYS if k != missing)


def test_the_public_development_key_counts_as_missing():
    result = start(**{**GOOD, "DJANGO_SECRET_KEY": "dev-insecure-shequ-key-change-me"})
    assert result.returncode != 0 and "DJANGO_SECRET_KEY" in result.stderr


def test_debug_alone_does_not_open_the_door():
    assert start(DJANGO_DEBUG="1").returncode != 0


def test_with_every_key_it_starts_in_production():
    result = start(**GOOD)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["started", "False", "kkk"]


def test_keys_may_come_from_files(tmp_path):
    env = {}
    for name, value in GOOD.items():
        path = tmp_path / name
        path.write_text(value)
        env[f"{name}_FILE"] = str(path)
    assert start(**env).returncode == 0


def test_development_is_turned_on_explicitly():
    result = start(SHEQU_DEV="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["started", "True", "dev"]
    assert settings.SHEQU_DEV is True  # the tests themselves


def test_make_run_turns_development_on():
    makefile = (ROOT / "Makefile").read_text()
    assert "DEV := SHEQU_DEV=1" in makefile
    assert "$(DEV) $(PY) manage.py runserver" in makefile
    assert "$(DEV) $(PY) -m pytest" in makefile


def manage(*args: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SHEQU_DEV", "DJANGO_DEBUG", *KEYS} and not k.endswith("_FILE")
    }
    clean["DJANGO_SETTINGS_MODULE"] = "config.settings"
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def test_commands_that_read_only_the_code_run_without_keys_the_others_refuse():
    checked = manage("makemigrations", "--check", "--dry-run")
    assert checked.returncode == 0, checked.stderr
    refused = manage("migrate", "--plan")
    assert refused.returncode != 0 and "SHEQU_FIELD_KEYS" in refused.stderr
