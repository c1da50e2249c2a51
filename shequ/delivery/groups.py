"""Group work (小组) and community activities (社区活动): every attendance and every headcount
becomes a service record, through the one place that checks the rules."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from shequ.audit.services import audit_record
from shequ.core.attachments import IMAGE_KINDS, check_upload
from shequ.core.concurrency import claim
from shequ.core.errors import Forbidden, InvalidInput
from shequ.core.numbers import to_decimal
from shequ.delivery.models import (
    Activity,
    ActivityParticipant,
    ActivityPhoto,
    Group,
    GroupAttendance,
    GroupMember,
    GroupSession,
    GroupStage,
    Method,
)
from shequ.delivery.permissions import group_caps, may_record_in
from shequ.delivery.services import (
    MAX_MINUTES,
    check_occasion,
    record_create,
    require_servable,
)
from shequ.divisions.models import Division
from shequ.projects.models import ServiceArea, ServiceProject
from shequ.projects.services import require_in_period
from shequ.residents.models import Resident

if TYPE_CHECKING:
    from shequ.accounts.models import User


def group_create(
    *,
    by: User,
    division: Division,
    name: str,
    goal: str,
    members: list[Resident],
    project: ServiceProject | None = None,
    area: ServiceArea | None = None,
) -> Group:
    if not may_record_in(by, division.code):
        raise Forbidden(_("You may not run groups in this community."))
    if not name.strip() or not goal.strip():
        raise InvalidInput(_("A group needs a name and a goal."), field="name")
    require_servable(by, members, field="members")
    if project is not None and not project.coverage.filter(community_id=division.code).exists():
        raise InvalidInput(
            _("The project does not cover this community."), field="project", code="outside_project"
        )
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


def group_session_plan(
    *, by: User, group: Group, planned_on: date, duration_minutes: int, topic: str
) -> GroupSession:
    """A session planned ahead: a date inside the project's period, a duration and a topic."""
    if not may_record_in(by, group.division_id):
        raise Forbidden(_("You may not record this group's sessions."))
    if not topic.strip():
        raise InvalidInput(_("Give the session's topic."), field="topic")
    if not 0 < duration_minutes <= MAX_MINUTES:
        raise InvalidInput(
            _("A duration is between 1 minute and 24 hours."),
            field="duration_minutes",
            code="duration",
        )
    require_in_period(group.project, planned_on, field="planned_on")
    with transaction.atomic():
        session = GroupSession.objects.create(
            group=group,
            held_on=planned_on,
            duration_minutes=duration_minutes,
            topic=topic.strip()[:120],
            held=False,
        )
        audit_record(actor=by, action="group.plan", obj=group)
    return session


def group_session_hold(
    *,
    by: User,
    group: Group,
    held_on: date,
    duration_minutes: int,
    attendees: list[Resident],
    notes: str = "",
    planned: GroupSession | None = None,
) -> GroupSession:
    """A session held, with the members who attended: one service record per attendee. When it
    was planned, the planned session becomes the held one."""
    if planned is not None and (planned.group_id != group.pk or planned.held):
        raise InvalidInput(_("Not a planned session of this group."), field="planned")
    if not may_record_in(by, group.division_id):
        raise Forbidden(_("You may not record this group's sessions."))
    check_occasion(
        project=group.project, served_on=held_on, duration_minutes=duration_minutes, field="held_on"
    )
    member_ids = set(group.members.values_list("resident_id", flat=True))
    if any(a.pk not in member_ids for a in attendees):
        raise InvalidInput(_("Only members attend a group's sessions."), field="attendees")
    with transaction.atomic():
        session = planned or GroupSession(group=group)
        session.held_on = held_on
        session.duration_minutes = duration_minutes
        session.notes = notes.strip()
        session.held = True
        session.save()
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
    by: User,
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
    community_organization: Any = None,
) -> Activity:
    """An activity held: a record per registered participant, one more for the headcount.
    An activity held by a community organization (社区社会组织) is linked to it: it is the same
    activity, counted once in the statistics."""
    if not may_record_in(by, division.code):
        raise Forbidden(_("You may not record activities in this community."))
    if community_organization is not None and community_organization.division_id != division.code:
        raise InvalidInput(
            _("The organization belongs to another community."),
            field="community_organization",
            code="other_community",
        )
    if not theme.strip():
        raise InvalidInput(_("The theme is required."), field="theme")
    if headcount < 0:
        raise InvalidInput(_("At least one person."), field="headcount")
    if not participants and not headcount:
        raise InvalidInput(_("Name the participants or give a headcount."), field="participants")
    check_occasion(
        project=project, served_on=held_on, duration_minutes=duration_minutes, field="held_on"
    )
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
            community_organization=community_organization,
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


def group_advance(*, by: User, group: Group, to_stage: str) -> Group:
    """筹备 → 形成 → 转折 → 成熟 → 结束, one stage at a time, by the group's worker or a
    supervisor."""
    group_caps(by, group).require(
        "handle", _("Only the group's worker or a supervisor may do this.")
    )
    order = [s.value for s in GroupStage]
    if to_stage not in order:
        raise InvalidInput(_("Unknown stage."), field="stage")
    if order.index(to_stage) != order.index(group.stage) + 1:
        raise InvalidInput(
            _("A group moves one stage at a time, in order."), field="stage", code="stage_order"
        )
    with transaction.atomic():
        group.stage = to_stage
        group.save(update_fields=["stage", "updated_at"])
        audit_record(actor=by, action="group.advance", obj=group, detail={"to": to_stage})
    return group


def member_scores_set(*, by: User, group: Group, scores: dict[int, tuple[Any, Any]]) -> None:
    """Pre- and post-measures per member (resident id: (pre, post)); blank leaves a measure
    unset."""
    group_caps(by, group).require(
        "handle", _("Only the group's worker or a supervisor may do this.")
    )
    members = {m.resident_id: m for m in group.members.all()}
    changed = []
    for resident_id, (pre, post) in scores.items():
        member = members.get(resident_id)
        if member is None:
            raise InvalidInput(_("Only members attend a group's sessions."), field="members")
        member.pre_score = _measure(pre)
        member.post_score = _measure(post)
        changed.append(member)
    with transaction.atomic():
        GroupMember.objects.bulk_update(changed, ["pre_score", "post_score"])
        audit_record(actor=by, action="group.measures", obj=group)


def _measure(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    number = to_decimal(value, field="measures", message=_("A measure is a number."))
    if abs(number) >= 10000:
        raise InvalidInput(_("A measure is a number."), field="measures")
    return number.quantize(Decimal("0.01"))


MAX_PHOTO_MB = 10


def activity_photo_add(
    *, by: User, activity: Activity, upload: Any, caption: str = ""
) -> ActivityPhoto:
    if not may_record_in(by, activity.division_id):
        raise Forbidden(_("You may not record activities in this community."))
    checked = check_upload(upload, allowed=IMAGE_KINDS, max_mb=MAX_PHOTO_MB, field="photo")
    with transaction.atomic():
        claim(activity)
        photo = ActivityPhoto(
            activity=activity,
            caption=caption.strip()[:200],
            content_type=checked.content_type,
            size=checked.size,
            uploaded_by=by,
        )
        photo.image.save(checked.name, upload, save=False)
        photo.save()
        audit_record(actor=by, action="activity.photo", obj=activity)
    return photo
