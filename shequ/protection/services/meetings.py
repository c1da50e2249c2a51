"""Joint meetings (联席会议) at street or county level: member units, the cases on the agenda,
attendance, and resolutions that become tasks with an owner organization and a due date. Their reads
(meeting_queryset, task_queryset, the tasks carried over) are in selectors.py."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.access.codes import Level
from shequ.audit.services import audit_record
from shequ.core.errors import Forbidden, InvalidInput
from shequ.divisions.models import Division
from shequ.organizations.models import Organization
from shequ.protection import notifying as notifications
from shequ.protection.models import Meeting, ProtectionCase, Task, TaskStatus
from shequ.protection.permissions import may_convene_at, meeting_caps, task_caps

if TYPE_CHECKING:
    from shequ.accounts.models import User


def meeting_create(
    *,
    by: User,
    division: Division,
    convener: Organization,
    held_on: date,
    title: str,
    members: list[Organization],
    cases: list[ProtectionCase],
) -> Meeting:
    if not may_convene_at(by, division.code):
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


def attendance_set(*, by: User, meeting: Meeting, attended: list[Organization]) -> None:
    meeting_caps(by, meeting).require("convene", _("You may not change this meeting."))
    members = set(meeting.members.values_list("pk", flat=True))
    if any(o.pk not in members for o in attended):
        raise InvalidInput(_("Only member units attend."), field="attended")
    meeting.attended.set(attended)


def resolution_add(
    *,
    by: User,
    meeting: Meeting,
    resolution: str,
    owner: Organization | None,
    due_on: date | None,
    case: ProtectionCase | None = None,
) -> Task:
    """A resolution is a task: without an owner or a due date it is refused."""
    meeting_caps(by, meeting).require("convene", _("You may not change this meeting."))
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
        notifications.task_assigned(task)
    return task


def task_complete(*, by: User, task: Task, outcome: str) -> Task:
    task_caps(by, task).require(
        "complete", _("Only the owner organization or the convener completes a task.")
    )
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
