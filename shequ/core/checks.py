"""Deployment checks of Shequ's own settings (run by `manage.py check --deploy`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def encryption_keys_are_set(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    problems = []
    if not settings.SHEQU_FIELD_KEYS:
        problems.append(
            Warning(
                "SHEQU_FIELD_KEYS is not set: identifiers are encrypted with a key derived "
                "from the secret key, so changing DJANGO_SECRET_KEY would make them unreadable.",
                hint="Set SHEQU_FIELD_KEYS=k1:<base64 of 32 random bytes> "
                "(python manage.py rotate_field_key --new-key prints one).",
                id="shequ.W001",
            )
        )
    if not settings.SHEQU_HASH_KEY:
        problems.append(
            Warning(
                "SHEQU_HASH_KEY is not set: the hashes that find identifiers depend on the "
                "secret key.",
                hint="Set SHEQU_HASH_KEY=<base64 of 32 random bytes>.",
                id="shequ.W002",
            )
        )
    return problems
