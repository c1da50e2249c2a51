"""Reads of impact reports within the access rule (the report's division)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from shequ.access.perms import Perm
from shequ.access.rule import get_visible_or_404
from shequ.accounts.selectors import holders_of
from shequ.divisions.models import Division
from shequ.stats.dashboard import VIEW
from shequ.stats.models import ImpactReport, ReportStatus

# the officers of a district: who holds this over it (the scheduled reports are theirs)
OFFICER = Perm.PROJECT_MANAGE

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


def district_officers(district: Division) -> list[Any]:
    """The officers of a district: the active holders of project.manage over it."""
    return holders_of(perm=OFFICER, division_code=district.code)


def delivered_monthly_reports(*, user: User, since: Any) -> QuerySet[ImpactReport]:
    """The scheduled monthly reports written since `since` of the districts the user is an
    officer of (those asked for in the user's name are the user's own reports)."""
    return (
        report_list(user=user)
        .filter(
            pk__in=ImpactReport.objects.visible_to(user, OFFICER).values("pk"),
            scheduled=True,
            status=ReportStatus.DONE,
            finished_at__gte=since,
        )
        .exclude(requested_by_id=user.pk)
        .order_by("-finished_at", "-id")
    )
