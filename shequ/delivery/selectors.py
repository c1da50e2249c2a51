"""Reads of service delivery, within the user's reach (the record's community)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet

from shequ.access.perms import Perm
from shequ.access.rule import get_visible_or_404
from shequ.core.errors import NotFound
from shequ.delivery.models import Activity, Group, GroupSession, ServiceRecord

if TYPE_CHECKING:
    from shequ.accounts.models import User

VIEW = Perm.PROJECT_VIEW


def record_list(
    *, user: User, project: int | None = None, method: str = "", resident: int | None = None
) -> QuerySet[ServiceRecord]:
    qs = ServiceRecord.objects.visible_to(user, VIEW)
    if project:
        qs = qs.filter(project_id=project)
    if method:
        qs = qs.filter(method=method)
    if resident:
        qs = qs.filter(resident_id=resident)
    return qs.order_by("-served_on", "-id")


def record_get(*, user: User, pk: int) -> ServiceRecord:
    return get_visible_or_404(
        ServiceRecord.objects.select_related(
            "division", "resident", "project", "area", "recorded_by"
        ),
        user,
        VIEW,
        pk=pk,
    )


def group_list(*, user: User) -> QuerySet[Group]:
    return (
        Group.objects.visible_to(user, VIEW)
        .annotate(
            member_count=Count("members", distinct=True),
            session_count=Count("sessions", filter=Q(sessions__held=True), distinct=True),
        )
        .order_by("-created_at")
    )


def group_get(*, user: User, pk: int) -> Group:
    return get_visible_or_404(group_list(user=user), user, VIEW, pk=pk)


def held_session_get(*, user: User, group: int, pk: int) -> GroupSession:
    """A session held by a group in reach (a planned one, or one of another group, is not
    found)."""
    found = group_get(user=user, pk=group).sessions.filter(held=True, pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def activity_list(*, user: User) -> QuerySet[Activity]:
    return (
        Activity.objects.visible_to(user, VIEW)
        .annotate(participant_count=Count("participants"))
        .order_by("-held_on", "-id")
    )


def activity_get(*, user: User, pk: int) -> Activity:
    return get_visible_or_404(
        activity_list(user=user).select_related("division", "project"), user, VIEW, pk=pk
    )
