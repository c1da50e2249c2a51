from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from shequ.stats.schedule import request_monthly_reports


class Command(BaseCommand):
    help = "Write last month's impact report of every district (cron, or celery beat)."

    def handle(self, *args: Any, **options: Any) -> None:
        # without a broker the reports are written here and now: a thread would die with
        # this short-lived process; with one, the workers write them
        reports = request_monthly_reports(inline=not settings.CELERY_BROKER_URL)
        for report in reports:
            report.refresh_from_db()
            self.stdout.write(f"{report.division_id} {report.start}..{report.end}: {report.status}")
