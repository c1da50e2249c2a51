"""Encryption of personal identifiers at rest, and the keyed hash that finds them by exact match.

Values are encrypted with AES-256-GCM under the current key of a key ring; each ciphertext names
its key (`v1:<key id>:<base64 nonce+ciphertext>`), so that after a rotation old values still
decrypt until `manage.py rotate_field_key` has re-encrypted them. The keyed hash is HMAC-SHA256
with a separate key: equal values give equal hashes, so an exact search needs no decryption.

Keys come from the environment: `SHEQU_FIELD_KEYS` ("id:base64key,id:base64key", the first is
current) and `SHEQU_HASH_KEY` (base64). Without them (development), keys are derived from the
Django secret key; production sets both (see docs/deployment.md).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

PREFIX = "v1"


class DecryptionError(ValueError):
    pass


def _derived(label: str) -> bytes:
    return hashlib.sha256(f"{label}:{settings.SECRET_KEY}".encode()).digest()


@lru_cache(maxsize=8)
def _ring(spec: str) -> tuple[tuple[str, bytes], ...]:
    ring = []
    for item in spec.split(","):
        item = item.strip()
        if not item:
            continue
        key_id, _, b64 = item.partition(":")
        key = base64.b64decode(b64)
        if len(key) != 32:
            raise ValueError(f"field key {key_id!r} must be 32 bytes (base64 of 32 random bytes)")
        ring.append((key_id, key))
    return tuple(ring)


def key_ring() -> tuple[tuple[str, bytes], ...]:
    spec = getattr(settings, "SHEQU_FIELD_KEYS", "") or ""
    if spec:
        return _ring(spec)
    return (("dev", _derived("shequ-field-key")),)


def hash_key() -> bytes:
    value = getattr(settings, "SHEQU_HASH_KEY", "") or ""
    return base64.b64decode(value) if value else _derived("shequ-hash-key")


def research_key() -> bytes:
    """The key of research pseudonyms (HMAC of project and resident): `SHEQU_RESEARCH_KEY`
    (base64), else derived from the secret key like the others."""
    value = getattr(settings, "SHEQU_RESEARCH_KEY", "") or ""
    return base64.b64decode(value) if value else _derived("shequ-research-key")


def encrypt(plaintext: str) -> str:
    if not plaintext:
        return ""
    key_id, key = key_ring()[0]
    nonce = os.urandom(12)
    sealed = AESGCM(key).encrypt(nonce, plaintext.encode(), key_id.encode())
    return f"{PREFIX}:{key_id}:{base64.b64encode(nonce + sealed).decode()}"


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        prefix, key_id, b64 = token.split(":", 2)
    except ValueError as exc:
        raise DecryptionError("not a Shequ ciphertext") from exc
    keys = dict(key_ring())
    if prefix != PREFIX or key_id not in keys:
        raise DecryptionError(f"unknown key {key_id!r}")
    raw = base64.b64decode(b64)
    try:
        return AESGCM(keys[key_id]).decrypt(raw[:12], raw[12:], key_id.encode()).decode()
    except Exception as exc:  # cryptography raises InvalidTag
        raise DecryptionError("the ciphertext does not verify") from exc


def current_key_id() -> str:
    return key_ring()[0][0]


def key_id_of(token: str) -> str:
    return token.split(":", 2)[1] if token.count(":") >= 2 else ""


def keyed_hash(value: str) -> str:
    if not value:
        return ""
    return hmac.new(hash_key(), value.encode(), hashlib.sha256).hexdigest()


def new_key() -> str:
    """A fresh key, base64, for SHEQU_FIELD_KEYS or SHEQU_HASH_KEY."""
    return base64.b64encode(os.urandom(32)).decode()


# (app_label.Model, field) of every encrypted column; apps register theirs in AppConfig.ready().
ENCRYPTED_FIELDS: list[tuple[str, str]] = []


def register_encrypted(model_label: str, *fields: str) -> None:
    for field in fields:
        if (model_label, field) not in ENCRYPTED_FIELDS:
            ENCRYPTED_FIELDS.append((model_label, field))
