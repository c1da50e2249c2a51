"""Who is told of a protection event and when a deadline escalates: the protection rules of
notifying, registered with the notifications app (found at start-up, like the figures).

Escalation (`escalate_protection(now)`, run by `manage.py notifications_escalate`), once per
step (a unique key per step and recipient, so running it twice sends nothing twice):

- a report not acknowledged by its deadline: the street's child-welfare supervisor;
  SHEQU_NOTIFY_DISTRICT_AFTER_HOURS later, still not acknowledged: the district;
- a joint-meeting task past its due date: the convener of its meeting;
- a home visit past the date its risk grade set: the case's handler and supervisor.

A level with nobody to tell (no active, unlocked account holding the role there) is skipped:
the next level up is told instead, at once (the street has no supervisor: the district hears
at the deadline; a convening organization with nobody: the supervisors over the meeting; a
case without a handler or a supervisor: whoever manages protection nearest it). The key names
the level actually told, so a later step that reaches the same level sends nothing again.

It reads record ids and dates only (a system job: no person's data, no access-log entry)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shequ.access.codes import Level
from shequ.access.perms import Perm
from shequ.accounts.models import User
from shequ.notifications.events import Event, register, register_escalation, tell
from shequ.notifications.recipients import (
    active,
    first_found,
    first_staffed,
    nearest,
    of_organization,
)
from shequ.protection.models import (
    CaseStatus,
    ProtectionCase,
    Report,
    ReportStatus,
    Task,
    TaskStatus,
)
from shequ.protection.permissions import (
    meeting_caps,
    referral_caps,
    report_caps,
    supervises,
    task_caps,
)


def report_ref(report: Any) -> str:
    return f"BG-{report.pk}"


def case_ref(case: Any) -> str:
    return f"GA-{case.pk}"


def task_ref(task: Any) -> str:
    return f"RW-{task.pk}"


# -- who ---------------------------------------------------------------------------------------


def report_handlers(report: Any) -> list[User]:
    """Who acknowledges a report: `protection.manage` over its community, nearest first."""
    return nearest(
        [Perm.PROTECTION_MANAGE], report.division_id, lambda u: report_caps(u, report).handle
    )


def escalation_perms(level: Level) -> list[Perm]:
    """Who a report escalates to at a level: the street's child-welfare supervisor
    (`protection.supervise`); above the street, `protection.supervise` or `protection.manage`."""
    if level == Level.STREET:
        return [Perm.PROTECTION_SUPERVISE]
    return [Perm.PROTECTION_SUPERVISE, Perm.PROTECTION_MANAGE]


def report_escalation(report: Any, start: Level) -> tuple[Level, list[User]] | None:
    """A report not acknowledged in time: the level `start` (the street, then the district),
    or the first level above it that has someone to tell."""
    return first_staffed(escalation_perms, report.division_id, start)


def referral_answerers(referral: Any) -> list[User]:
    return of_organization(
        [Perm.PROTECTION_RECEIVE, Perm.PROTECTION_MANAGE],
        referral.to_organization_id,
        lambda u: referral_caps(u, referral).answer,
    )


def task_owners(task: Any) -> list[User]:
    return of_organization(
        [Perm.PROTECTION_RECEIVE, Perm.PROTECTION_VIEW, Perm.PROTECTION_MEETING],
        task.owner_id,
        lambda u: task_caps(u, task).complete,
    )


def task_conveners(task: Any) -> list[User]:
    """The convener of the task's meeting: `protection.meeting` at the convening organization
    over the meeting's division."""
    meeting = task.meeting
    return first_found(
        lambda: of_organization(
            [Perm.PROTECTION_MEETING],
            meeting.convener_id,
            lambda u: meeting_caps(u, meeting).convene,
        ),
        lambda: nearest([Perm.PROTECTION_SUPERVISE, Perm.PROTECTION_MANAGE], meeting.division_id),
    )


def case_supervisors(case: Any) -> list[User]:
    return nearest([Perm.PROTECTION_SUPERVISE], case.level_id, lambda u: supervises(u, case))


