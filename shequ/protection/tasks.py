"""The scheduled job of the protection network (celery beat, every 5 minutes)."""

from __future__ import annotations

from celery import shared_task

from shequ.protection.alerts import raise_alerts


@shared_task(name="shequ.protection.raise_alerts")
def raise_alerts_task() -> int:
    return raise_alerts()
