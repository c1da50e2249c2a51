"""The placement API: `/api/v1/placements` (with progress), `/api/v1/practicum-logs`,
`/api/v1/students`, and under a placement its weekly journals (submit, approve, return),
assistant assignments (and the secretary's evaluation) and the supervisors' evaluations;
all within the access rule (the placement's community and its explicit shares)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from ninja import Router, Status

from shequ.access.rule import named, named_in_body
from shequ.access.signed_in import AuthedHttpRequest
from shequ.core.api import ERRORS, paginate, with_caps
from shequ.core.errors import InvalidInput, NotFound
from shequ.placements import services
from shequ.placements.models import PracticumRequirement
from shequ.placements.permissions import placement_caps
from shequ.placements.schemas import (
    AssignmentEvaluationIn,
    AssignmentIn,
    AssignmentOut,
    JournalDecisionIn,
    JournalIn,
    JournalOut,
    PlacementEvaluationIn,
    PlacementEvaluationOut,
    PlacementIn,
    PlacementOut,
    PracticumLogIn,
    PracticumLogOut,
    PracticumLogUpdateIn,
    StudentIn,
    StudentOut,
)
from shequ.placements.selectors import (
    host_people,
    hosts,
    log_get,
    log_list,
    people_of,
    placement_get,
    placement_list,
    school_people,
    schools_of,
    secretaries,
    student_get,
    student_list,
)

router = Router(tags=["placements"])


# ------------------------------------------------------------------ students


@router.get("/students", response={200: list[StudentOut], **ERRORS}, summary="Students")
def list_students(request: AuthedHttpRequest, limit: int = 50, offset: int = 0) -> Any:
    return paginate(student_list(user=request.user), limit, offset)[1]


@router.post(
    "/students", response={201: StudentOut, **ERRORS}, summary="Register a student (the school)"
)
def create_student(request: AuthedHttpRequest, payload: StudentIn) -> Any:
    school = named(schools_of(user=request.user), payload.school_id, field="school_id")
    requirement = PracticumRequirement.objects.filter(code=payload.degree).first()
    if requirement is None:
        raise InvalidInput(_("Unknown degree."), field="degree")
    student = services.student_create(
        by=request.user,
        school=school,
        name=payload.name,
        number=payload.number,
        requirement=requirement,
        cohort=payload.cohort,
        user=named([u for u, _org in people_of([school.pk])], payload.user_id, field="user_id")
        if payload.user_id
        else None,
    )
    return Status(201, student)


# ------------------------------------------------------------------ placements


@router.get(
    "/placements",
    response={200: list[PlacementOut], **ERRORS},
    summary="Placements, each with its progress",
)
def list_placements(
    request: AuthedHttpRequest, student_id: int | None = None, limit: int = 50, offset: int = 0
) -> Any:
    return paginate(placement_list(user=request.user, student_id=student_id), limit, offset)[1]


@router.post(
    "/placements", response={201: PlacementOut, **ERRORS}, summary="Place a student (the school)"
)
def create_placement(request: AuthedHttpRequest, payload: PlacementIn) -> Any:
    with named_in_body("student_id"):
        student = student_get(user=request.user, pk=payload.student_id)
    placement = services.placement_create(
        by=request.user,
        student=student,
        host=named(hosts(), payload.host_id, field="host_id"),
        start_date=payload.start_date,
        end_date=payload.end_date,
        school_supervisor=named(
            school_people(user=request.user),
            payload.school_supervisor_id,
            field="school_supervisor_id",
        ),
        field_supervisor=named(
            [u for u, _org in host_people()],
            payload.field_supervisor_id,
            field="field_supervisor_id",
        ),
    )
    return Status(201, _placement(request, placement.pk))


@router.get(
    "/placements/{int:placement_id}",
    response={200: PlacementOut, **ERRORS},
    summary="One placement with its progress",
)
def get_placement(request: AuthedHttpRequest, placement_id: int) -> Any:
    return _placement(request, placement_id)


def _placement(request: AuthedHttpRequest, pk: int) -> Any:
    """A detail answer: the placement with what the user may do to it."""
    placement = placement_get(user=request.user, pk=pk)
    return with_caps(placement, placement_caps(request.user, placement))


# ------------------------------------------------------------------ the practicum log


@router.get(
    "/practicum-logs",
    response={200: list[PracticumLogOut], **ERRORS},
    summary="Practicum log entries (of one placement with ?placement_id=)",
)
def list_logs(
    request: AuthedHttpRequest, placement_id: int | None = None, limit: int = 100, offset: int = 0
) -> Any:
    if placement_id is not None:
        placement_get(user=request.user, pk=placement_id)
    return paginate(log_list(user=request.user, placement_id=placement_id), limit, offset)[1]


@router.post(
    "/practicum-logs",
    response={201: PracticumLogOut, **ERRORS},
    summary="Log a day's hours and activities (the student; one entry a day)",
)
def create_log(request: AuthedHttpRequest, payload: PracticumLogIn) -> Any:
    placement = placement_get(user=request.user, pk=payload.placement_id)
    entry = services.log_add(
        by=request.user,
        placement=placement,
        day=payload.date,
        hours=payload.hours,
        activities=payload.activities,
    )
    return Status(201, entry)


@router.patch(
    "/practicum-logs/{int:log_id}",
    response={200: PracticumLogOut, **ERRORS},
    summary="Change an entry of an open week (the student)",
)
def update_log(request: AuthedHttpRequest, log_id: int, payload: PracticumLogUpdateIn) -> Any:
    entry = log_get(user=request.user, pk=log_id)
    return services.log_update(
        by=request.user, entry=entry, hours=payload.hours, activities=payload.activities
    )


# ------------------------------------------------------------------ weekly journals


@router.get(
    "/placements/{int:placement_id}/journals",
    response={200: list[JournalOut], **ERRORS},
    summary="Weekly journals",
)
def list_journals(request: AuthedHttpRequest, placement_id: int) -> Any:
    placement = placement_get(user=request.user, pk=placement_id)
    return list(placement.journals.select_related("decided_by"))


@router.post(
    "/placements/{int:placement_id}/journals",
    response={201: JournalOut, **ERRORS},
    summary="Submit a week's journal (the student; again once returned)",
)
def submit_journal(request: AuthedHttpRequest, placement_id: int, payload: JournalIn) -> Any:
    placement = placement_get(user=request.user, pk=placement_id)
    journal = services.journal_submit(
        by=request.user, placement=placement, week_start=payload.week_start, text=payload.text
    )
    return Status(201, journal)


def _decide(request: AuthedHttpRequest, placement_id: int, journal_id: int, **kwargs: Any) -> Any:
    placement = placement_get(user=request.user, pk=placement_id)
    journal = placement.journals.filter(pk=journal_id).first()
    if journal is None:
        raise NotFound()
    journal.placement = placement
    return services.journal_decide(by=request.user, journal=journal, **kwargs)


@router.post(
    "/placements/{int:placement_id}/journals/{int:journal_id}/approve",
    response={200: JournalOut, **ERRORS},
    summary="Approve a week (the field supervisor; its hours count and its entries lock)",
)
def approve_journal(
    request: AuthedHttpRequest, placement_id: int, journal_id: int, payload: JournalDecisionIn
) -> Any:
    return _decide(request, placement_id, journal_id, approve=True, comment=payload.comment)


@router.post(
    "/placements/{int:placement_id}/journals/{int:journal_id}/return",
    response={200: JournalOut, **ERRORS},
    summary="Return a week with a comment (the field supervisor)",
)
def return_journal(
    request: AuthedHttpRequest, placement_id: int, journal_id: int, payload: JournalDecisionIn
) -> Any:
    return _decide(request, placement_id, journal_id, approve=False, comment=payload.comment)


# ------------------------------------------------------------------ assistants


@router.get(
    "/placements/{int:placement_id}/assignments",
    response={200: list[AssignmentOut], **ERRORS},
    summary="Assistant assignments (社工助理)",
)
def list_assignments(request: AuthedHttpRequest, placement_id: int) -> Any:
    placement = placement_get(user=request.user, pk=placement_id)
    return list(placement.assignments.select_related("secretary"))


@router.post(
    "/placements/{int:placement_id}/assignments",
    response={201: AssignmentOut, **ERRORS},
    summary="Assign the student to assist a community secretary",
)
def create_assignment(request: AuthedHttpRequest, placement_id: int, payload: AssignmentIn) -> Any:
    placement = placement_get(user=request.user, pk=placement_id)
    assignment = services.assignment_create(
        by=request.user,
        placement=placement,
        secretary=named(secretaries(placement), payload.secretary_id, field="secretary_id"),
        start_date=payload.start_date,
        end_date=payload.end_date,
        duties=payload.duties,
    )
    return Status(201, assignment)


@router.post(
    "/placements/{int:placement_id}/assignments/{int:assignment_id}/evaluation",
    response={200: AssignmentOut, **ERRORS},
    summary="The secretary's final evaluation of the assistant",
)
def evaluate_assignment(
    request: AuthedHttpRequest,
    placement_id: int,
    assignment_id: int,
    payload: AssignmentEvaluationIn,
) -> Any:
    placement = placement_get(user=request.user, pk=placement_id)
    assignment = placement.assignments.select_related("secretary").filter(pk=assignment_id).first()
    if assignment is None:
        raise NotFound()
    return services.assignment_evaluate(
        by=request.user, assignment=assignment, rating=payload.rating, comment=payload.comment
    )


# ------------------------------------------------------------------ evaluations


@router.get(
    "/placements/{int:placement_id}/evaluations",
    response={200: list[PlacementEvaluationOut], **ERRORS},
    summary="The supervisors' evaluations",
)
def list_evaluations(request: AuthedHttpRequest, placement_id: int) -> Any:
    placement = placement_get(user=request.user, pk=placement_id)
    return list(placement.evaluations.select_related("evaluator"))


@router.post(
    "/placements/{int:placement_id}/evaluations",
    response={201: PlacementEvaluationOut, **ERRORS},
    summary="Evaluate the placement (each supervisor once, from its last day)",
)
def create_evaluation(
    request: AuthedHttpRequest, placement_id: int, payload: PlacementEvaluationIn
) -> Any:
    placement = placement_get(user=request.user, pk=placement_id)
    evaluation = services.evaluation_add(
        by=request.user, placement=placement, score=payload.score, comment=payload.comment
    )
    return Status(201, evaluation)
