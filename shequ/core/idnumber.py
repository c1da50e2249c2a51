"""The resident ID number (居民身份证号码, GB 11643): read, checked (ISO 7064 MOD 11-2 check
character) and what it says (birth date, gender, region). Each failure has its own message.
Used by the residents' rules, the typed form field (core/fields.py) and, in the browser, by
core/static/core/idnumber.js (the same check while typing; the server stays the authority)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from shequ.core.errors import InvalidInput

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK_CHARS = "10X98765432"


def to_half_width(value: str) -> str:
    """Full-width ASCII (１２３ＡＢＣ) and the ideographic space to their half-width forms."""
    out = []
    for ch in value:
        code = ord(ch)
        if code == 0x3000:
            out.append(" ")
        elif 0xFF01 <= code <= 0xFF5E:
            out.append(chr(code - 0xFEE0))
        else:
            out.append(ch)
    return "".join(out)


def id_check_char(first17: str) -> str:
    """The GB 11643 check character (ISO 7064 MOD 11-2) of the first 17 digits."""
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


@dataclass(frozen=True)
class IdInfo:
    number: str
    birth_date: date
    gender: str  # "M" or "F"
    region: str


def normalize_id_number(value: str) -> str:
    return to_half_width(value or "").strip().replace(" ", "").upper()


def parse_id_number(value: str, *, field: str = "id_number") -> IdInfo:
    """Validate an 18-character resident ID number and read what it says."""
    number = normalize_id_number(value)
    if len(number) != 18:
        raise InvalidInput(
            _("A resident ID number has 18 characters; this one has %(n)d.") % {"n": len(number)},
            field=field,
            code="id_length",
        )
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise InvalidInput(
            _("A resident ID number is 17 digits followed by a digit or X."),
            field=field,
            code="id_format",
        )
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise InvalidInput(
            _("The birth date in this ID number (%(d)s) is not a real date.") % {"d": number[6:14]},
            field=field,
            code="id_birth_date",
        ) from None
    if born.year < 1880 or born > date.today():
        raise InvalidInput(
            _("The birth date in this ID number is impossible."), field=field, code="id_birth_date"
        )
    if id_check_char(number[:17]) != number[17]:
        raise InvalidInput(
            _("The check digit of this ID number is wrong: please check every digit."),
            field=field,
            code="id_checksum",
        )
    gender = "M" if int(number[16]) % 2 == 1 else "F"
    return IdInfo(number=number, birth_date=born, gender=gender, region=number[:6])
