from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.cn import uscc as stdnum_uscc
from stdnum.exceptions import ValidationError as StdnumError


def normalize_uscc(value: str) -> str:
    """Upper-case, strip spaces and full-width characters: '９１３５...' -> '9135...'."""
    value = (value or "").strip()
    value = "".join(chr(ord(c) - 0xFEE0) if "！" <= c <= "～" else c for c in value)
    return value.replace(" ", "").replace("\u3000", "").upper()


def validate_uscc(value: str) -> str:
    """A unified social credit code (统一社会信用代码, GB 32100): 18 characters with a check
    character. Returns the normalized code or raises a ValidationError that says why."""
    code = normalize_uscc(value)
    if len(code) != 18:
        raise ValidationError(
            _("A unified social credit code has 18 characters; this one has %(n)d.")
            % {"n": len(code)},
            code="uscc_length",
        )
    try:
        return str(stdnum_uscc.validate(code))
    except StdnumError as exc:
        if "checksum" in type(exc).__name__.lower():
            raise ValidationError(
                _("The check character of this unified social credit code is wrong."),
                code="uscc_checksum",
            ) from exc
        raise ValidationError(
            _("This is not a valid unified social credit code."), code="uscc_format"
        ) from exc
