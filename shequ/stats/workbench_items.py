"""The impact reports the user asked for, once written (or failed), on their workbench for a
week."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy

from shequ.stats.models import ReportStatus
from shequ.stats.selectors import my_finished_reports
from shequ.workbench.registry import Item, link, register

if TYPE_CHECKING:
    from shequ.accounts.models import User

OUTCOMES = {
    ReportStatus.DONE: (gettext_lazy("%(division)s %(start)s to %(end)s: ready"), ("download",)),
    ReportStatus.FAILED: (gettext_lazy("%(division)s %(start)s to %(end)s: failed"), ("retry",)),
}


@register("stats.report", label=gettext_lazy("Impact report"), module="stats:dashboard")
def reports(user: User, now: datetime) -> Iterator[Item]:
    for report in my_finished_reports(user=user, since=now - timedelta(days=7)):
        title, actions = OUTCOMES[ReportStatus(report.status)]
        values = {"division": report.division.name, "start": report.start, "end": report.end}
        yield Item(
            title=str(title) % values,
            link=link("stats:report", report.pk),
            due=report.finished_at,
            actions=actions,
        )
