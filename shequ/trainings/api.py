"""The training API: `/api/v1/trainings` (a training with its sessions, enrolments,
attendance and results) and `/api/v1/trainees` (registration and continuing-education hours),
within the access rule (the organizer's division and people; trainees through their division or
a training the user sees). Writes are the organizer's."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ninja import Router, Status

from shequ.access.rule import named, named_in_body
from shequ.access.signed_in import AuthedHttpRequest
from shequ.core.api import ERRORS, paginate
from shequ.core.errors import NotFound
from shequ.divisions.selectors import any_community
from shequ.projects.selectors import project_get
from shequ.trainings import services
from shequ.trainings.models import CERequirement, Enrollment, ProgrammeType
from shequ.trainings.permissions import training_caps
from shequ.trainings.schemas import (
    AttendanceIn,
    CEShortOut,
    EnrollIn,
    EnrollmentOut,
    ResultIn,
    TraineeIn,
    TraineeOut,
    TrainingDetailOut,
    TrainingIn,
    TrainingOut,
    TrainingSessionIn,
    TrainingSessionOut,
)
from shequ.trainings.selectors import (
    attendance_grid,
    enrollment_get,
    trainee_get,
    trainee_list,
    training_get,
    training_list,
    training_organizers,
    training_partners,
)

router = Router(tags=["trainings"])


def _enrollment(enrollment: Enrollment, rate: Decimal | None = None) -> dict[str, Any]:
    return {
        "id": enrollment.pk,
        "trainee_id": enrollment.trainee_id,
        "trainee": enrollment.trainee.name,
        "result": enrollment.result,
        "score": enrollment.score,
        "attendance_rate": services.attendance_rate(enrollment) if rate is None else rate,
        "certificate_number": enrollment.certificate_number,
    }


def _by_code(model: Any, code: str | None) -> Any:
    if code is None:
        return None
    found = model.objects.filter(code=code).first()
    if found is None:
        raise NotFound()
    return found


@router.get("/trainings", response={200: list[TrainingOut], **ERRORS}, summary="Trainings")
def list_trainings(request: AuthedHttpRequest, limit: int = 50, offset: int = 0) -> Any:
    return paginate(training_list(user=request.user), limit, offset)[1]


@router.post("/trainings", response={201: TrainingOut, **ERRORS}, summary="Create a training")
def create_training(request: AuthedHttpRequest, payload: TrainingIn) -> Any:
    data = payload.dict()
    project_id = data.pop("project_id")
    with named_in_body("project_id"):
        project = project_get(user=request.user, pk=project_id) if project_id else None
    organizer = named(
        training_organizers(user=request.user), data.pop("organizer_id"), field="organizer_id"
    )
    partner_id = data.pop("partner_id")
    partner = (
        named(training_partners(user=request.user), partner_id, field="partner_id")
        if partner_id is not None
        else None
    )
    training = services.training_create(
        by=request.user,
        organizer=organizer,
        partner=partner,
        programme=_by_code(ProgrammeType, data.pop("programme")),
        project=project,
        **data,
    )
    return Status(201, training_get(user=request.user, pk=training.pk))


@router.get(
    "/trainings/{int:training_id}",
    response={200: TrainingDetailOut, **ERRORS},
    summary="A training with its sessions, enrolments, attendance rates and results",
)
def get_training(request: AuthedHttpRequest, training_id: int) -> Any:
    training = training_get(user=request.user, pk=training_id)
    sessions, rows = attendance_grid(training)
    return {
        "caps": training_caps(request.user, training),
        "training": training,
        "sessions": sessions,
        "enrollments": [_enrollment(enrollment, rate) for enrollment, rate, _seen in rows],
    }


@router.post(
    "/trainings/{int:training_id}/sessions",
    response={201: TrainingSessionOut, **ERRORS},
    summary="Add a session (inside the training's dates, up to 12 hours)",
)
def add_session(request: AuthedHttpRequest, training_id: int, payload: TrainingSessionIn) -> Any:
    training = training_get(user=request.user, pk=training_id)
    return Status(201, services.session_add(by=request.user, training=training, **payload.dict()))


@router.post(
    "/trainings/{int:training_id}/enrollments",
    response={201: EnrollmentOut, **ERRORS},
    summary="Enrol a trainee",
)
def enrol(request: AuthedHttpRequest, training_id: int, payload: EnrollIn) -> Any:
    training = training_get(user=request.user, pk=training_id)
    trainee = trainee_get(user=request.user, pk=payload.trainee_id)
    enrollment = services.enrol(by=request.user, training=training, trainee=trainee)
    return Status(201, _enrollment(enrollment))


@router.put(
    "/trainings/{int:training_id}/sessions/{int:session_id}/attendance",
    response={200: list[EnrollmentOut], **ERRORS},
    summary="Who attended the session (replaces what was recorded)",
)
def record_attendance(
    request: AuthedHttpRequest, training_id: int, session_id: int, payload: AttendanceIn
) -> Any:
    training = training_get(user=request.user, pk=training_id)
    session = training.sessions.filter(pk=session_id).first()
    if session is None:
        raise NotFound()
    present = list(training.enrollments.filter(pk__in=payload.present).select_related("trainee"))
    if len(present) != len(set(payload.present)):
        raise NotFound()
    services.attendance_record(by=request.user, session=session, present=present)
    chosen = {e.pk for e in present}
    _sessions, rows = attendance_grid(training)  # every rate in a fixed number of queries
    return [_enrollment(e, rate) for e, rate, _seen in rows if e.pk in chosen]


@router.post(
    "/enrollments/{int:enrollment_id}/result",
    response={200: EnrollmentOut, **ERRORS},
    summary="Record the result (completion needs the required attendance)",
)
def record_result(request: AuthedHttpRequest, enrollment_id: int, payload: ResultIn) -> Any:
    enrollment = enrollment_get(user=request.user, pk=enrollment_id)
    services.result_set(
        by=request.user,
        enrollment=enrollment,
        passed=payload.passed,
        score=payload.score,
        reason=payload.reason,
    )
    return _enrollment(enrollment)


@router.get("/trainees", response={200: list[TraineeOut], **ERRORS}, summary="Trainees")
def list_trainees(request: AuthedHttpRequest, limit: int = 50, offset: int = 0) -> Any:
    return paginate(trainee_list(user=request.user), limit, offset)[1]


@router.post("/trainees", response={201: TraineeOut, **ERRORS}, summary="Register a trainee")
def register_trainee(request: AuthedHttpRequest, payload: TraineeIn) -> Any:
    data = payload.dict()
    division = any_community(data.pop("community_code"))
    title = _by_code(CERequirement, data.pop("title"))
    trainee = services.trainee_create(by=request.user, division=division, title=title, **data)
    return Status(201, trainee)


@router.get(
    "/trainees/ce-shortfall",
    response={200: list[CEShortOut], **ERRORS},
    summary="Who is short of continuing-education hours in their registration period",
)
def ce_shortfall(request: AuthedHttpRequest) -> Any:
    return [
        {
            "trainee_id": row["trainee"].pk,
            "name": row["trainee"].name,
            "title": row["trainee"].title.code,
            "hours": row["hours"],
            "required": row["required"],
            "short": row["short"],
        }
        for row in services.ce_shortfall(trainee_list(user=request.user))
    ]
