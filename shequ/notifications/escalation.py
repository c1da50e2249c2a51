"""Deadlines that escalate: `escalate(now)` runs every step the domain apps registered
(`notifications.events.register_escalation`; the protection reports, joint-meeting tasks and
home visits: shequ/protection/notifying.py), in one transaction. Each step tells once (a unique
key per step and recipient), so running it twice sends nothing twice.

It takes the time as an argument, so tests move the clock; production runs it every few minutes
(celery beat `shequ.notifications.escalate`, or cron `manage.py notifications_escalate`)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from shequ.notifications.events import ESCALATIONS


def escalate(now: datetime | None = None) -> int:
    """Send the escalation steps due at `now`; returns the number of new notifications."""
    now = now or timezone.now()
    with transaction.atomic():
        return sum(step(now) for step in ESCALATIONS)
