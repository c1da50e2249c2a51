"""What student placements put on a workbench: journals (with the week's day logs) to approve
for the field supervisor, assistant evaluations due for the secretary; for the student, the
journals of past weeks still to write, those returned, and those waiting for approval."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shequ.placements.models import JournalStatus
from shequ.placements.selectors import (
    assistant_evaluations_due,
    journals_to_approve,
    my_journals,
    weeks_without_journal,
)
from shequ.workbench.registry import Item, link, register

if TYPE_CHECKING:
    from shequ.accounts.models import User

MODULE = "placements:list"
# a week's journal is written by its Sunday, and approved within the following week
WRITE_BY, APPROVE_BY = timedelta(days=6), timedelta(days=13)


def _link(placement_id: int) -> str:
    return link("placements:detail", placement_id)


def _week(monday: Any) -> str:
    return formats.date_format(monday, "SHORT_DATE_FORMAT")


# the student's journals: returned (to rewrite), or submitted (waiting for the supervisor)
MINE = {
    JournalStatus.RETURNED: (gettext_lazy("Week of %(week)s: returned, to rewrite"), ("submit",)),
    JournalStatus.SUBMITTED: (
        gettext_lazy("Week of %(week)s: waiting for the field supervisor"),
        (),
    ),
}


@register("placement.journal", label=gettext_lazy("Journal to approve"), module=MODULE)
def journals(user: User, now: datetime) -> Iterator[Item]:
    for journal in journals_to_approve(user):
        yield Item(
            title=_("%(student)s, week of %(week)s")
            % {"student": journal.placement.student.name, "week": _week(journal.week_start)},
            link=_link(journal.placement_id),
            due=journal.week_start + APPROVE_BY,
            actions=("approve", "return"),
        )


@register("placement.write", label=gettext_lazy("Journal to write"), module=MODULE)
def my_weeks(user: User, now: datetime) -> Iterator[Item]:
    today = timezone.localtime(now).date()
    for placement_id, monday in weeks_without_journal(user, today):
        yield Item(
            title=_("Week of %(week)s") % {"week": _week(monday)},
            link=_link(placement_id),
            due=monday + WRITE_BY,
            actions=("submit",),
        )
    for journal in my_journals(user):
        title, actions = MINE[JournalStatus(journal.status)]
        yield Item(
            title=str(title) % {"week": _week(journal.week_start)},
            link=_link(journal.placement_id),
            due=None if actions else journal.week_start + APPROVE_BY,
            waiting=not actions,
            actions=actions,
        )


@register("placement.assistant", label=gettext_lazy("Assistant to evaluate"), module=MODULE)
def assistants(user: User, now: datetime) -> Iterator[Item]:
    until = timezone.localtime(now).date() + timedelta(days=7)
    for assignment in assistant_evaluations_due(user, until):
        yield Item(
            title=_("%(student)s, assistant until %(end)s")
            % {
                "student": assignment.placement.student.name,
                "end": formats.date_format(assignment.end_date, "SHORT_DATE_FORMAT"),
            },
            link=_link(assignment.placement_id),
            due=assignment.end_date,
            actions=("evaluate",),
        )
