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
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from shequ.notifications import recipients
from shequ.notifications.events import case_ref, report_ref, task_ref
from shequ.notifications.services import notify


def district_after() -> timedelta:
    return timedelta(hours=int(getattr(settings, "SHEQU_NOTIFY_DISTRICT_AFTER_HOURS", 24)))


def escalate(now: datetime | None = None) -> int:
    """Send the escalation steps due at `now`; returns the number of new notifications."""
    from shequ.protection.models import (
        CaseStatus,
        ProtectionCase,
        Report,
        ReportStatus,
        Task,
        TaskStatus,
    )

    now = now or timezone.now()
    today = timezone.localtime(now).date()
    made = 0
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        for report in Report.objects.filter(status=ReportStatus.NEW, due_at__lt=now):
            steps = [("street", report.due_at), ("district", report.due_at + district_after())]
            for step, since in steps:
                if now < since:
                    continue
                made += len(
                    notify(
                        recipients=recipients.report_escalation(report, step),
                        kind="report_overdue",
                        title=_("A report of a child at risk was not acknowledged in time"),
                        link=reverse("protection:report", args=[report.pk]),
                        reference=report_ref(report),
                        key=f"report:{report.pk}:{report.due_at:%Y%m%d%H%M}:{step}",
                        now=now,
                    )
                )
        tasks = Task.objects.filter(status=TaskStatus.OPEN, due_on__lt=today).select_related(
            "meeting"
        )
        for task in tasks:
            made += len(
                notify(
                    recipients=recipients.task_conveners(task),
                    kind="task_overdue",
                    title=_("A task of the joint meeting is overdue (due %(due)s)")
                    % {"due": task.due_on.isoformat()},
                    link=reverse("protection:meeting", args=[task.meeting_id]),
                    reference=task_ref(task),
                    key=f"task:{task.pk}:{task.due_on}:overdue",
                    now=now,
                )
            )
        cases = ProtectionCase.objects.filter(
            next_visit_due__lt=today,
            status__in=[CaseStatus.OPEN, CaseStatus.CLOSING, CaseStatus.FOLLOW_UP],
        ).select_related("worker")
        for case in cases:
            made += len(
                notify(
                    recipients=recipients.case_handler_and_supervisors(case),
                    kind="visit_overdue",
                    title=_("A home visit due %(due)s is overdue")
                    % {"due": case.next_visit_due.isoformat() if case.next_visit_due else ""},
                    link=reverse("protection:case", args=[case.pk]),
                    reference=case_ref(case),
                    key=f"visit:{case.pk}:{case.next_visit_due}",
                    now=now,
                )
            )
    return made
