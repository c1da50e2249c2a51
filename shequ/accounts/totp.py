"""Time-based one-time passwords (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits), the
second factor any authenticator app (or `oathtool --totp -b SECRET`) produces, and the QR code
that enrols it, drawn here (never sent to an outside service)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import struct
import time
from urllib.parse import quote, urlencode

STEP = 30
DIGITS = 6
ISSUER = "Shequ"


def new_secret() -> str:
    """20 random bytes in base32 (160 bits, the size RFC 4226 recommends)."""
    return base64.b32encode(secrets.token_bytes(20)).decode()


def normalize_secret(secret: str) -> str:
    cleaned = "".join(secret.split()).upper().rstrip("=")
    base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))  # raises on a bad secret
    return cleaned


def _key(secret: str) -> bytes:
    cleaned = normalize_secret(secret)
    return base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))


def step_at(moment: float | None = None) -> int:
    return int((time.time() if moment is None else moment) // STEP)


def code_at(secret: str, step: int) -> str:
    digest = hmac.new(_key(secret), struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**DIGITS).zfill(DIGITS)


def now_code(secret: str) -> str:
    return code_at(secret, step_at())


def matching_step(secret: str, code: str, *, after: int = 0, window: int = 1) -> int | None:
    """The step whose code this is (one step of clock drift either way), or None. A step at or
    before `after` (the last one used) is refused: a code works once."""
    code = "".join((code or "").split())
    if len(code) != DIGITS or not code.isdigit():
        return None
    current = step_at()
    for step in range(current - window, current + window + 1):
        if step > after and hmac.compare_digest(code_at(secret, step), code):
            return step
    return None


def provisioning_uri(secret: str, account: str) -> str:
    label = quote(f"{ISSUER}:{account}")
    query = urlencode(
        {"secret": normalize_secret(secret), "issuer": ISSUER, "digits": DIGITS, "period": STEP}
    )
    return f"otpauth://totp/{label}?{query}"


def qr_svg(uri: str) -> str:
    """The QR code of the URI as inline SVG markup (drawn by segno, on this server)."""
    import segno

    return str(segno.make(uri, error="m").svg_inline(scale=4, border=2))


def new_recovery_codes(count: int = 10) -> list[str]:
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return [
        "-".join("".join(secrets.choice(alphabet) for _ in range(5)) for _ in range(2))
        for _ in range(count)
    ]


def hash_recovery_code(code: str) -> str:
    return hashlib.sha256("".join(code.lower().split()).encode()).hexdigest()
