"""Reference data of student placements, kept as data: the practicum hours each programme
requires (MSW 800 hours; BSW 400), editable by an administrator."""

from __future__ import annotations

from typing import Any

from shequ.core.catalogs import seed_rows

# code, 中文, English, required hours
REQUIREMENTS = [
    ("bsw", "社会工作本科（BSW）", "Bachelor of Social Work (BSW)", 400),
    ("msw", "社会工作硕士（MSW）", "Master of Social Work (MSW)", 800),
]


def seed(apps: Any = None) -> None:
    seed_rows(
        apps,
        "placements.PracticumRequirement",
        REQUIREMENTS,
        columns=("code", "name", "name_en", "hours"),
        keep_edits=True,
    )
