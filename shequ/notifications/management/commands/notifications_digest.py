"""Send the daily digests that are due (each user's hour, once a day). Run it hourly from cron,
or let celery beat run `shequ.notifications.digest`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from shequ.notifications.services import digest_send


class Command(BaseCommand):
    help = "Send the daily notification digests that are due."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{digest_send()} digest(s) sent")
