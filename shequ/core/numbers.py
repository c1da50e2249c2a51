"""Reading a number typed by a person (a form or the API): a finite Decimal, or a clear
message on the field. Each caller then checks its own bounds and decimals."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
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
