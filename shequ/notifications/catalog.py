"""SMS texts per kind, as data (`SmsTemplate`): seeded here, editable by an administrator in the
database, read by the SMS adapters. Protection kinds carry only the reference and the link."""

from __future__ import annotations

from typing import Any

from shequ.notifications.kinds import KINDS

PROTECTION_TEXT = "【社区】您有一项未成年人保护待办（编号 {reference}），请登录系统处理：{link}"
GENERAL_TEXT = "【社区】{title}（编号 {reference}），请登录系统查看：{link}"


def seed(apps: Any = None) -> None:
    if apps is None:
        from django.apps import apps as live_apps

        apps = live_apps
    model = apps.get_model("notifications", "SmsTemplate")
    for code, kind in KINDS.items():
        model.objects.get_or_create(
            kind=code,
            defaults={"text": PROTECTION_TEXT if kind.protection else GENERAL_TEXT},
        )
