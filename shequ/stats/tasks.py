"""Background work of the statistics: building an impact report, and the monthly reports of
every district (celery beat on the first of the month, or `manage.py monthly_reports`)."""

from __future__ import annotations

from celery import shared_task

from shequ.stats.report import report_build


@shared_task(name="shequ.stats.build_report")
def build_report(report_id: int) -> None:
    report_build(report_id)


@shared_task(name="shequ.stats.monthly_reports")
def monthly_reports() -> int:
    from shequ.stats.schedule import request_monthly_reports

    return len(request_monthly_reports())
