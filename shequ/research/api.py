"""The research API: `/api/v1/research-projects` (with outputs) and `/api/v1/research-extracts`
(request with a purpose, approve or refuse, download CSV or Excel). Projects: research.view
over them, their team, their organization; extracts: the researcher who asked and the
approvers who reach the population (404 for everyone else)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Status

from shequ.access.rule import get_visible_or_404
from shequ.access.signed_in import AuthedHttpRequest
from shequ.core.api import ERRORS, paginate, with_caps
from shequ.core.errors import NotFound
from shequ.divisions.models import Division
from shequ.organizations.selectors import organizations_acting_for
from shequ.research import services
from shequ.research.extraction import FIELDS, QUASI
from shequ.research.permissions import EXTRACT, MANAGE, extract_caps, research_project_caps
from shequ.research.schemas import (
    ExtractDecisionIn,
    ExtractFieldOut,
    ExtractIn,
    ExtractOut,
    ResearchOutputIn,
    ResearchOutputOut,
    ResearchProjectDetailOut,
    ResearchProjectIn,
    ResearchProjectOut,
)
from shequ.research.selectors import (
    extract_get,
    extract_list,
    project_get,
    project_list,
    team_members,
)

router = Router(tags=["research"])


def _project(request: AuthedHttpRequest, pk: int) -> Any:
    """A detail answer: the project with what the user may do to it."""
    project = project_get(user=request.user, pk=pk)
    return with_caps(project, research_project_caps(request.user, project))


@router.get(
    "/research-projects",
    response={200: list[ResearchProjectOut], **ERRORS},
    summary="Research projects",
)
def list_projects(request: AuthedHttpRequest, limit: int = 50, offset: int = 0) -> Any:
    return paginate(project_list(user=request.user), limit, offset)[1]


@router.post(
    "/research-projects",
    response={201: ResearchProjectDetailOut, **ERRORS},
    summary="Create a research project of your organization",
)
def create_project(request: AuthedHttpRequest, payload: ResearchProjectIn) -> Any:
    data = payload.dict()
    organization_id = data.pop("organization_id")
    organization = next(
        (
            o
            for o in organizations_acting_for(user=request.user, perm=MANAGE)
            if o.pk == organization_id
        ),
        None,
    )
    if organization is None:  # missing or not the user's: the same answer
        raise NotFound()
    team = team_members(user=request.user, ids=data.pop("team_ids"))
    project = services.project_create(by=request.user, organization=organization, team=team, **data)
    return Status(201, _project(request, project.pk))


@router.get(
    "/research-projects/{int:project_id}",
    response={200: ResearchProjectDetailOut, **ERRORS},
    summary="A research project with its team and outputs",
)
def get_project(request: AuthedHttpRequest, project_id: int) -> Any:
    return _project(request, project_id)


@router.get(
    "/research-projects/{int:project_id}/outputs",
    response={200: list[ResearchOutputOut], **ERRORS},
    summary="The outputs of a research project",
)
def list_outputs(request: AuthedHttpRequest, project_id: int) -> Any:
    return list(project_get(user=request.user, pk=project_id).outputs.all())


@router.post(
    "/research-projects/{int:project_id}/outputs",
    response={201: ResearchOutputOut, **ERRORS},
    summary="Add an output (paper, report, ...) with its link",
)
def add_output(request: AuthedHttpRequest, project_id: int, payload: ResearchOutputIn) -> Any:
    project = project_get(user=request.user, pk=project_id)
    return Status(201, services.output_add(by=request.user, project=project, **payload.dict()))


@router.get(
    "/research-extracts/fields",
    response={200: list[ExtractFieldOut], **ERRORS},
    summary="The fields an extract may hold (no direct identifier, nothing of child protection)",
)
def list_fields(request: HttpRequest) -> Any:
    return [
        {
            "code": code,
            "label": str(label),
            "quasi_identifier": kind == QUASI,
            "populations": list(populations),
        }
        for code, (label, kind, populations) in FIELDS.items()
    ]


@router.get(
    "/research-extracts",
    response={200: list[ExtractOut], **ERRORS},
    summary="Extracts: those you asked for, and those you may approve",
)
def list_extracts(
    request: AuthedHttpRequest, status: str = "", limit: int = 50, offset: int = 0
) -> Any:
    qs = extract_list(user=request.user)
    if status:
        qs = qs.filter(status=status)
    return paginate(qs, limit, offset)[1]


@router.post(
    "/research-extracts",
    response={201: ExtractOut, **ERRORS},
    summary="Request an extract: computed at once (k >= 5), then waits for approval",
)
def request_extract(request: AuthedHttpRequest, payload: ExtractIn) -> Any:
    data = payload.dict()
    project = project_get(user=request.user, pk=data.pop("project_id"))
    division = get_visible_or_404(Division, request.user, EXTRACT, code=data.pop("division_code"))
    extract = services.extract_request(by=request.user, project=project, division=division, **data)
    return Status(201, with_caps(extract, extract_caps(request.user, extract)))


@router.get(
    "/research-extracts/{int:extract_id}",
    response={200: ExtractOut, **ERRORS},
    summary="An extract and the report of what was done",
)
def get_extract(request: AuthedHttpRequest, extract_id: int) -> Any:
    extract = extract_get(user=request.user, pk=extract_id)
    return with_caps(extract, extract_caps(request.user, extract))


@router.post(
    "/research-extracts/{int:extract_id}/approve",
    response={200: ExtractOut, **ERRORS},
    summary="Approve (or, with approve=false and a reason, refuse) an extract",
)
def decide_extract(request: AuthedHttpRequest, extract_id: int, payload: ExtractDecisionIn) -> Any:
    extract = extract_get(user=request.user, pk=extract_id)
    if payload.approve:
        services.extract_approve(by=request.user, extract=extract, comment=payload.comment)
    else:
        services.extract_refuse(by=request.user, extract=extract, comment=payload.comment)
    return with_caps(extract, extract_caps(request.user, extract))


@router.get(
    "/research-extracts/{int:extract_id}/download",
    response={200: None, **ERRORS},
    summary="Download the approved extract (format=csv or xlsx); audited",
)
def download_extract(request: AuthedHttpRequest, extract_id: int, format: str = "csv") -> Any:
    extract = extract_get(user=request.user, pk=extract_id)
    content, content_type, name = services.extract_download(
        by=request.user, extract=extract, fmt=format
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
