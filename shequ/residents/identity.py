"""Validating and normalizing what identifies a resident: the resident ID number (居民身份证号码,
GB 11643), names (with 「·」 and rare characters), and phone numbers. Each failure has its own
clear message."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from django.utils.translation import gettext as _

from shequ.core.errors import InvalidInput
from shequ.core.idnumber import (  # noqa: F401  (the ID number's home is core)
    CHECK_CHARS,
    WEIGHTS,
    IdInfo,
    id_check_char,
    normalize_id_number,
    parse_id_number,
    to_half_width,
)


def check_id_consistency(info: IdInfo, *, birth_date: date | None, gender: str | None) -> None:
    if birth_date and birth_date != info.birth_date:
        raise InvalidInput(
            _("The birth date %(given)s differs from the one in the ID number (%(id)s).")
            % {"given": birth_date.isoformat(), "id": info.birth_date.isoformat()},
            field="birth_date",
            code="id_birth_mismatch",
        )
    if gender and gender != info.gender:
        raise InvalidInput(
            _("The gender differs from the one the ID number gives (its 17th digit)."),
            field="gender",
            code="id_gender_mismatch",
        )


def mask_id_number(number: str) -> str:
    """220102********123X: the region and the last four stay visible."""
    if len(number) < 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


NAME_DOTS = {"•": "·", "・": "·", "．": "·", "‧": "·", "∙": "·", "⋅": "·", ".": "·"}


def normalize_name(value: str, *, field: str = "name") -> str:
    """Trim (also full-width spaces), unify the middle dot, refuse digits and control
    characters. Rare characters outside the BMP (𠮷) are welcome."""
    name = unicodedata.normalize("NFC", value or "").strip().strip("\u3000").strip()
    name = "".join(NAME_DOTS.get(ch, ch) for ch in name)
    if not name:
        raise InvalidInput(_("The name is empty."), field=field, code="name_empty")
    if len(name) > 50:
        raise InvalidInput(
            _("The name is longer than 50 characters."), field=field, code="name_long"
        )
    if any(ch.isdigit() for ch in name):
        raise InvalidInput(_("A name cannot contain digits."), field=field, code="name_digits")
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        raise InvalidInput(
            _("The name contains invisible characters."), field=field, code="name_control"
        )
    if name.startswith("·") or name.endswith("·") or "··" in name:
        raise InvalidInput(
            _("The middle dot separates parts of a name; it cannot start or end it."),
            field=field,
            code="name_dot",
        )
    return name


MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE_RE = re.compile(r"^0\d{2,3}-?[1-9]\d{6,7}(-\d{1,6})?$")


def normalize_phone(value: str, *, field: str = "phone") -> str:
    """A mainland mobile (11 digits starting with 1) or a landline with its area code
    (0431-88881234). Spaces, and a leading +86 or 86, are dropped."""
    phone = to_half_width(value or "").strip().replace(" ", "").replace("(", "").replace(")", "")
    if phone.startswith("+86"):
        phone = phone[3:]
    elif phone.startswith("86") and len(phone) == 13:
        phone = phone[2:]
    phone = phone.lstrip("-")
    if MOBILE_RE.match(phone.replace("-", "")):
        return phone.replace("-", "")
    if LANDLINE_RE.match(phone):
        return phone
    raise InvalidInput(
        _("Not a phone number: give an 11-digit mobile number or a landline with its area code."),
        field=field,
        code="phone_format",
    )


def mask_phone(phone: str) -> str:
    """138****5678; landlines keep the area code and the last four."""
    digits = phone.replace("-", "")
    if len(digits) == 11 and digits.startswith("1"):
        return digits[:3] + "****" + digits[-4:]
    if len(phone) <= 4:
        return "*" * len(phone)
    return phone[: phone.find("-") + 1 if "-" in phone else 4] + "****" + phone[-4:]
