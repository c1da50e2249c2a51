from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from ninja import Router, Status

from shequ.access.signed_in import AuthedHttpRequest
from shequ.core.api import ERRORS, paginate, with_caps
from shequ.core.concurrency import if_match, with_etag
from shequ.divisions.selectors import division_get
from shequ.organizations.selectors import organization_get, organization_to_work_with
from shequ.projects.evaluations import THIRD_PARTIES, evaluation_record, evaluations_of
from shequ.projects.permissions import project_caps
from shequ.projects.schemas import (
    AdvanceIn,
    EvaluationIn,
    EvaluationOut,
    IndicatorIn,
    IndicatorOut,
    ProjectIn,
    ProjectOut,
    ProjectPage,
    SurveyIn,
    SurveyOut,
)
from shequ.projects.selectors import areas_by_codes, indicator_progress, project_get, project_list
from shequ.projects.services import indicator_set, project_advance, project_create
from shequ.projects.team import survey_record

router = Router(tags=["projects"])


@router.get(
    "/projects", response={200: ProjectPage, **ERRORS}, summary="Service projects in your reach"
)
def list_projects(
    request: AuthedHttpRequest,
    stage: str = "",
    area: str = "",
    q: str = "",
    limit: int = 20,
    offset: int = 0,
) -> Any:
    count, items, limit, offset = paginate(
        project_list(user=request.user, stage=stage, area=area, q=q), limit, offset
    )
    return {"count": count, "limit": limit, "offset": offset, "items": items}


@router.get(
    "/projects/{int:project_id}", response={200: ProjectOut, **ERRORS}, summary="One project"
)
def get_project(request: AuthedHttpRequest, response: HttpResponse, project_id: int) -> Any:
    """Answers `ETag: "v<version>"` (send it as `If-Match` when advancing)."""
    project = project_list(user=request.user).get(
        pk=project_get(user=request.user, pk=project_id).pk
    )
    return with_etag(response, with_caps(project, project_caps(request.user, project)))


@router.post(
    "/projects", response={201: ProjectOut, **ERRORS}, summary="Record a purchased project"
)
def create_project(request: AuthedHttpRequest, payload: ProjectIn) -> Any:
    user = request.user
    areas = areas_by_codes(payload.areas)
    project = project_create(
        by=user,
        division=division_get(user=user, code=payload.division_code),
        number=payload.number,
        name=payload.name,
        buyer=organization_get(user=user, pk=payload.buyer_id),
        provider=organization_get(user=user, pk=payload.provider_id),
        amount=payload.amount,
        start_date=payload.start_date,
        end_date=payload.end_date,
        communities=[division_get(user=user, code=c) for c in payload.communities],
        areas=areas,
        description=payload.description,
        requires_supervision=payload.requires_supervision,
    )
    return Status(201, project_list(user=user).get(pk=project.pk))


@router.post(
    "/projects/{int:project_id}/advance",
    response={200: ProjectOut, **ERRORS},
    summary="Move the project to its next stage",
)
def advance_project(
    request: AuthedHttpRequest, response: HttpResponse, project_id: int, payload: AdvanceIn
) -> Any:
    """With `If-Match`, refused (412) when the project changed since it was read."""
    project_advance(
        by=request.user,
        project=project_get(user=request.user, pk=project_id),
        to_stage=payload.stage,
        note=payload.note,
        version=if_match(request, required=False),
    )
    project = project_list(user=request.user).get(pk=project_id)
    return with_etag(response, with_caps(project, project_caps(request.user, project)))


@router.get(
    "/projects/{int:project_id}/indicators",
    response={200: list[IndicatorOut], **ERRORS},
    summary="Targets, actuals, percentages and what remains",
)
def list_indicators(request: AuthedHttpRequest, project_id: int) -> Any:
    return indicator_progress(project_get(user=request.user, pk=project_id))


@router.post(
    "/projects/{int:project_id}/indicators",
    response={201: list[IndicatorOut], **ERRORS},
    summary="Set a target",
)
def add_indicator(request: AuthedHttpRequest, project_id: int, payload: IndicatorIn) -> Any:
    project = project_get(user=request.user, pk=project_id)
    indicator_set(by=request.user, project=project, **payload.dict())
    return Status(201, indicator_progress(project))


@router.get(
    "/projects/{int:project_id}/evaluations",
    response={200: list[EvaluationOut], **ERRORS},
    summary="Mid-term and final evaluations, scored against the rubric",
)
def list_evaluations(request: AuthedHttpRequest, project_id: int) -> Any:
    return evaluations_of(project_get(user=request.user, pk=project_id))


@router.post(
    "/projects/{int:project_id}/evaluations",
    response={201: EvaluationOut, **ERRORS},
    summary="Record an evaluation (scores keyed by dimension code)",
)
def add_evaluation(request: AuthedHttpRequest, project_id: int, payload: EvaluationIn) -> Any:
    project = project_get(user=request.user, pk=project_id)
    evaluation = evaluation_record(
        by=request.user,
        project=project,
        kind=payload.kind,
        evaluator=organization_to_work_with(
            user=request.user, pk=payload.evaluator_id, kinds=list(THIRD_PARTIES)
        ),
        evaluated_on=payload.evaluated_on,
        scores=payload.scores,
        conclusion=payload.conclusion,
    )
    return Status(201, evaluation)


@router.post(
    "/projects/{int:project_id}/surveys",
    response={201: SurveyOut, **ERRORS},
    summary="Record a round of satisfaction questionnaires",
)
def add_survey(request: AuthedHttpRequest, project_id: int, payload: SurveyIn) -> Any:
    project = project_get(user=request.user, pk=project_id)
    survey = survey_record(
        by=request.user,
        project=project,
        community=division_get(user=request.user, code=payload.community_code),
        surveyed_on=payload.surveyed_on,
        respondents=payload.respondents,
        satisfied=payload.satisfied,
    )
    return Status(201, survey)
