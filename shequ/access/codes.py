"""The 12-digit statistical division code (统计用区划代码) and what follows from it.

2 digits province, 2 city, 2 county, 3 township, 3 village. The level follows from the
code: a province code ends in ten zeros, a city code in eight, and so on. A role granted
at a division reaches every code that starts with the division's *significant prefix*.
"""

from __future__ import annotations

import re
from enum import IntEnum

from django.utils.translation import gettext_lazy as _

CODE_RE = re.compile(r"^\d{12}$")


class Level(IntEnum):
    PROVINCE = 1
    CITY = 2
    DISTRICT = 3
    STREET = 4
    COMMUNITY = 5

    @property
    def label(self) -> str:
        return str(LEVEL_LABELS[self])


LEVEL_LABELS = {
    Level.PROVINCE: _("province"),
    Level.CITY: _("city"),
    Level.DISTRICT: _("district / county"),
    Level.STREET: _("street / township"),
    Level.COMMUNITY: _("community / village"),
}

# Significant prefix length of each level.
PREFIX_LENGTH = {
    Level.PROVINCE: 2,
    Level.CITY: 4,
    Level.DISTRICT: 6,
    Level.STREET: 9,
    Level.COMMUNITY: 12,
}


class InvalidCode(ValueError):
    """A string that is not a well-formed 12-digit division code."""


def is_valid_code(code: str) -> bool:
    try:
        level_of(code)
    except InvalidCode:
        return False
    return True


def level_of(code: str) -> Level:
    """The level a well-formed code names; InvalidCode for anything else."""
    if not isinstance(code, str) or not CODE_RE.match(code):
        raise InvalidCode(code)
    if code[:2] == "00":
        raise InvalidCode(code)
    if code[2:] == "0" * 10:
        return Level.PROVINCE
    if code[2:4] == "00":
        raise InvalidCode(code)
    if code[4:] == "0" * 8:
        return Level.CITY
    if code[4:6] == "00":
        raise InvalidCode(code)
    if code[6:] == "0" * 6:
        return Level.DISTRICT
    if code[6:9] == "000":
        raise InvalidCode(code)
    if code[9:] == "000":
        return Level.STREET
    return Level.COMMUNITY


def prefix_of(code: str) -> str:
    """The significant prefix: every code below this division starts with it."""
    return code[: PREFIX_LENGTH[level_of(code)]]


def parent_code(code: str) -> str | None:
    """The code of the division directly above, or None for a province."""
    level = level_of(code)
    if level == Level.PROVINCE:
        return None
    keep = PREFIX_LENGTH[Level(level - 1)]
    return code[:keep].ljust(12, "0")


def expand_code(value: str) -> str:
    """Accept a significant prefix ('220102') or a full code; return the full 12 digits."""
    value = (value or "").strip()
    if value.isdigit() and len(value) in (2, 4, 6, 9):
        value = value.ljust(12, "0")
    level_of(value)
    return value


def minimal_prefixes(prefixes: list[str] | set[str]) -> list[str]:
    """Drop every prefix already covered by a shorter one: ['2201', '220102'] -> ['2201']."""
    result: list[str] = []
    for prefix in sorted(set(prefixes), key=len):
        if not any(prefix.startswith(kept) for kept in result):
            result.append(prefix)
    return sorted(result)
