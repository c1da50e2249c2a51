"""Escalate missed deadlines (reports not acknowledged, overdue joint-meeting tasks, overdue
home visits). Idempotent: run it every few minutes from cron, or let celery beat run
`shequ.notifications.escalate`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from shequ.notifications.escalation import escalate


class Command(BaseCommand):
    help = "Notify the next level of the deadlines that were missed."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{escalate()} new notification(s)")
