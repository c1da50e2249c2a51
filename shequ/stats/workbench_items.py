"""The impact reports the user asked for, once written (or failed), on their workbench for a
week; and, for a week too, the monthly report of each district the user is an officer of."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy

from shequ.stats.models import ReportStatus
from shequ.stats.selectors import delivered_monthly_reports, my_finished_reports
from shequ.workbench.registry import Item, link, register

if TYPE_CHECKING:
    from shequ.accounts.models import User

ON_WORKBENCH = timedelta(days=7)
OUTCOMES = {
    ReportStatus.DONE: (gettext_lazy("%(division)s %(start)s to %(end)s: ready"), ("download",)),
    ReportStatus.FAILED: (gettext_lazy("%(division)s %(start)s to %(end)s: failed"), ("retry",)),
}
MONTHLY = gettext_lazy("Monthly impact report of %(division)s, %(start)s to %(end)s")


@register("stats.report", label=gettext_lazy("Impact report"), module="stats:dashboard")
def reports(user: User, now: datetime) -> Iterator[Item]:
    for report in my_finished_reports(user=user, since=now - ON_WORKBENCH):
        title, actions = OUTCOMES[ReportStatus(report.status)]
        values = {"division": report.division.name, "start": report.start, "end": report.end}
        yield Item(
            title=str(title) % values,
            link=link("stats:report", report.pk),
            due=report.finished_at,
            actions=actions,
        )


@register(
    "stats.monthly_report", label=gettext_lazy("Monthly impact report"), module="stats:dashboard"
)
def monthly_reports(user: User, now: datetime) -> Iterator[Item]:
    for report in delivered_monthly_reports(user=user, since=now - ON_WORKBENCH):
        values = {"division": report.division.name, "start": report.start, "end": report.end}
        yield Item(
            title=str(MONTHLY) % values,
            link=link("stats:report", report.pk),
            due=report.finished_at,
            actions=("download",),
        )