def case_handler_and_supervisors(case: Any) -> list[User]:
    """The case's handler and its supervisors; neither able to act: protection's managers
    nearest the case."""

    def handler_and_supervisors() -> list[User]:
        found = {u.pk: u for u in case_supervisors(case)}
        if active(case.worker):
            found.setdefault(case.worker.pk, case.worker)
        return list(found.values())

    return first_found(
        handler_and_supervisors, lambda: nearest([Perm.PROTECTION_MANAGE], case.division_id)
    )


# -- what -------------------------------------------------------------------------------------

register(
    "report_filed",
    Event(
        report_handlers,
        _("A report of a child at risk waits for acknowledgement"),
        "protection:report",
        lambda r: r.pk,
        report_ref,
    ),
)

register(
    "report_overdue",
    Event(
        lambda r: [],  # the step says who: report_escalation
        _("A report of a child at risk was not acknowledged in time"),
        "protection:report",
        lambda r: r.pk,
        report_ref,
    ),
)

register(
    "referral_made",
    Event(
        referral_answerers,
        _("A protection case was referred to your organization"),
        "protection:referrals",
        None,
        lambda referral: case_ref(referral.case),
    ),
)

register(
    "task_assigned",
    Event(
        task_owners,
        _("The joint meeting gave your organization a task, due %(due)s"),
        "protection:meeting",
        lambda t: t.meeting_id,
        task_ref,
    ),
)

register(
    "task_overdue",
    Event(
        task_conveners,
        _("A task of the joint meeting is overdue (due %(due)s)"),
        "protection:meeting",
        lambda t: t.meeting_id,
        task_ref,
    ),
)

register(
    "visit_overdue",
    Event(
        case_handler_and_supervisors,
        _("A home visit due %(due)s is overdue"),
        "protection:case",
        lambda c: c.pk,
        case_ref,
    ),
)

register(
    "closure_requested",
    Event(
        case_supervisors,
        _("A case closure waits for your approval"),
        "protection:case",
        lambda c: c.pk,
        case_ref,
    ),
)

# -- the events, one call from each service ----------------------------------------------------


def report_filed(report: Any) -> None:
    tell("report_filed", report, key=f"report:{report.pk}:{report.due_at:%Y%m%d%H%M}:filed")


def referral_made(referral: Any) -> None:
    tell("referral_made", referral)


def task_assigned(task: Any) -> None:
    tell("task_assigned", task, due=task.due_on.isoformat())


def closure_requested(case: Any) -> None:
    tell("closure_requested", case)


# -- deadlines that escalate -------------------------------------------------------------------


def district_after() -> timedelta:
    return timedelta(hours=int(getattr(settings, "SHEQU_NOTIFY_DISTRICT_AFTER_HOURS", 24)))


@register_escalation
def escalate_protection(now: datetime) -> int:
    """Send the protection escalation steps due at `now`; the number of new notifications."""
    today = timezone.localtime(now).date()
    made = 0
    for report in Report.objects.filter(status=ReportStatus.NEW, due_at__lt=now):
        steps = [(Level.STREET, report.due_at), (Level.DISTRICT, report.due_at + district_after())]
        for start, since in steps:
            found = report_escalation(report, start) if now >= since else None
            if found is not None:
                level, who = found
                key = f"report:{report.pk}:{report.due_at:%Y%m%d%H%M}:{level.name.lower()}"
                made += len(tell("report_overdue", report, who=who, key=key, now=now))
    tasks = Task.objects.filter(status=TaskStatus.OPEN, due_on__lt=today).select_related("meeting")
    for task in tasks:
        key = f"task:{task.pk}:{task.due_on}:overdue"
        made += len(tell("task_overdue", task, key=key, now=now, due=task.due_on.isoformat()))
    cases = ProtectionCase.objects.filter(
        next_visit_due__lt=today,
        status__in=[CaseStatus.OPEN, CaseStatus.CLOSING, CaseStatus.FOLLOW_UP],
    ).select_related("worker")
    for case in cases:
        due = case.next_visit_due.isoformat() if case.next_visit_due else ""
        made += len(tell("visit_overdue", case, key=f"visit:{case.pk}:{due}", now=now, due=due))
    return made
