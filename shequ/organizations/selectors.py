from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from shequ.core.access import get_visible_or_404
from shequ.organizations.models import Organization

VIEW = "organization.view"


def organization_list(
    *, user: Any, kind: str | None = None, q: str | None = None, under: str | None = None
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


def organization_get(*, user: Any, pk: int) -> Organization:
    return get_visible_or_404(Organization.objects.select_related("division"), user, VIEW, pk=pk)
