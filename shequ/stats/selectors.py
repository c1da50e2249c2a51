"""Reads of impact reports within the access rule (the report's division)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from shequ.access.rule import get_visible_or_404
from shequ.stats.dashboard import VIEW
from shequ.stats.models import ImpactReport

if TYPE_CHECKING:
    from shequ.accounts.models import User


def report_list(*, user: User) -> QuerySet[ImpactReport]:
    return ImpactReport.objects.visible_to(user, VIEW).select_related("division", "requested_by")


def report_get(*, user: User, pk: int) -> ImpactReport:
    return get_visible_or_404(
        ImpactReport.objects.select_related("division", "requested_by"), user, VIEW, pk=pk
    )


def my_finished_reports(*, user: User, since: Any) -> QuerySet[ImpactReport]:
    """The user's own impact reports written or failed since `since`."""
    return (
        report_list(user=user)
        .filter(requested_by_id=user.pk, finished_at__gte=since, status__in=["done", "failed"])
        .order_by("-finished_at", "-id")
    )
