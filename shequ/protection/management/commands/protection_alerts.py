"""Raise the alerts that are due (reports past their deadline, missed home visits, overdue
tasks). Run it every few minutes (cron), or let celery beat run the task of the same name."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from shequ.protection.alerts import raise_alerts


class Command(BaseCommand):
    help = "Raise the protection alerts that are due."

    def handle(self, *args: Any, **options: Any) -> None:
        made = raise_alerts()
        self.stdout.write(f"{made} new alert(s)")
