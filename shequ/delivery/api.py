from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from ninja import Router, Status

from shequ.access.signed_in import AuthedHttpRequest
from shequ.core.api import ERRORS, paginate, with_caps
from shequ.core.concurrency import with_etag
from shequ.delivery.cases import case_get, case_list, case_open
from shequ.delivery.groups import activity_hold, group_advance, group_create, group_session_hold
from shequ.delivery.permissions import activity_caps, case_caps, group_caps, record_caps
from shequ.delivery.schemas import (
    ActivityIn,
    ActivityOut,
    ActivityPage,
    CaseIn,
    CaseOut,
    CasePage,
    GroupAdvanceIn,
    GroupIn,
    GroupOut,
    GroupPage,
    ReasonIn,
    ServiceRecordDetailOut,
    ServiceRecordIn,
    ServiceRecordOut,
    ServiceRecordPage,
    ServiceRecordPatch,
    SessionIn,
)
from shequ.delivery.selectors import (
    activity_list,
    group_get,
    group_list,
    record_get,
    record_list,
)
from shequ.delivery.services import record_create, record_delete, record_update
from shequ.divisions.selectors import division_get
from shequ.projects.selectors import areas_by_codes, project_get
from shequ.residents.selectors import resident_get

router = Router(tags=["service delivery"])


def _page(qs: Any, limit: int, offset: int) -> dict[str, Any]:
    count, items, limit, offset = paginate(qs, limit, offset)
    return {"count": count, "limit": limit, "offset": offset, "items": items}


def _project(request: AuthedHttpRequest, pk: int | None) -> Any:
    return project_get(user=request.user, pk=pk) if pk else None


@router.get(
    "/service-records", response={200: ServiceRecordPage, **ERRORS}, summary="Service records"
)
def list_records(
    request: AuthedHttpRequest,
    project: int | None = None,
    method: str = "",
    limit: int = 50,
    offset: int = 0,
) -> Any:
    return _page(record_list(user=request.user, project=project, method=method), limit, offset)


@router.post(
    "/service-records", response={201: ServiceRecordOut, **ERRORS}, summary="Record a service"
)
def create_record(request: AuthedHttpRequest, payload: ServiceRecordIn) -> Any:
    user = request.user
    resident = resident_get(user=user, pk=payload.resident_id) if payload.resident_id else None
    record = record_create(
        by=user,
        division=division_get(user=user, code=payload.community_code),
        method=payload.method,
        served_on=payload.served_on,
        duration_minutes=payload.duration_minutes,
        resident=resident,
        headcount=payload.headcount,
        project=_project(request, payload.project_id),
    )
    return Status(201, record)


def _detail(request: AuthedHttpRequest, record_id: int) -> Any:
    record = record_get(user=request.user, pk=record_id)
    record.caps = record_caps(request.user, record)  # type: ignore[attr-defined]
    return record


@router.get(
    "/service-records/{int:record_id}",
    response={200: ServiceRecordDetailOut, **ERRORS},
    summary="One service record",
)
def get_record(request: AuthedHttpRequest, record_id: int) -> Any:
    return _detail(request, record_id)


@router.patch(
    "/service-records/{int:record_id}",
    response={200: ServiceRecordDetailOut, **ERRORS},
    summary="Correct a service record (reason required)",
)
def update_record(request: AuthedHttpRequest, record_id: int, payload: ServiceRecordPatch) -> Any:
    """For the author and the supervisors in reach; the figures and drill-downs change in the
    same transaction; audited with before, after and the reason. 409 `record_locked` when the
    record's project is closed."""
    record = record_get(user=request.user, pk=record_id)
    changes = payload.dict(exclude_unset=True)
    reason = changes.pop("reason")
    if "project_id" in changes:
        changes["project"] = _project(request, changes.pop("project_id"))
    record_update(by=request.user, record=record, reason=reason, **changes)
    return _detail(request, record_id)


@router.delete(
    "/service-records/{int:record_id}",
    response={204: None, **ERRORS},
    summary="Delete a mistaken service record (reason in the body)",
)
def delete_record(request: AuthedHttpRequest, record_id: int, payload: ReasonIn) -> Any:
    """Body: `{"reason": "..."}`. The record leaves every figure at once, with its place in an
    activity's attendance, a group session's or a case's interventions."""
    record = record_get(user=request.user, pk=record_id)
    record_delete(by=request.user, record=record, reason=payload.reason)
    return Status(204, None)


