"""The protection API: `/api/v1/protection/...`, under the same rules as the pages: only
protection roles in reach, accepted referrals and broken glass see a case, every read is
logged, and the reporter is shown only to those who may know."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ninja import Router, Status

from shequ.access.signed_in import AuthedHttpRequest
from shequ.core.api import ERRORS
from shequ.core.errors import NotFound
from shequ.divisions.selectors import division_get
from shequ.protection import services
from shequ.protection.models import Meeting, ProtectionCase, Referral, Report, Task
from shequ.protection.permissions import case_caps, meeting_caps, report_caps
from shequ.protection.schemas import (
    ProtectionAccessOut,
    ProtectionAlertOut,
    ProtectionAnswerIn,
    ProtectionApprovalIn,
    ProtectionCaseOut,
    ProtectionClosureIn,
    ProtectionCompleteIn,
    ProtectionGradeIn,
    ProtectionMeetingIn,
    ProtectionMeetingOut,
    ProtectionReasonIn,
    ProtectionRedirectIn,
    ProtectionReferralIn,
    ProtectionReferralOut,
    ProtectionReportIn,
    ProtectionReportOut,
    ProtectionResolutionIn,
    ProtectionTaskOut,
    ProtectionVisitIn,
)
from shequ.protection.selectors import (
    access_log,
    agenda_case,
    alerts_for,
    case_get,
    case_list,
    meeting_get,
    meeting_queryset,
    open_tasks_before,
    open_tasks_before_each,
    organization_named,
    organizations_named,
    referral_waiting_get,
    report_community,
    report_get,
    report_queryset,
    reporter_shown,
    task_get,
    task_queryset,
)

if TYPE_CHECKING:
    from shequ.accounts.models import User

router = Router(tags=["juvenile protection"])


def report_out(user: User, report: Report, detail: bool = False) -> dict[str, Any]:
    case = getattr(report, "case", None)
    return {
        "actions": report_caps(user, report).actions() if detail else None,
        "id": report.pk,
        "community_code": report.division_id,
        "child_name": report.child.name,
        "situations": [s.code for s in report.situations.all()],
        "seen": report.seen,
        "seen_at": report.seen_at,
        "police_told": report.police_told,
        "status": report.status,
        "due_at": report.due_at,
        "case_id": case.pk if case else None,
        "reporter": reporter_shown(user, report),
    }


def case_out(case: ProtectionCase, user: User | None = None) -> dict[str, Any]:
    """A case; given the user (a detail answer), with the actions the user may take on it."""
    return {
        "actions": case_caps(user, case).actions() if user is not None else None,
        "id": case.pk,
        "community_code": case.division_id,
        "level_code": case.level_id,
        "child_name": case.child.name,
        "grade": case.grade.code if case.grade else None,
        "grade_reasons": case.grade_reasons,
        "next_visit_due": case.next_visit_due,
        "needs": case.needs,
        "plan": case.plan,
        "status": case.status,
        "follow_up_until": case.follow_up_until,
    }


def task_out(task: Task) -> dict[str, Any]:
    return {
        "id": task.pk,
        "meeting_id": task.meeting_id,
        "case_id": task.case_id,
        "resolution": task.resolution,
        "owner": task.owner.name,
        "due_on": task.due_on,
        "status": task.status,
        "outcome": task.outcome,
    }


def meeting_out(
    meeting: Meeting, carried: list[Task] | None = None, user: User | None = None
) -> dict[str, Any]:
    """A meeting (with `members`, `cases` and `tasks__owner` prefetched for a list, and the
    tasks carried from earlier meetings given); given the user (a detail answer), with the
    actions the user may take on it."""
    if carried is None:
        carried = list(open_tasks_before(meeting).select_related("owner"))
    return {
        "actions": meeting_caps(user, meeting).actions() if user is not None else None,
        "id": meeting.pk,
        "division_code": meeting.division_id,
        "convener": meeting.convener.name,
        "held_on": meeting.held_on,
        "title": meeting.title,
        "members": [o.name for o in meeting.members.all()],
        "case_ids": [c.pk for c in meeting.cases.all()],
        "tasks": [task_out(t) for t in meeting.tasks.all()],
        "open_tasks_before": [task_out(t) for t in carried],
    }


@router.get(
    "/reports",
    response={200: list[ProtectionReportOut], **ERRORS},
    summary="Reports in your queues",
)
def list_reports(request: AuthedHttpRequest, status: str = "") -> Any:
    qs = report_queryset(request.user)
    if status:
        qs = qs.filter(status=status)
    return [report_out(request.user, r) for r in qs[:200]]


@router.post(
    "/reports", response={201: ProtectionReportOut, **ERRORS}, summary="Report a child at risk"
)
def create_report(request: AuthedHttpRequest, payload: ProtectionReportIn) -> Any:
    report = services.report_submit(
        by=request.user,
        community=report_community(payload.community_code),
        child=payload.child.dict(),
        situations=payload.situations,
        seen=payload.seen,
        seen_at=payload.seen_at,
        police_told=payload.police_told,
    )
    return Status(201, report_out(request.user, report))


@router.get(
    "/reports/{int:report_id}", response={200: ProtectionReportOut, **ERRORS}, summary="One report"
)
def get_report(request: AuthedHttpRequest, report_id: int) -> Any:
    return report_out(request.user, report_get(request.user, report_id), detail=True)


@router.post(
    "/reports/{int:report_id}/accept",
    response={201: ProtectionCaseOut, **ERRORS},
    summary="Accept: open a case",
)
def accept_report(request: AuthedHttpRequest, report_id: int) -> Any:
    case = services.report_accept(by=request.user, report=report_get(request.user, report_id))
    return Status(201, case_out(case, request.user))


@router.post(
    "/reports/{int:report_id}/redirect",
    response={200: ProtectionReportOut, **ERRORS},
    summary="Redirect to the right community",
)
def redirect_report(
    request: AuthedHttpRequest, report_id: int, payload: ProtectionRedirectIn
) -> Any:
    report = services.report_redirect(
        by=request.user,
        report=report_get(request.user, report_id),
        community=report_community(payload.community_code),
        reason=payload.reason,
    )
    return report_out(request.user, report)


@router.get("/cases", response={200: list[ProtectionCaseOut], **ERRORS}, summary="Protection cases")
def list_cases(request: AuthedHttpRequest, status: str = "", grade: str = "") -> Any:
    filters: dict[str, Any] = {}
    if status:
        filters["status"] = status
    if grade:
        filters["grade__code"] = grade
    return [case_out(c) for c in case_list(request.user, channel="api", **filters)]


@router.get(
    "/cases/{int:case_id}", response={200: ProtectionCaseOut, **ERRORS}, summary="One case (logged)"
)
def get_case(request: AuthedHttpRequest, case_id: int) -> Any:
    return case_out(case_get(request.user, case_id, channel="api"), request.user)


def _case(request: AuthedHttpRequest, case_id: int) -> ProtectionCase:
    return case_get(request.user, case_id, channel="api")


@router.post(
    "/cases/{int:case_id}/grade",
    response={200: ProtectionCaseOut, **ERRORS},
    summary="Grade the risk",
)
def grade_case(request: AuthedHttpRequest, case_id: int, payload: ProtectionGradeIn) -> Any:
    case = services.case_grade(
        by=request.user, case=_case(request, case_id), grade=payload.grade, reasons=payload.reasons
    )
    return case_out(case, request.user)


@router.post(
    "/cases/{int:case_id}/visits",
    response={201: ProtectionCaseOut, **ERRORS},
    summary="A home visit",
)
def add_visit(request: AuthedHttpRequest, case_id: int, payload: ProtectionVisitIn) -> Any:
    case = _case(request, case_id)
    services.visit_record(
        by=request.user, case=case, visited_on=payload.visited_on, notes=payload.notes
    )
    case.refresh_from_db()
    return Status(201, case_out(case, request.user))


@router.post(
    "/cases/{int:case_id}/referrals",
    response={201: ProtectionReferralOut, **ERRORS},
    summary="Refer the case",
)
def refer_case(request: AuthedHttpRequest, case_id: int, payload: ProtectionReferralIn) -> Any:
    organization = organization_named(payload.organization_id)
    if organization is None:
        raise NotFound()
    referral = services.referral_create(
        by=request.user,
        case=_case(request, case_id),
        organization=organization,
        reason=payload.reason,
    )
    return Status(201, referral_out(referral))


def referral_out(referral: Referral) -> dict[str, Any]:
    return {
        "id": referral.pk,
        "case_id": referral.case_id,
        "organization": referral.to_organization.name,
        "status": referral.status,
        "reason": referral.reason,
        "answer": referral.answer,
    }


@router.post(
    "/referrals/{int:referral_id}/answer",
    response={200: ProtectionReferralOut, **ERRORS},
    summary="Accept or decline a referral addressed to your organization",
)
def answer_referral(
    request: AuthedHttpRequest, referral_id: int, payload: ProtectionAnswerIn
) -> Any:
    referral = referral_waiting_get(request.user, referral_id)
    services.referral_answer(
        by=request.user, referral=referral, accept=payload.accept, answer=payload.answer
    )
    return referral_out(referral)


@router.post(
    "/cases/{int:case_id}/escalate",
    response={200: ProtectionCaseOut, **ERRORS},
    summary="Up a level",
)
def escalate_case(request: AuthedHttpRequest, case_id: int, payload: ProtectionReasonIn) -> Any:
    return case_out(
        services.escalate(by=request.user, case=_case(request, case_id), reason=payload.reason),
        request.user,
    )


@router.post(
    "/cases/{int:case_id}/de-escalate",
    response={200: ProtectionCaseOut, **ERRORS},
    summary="Down a level",
)
def de_escalate_case(request: AuthedHttpRequest, case_id: int, payload: ProtectionReasonIn) -> Any:
    return case_out(
        services.de_escalate(by=request.user, case=_case(request, case_id), reason=payload.reason),
        request.user,
    )


@router.post(
    "/cases/{int:case_id}/closure",
    response={200: ProtectionCaseOut, **ERRORS},
    summary="Request closure",
)
def request_closure(request: AuthedHttpRequest, case_id: int, payload: ProtectionClosureIn) -> Any:
    case = services.closure_request(
        by=request.user,
        case=_case(request, case_id),
        reason=payload.reason,
        follow_up_months=payload.follow_up_months,
    )
    return case_out(case, request.user)


@router.post(
    "/cases/{int:case_id}/closure/approval",
    response={200: ProtectionCaseOut, **ERRORS},
    summary="A supervisor approves or refuses the closure",
)
def approve_closure(request: AuthedHttpRequest, case_id: int, payload: ProtectionApprovalIn) -> Any:
    case = services.closure_approve(
        by=request.user, case=_case(request, case_id), approve=payload.approve, note=payload.note
    )
    return case_out(case, request.user)


@router.post(
    "/cases/{int:case_id}/reopen", response={200: ProtectionCaseOut, **ERRORS}, summary="Reopen"
)
def reopen_case(request: AuthedHttpRequest, case_id: int, payload: ProtectionReasonIn) -> Any:
    return case_out(
        services.reopen(by=request.user, case=_case(request, case_id), reason=payload.reason),
        request.user,
    )


@router.post(
    "/cases/{int:case_id}/break-glass",
    response={200: ProtectionCaseOut, **ERRORS},
    summary="Emergency access outside your reach (time-limited, logged, alerted)",
)
def glass(request: AuthedHttpRequest, case_id: int, payload: ProtectionReasonIn) -> Any:
    return case_out(
        services.break_glass(by=request.user, case_id=case_id, reason=payload.reason),
        request.user,
    )


@router.get(
    "/cases/{int:case_id}/access-log",
    response={200: list[ProtectionAccessOut], **ERRORS},
    summary="Who read the case (for its supervisor)",
)
def get_access_log(request: AuthedHttpRequest, case_id: int) -> Any:
    case = _case(request, case_id)
    return [
        {"user": e.user.username, "at": e.at, "channel": e.channel, "via": e.via}
        for e in access_log(request.user, case)
    ]


@router.get(
    "/meetings", response={200: list[ProtectionMeetingOut], **ERRORS}, summary="Joint meetings"
)
def list_meetings(request: AuthedHttpRequest) -> Any:
    meetings = list(
        meeting_queryset(request.user).prefetch_related("members", "cases", "tasks__owner")[:100]
    )
    carried = open_tasks_before_each(meetings)
    return [meeting_out(m, carried[m.pk]) for m in meetings]


@router.post(
    "/meetings", response={201: ProtectionMeetingOut, **ERRORS}, summary="Convene a joint meeting"
)
def create_meeting(request: AuthedHttpRequest, payload: ProtectionMeetingIn) -> Any:
    user = request.user
    members = organizations_named(payload.member_ids)
    convener = organization_named(payload.convener_id)
    if convener is None or len(members) != len(set(payload.member_ids)):
        raise NotFound()
    meeting = services.meeting_create(
        by=user,
        division=division_get(user=user, code=payload.division_code),
        convener=convener,
        held_on=payload.held_on,
        title=payload.title,
        members=members,
        cases=[case_get(user, pk, channel="api") for pk in payload.case_ids],
    )
    return Status(201, meeting_out(meeting))


@router.get(
    "/meetings/{int:meeting_id}",
    response={200: ProtectionMeetingOut, **ERRORS},
    summary="One meeting",
)
def get_meeting(request: AuthedHttpRequest, meeting_id: int) -> Any:
    return meeting_out(meeting_get(request.user, meeting_id), user=request.user)


@router.post(
    "/meetings/{int:meeting_id}/resolutions",
    response={201: ProtectionTaskOut, **ERRORS},
    summary="A resolution: a task with an owner and a due date",
)
def add_resolution(
    request: AuthedHttpRequest, meeting_id: int, payload: ProtectionResolutionIn
) -> Any:
    meeting = meeting_get(request.user, meeting_id)
    case = agenda_case(meeting, payload.case_id)
    task = services.resolution_add(
        by=request.user,
        meeting=meeting,
        resolution=payload.resolution,
        owner=organization_named(payload.owner_id),
        due_on=payload.due_on,
        case=case,
    )
    return Status(201, task_out(task))


@router.get(
    "/tasks", response={200: list[ProtectionTaskOut], **ERRORS}, summary="Tasks of joint meetings"
)
def list_tasks(request: AuthedHttpRequest, status: str = "") -> Any:
    qs = task_queryset(request.user)
    if status:
        qs = qs.filter(status=status)
    return [task_out(t) for t in qs[:200]]


@router.post(
    "/tasks/{int:task_id}/complete",
    response={200: ProtectionTaskOut, **ERRORS},
    summary="Complete a task",
)
def complete_task(request: AuthedHttpRequest, task_id: int, payload: ProtectionCompleteIn) -> Any:
    task = task_get(request.user, task_id)
    return task_out(services.task_complete(by=request.user, task=task, outcome=payload.outcome))


@router.get(
    "/alerts", response={200: list[ProtectionAlertOut], **ERRORS}, summary="Your open alerts"
)
def list_alerts(request: AuthedHttpRequest) -> Any:
    return list(alerts_for(request.user)[:200])
