from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from shequ.stats.models import ReportStatus
from shequ.stats.report import report_build
from shequ.stats.schedule import request_monthly_reports


class Command(BaseCommand):
    help = "Write last month's impact report of every district (cron, or celery beat)."

    def handle(self, *args: Any, **options: Any) -> None:
        # without a broker the reports are written here: a thread would die with this
        # short-lived process; with one, the workers write them
        with override_settings(SHEQU_TASKS_INLINE=True):
            reports = request_monthly_reports()
        for report in reports:
            report.refresh_from_db()
            if report.status == ReportStatus.PENDING and not settings.CELERY_BROKER_URL:
                report_build(report.pk)
                report.refresh_from_db()
            self.stdout.write(f"{report.division_id} {report.start}..{report.end}: {report.status}")
