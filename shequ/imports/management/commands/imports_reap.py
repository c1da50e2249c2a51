"""Mark failed every import whose process died (for cron where no Celery beat runs)."""

from typing import Any

from django.core.management.base import BaseCommand

from shequ.imports.reaper import import_jobs_reap


class Command(BaseCommand):
    help = "Mark failed every running import whose process died; they can then be retried."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"reaped {import_jobs_reap()} import(s)")
