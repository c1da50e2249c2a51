"""The clock of the protection network: reports not acknowledged by their deadline alert the
level above; a missed home visit alerts the case's community and the level above; an overdue
task alerts its owner and the meeting's convener. `raise_alerts(now)` is idempotent (one alert
per occasion) and takes the time as an argument, so tests drive the clock; in production the
scheduler (celery beat, or cron with `manage.py protection_alerts`) calls it every few minutes."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.access.codes import parent_code
from shequ.protection.models import (
    Alert,
    AlertKind,
    CaseStatus,
    ProtectionCase,
    Report,
    ReportStatus,
    Task,
    TaskStatus,
)


def _alert(**fields: object) -> bool:
    _obj, created = Alert.objects.get_or_create(key=fields.pop("key"), defaults=fields)
    return created


def raise_alerts(now: datetime | None = None) -> int:
    """Raise what is due at `now`; returns how many new alerts."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    made = 0
    with transaction.atomic():
        for report in Report.objects.filter(status=ReportStatus.NEW, due_at__lt=now):
            up = parent_code(report.division_id) or report.division_id
            made += _alert(
                key=f"report:{report.pk}:{report.due_at:%Y%m%d%H%M}",
                kind=AlertKind.REPORT_OVERDUE,
                division_id=up,
                message=_("A report was not acknowledged within its deadline."),
                report=report,
            )
            if report.escalated_at is None:
                report.escalated_at = now
                report.save(update_fields=["escalated_at"])
        missed = ProtectionCase.objects.filter(
            next_visit_due__lt=today,
            status__in=[CaseStatus.OPEN, CaseStatus.CLOSING, CaseStatus.FOLLOW_UP],
        )
        for case in missed:
            due = case.next_visit_due
            for division in {case.division_id, parent_code(case.level_id) or case.level_id}:
                made += _alert(
                    key=f"visit:{case.pk}:{due}:{division}",
                    kind=AlertKind.VISIT_MISSED,
                    division_id=division,
                    message=_("A home visit due on %(day)s was missed.") % {"day": due},
                    case=case,
                )
        for task in Task.objects.filter(status=TaskStatus.OPEN, due_on__lt=today).select_related(
            "meeting", "owner"
        ):
            for org in {task.owner_id, task.meeting.convener_id}:
                made += _alert(
                    key=f"task:{task.pk}:{org}",
                    kind=AlertKind.TASK_OVERDUE,
                    division_id=task.meeting.division_id,
                    organization_id=org,
                    message=_("A resolution of the joint meeting is overdue: %(task)s")
                    % {"task": task.resolution},
                    task=task,
                )
    return made
