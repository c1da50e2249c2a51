"""What the protection network puts on a person's workbench: reports to acknowledge (with the
time left), home visits due by grade, referrals to answer, joint-meeting tasks owned by the
user's organization, case closures to approve, open alerts; and, waiting for others, the
user's own reports and referrals and the tasks of the meetings they convene. One query per
source, none for a role holding none of the permissions a source needs (`perms`); no child's
details (a reference number, the community and the deadline)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shequ.access.perms import Perm
from shequ.protection.permissions import (
    CONVENE,
    MANAGE,
    RECEIVE,
    SUPERVISE,
    referral_caps,
    report_caps,
    task_caps,
)
from shequ.protection.selectors import (
    alerts_for,
    closures_to_approve,
    my_referrals_waiting,
    my_reports_waiting,
    referrals_waiting,
    reports_to_acknowledge,
    tasks_convened,
    tasks_owned,
    visits_due,
)
from shequ.workbench.registry import Item, link, register

if TYPE_CHECKING:
    from shequ.accounts.models import User

DASHBOARD = "protection:dashboard"


def _case_link(pk: int) -> str:
    return link("protection:case", pk)


def _case_item(case: Any, title: str, **fields: Any) -> Item:
    grade = case.grade or _("not graded")
    values = {"id": case.pk, "community": case.division.name, "grade": grade}
    return Item(title=title % values, link=_case_link(case.pk), **fields)


def _report_item(report: Any, title: str, **fields: Any) -> Item:
    values = {"id": report.pk, "community": report.division.name}
    url = link("protection:report", report.pk)
    return Item(title=title % values, link=url, due=report.due_at, **fields)


def _task_item(task: Any, title: str, **fields: Any) -> Item:
    values = {"resolution": task.resolution, "org": task.owner.name}
    url = link("protection:meeting", task.meeting_id)
    return Item(title=title % values, link=url, due=task.due_on, **fields)


@register("protection.acknowledge", label=gettext_lazy("Report to acknowledge"), module=DASHBOARD)
def reports(user: User, now: datetime) -> Iterator[Item]:
    for report in reports_to_acknowledge(user):
        caps = report_caps(user, report)
        yield _report_item(
            report, _("Report No. %(id)s, %(community)s"), actions=tuple(caps.actions())
        )
    for report in my_reports_waiting(user):
        yield _report_item(
            report,
            _("Your report No. %(id)s waits to be acknowledged, %(community)s"),
            waiting=True,
            module="protection:report_create",
        )


@register(
    "protection.visit",
    label=gettext_lazy("Home visit due"),
    module=DASHBOARD,
    perms=(MANAGE,),
)
def visits(user: User, now: datetime) -> Iterator[Item]:
    week = timezone.localtime(now).date() + timedelta(days=7)
    for case in visits_due(user, week):
        yield _case_item(
            case,
            _("Case No. %(id)s (%(grade)s), %(community)s"),
            due=case.next_visit_due,
            actions=("handle",),
        )


@register(
    "protection.referral",
    label=gettext_lazy("Referral to answer"),
    module=DASHBOARD,
    perms=(RECEIVE, MANAGE),
)
def referrals(user: User, now: datetime) -> Iterator[Item]:
    for referral in referrals_waiting(user):
        yield Item(
            title=_("Case No. %(id)s referred to %(org)s")
            % {"id": referral.case_id, "org": referral.to_organization.name},
            link=link("protection:referrals"),
            actions=tuple(referral_caps(user, referral).actions()),
            module="protection:referrals",
        )
    for referral in my_referrals_waiting(user):
        yield Item(
            title=_("Case No. %(id)s: %(org)s has not answered the referral yet")
            % {"id": referral.case_id, "org": referral.to_organization.name},
            link=_case_link(referral.case_id),
            waiting=True,
        )


@register(
    "protection.task",
    label=gettext_lazy("Joint-meeting task"),
    module=DASHBOARD,
    perms=(RECEIVE, Perm.PROTECTION_VIEW, CONVENE),
)
def tasks(user: User, now: datetime) -> Iterator[Item]:
    for task in tasks_owned(user):
        caps = task_caps(user, task)
        yield _task_item(
            task,
            _("%(resolution)s (%(org)s)"),
            actions=tuple(caps.actions()),
            module="protection:meetings",
        )
    for task in tasks_convened(user):
        yield _task_item(task, _("%(org)s: %(resolution)s"), waiting=True)


@register(
    "protection.closure",
    label=gettext_lazy("Case closure to approve"),
    module=DASHBOARD,
    perms=(SUPERVISE,),
)
def closures(user: User, now: datetime) -> Iterator[Item]:
    for case in closures_to_approve(user):
        yield _case_item(case, _("Case No. %(id)s, %(community)s"), actions=("supervise",))


@register(
    "protection.alert",
    label=gettext_lazy("Protection alert"),
    module=DASHBOARD,
    perms=(Perm.PROTECTION_VIEW, SUPERVISE, CONVENE, Perm.AUDIT_VIEW, RECEIVE),
)
def alerts(user: User, now: datetime) -> Iterator[Item]:
    for alert in alerts_for(user):
        if alert.kind == "glass_broken":
            url = link("audit:reads")
        elif alert.case_id:
            url = _case_link(alert.case_id)
        elif alert.report_id:
            url = link("protection:report", alert.report_id)
        elif alert.task_id:
            url = link("protection:meetings")
        else:
            url = link(DASHBOARD)
        yield Item(
            title=alert.message,
            link=url,
            due=alert.created_at,
            module="audit:reads" if alert.kind == "glass_broken" else DASHBOARD,
        )
