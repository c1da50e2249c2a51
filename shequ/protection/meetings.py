"""Joint meetings (联席会议) at street or county level: member units, the cases on the agenda,
attendance, and resolutions that become tasks with an owner organization and a due date. A new
meeting starts from the open tasks of the last one at the same division."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.audit.services import audit_record
from shequ.core.access import covers, reach_organizations, reach_q
from shequ.core.errors import Forbidden, InvalidInput
from shequ.divisions.codes import Level
from shequ.divisions.models import Division
from shequ.organizations.models import Organization
from shequ.protection.models import Meeting, ProtectionCase, Task, TaskStatus

CONVENE = "protection.meeting"


def meeting_create(
    *,
    by: Any,
    division: Division,
    convener: Organization,
    held_on: date,
    title: str,
    members: list[Organization],
    cases: list[ProtectionCase],
) -> Meeting:
    if not covers(by, CONVENE, division.code):
        raise Forbidden(_("You may not convene joint meetings here."))
    if division.level not in (Level.DISTRICT, Level.STREET):
        raise InvalidInput(
            _("Joint meetings are held at street or county level."), field="division"
        )
    if not title.strip():
        raise InvalidInput(_("The title is required."), field="title")
    if not members:
        raise InvalidInput(_("Name the member units."), field="members")
    outside = [o for o in [convener, *members] if not o.division_id.startswith(division.prefix)]
    outside = [o for o in outside if not division.code.startswith(o.division.prefix)]
    if outside:
        raise InvalidInput(
            _("%(name)s is not a unit of this division.") % {"name": outside[0].name},
            field="members",
        )
    if any(not c.division_id.startswith(division.prefix) for c in cases):
        raise InvalidInput(_("A case on the agenda lies outside this division."), field="cases")
    with transaction.atomic():
        meeting = Meeting.objects.create(
            division=division,
            convener=convener,
            held_on=held_on,
            title=title.strip()[:200],
            previous=Meeting.objects.filter(division=division).order_by("-held_on", "-id").first(),
        )
        meeting.members.set(members)
        meeting.cases.set(cases)
        audit_record(actor=by, action="protection.meeting", obj=meeting)
    return meeting


def attendance_set(*, by: Any, meeting: Meeting, attended: list[Organization]) -> None:
    if not covers(by, CONVENE, meeting.division_id):
        raise Forbidden(_("You may not change this meeting."))
    members = set(meeting.members.values_list("pk", flat=True))
    if any(o.pk not in members for o in attended):
        raise InvalidInput(_("Only member units attend."), field="attended")
    meeting.attended.set(attended)


def resolution_add(
    *,
    by: Any,
    meeting: Meeting,
    resolution: str,
    owner: Organization | None,
    due_on: date | None,
    case: ProtectionCase | None = None,
) -> Task:
    """A resolution is a task: without an owner or a due date it is refused."""
    if not covers(by, CONVENE, meeting.division_id):
        raise Forbidden(_("You may not change this meeting."))
    if not resolution.strip():
        raise InvalidInput(_("Write the resolution."), field="resolution")
    if owner is None:
        raise InvalidInput(_("A resolution needs an owner organization."), field="owner")
    if due_on is None:
        raise InvalidInput(_("A resolution needs a due date."), field="due_on")
    if due_on < meeting.held_on:
        raise InvalidInput(_("The due date is before the meeting."), field="due_on")
    if not meeting.members.filter(pk=owner.pk).exists() and owner.pk != meeting.convener_id:
        raise InvalidInput(_("The owner is a member unit of the meeting."), field="owner")
    if case is not None and not meeting.cases.filter(pk=case.pk).exists():
        raise InvalidInput(_("The case is not on this meeting's agenda."), field="case")
    with transaction.atomic():
        task = Task.objects.create(
            meeting=meeting,
            case=case,
            resolution=resolution.strip()[:300],
            owner=owner,
            due_on=due_on,
        )
        audit_record(actor=by, action="protection.resolution", obj=meeting)
    return task


def may_complete(user: Any, task: Task) -> bool:
    orgs = (
        reach_organizations(user, "protection.receive")
        | reach_organizations(user, "protection.view")
        | reach_organizations(user, CONVENE)
    )
    return task.owner_id in orgs or covers(user, CONVENE, task.meeting.division_id)


def task_complete(*, by: Any, task: Task, outcome: str) -> Task:
    if not may_complete(by, task):
        raise Forbidden(_("Only the owner organization or the convener completes a task."))
    if task.status == TaskStatus.DONE:
        raise InvalidInput(_("The task is done already."), field="status")
    if not outcome.strip():
        raise InvalidInput(_("Write what was done."), field="outcome")
    with transaction.atomic():
        task.status = TaskStatus.DONE
        task.done_at = timezone.now()
        task.outcome = outcome.strip()[:300]
        task.save()
        audit_record(actor=by, action="protection.task_done", obj=task.meeting)
    return task


def meeting_queryset(user: Any) -> QuerySet[Meeting]:
    """Meetings at divisions in reach (protection roles), and meetings the user's organization
    is a member of."""
    orgs = reach_organizations(user, "protection.receive") | reach_organizations(
        user, "protection.view"
    )
    return (
        Meeting.objects.filter(
            reach_q(user, "protection.view") | reach_q(user, CONVENE) | Q(members__in=orgs)
        )
        .distinct()
        .select_related("division", "convener")
        .order_by("-held_on", "-id")
    )


def task_queryset(user: Any) -> QuerySet[Task]:
    return Task.objects.filter(meeting__in=meeting_queryset(user)).select_related(
        "meeting", "owner", "case"
    )


def open_tasks_before(meeting: Meeting) -> QuerySet[Task]:
    """The open tasks of the previous meetings at this division: where this one starts."""
    return Task.objects.filter(
        meeting__division=meeting.division,
        meeting__held_on__lte=meeting.held_on,
        status=TaskStatus.OPEN,
    ).exclude(meeting=meeting)


def open_tasks_before_each(meetings: list[Meeting]) -> dict[int, list[Task]]:
    """`open_tasks_before` for a list of meetings, in one query."""
    tasks = list(
        Task.objects.filter(
            meeting__division_id__in={m.division_id for m in meetings}, status=TaskStatus.OPEN
        ).select_related("owner", "meeting")
    )
    return {
        m.pk: [
            t
            for t in tasks
            if t.meeting.division_id == m.division_id
            and t.meeting.held_on <= m.held_on
            and t.meeting_id != m.pk
        ]
        for m in meetings
    }
