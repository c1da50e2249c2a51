"""Group work (小组) and community activities (社区活动): every attendance and every headcount
becomes a service record, through the one place that checks the rules."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from shequ.audit.services import audit_record
from shequ.core.access import covers
from shequ.core.errors import Forbidden, InvalidInput
from shequ.delivery.models import (
    Activity,
    ActivityParticipant,
    Group,
    GroupAttendance,
    GroupMember,
    GroupSession,
    Method,
)
from shequ.delivery.services import RECORD, record_create
from shequ.divisions.models import Division
from shequ.projects.models import ServiceArea, ServiceProject
from shequ.residents.models import Resident


def group_create(
    *,
    by: Any,
    division: Division,
    name: str,
    goal: str,
    members: list[Resident],
    project: ServiceProject | None = None,
    area: ServiceArea | None = None,
) -> Group:
    if not covers(by, RECORD, division.code):
        raise Forbidden(_("You may not run groups in this community."))
    if not name.strip() or not goal.strip():
        raise InvalidInput(_("A group needs a name and a goal."), field="name")
    if any(m.division_id != division.code for m in members):
        raise InvalidInput(_("A member lives in another community."), field="members")
    with transaction.atomic():
        group = Group.objects.create(
            division=division,
            name=name.strip()[:120],
            goal=goal.strip(),
            project=project,
            area=area,
            worker=by,
        )
        GroupMember.objects.bulk_create([GroupMember(group=group, resident=m) for m in members])
        audit_record(actor=by, action="group.create", obj=group)
    return group


def group_session_hold(
    *,
    by: Any,
    group: Group,
    held_on: date,
    duration_minutes: int,
    attendees: list[Resident],
    notes: str = "",
) -> GroupSession:
    """A session held, with the members who attended: one service record per attendee."""
    if not covers(by, RECORD, group.division_id):
        raise Forbidden(_("You may not record this group's sessions."))
    member_ids = set(group.members.values_list("resident_id", flat=True))
    if any(a.pk not in member_ids for a in attendees):
        raise InvalidInput(_("Only members attend a group's sessions."), field="attendees")
    with transaction.atomic():
        session = GroupSession.objects.create(
            group=group, held_on=held_on, duration_minutes=duration_minutes, notes=notes.strip()
        )
        for resident in attendees:
            record = record_create(
                by=by,
                division=group.division,
                method=Method.GROUP,
                served_on=held_on,
                duration_minutes=duration_minutes,
                resident=resident,
                project=group.project,
                area=group.area,
                source=f"group:{group.pk}",
            )
            GroupAttendance.objects.create(session=session, resident=resident, record=record)
        audit_record(
            actor=by, action="group.session", obj=group, detail={"attendees": len(attendees)}
        )
    return session


def activity_hold(
    *,
    by: Any,
    division: Division,
    theme: str,
    place: str,
    held_on: date,
    duration_minutes: int,
    participants: list[Resident],
    headcount: int = 0,
    project: ServiceProject | None = None,
    area: ServiceArea | None = None,
    organizers: str = "",
) -> Activity:
    """An activity held: a record per registered participant, one more for the headcount."""
    if not covers(by, RECORD, division.code):
        raise Forbidden(_("You may not record activities in this community."))
    if not theme.strip():
        raise InvalidInput(_("The theme is required."), field="theme")
    if headcount < 0:
        raise InvalidInput(_("At least one person."), field="headcount")
    if not participants and not headcount:
        raise InvalidInput(_("Name the participants or give a headcount."), field="participants")
    with transaction.atomic():
        activity = Activity.objects.create(
            division=division,
            theme=theme.strip()[:120],
            place=place.strip()[:120],
            held_on=held_on,
            duration_minutes=duration_minutes,
            project=project,
            area=area,
            organizers=organizers.strip()[:200],
            headcount=headcount,
        )
        for resident in participants:
            record = record_create(
                by=by,
                division=division,
                method=Method.ACTIVITY,
                served_on=held_on,
                duration_minutes=duration_minutes,
                resident=resident,
                project=project,
                area=area,
                source=f"activity:{activity.pk}",
            )
            ActivityParticipant.objects.create(activity=activity, resident=resident, record=record)
        if headcount:
            record_create(
                by=by,
                division=division,
                method=Method.ACTIVITY,
                served_on=held_on,
                duration_minutes=duration_minutes,
                headcount=headcount,
                project=project,
                area=area,
                source=f"activity:{activity.pk}",
            )
        audit_record(actor=by, action="activity.hold", obj=activity)
    return activity
