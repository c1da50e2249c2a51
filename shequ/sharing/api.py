"""The case library API: `/api/v1/case-studies` (draft from a closed source, edit, submit,
approve, return, awards) and `/api/v1/awards`. Published case studies are visible to everyone
signed in; drafts to their author and the supervisors who reach them (404 for anyone else)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from shequ.access.signed_in import AuthedHttpRequest
from shequ.core.api import ERRORS, paginate, with_caps
from shequ.core.errors import NotFound
from shequ.projects.models import ServiceArea
from shequ.sharing import services
from shequ.sharing.drafting import source_get
from shequ.sharing.models import CaseStudy
from shequ.sharing.permissions import case_study_caps, require_award
from shequ.sharing.schemas import (
    AwardIn,
    AwardOut,
    AwardPage,
    CaseStudyCommentIn,
    CaseStudyDetailOut,
    CaseStudyIn,
    CaseStudyPage,
    CaseStudyUpdateIn,
)
from shequ.sharing.selectors import (
    award_list,
    award_recipient_get,
    case_study_get,
    case_study_list,
)

router = Router(tags=["sharing"])


def _detail(request: HttpRequest, study: CaseStudy) -> CaseStudy:
    """The study as the caller may read it: the source, the review and what the draft
    replaced only for its author and the supervisors who reach it (`case_study_caps`)."""
    caps = case_study_caps(request.user, study)
    insider = caps.read_review
    study.source_id = (study.case_id or study.group_id or study.project_id) if insider else None  # type: ignore[attr-defined]
    if not insider:
        study.review_comment = ""
        study.deidentified = {}
    return with_caps(study, caps)


@router.get(
    "/case-studies",
    response={200: CaseStudyPage, **ERRORS},
    summary="Case studies: published ones, and the drafts the caller may see",
)
def list_case_studies(
    request: AuthedHttpRequest, status: str = "", limit: int = 50, offset: int = 0
) -> Any:
    qs = case_study_list(user=request.user).order_by("-published_at", "-updated_at", "-id")
    if status:
        qs = qs.filter(status=status)
    count, items, limit, offset = paginate(qs, limit, offset)
    return {"count": count, "limit": limit, "offset": offset, "items": items}


@router.post(
    "/case-studies",
    response={201: CaseStudyDetailOut, **ERRORS},
    summary="Draft a case study from a closed case, group or project (de-identified text)",
)
def draft_case_study(request: AuthedHttpRequest, payload: CaseStudyIn) -> Any:
    source = source_get(user=request.user, kind=payload.source_kind, pk=payload.source_id)
    study = services.case_study_draft(by=request.user, kind=payload.source_kind, source=source)
    return Status(201, _detail(request, study))


@router.get(
    "/case-studies/{int:study_id}",
    response={200: CaseStudyDetailOut, **ERRORS},
    summary="A case study with its text",
)
def get_case_study(request: AuthedHttpRequest, study_id: int) -> Any:
    return _detail(request, case_study_get(user=request.user, pk=study_id))


@router.put(
    "/case-studies/{int:study_id}",
    response={200: CaseStudyDetailOut, **ERRORS},
    summary="The author edits the draft",
)
def update_case_study(request: AuthedHttpRequest, study_id: int, payload: CaseStudyUpdateIn) -> Any:
    study = case_study_get(user=request.user, pk=study_id)
    area = None
    if payload.area:
        area = ServiceArea.objects.filter(code=payload.area).first()
        if area is None:
            raise NotFound()
    services.case_study_update(
        by=request.user,
        study=study,
        title=payload.title,
        body=payload.body,
        summary=payload.summary,
        area=area,
    )
    return _detail(request, study)


@router.post(
    "/case-studies/{int:study_id}/submit",
    response={200: CaseStudyDetailOut, **ERRORS},
    summary="Submit for a supervisor's approval (refused while it names a person)",
)
def submit_case_study(request: AuthedHttpRequest, study_id: int) -> Any:
    study = case_study_get(user=request.user, pk=study_id)
    services.case_study_submit(by=request.user, study=study)
    return _detail(request, study)


@router.post(
    "/case-studies/{int:study_id}/approve",
    response={200: CaseStudyDetailOut, **ERRORS},
    summary="Approve and publish (a supervisor in reach, not the author)",
)
def approve_case_study(
    request: AuthedHttpRequest, study_id: int, payload: CaseStudyCommentIn
) -> Any:
    study = case_study_get(user=request.user, pk=study_id)
    services.case_study_approve(by=request.user, study=study, comment=payload.comment)
    return _detail(request, study)


@router.post(
    "/case-studies/{int:study_id}/return",
    response={200: CaseStudyDetailOut, **ERRORS},
    summary="Return to the author with a comment",
)
def return_case_study(
    request: AuthedHttpRequest, study_id: int, payload: CaseStudyCommentIn
) -> Any:
    study = case_study_get(user=request.user, pk=study_id)
    services.case_study_return(by=request.user, study=study, comment=payload.comment)
    return _detail(request, study)


@router.get(
    "/case-studies/{int:study_id}/awards",
    response={200: list[AwardOut], **ERRORS},
    summary="The awards of a case study",
)
def list_case_study_awards(request: AuthedHttpRequest, study_id: int) -> Any:
    return list(case_study_get(user=request.user, pk=study_id).awards.all())


@router.post(
    "/case-studies/{int:study_id}/awards",
    response={201: AwardOut, **ERRORS},
    summary="Record an award of a published case study",
)
def add_case_study_award(request: AuthedHttpRequest, study_id: int, payload: AwardIn) -> Any:
    study = case_study_get(user=request.user, pk=study_id)
    data = payload.dict()
    data.pop("recipient_id")
    award = services.award_create(by=request.user, case_study=study, **data)
    return Status(201, award)


@router.get(
    "/awards",
    response={200: AwardPage, **ERRORS},
    summary="Awards to case studies and to people",
)
def list_awards(
    request: AuthedHttpRequest, recipient_id: int | None = None, limit: int = 50, offset: int = 0
) -> Any:
    qs = award_list(user=request.user)
    if recipient_id is not None:
        qs = qs.filter(recipient_id=recipient_id)
    count, items, limit, offset = paginate(qs, limit, offset)
    return {"count": count, "limit": limit, "offset": offset, "items": items}


@router.post("/awards", response={201: AwardOut, **ERRORS}, summary="Record an award of a person")
def add_person_award(request: AuthedHttpRequest, payload: AwardIn) -> Any:
    data = payload.dict()
    require_award(request.user)  # refused before the recipient is looked up
    recipient = award_recipient_get(user=request.user, pk=data.pop("recipient_id") or 0)
    return Status(201, services.award_create(by=request.user, recipient=recipient, **data))
