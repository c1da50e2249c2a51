"""Who may do what to a protection case, a report, a joint meeting and its tasks: the rules,
written once. Services call `caps.require(...)`; the pages and templates read the same object
(`{% if caps.supervise %}`); the API's detail answers list `caps.actions()`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from shequ.access.perms import Perm
from shequ.access.rule import covers, has_perm, reach_organizations
from shequ.core.capabilities import Capabilities, state
from shequ.protection.models import (
    VIEW,
    Meeting,
    ProtectionCase,
    Referral,
    ReferralStatus,
    Report,
    ReportStatus,
    Task,
)

if TYPE_CHECKING:
    from shequ.accounts.models import User

MANAGE = Perm.PROTECTION_MANAGE
SUPERVISE = Perm.PROTECTION_SUPERVISE
RECEIVE = Perm.PROTECTION_RECEIVE
REPORTER = Perm.PROTECTION_REPORTER
REPORT = Perm.PROTECTION_REPORT
CONVENE = Perm.PROTECTION_MEETING
EXPORT = Perm.PROTECTION_EXPORT


def supervises(user: User, case: ProtectionCase) -> bool:
    """The supervisor rule: `protection.supervise` over the child's community or over the level
    that holds responsibility for the case."""
    return covers(user, SUPERVISE, case.division_id) or covers(user, SUPERVISE, case.level_id)


def handles(user: User, case: ProtectionCase) -> bool:
    """The holders of `protection.manage` over the case's community or its responsible level,
    and the organizations it was referred to (once accepted)."""
    if covers(user, MANAGE, case.division_id) or covers(user, MANAGE, case.level_id):
        return True
    orgs = reach_organizations(user, RECEIVE) | reach_organizations(user, MANAGE)
    return Referral.objects.filter(
        case_id=case.pk, to_organization_id__in=orgs, status=ReferralStatus.ACCEPTED
    ).exists()


@dataclass(frozen=True)
class CaseCaps(Capabilities):
    handle: bool = False  # grade, visit, plan, services, escalate, request closure, reopen
    refer: bool = False
    de_escalate: bool = False  # the responsible level hands the case back, down to the community
    supervise: bool = False  # approve or refuse the closure
    read_access_log: bool = False
    responsible: bool = state()  # holds `protection.manage` over the responsible level


def case_caps(user: User, case: ProtectionCase) -> CaseCaps:
    handle = handles(user, case)
    supervise = supervises(user, case)
    responsible = covers(user, MANAGE, case.level_id)
    return CaseCaps(
        handle=handle,
        refer=handle,
        de_escalate=responsible and case.level_id != case.division_id,
        responsible=responsible,
        supervise=supervise,
        read_access_log=supervise,
    )


@dataclass(frozen=True)
class ReportCaps(Capabilities):
    handle: bool = False  # accept (a case opens) or redirect to another community
    see_reporter: bool = state()
    new: bool = state()


def report_caps(user: User, report: Report) -> ReportCaps:
    """The community's `protection.manage` handles its reports; who reported is shown to the
    holders of `protection.reporter` over the community and to the reporter themself."""
    return ReportCaps(
        handle=covers(user, MANAGE, report.division_id),
        see_reporter=report.reporter_id == user.pk or covers(user, REPORTER, report.division_id),
        new=report.status == ReportStatus.NEW,
    )


@dataclass(frozen=True)
class MeetingCaps(Capabilities):
    convene: bool = False  # attendance, resolutions


def meeting_caps(user: User, meeting: Meeting) -> MeetingCaps:
    return MeetingCaps(convene=covers(user, CONVENE, meeting.division_id))


def may_convene_at(user: User, division_code: str) -> bool:
    return covers(user, CONVENE, division_code)


@dataclass(frozen=True)
class TaskCaps(Capabilities):
    complete: bool = False


def task_caps(user: User, task: Task) -> TaskCaps:
    """The owner organization's people (receiving, viewing or convening there) and the
    convener of the meeting's division complete a task."""
    orgs = (
        reach_organizations(user, RECEIVE)
        | reach_organizations(user, VIEW)
        | reach_organizations(user, CONVENE)
    )
    return TaskCaps(
        complete=task.owner_id in orgs or covers(user, CONVENE, task.meeting.division_id)
    )


@dataclass(frozen=True)
class ReferralCaps(Capabilities):
    answer: bool = False  # accept or decline


def referral_caps(user: User, referral: Referral) -> ReferralCaps:
    """A referral is answered by the people of the organization it is addressed to."""
    orgs = reach_organizations(user, RECEIVE) | reach_organizations(user, MANAGE)
    return ReferralCaps(answer=referral.to_organization_id in orgs)


@dataclass(frozen=True)
class ProtectionCaps(Capabilities):
    """What the user may do in the protection area as a whole (the buttons of its lists)."""

    report: bool = False  # file a report of a child at risk
    export: bool = False
    convene: bool = False  # somewhere: the divisions are chosen on the form
    see_cases: bool = state()  # a protection role (somewhere): may also break the glass


def protection_caps(user: User) -> ProtectionCaps:
    return ProtectionCaps(
        report=has_perm(user, REPORT),
        export=has_perm(user, EXPORT),
        convene=has_perm(user, CONVENE),
        see_cases=has_perm(user, VIEW),
    )


def in_reach(user: User, case: ProtectionCase) -> bool:
    """The case's community or its responsible level is in the user's reach for
    `protection.view` (rather than a referral or a broken glass)."""
    return covers(user, VIEW, case.division_id) or covers(user, VIEW, case.level_id)
