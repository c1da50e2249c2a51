"""Production settings pass Django's deployment checks, and refuse to start without a key."""

import base64
import os
import secrets
import subprocess
import sys
import tempfile

from django.conf import settings

PRODUCTION = {
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
    "SHEQU_DEV": "0",
    "DJANGO_SECURE_COOKIES": "1",
    "DJANGO_HSTS_SECONDS": "31536000",
    "DJANGO_SECURE_SSL_REDIRECT": "1",
    "DJANGO_ALLOWED_HOSTS": "shequ.example.gov.cn",
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "SHEQU_FIELD_KEYS": "k1:" + base64.b64encode(os.urandom(32)).decode(),
    "SHEQU_HASH_KEY": base64.b64encode(os.urandom(32)).decode(),
    # the settings are checked here; the database role has its own PostgreSQL tests
    # (audit/tests/test_pg_roles.py), and the test run's database is not a deployment's
    "DATABASE_URL": f"sqlite:///{tempfile.gettempdir()}/shequ-deploy-check.sqlite3",
}


def run_manage(*args, env):
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SHEQU_"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_passes_under_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION.items() if k != "DJANGO_SECRET_KEY"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "refuses to start in production without DJANGO_SECRET_KEY" in result.stderr


def test_secrets_can_come_from_files(tmp_path):
    key_file = tmp_path / "secret"
    key_file.write_text(secrets.token_urlsafe(60))
    env = {k: v for k, v in PRODUCTION.items() if k != "DJANGO_SECRET_KEY"}
    env["DJANGO_SECRET_KEY_FILE"] = str(key_file)
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_argon2_is_the_password_hasher():
    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert settings.SESSION_COOKIE_AGE == 30 * 60


def test_production_refuses_to_start_without_the_encryption_keys():
    """Issue 15, point 10: a missing key is no longer a warning of `check --deploy` (W001,
    W002) on a running server: the server does not start, and names what is missing."""
    env = {
        k: v
        for k, v in PRODUCTION.items()
        if not k.startswith("SHEQU_FIELD") and k != "SHEQU_HASH_KEY"
    }
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "SHEQU_FIELD_KEYS, SHEQU_HASH_KEY" in result.stderr
