"""Deadlines that escalate, with the clock moved (never waited for): a report not acknowledged
goes to the street's child-welfare supervisor, then to the district; an overdue task to the
meeting's convener; an overdue visit to the handler and the supervisor. Twice is once."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from shequ.notifications.escalation import escalate
from shequ.notifications.models import Notification
from shequ.protection.models import ProtectionCase, Task
from shequ.protection.services import report_accept

pytestmark = [pytest.mark.django_db]


def told(user, kind, reference):
    return Notification.objects.filter(recipient=user, kind=kind, reference=reference).count()


def test_an_unacknowledged_report_goes_to_the_street_then_the_district_once(world, file_report):
    report = file_report()
    ref = f"BG-{report.pk}"
    supervisor, district = world.user("child_sup"), world.user("district")
    director, other_district = world.user("director_a"), world.user("district_k")
    assert told(director, "report_filed", ref) == 1

    escalate(report.due_at - timedelta(minutes=1))
    assert told(supervisor, "report_overdue", ref) == 0

    escalate(report.due_at + timedelta(minutes=1))
    escalate(report.due_at + timedelta(minutes=2))  # twice: once
    assert told(supervisor, "report_overdue", ref) == 1
    assert told(district, "report_overdue", ref) == 0

    later = report.due_at + timedelta(hours=25)
    escalate(later)
    escalate(later)
    assert told(district, "report_overdue", ref) == 1
    assert told(supervisor, "report_overdue", ref) == 1
    assert told(other_district, "report_overdue", ref) == 0  # another district hears nothing
    assert told(director, "report_overdue", ref) == 0


def test_an_acknowledged_report_does_not_escalate(world, file_report):
    report = file_report()
    report_accept(by=world.user("director_a"), report=report)
    escalate(report.due_at + timedelta(hours=30))
    assert not Notification.objects.filter(kind="report_overdue", reference=f"BG-{report.pk}")


def test_an_overdue_task_tells_the_convener_once(world):
    task = Task.objects.get(resolution__startswith="学校为")
    after = timezone.make_aware(datetime.combine(task.due_on + timedelta(days=1), time(9)))
    assert escalate(after - timedelta(days=1)) == 0 or not Notification.objects.filter(
        kind="task_overdue", reference=f"RW-{task.pk}"
    )
    escalate(after)
    escalate(after)
    ref = f"RW-{task.pk}"
    assert told(world.user("child_sup"), "task_overdue", ref) == 1
    assert told(world.user("school"), "task_overdue", ref) == 0


def test_an_overdue_visit_tells_the_handler_and_the_supervisor_once(world):
    case = ProtectionCase.objects.get(child__name="李小雨")
    assert case.next_visit_due is not None
    after = timezone.make_aware(datetime.combine(case.next_visit_due + timedelta(days=1), time(9)))
    escalate(after)
    escalate(after)
    ref = f"GA-{case.pk}"
    assert told(world.user("director_a"), "visit_overdue", ref) == 1
    assert told(world.user("child_sup"), "visit_overdue", ref) == 1
    assert told(world.user("worker_a"), "visit_overdue", ref) == 0


def test_the_commands_run(world, capsys):
    call_command("notifications_escalate")
    call_command("notifications_escalate")
    call_command("notifications_send")
    call_command("notifications_digest")
    out = capsys.readouterr().out
    assert "0 new notification(s)" in out.splitlines()[1]
