from typing import Any

from django.core.management.base import BaseCommand

from shequ.stats.schedule import request_monthly_reports


class Command(BaseCommand):
    help = "Request last month's impact report of every district (cron, or celery beat)."

    def handle(self, *args: Any, **options: Any) -> None:
        for report in request_monthly_reports():
            self.stdout.write(f"{report.division_id} {report.start}..{report.end}: requested")
