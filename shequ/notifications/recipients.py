"""Who is told: for each kind, the people who may act on the record, found from the role grants
that carry the permission (the same permissions the capability objects read) and confirmed with
the capability object itself, so that a notification never points at something the recipient
cannot do. The nearest level acts first: a report goes to the community's child-welfare
director; only where the community has none, to the street's."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from shequ.access.codes import Level, level_of, parent_code
from shequ.access.perms import Perm
from shequ.accounts.models import RoleGrant, User


def ancestors(code: str) -> list[str]:
    """The division itself and every division above it (the grants that reach it)."""
    found: list[str] = []
    current: str | None = code
    while current:
        found.append(current)
        current = parent_code(current)
    return found


def _grants(perms: Iterable[Perm], **filters: Any) -> Any:
    return (
        RoleGrant.objects.active()
        .filter(role__permissions__code__in=[str(p) for p in perms], **filters)
        .values_list("user_id", "division_id")
        .distinct()
    )


def _users(ids: Iterable[int]) -> list[User]:
    return list(User.objects.filter(pk__in=set(ids), is_active=True).order_by("pk"))


def _confirmed(users: list[User], may_act: Callable[[User], bool] | None) -> list[User]:
    return [u for u in users if may_act is None or may_act(u)]


def nearest(
    perms: Iterable[Perm], code: str, may_act: Callable[[User], bool] | None = None
) -> list[User]:
    """Holders of one of `perms` over `code`, at the level nearest to it that has any."""
    rows = list(_grants(perms, division_id__in=ancestors(code)))
    for level in sorted({level_of(d) for _, d in rows}, reverse=True):
        users = _confirmed(_users(u for u, d in rows if level_of(d) == level), may_act)
        if users:
            return users
    return []


def at_level(perms: Iterable[Perm], code: str, level: Level) -> list[User]:
    """Holders of one of `perms` granted at the division of `level` above `code`."""
    above = [d for d in ancestors(code) if level_of(d) == level]
    if not above:
        return []
    return _users(u for u, _ in _grants(perms, division_id=above[0]))


def of_organization(
    perms: Iterable[Perm], organization_id: int, may_act: Callable[[User], bool] | None = None
) -> list[User]:
    """The people of an organization who hold one of `perms` there."""
    users = _users(u for u, _ in _grants(perms, organization_id=organization_id))
    return _confirmed(users, may_act)


# -- one function per kind -------------------------------------------------------------------


def report_handlers(report: Any) -> list[User]:
    """Who acknowledges a report: `protection.manage` over its community, nearest first."""
    from shequ.protection.permissions import report_caps

    return nearest(
        [Perm.PROTECTION_MANAGE], report.division_id, lambda u: report_caps(u, report).handle
    )


def report_escalation(report: Any, step: str) -> list[User]:
    """A report not acknowledged in time: first the street's child-welfare supervisor
    (`protection.supervise` granted at the street), then the district (`protection.supervise`
    or `protection.manage` granted at the district)."""
    if step == "street":
        return at_level([Perm.PROTECTION_SUPERVISE], report.division_id, Level.STREET)
    return at_level(
        [Perm.PROTECTION_SUPERVISE, Perm.PROTECTION_MANAGE], report.division_id, Level.DISTRICT
    )


def referral_answerers(referral: Any) -> list[User]:
    from shequ.protection.permissions import referral_caps

    return of_organization(
        [Perm.PROTECTION_RECEIVE, Perm.PROTECTION_MANAGE],
        referral.to_organization_id,
        lambda u: referral_caps(u, referral).answer,
    )


def task_owners(task: Any) -> list[User]:
    from shequ.protection.permissions import task_caps

    return of_organization(
        [Perm.PROTECTION_RECEIVE, Perm.PROTECTION_VIEW, Perm.PROTECTION_MEETING],
        task.owner_id,
        lambda u: task_caps(u, task).complete,
    )


def task_conveners(task: Any) -> list[User]:
    """The convener of the task's meeting: `protection.meeting` at the convening organization
    over the meeting's division."""
    from shequ.protection.permissions import meeting_caps

    meeting = task.meeting
    return of_organization(
        [Perm.PROTECTION_MEETING],
        meeting.convener_id,
        lambda u: meeting_caps(u, meeting).convene,
    )


def case_supervisors(case: Any) -> list[User]:
    from shequ.protection.permissions import supervises

    return nearest([Perm.PROTECTION_SUPERVISE], case.level_id, lambda u: supervises(u, case))


def case_handler_and_supervisors(case: Any) -> list[User]:
    found = {u.pk: u for u in case_supervisors(case)}
    worker = case.worker
    if worker is not None and worker.is_active:
        found.setdefault(worker.pk, worker)
    return list(found.values())


def activity_organizers(activity: Any) -> list[User]:
    """The organizing organization's people who may decide sign-ups and confirm hours."""
    from shequ.volunteers.selectors import may_organize

    return of_organization(
        [Perm.VOLUNTEER_MANAGE], activity.organizer_id, lambda u: may_organize(u, activity)
    )
