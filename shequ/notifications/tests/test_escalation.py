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


# -- a level with nobody to tell is skipped, not the end of the escalation ---------------------


def lock(user):
    user.locked_until = timezone.now() + timedelta(days=3650)
    user.save(update_fields=["locked_until"])


def test_a_street_without_a_supervisor_escalates_to_the_district_at_the_deadline(
    world, file_report
):
    report = file_report()
    ref = f"BG-{report.pk}"
    lock(world.user("child_sup"))  # the street's only supervisor cannot act
    escalate(report.due_at + timedelta(minutes=1))
    escalate(report.due_at + timedelta(minutes=2))
    assert told(world.user("district"), "report_overdue", ref) == 1
    assert told(world.user("child_sup"), "report_overdue", ref) == 0
    # the district's own step, a day later, reaches the district again: nothing twice
    escalate(report.due_at + timedelta(hours=25))
    assert told(world.user("district"), "report_overdue", ref) == 1


def test_a_district_without_anybody_escalates_to_the_city(world, file_report):
    from shequ.accounts.models import Role, RoleGrant

    city = world.user("teacher")
    RoleGrant.objects.create(
        user=city,
        role=Role.objects.get(code="district_officer"),
        division=world.division("city"),
        organization=world.org("city_bureau"),
    )
    district = world.user("district")
    district.is_active = False
    district.save(update_fields=["is_active"])
    report = file_report()
    ref = f"BG-{report.pk}"
    escalate(report.due_at + timedelta(minutes=1))
    assert told(world.user("child_sup"), "report_overdue", ref) == 1
    assert told(city, "report_overdue", ref) == 0  # the street was told; the city waits
    later = report.due_at + timedelta(hours=25)
    escalate(later)
    escalate(later)
    assert told(city, "report_overdue", ref) == 1
    assert told(district, "report_overdue", ref) == 0


def test_an_overdue_task_without_a_convener_goes_to_the_supervisors_above(world):
    task = Task.objects.get(resolution__startswith="学校为")
    lock(world.user("child_sup"))
    after = timezone.make_aware(datetime.combine(task.due_on + timedelta(days=1), time(9)))
    escalate(after)
    escalate(after)
    ref = f"RW-{task.pk}"
    assert told(world.user("district"), "task_overdue", ref) == 1
    assert told(world.user("child_sup"), "task_overdue", ref) == 0


def test_an_overdue_visit_without_handler_or_supervisor_goes_to_protection_managers(world):
    case = ProtectionCase.objects.get(child__name="李小雨")
    lock(world.user("child_sup"))
    lock(case.worker)
    after = timezone.make_aware(datetime.combine(case.next_visit_due + timedelta(days=1), time(9)))
    escalate(after)
    escalate(after)
    managers = set(
        Notification.objects.filter(kind="visit_overdue", reference=f"GA-{case.pk}").values_list(
            "recipient__username", flat=True
        )
    )
    assert managers and "child_sup" not in managers and case.worker.username not in managers
