"""Deadlines that escalate. `escalate(now)` tells, once per step (a unique key per step and
recipient, so running it twice sends nothing twice):

- a protection report not acknowledged by its deadline: the street's child-welfare supervisor;
  SHEQU_NOTIFY_DISTRICT_AFTER_HOURS later, still not acknowledged: the district;
- a joint-meeting task past its due date: the convener of its meeting;
- a home visit past the date its risk grade set: the case's handler and supervisor.

It takes the time as an argument, so tests move the clock; production runs it every few minutes
(celery beat `shequ.notifications.escalate`, or cron `manage.py notifications_escalate`). It
reads record ids and dates only (a system job: no person's data, no access-log entry)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from shequ.notifications import recipients
from shequ.notifications.events import tell


def district_after() -> timedelta:
    return timedelta(hours=int(getattr(settings, "SHEQU_NOTIFY_DISTRICT_AFTER_HOURS", 24)))


def escalate(now: datetime | None = None) -> int:
    """Send the escalation steps due at `now`; returns the number of new notifications."""
    from shequ.protection import models as protection

    now = now or timezone.now()
    today = timezone.localtime(now).date()
    made = 0
    with transaction.atomic():
        for report in protection.Report.objects.filter(
            status=protection.ReportStatus.NEW, due_at__lt=now
        ):
            steps = [("street", report.due_at), ("district", report.due_at + district_after())]
            for step, since in steps:
                if now >= since:
                    who = recipients.report_escalation(report, step)
                    key = f"report:{report.pk}:{report.due_at:%Y%m%d%H%M}:{step}"
                    made += len(tell("report_overdue", report, who=who, key=key, now=now))
        tasks = protection.Task.objects.filter(
            status=protection.TaskStatus.OPEN, due_on__lt=today
        ).select_related("meeting")
        for task in tasks:
            key = f"task:{task.pk}:{task.due_on}:overdue"
            made += len(tell("task_overdue", task, key=key, now=now, due=task.due_on.isoformat()))
        cases = protection.ProtectionCase.objects.filter(
            next_visit_due__lt=today,
            status__in=[
                protection.CaseStatus.OPEN,
                protection.CaseStatus.CLOSING,
                protection.CaseStatus.FOLLOW_UP,
            ],
        ).select_related("worker")
        for case in cases:
            due = case.next_visit_due.isoformat() if case.next_visit_due else ""
            made += len(tell("visit_overdue", case, key=f"visit:{case.pk}:{due}", now=now, due=due))
    return made
