"""Send the deliveries whose time has come (after a crash, quiet hours or a failed try). Run it
every minute from cron, or let celery beat run `shequ.notifications.send_due`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from shequ.notifications.services import send_due


class Command(BaseCommand):
    help = "Send the notification deliveries that are due."

    def handle(self, *args: Any, **options: Any) -> None:
        result = send_due()
        self.stdout.write(f"{result['sent']} sent, {result['failed']} not sent")