@router.get("/cases", response={200: CasePage, **ERRORS}, summary="Cases (个案) in your reach")
def list_cases(request: AuthedHttpRequest, limit: int = 50, offset: int = 0) -> Any:
    return _page(case_list(user=request.user).order_by("-opened_on", "-id"), limit, offset)


@router.get("/cases/{int:case_id}", response={200: CaseOut, **ERRORS}, summary="One case")
def get_case(request: AuthedHttpRequest, response: HttpResponse, case_id: int) -> Any:
    case = case_get(user=request.user, pk=case_id)
    return with_etag(response, with_caps(case, case_caps(request.user, case)))


@router.post("/cases", response={201: CaseOut, **ERRORS}, summary="Open a case")
def open_case(request: AuthedHttpRequest, payload: CaseIn) -> Any:
    case = case_open(
        by=request.user,
        client=resident_get(user=request.user, pk=payload.client_id),
        presenting_problem=payload.presenting_problem,
        opened_on=payload.opened_on,
        project=_project(request, payload.project_id),
    )
    case = case_get(user=request.user, pk=case.pk)
    return Status(201, with_caps(case, case_caps(request.user, case)))


@router.get("/groups", response={200: GroupPage, **ERRORS}, summary="Groups (小组) in your reach")
def list_groups(request: AuthedHttpRequest, limit: int = 50, offset: int = 0) -> Any:
    return _page(group_list(user=request.user), limit, offset)


@router.post("/groups", response={201: GroupOut, **ERRORS}, summary="Form a group")
def create_group(request: AuthedHttpRequest, payload: GroupIn) -> Any:
    user = request.user
    group = group_create(
        by=user,
        division=division_get(user=user, code=payload.community_code),
        name=payload.name,
        goal=payload.goal,
        members=[resident_get(user=user, pk=pk) for pk in payload.member_ids],
        project=_project(request, payload.project_id),
        area=areas_by_codes([payload.area_code])[0] if payload.area_code else None,
    )
    group = group_get(user=user, pk=group.pk)
    return Status(201, with_caps(group, group_caps(user, group)))


@router.post(
    "/groups/{int:group_id}/advance",
    response={200: GroupOut, **ERRORS},
    summary="Move a group to its next stage (筹备 → 形成 → 转折 → 成熟 → 结束)",
)
def advance_group(request: AuthedHttpRequest, group_id: int, payload: GroupAdvanceIn) -> Any:
    group = group_get(user=request.user, pk=group_id)
    group_advance(by=request.user, group=group, to_stage=payload.stage)
    group = group_get(user=request.user, pk=group_id)
    return with_caps(group, group_caps(request.user, group))


@router.post(
    "/groups/{int:group_id}/sessions",
    response={201: GroupOut, **ERRORS},
    summary="Record a held session with its attendance",
)
def hold_session(request: AuthedHttpRequest, group_id: int, payload: SessionIn) -> Any:
    group = group_get(user=request.user, pk=group_id)
    attendees = [resident_get(user=request.user, pk=pk) for pk in payload.attendee_ids]
    group_session_hold(
        by=request.user,
        group=group,
        held_on=payload.held_on,
        duration_minutes=payload.duration_minutes,
        attendees=attendees,
        notes=payload.notes,
    )
    group = group_get(user=request.user, pk=group_id)
    return Status(201, with_caps(group, group_caps(request.user, group)))


@router.get("/activities", response={200: ActivityPage, **ERRORS}, summary="Community activities")
def list_activities(request: AuthedHttpRequest, limit: int = 50, offset: int = 0) -> Any:
    return _page(activity_list(user=request.user), limit, offset)


@router.post("/activities", response={201: ActivityOut, **ERRORS}, summary="Record a held activity")
def create_activity(request: AuthedHttpRequest, payload: ActivityIn) -> Any:
    user = request.user
    activity = activity_hold(
        by=user,
        division=division_get(user=user, code=payload.community_code),
        theme=payload.theme,
        place=payload.place,
        held_on=payload.held_on,
        duration_minutes=payload.duration_minutes,
        participants=[resident_get(user=user, pk=pk) for pk in payload.participant_ids],
        headcount=payload.headcount,
        project=_project(request, payload.project_id),
        organizers=payload.organizers,
    )
    activity = activity_list(user=user).get(pk=activity.pk)
    return Status(201, with_caps(activity, activity_caps(user, activity)))
