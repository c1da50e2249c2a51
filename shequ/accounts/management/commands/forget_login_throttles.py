from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from shequ.accounts.throttle import forget_stale


class Command(BaseCommand):
    help = (
        "Delete sign-in throttle rows idle for 30 days (no failure, no block running, address "
        "not signed in from). Run daily from cron."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{forget_stale()} sign-in throttle rows deleted.")
