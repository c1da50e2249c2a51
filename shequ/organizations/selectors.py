from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from shequ.access.codes import parent_code
from shequ.access.perms import Perm
from shequ.access.rule import get_visible_or_404, reach, reach_organizations, reach_q
from shequ.organizations.models import Organization

if TYPE_CHECKING:
    from shequ.accounts.models import User

VIEW = Perm.ORGANIZATION_VIEW


def organization_list(
    *, user: User, kind: str | None = None, q: str | None = None, under: str | None = None
) -> QuerySet[Organization]:
    qs = Organization.objects.visible_to(user, VIEW).select_related("division")
    if kind:
        qs = qs.filter(kind=kind)
    if q:
        qs = qs.filter(name__contains=q.strip())
    if under:
        from shequ.divisions.selectors import division_get

        qs = qs.filter(division__code__startswith=division_get(user=user, code=under).prefix)
    return qs.order_by("division_id", "name")


def organization_get(*, user: User, pk: int) -> Organization:
    return get_visible_or_404(Organization.objects.select_related("division"), user, VIEW, pk=pk)


def organizations_to_work_with(*, user: User, kinds: list[str]) -> list[Organization]:
    """The choices of a form that names a partner (a project's provider, its evaluator): the
    organizations in the user's reach, and those of the divisions above it (the city's bureau,
    a university that serves the whole city). Names and kinds only; nothing personal."""
    codes: set[str] = set()
    for prefix in reach(user, VIEW):
        code = parent_code(prefix.ljust(12, "0"))
        while code:
            codes.add(code)
            code = parent_code(code)
    qs = Organization.objects.filter(kind__in=kinds).filter(
        reach_q(user, VIEW) | Q(division__code__in=codes)
    )
    return list(qs.select_related("division").order_by("division_id", "name"))


def organization_to_work_with(*, user: User, pk: int, kinds: list[str]) -> Organization:
    """One of `organizations_to_work_with`, or 404."""
    from shequ.core.errors import NotFound

    for org in organizations_to_work_with(user=user, kinds=kinds):
        if org.pk == pk:
            return org
    raise NotFound()


def organizations_acting_for(*, user: User, perm: Perm) -> list[Organization]:
    """The organizations at which the user holds `perm` (those they organize or act for):
    the choices of a form that names the organizer."""
    return list(
        Organization.objects.filter(pk__in=reach_organizations(user, perm))
        .select_related("division")
        .order_by("name")
    )
