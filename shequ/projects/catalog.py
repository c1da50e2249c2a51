"""Service areas kept as data (the six of the article, and more)."""

from __future__ import annotations

from typing import Any

SERVICE_AREAS = [
    ("environment", "环境整治", "Environment"),
    ("children_youth", "儿童青少年关爱保护", "Care and protection of children and youth"),
    ("health_elderly", "康养", "Health and elderly care"),
    ("elderly_selfcare", "老年人自护", "Elderly self-care"),
    ("disability_rehab", "残疾人康复", "Disability rehabilitation"),
    ("public_services", "社区公共服务", "Community public services"),
]


def seed(apps: Any = None) -> None:
    if apps is None:
        from django.apps import apps as live_apps

        apps = live_apps
    area = apps.get_model("projects", "ServiceArea")
    for sort, (code, name, name_en) in enumerate(SERVICE_AREAS):
        area.objects.update_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "sort": sort * 10}
        )
