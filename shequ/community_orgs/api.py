"""`/api/v1/community-organizations`: resident self-organizations within the caller's reach."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from ninja import Router, Status

from shequ.access.signed_in import AuthedHttpRequest
from shequ.community_orgs.models import OrgType
from shequ.community_orgs.permissions import community_org_caps
from shequ.community_orgs.schemas import (
    CommunityOrgActivityIn,
    CommunityOrgActivityOut,
    CommunityOrgAdvanceIn,
    CommunityOrgAssessmentIn,
    CommunityOrgAssessmentOut,
    CommunityOrgDetailOut,
    CommunityOrgFiguresOut,
    CommunityOrgGrantIn,
    CommunityOrgGrantOut,
    CommunityOrgIn,
    CommunityOrgMemberIn,
    CommunityOrgMemberOut,
    CommunityOrgPage,
    CommunityOrgRecognitionIn,
    CommunityOrgRecognitionOut,
    CommunityOrgStatusIn,
)
from shequ.community_orgs.selectors import (
    VIEW,
    community_figures,
    community_get,
    organization_detail,
    organization_get,
    organization_list,
)
from shequ.community_orgs.services import (
    INCUBATOR_KINDS,
    assessment_record,
    grant_record,
    member_add,
    mentors_named,
    organization_activity_hold,
    organization_advance,
    organization_create,
    organization_status_set,
    recognition_record,
)
from shequ.core.api import ERRORS, paginate, with_caps
from shequ.core.errors import InvalidInput, NotFound
from shequ.divisions.selectors import communities_in_reach
from shequ.organizations.models import OrganizationKind
from shequ.organizations.selectors import organization_to_work_with
from shequ.residents.selectors import resident_get, resident_list

if TYPE_CHECKING:
    from shequ.accounts.models import User

router = Router(tags=["community organizations"])
BASE = "/community-organizations"


def _detail(user: User, pk: int) -> Any:
    """A detail answer: the organization with what the user may do to it."""
    organization = organization_detail(user=user, pk=pk)
    return with_caps(organization, community_org_caps(user, organization))


@router.get(
    BASE, response={200: CommunityOrgPage, **ERRORS}, summary="Community organizations in reach"
)
def list_organizations(
    request: AuthedHttpRequest,
    stage: str = "",
    type: str = "",
    status: str = "",
    community: str = "",
    q: str = "",
    limit: int = 50,
    offset: int = 0,
) -> Any:
    qs = organization_list(
        user=request.user, stage=stage, org_type=type, status=status, community=community, q=q
    )
    count, items, limit, offset = paginate(qs, limit, offset)
    return {"count": count, "limit": limit, "offset": offset, "items": items}


@router.post(
    BASE, response={201: CommunityOrgDetailOut, **ERRORS}, summary="Register an application (申请)"
)
def create_organization(request: AuthedHttpRequest, payload: CommunityOrgIn) -> Any:
    user = request.user
    community = community_get(user=user, code=payload.community_code)
    org_type = OrgType.objects.filter(code=payload.type).first()
    if org_type is None:
        raise InvalidInput(_("Unknown type."), field="type", code="unknown_type")
    incubator = (
        organization_to_work_with(user=user, pk=payload.incubator_id, kinds=list(INCUBATOR_KINDS))
        if payload.incubator_id
        else None
    )
    organization = organization_create(
        by=user,
        division=community,
        name=payload.name,
        org_type=org_type,
        applied_on=payload.applied_on,
        purpose=payload.purpose,
        incubator=incubator,
        mentors=mentors_named(community=community, ids=payload.mentor_ids),
    )
    return Status(201, _detail(user, organization.pk))


@router.get(
    f"{BASE}/communities",
    response={200: list[CommunityOrgFiguresOut], **ERRORS},
    summary="Per community: organizations, per 1,000 residents, distance from the target",
)
def list_community_figures(request: AuthedHttpRequest) -> Any:
    return community_figures(
        user=request.user, communities=communities_in_reach(user=request.user, perm=VIEW)
    )


@router.get(
    f"{BASE}/{{int:org_id}}",
    response={200: CommunityOrgDetailOut, **ERRORS},
    summary="One organization with its history, grants, members, assessments, recognitions",
)
def get_organization(request: AuthedHttpRequest, org_id: int) -> Any:
    return _detail(request.user, org_id)


@router.post(
    f"{BASE}/{{int:org_id}}/advance",
    response={200: CommunityOrgDetailOut, **ERRORS},
    summary="Move to the next stage (or back one, with a reason)",
)
def advance_organization(
    request: AuthedHttpRequest, org_id: int, payload: CommunityOrgAdvanceIn
) -> Any:
    organization_advance(
        by=request.user,
        organization=organization_get(user=request.user, pk=org_id),
        to_stage=payload.stage,
        moved_on=payload.moved_on,
        reason=payload.reason,
    )
    return _detail(request.user, org_id)


@router.post(
    f"{BASE}/{{int:org_id}}/status",
    response={200: CommunityOrgDetailOut, **ERRORS},
    summary="Record the filing with the street (备案) or the registration (登记)",
)
def set_status(request: AuthedHttpRequest, org_id: int, payload: CommunityOrgStatusIn) -> Any:
    organization_status_set(
        by=request.user,
        organization=organization_get(user=request.user, pk=org_id),
        **payload.dict(),
    )
    return _detail(request.user, org_id)


@router.post(
    f"{BASE}/{{int:org_id}}/grants",
    response={201: CommunityOrgGrantOut, **ERRORS},
    summary="A small grant given, or money spent from it",
)
def add_grant(request: AuthedHttpRequest, org_id: int, payload: CommunityOrgGrantIn) -> Any:
    grant = grant_record(
        by=request.user,
        organization=organization_get(user=request.user, pk=org_id),
        **payload.dict(),
    )
    return Status(201, grant)


@router.post(
    f"{BASE}/{{int:org_id}}/members",
    response={201: CommunityOrgMemberOut, **ERRORS},
    summary="A resident joins with a role",
)
def add_member(request: AuthedHttpRequest, org_id: int, payload: CommunityOrgMemberIn) -> Any:
    organization = organization_get(user=request.user, pk=org_id)
    member = member_add(
        by=request.user,
        organization=organization,
        resident=resident_get(user=request.user, pk=payload.resident_id),
        role=payload.role,
        joined_on=payload.joined_on,
    )
    return Status(201, member)


@router.post(
    f"{BASE}/{{int:org_id}}/assessments",
    response={201: CommunityOrgAssessmentOut, **ERRORS},
    summary="A capacity assessment (scores keyed by dimension code)",
)
def add_assessment(
    request: AuthedHttpRequest, org_id: int, payload: CommunityOrgAssessmentIn
) -> Any:
    assessment = assessment_record(
        by=request.user,
        organization=organization_get(user=request.user, pk=org_id),
        assessed_on=payload.assessed_on,
        scores=payload.scores,
        note=payload.note,
    )
    return Status(201, assessment)


@router.post(
    f"{BASE}/{{int:org_id}}/recognitions",
    response={201: CommunityOrgRecognitionOut, **ERRORS},
    summary="Recognition as a typical organization (典型) by civil affairs",
)
def add_recognition(
    request: AuthedHttpRequest, org_id: int, payload: CommunityOrgRecognitionIn
) -> Any:
    organization = organization_get(user=request.user, pk=org_id)
    recognition = recognition_record(
        by=request.user,
        organization=organization,
        department=organization_to_work_with(
            user=request.user,
            pk=payload.department_id,
            kinds=[OrganizationKind.CIVIL_AFFAIRS],
        ),
        recognized_on=payload.recognized_on,
        title=payload.title,
        document_number=payload.document_number,
    )
    return Status(201, recognition)


@router.post(
    f"{BASE}/{{int:org_id}}/activities",
    response={201: CommunityOrgActivityOut, **ERRORS},
    summary="An activity the organization held (a community activity in the statistics)",
)
def add_activity(request: AuthedHttpRequest, org_id: int, payload: CommunityOrgActivityIn) -> Any:
    user = request.user
    organization = organization_get(user=user, pk=org_id)
    ids = set(payload.participant_ids)
    participants = list(resident_list(user=user).filter(pk__in=ids))
    if len(participants) != len(ids):
        raise NotFound()
    activity = organization_activity_hold(
        by=user,
        organization=organization,
        theme=payload.theme,
        place=payload.place,
        held_on=payload.held_on,
        duration_minutes=payload.duration_minutes,
        participants=participants,
        headcount=payload.headcount,
    )
    return Status(201, activity)
