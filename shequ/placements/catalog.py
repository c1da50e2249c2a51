"""Reference data of student placements, kept as data: the practicum hours each programme
requires (MSW 800 hours; BSW 400), editable by an administrator."""

from __future__ import annotations

from typing import Any

# code, 中文, English, required hours
REQUIREMENTS = [
    ("bsw", "社会工作本科（BSW）", "Bachelor of Social Work (BSW)", 400),
    ("msw", "社会工作硕士（MSW）", "Master of Social Work (MSW)", 800),
]


def seed(apps: Any = None) -> None:
    if apps is None:
        from django.apps import apps as live_apps

        apps = live_apps
    requirement = apps.get_model("placements", "PracticumRequirement")
    for code, name, name_en, hours in REQUIREMENTS:
        requirement.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "hours": hours}
        )
