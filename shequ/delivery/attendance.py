"""Attendance after the fact: a participant added to (or taken off) an activity already
recorded, an attendee to (or from) a group session already held. Each attendance is a service
record, so it is written and taken back through the services that move the figures in the same
transaction (docs/decisions/rollups-move-with-the-write.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from shequ.audit.services import audit_record
from shequ.core.concurrency import claim
from shequ.core.errors import InvalidInput
from shequ.delivery.models import (
    Activity,
    ActivityParticipant,
    GroupAttendance,
    GroupSession,
    Method,
    ServiceRecord,
)
from shequ.delivery.permissions import activity_caps, group_caps
from shequ.delivery.services import attendance_drop, record_create
from shequ.residents.models import Resident

if TYPE_CHECKING:
    from shequ.accounts.models import User


def _attendance_record(
    by: User, where: Any, resident: Resident, method: str, held_on: Any, minutes: int
) -> ServiceRecord:
    """The service record of one person's attendance at an activity or a group's session: its
    community, project and area, its source naming where (the link `record_delete` removes)."""
    return record_create(
        by=by,
        division=where.division,
        method=method,
        served_on=held_on,
        duration_minutes=minutes,
        resident=resident,
        project=where.project,
        area=where.area,
        source=f"{Method(method).value}:{where.pk}",
    )


def activity_participant_add(*, by: User, activity: Activity, resident: Resident) -> Any:
    """One more registered participant: a service record on the activity's date, duration,
    project and area, counted in the figures at once."""
    activity_caps(by, activity).require(
        "record", _("You may not record activities in this community.")
    )
    with transaction.atomic():
        claim(activity)
        if activity.participants.filter(resident=resident).exists():
            raise InvalidInput(
                _("%(name)s is already a participant.") % {"name": resident.name},
                field="resident",
                code="already",
            )
        record = _attendance_record(
            by, activity, resident, Method.ACTIVITY, activity.held_on, activity.duration_minutes
        )
        link = ActivityParticipant.objects.create(
            activity=activity, resident=resident, record=record
        )
        audit_record(
            actor=by,
            action="activity.participant_add",
            obj=activity,
            detail={"resident": resident.pk},
        )
    return link


def activity_participant_remove(*, by: User, activity: Activity, resident: Resident) -> None:
    """A participant taken off (recorded by mistake): the record leaves the figures."""
    activity_caps(by, activity).require(
        "record", _("You may not record activities in this community.")
    )
    with transaction.atomic():
        claim(activity)
        _take_back(
            activity.participants.filter(resident=resident),
            _("Not a participant of this activity."),
        )
        audit_record(
            actor=by,
            action="activity.participant_remove",
            obj=activity,
            detail={"resident": resident.pk},
        )


def _take_back(links: Any, absent: str) -> None:
    """Drop the one attendance `links` finds (its record leaves the figures), or say it is
    not there."""
    link = links.select_related("record").first()
    if link is None:
        raise InvalidInput(absent, field="resident", code="absent")
    attendance_drop(link.record)


def _held_session(session: GroupSession) -> GroupSession:
    locked = GroupSession.objects.select_for_update().get(pk=session.pk)
    if not locked.held:
        raise InvalidInput(
            _("The session has not been held yet."), field="session", code="not_held"
        )
    return locked


def session_attendee_add(*, by: User, session: GroupSession, resident: Resident) -> Any:
    """A member who attended a session already held, added afterwards."""
    group = session.group
    group_caps(by, group).require("record", _("You may not record this group's sessions."))
    if not group.members.filter(resident=resident).exists():
        raise InvalidInput(
            _("Only members attend a group's sessions."), field="resident", code="not_member"
        )
    with transaction.atomic():
        locked = _held_session(session)
        if locked.attendance.filter(resident=resident).exists():
            raise InvalidInput(
                _("%(name)s already attended this session.") % {"name": resident.name},
                field="resident",
                code="already",
            )
        record = _attendance_record(
            by, group, resident, Method.GROUP, locked.held_on, locked.duration_minutes
        )
        link = GroupAttendance.objects.create(session=locked, resident=resident, record=record)
        audit_record(
            actor=by,
            action="group.attendee_add",
            obj=group,
            detail={"session": locked.pk, "resident": resident.pk},
        )
    return link


def session_attendee_remove(*, by: User, session: GroupSession, resident: Resident) -> None:
    """An attendee taken off a session (recorded by mistake): the record leaves the figures."""
    group = session.group
    group_caps(by, group).require("record", _("You may not record this group's sessions."))
    with transaction.atomic():
        locked = _held_session(session)
        _take_back(
            locked.attendance.filter(resident=resident), _("Not an attendee of this session.")
        )
        audit_record(
            actor=by,
            action="group.attendee_remove",
            obj=group,
            detail={"session": locked.pk, "resident": resident.pk},
        )
