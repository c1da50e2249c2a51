"""Reading a number typed by a person (a form or the API): a finite Decimal, or a clear
message on the field. Each caller then checks its own bounds and decimals."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from shequ.core.errors import InvalidInput


def to_decimal(value: Any, *, field: str, message: Any, code: str = "number") -> Decimal:
    """`1,234.5` and ` 12 ` are read; anything else (text, NaN, infinity) raises."""
    try:
        number = Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        raise InvalidInput(message, field=field, code=code) from None
    if not number.is_finite():
        raise InvalidInput(message, field=field, code=code)
    return number


def hours_text(value: Any) -> str:
    """Hours as people write them: at most two decimals, no trailing zeros (3.8, 2.25, 4)."""
    if value in (None, ""):
        return ""
    number = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    text = f"{number:f}".rstrip("0").rstrip(".")
    return text or "0"
