from __future__ import annotations

import datetime as dt
from datetime import date, datetime
from decimal import Decimal

from ninja import Schema

from shequ.core.api import WithActions


class StudentIn(Schema):
    school_id: int
    name: str
    number: str
    degree: str  # a practicum requirement's code: "bsw", "msw"
    cohort: int
    user_id: int | None = None


class StudentOut(Schema):
    id: int
    name: str
    number: str
    school: str
    degree: str
    required_hours: int
    cohort: int

    @staticmethod
    def resolve_school(obj: object) -> str:
        return str(obj.school.name)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_degree(obj: object) -> str:
        return str(obj.requirement.code)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_required_hours(obj: object) -> int:
        return int(obj.requirement.hours)  # type: ignore[attr-defined]


class PlacementIn(Schema):
    student_id: int
    host_id: int
    start_date: date
    end_date: date
    school_supervisor_id: int
    field_supervisor_id: int


class PlacementOut(WithActions):
    """A placement with its progress: approved hours (of approved weeks) and all logged
    hours against the programme's required hours."""

    id: int
    student: StudentOut
    host: str
    community_code: str
    start_date: date
    end_date: date
    status: str
    school_supervisor: str
    field_supervisor: str
    required_hours: int
    approved_hours: Decimal
    logged_hours: Decimal

    @staticmethod
    def resolve_host(obj: object) -> str:
        return str(obj.host.name)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_community_code(obj: object) -> str:
        return str(obj.division_id)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_status(obj: object) -> str:
        return str(obj.status())  # type: ignore[attr-defined]

    @staticmethod
    def resolve_school_supervisor(obj: object) -> str:
        return str(obj.school_supervisor.display_name)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_field_supervisor(obj: object) -> str:
        return str(obj.field_supervisor.display_name)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_required_hours(obj: object) -> int:
        return int(obj.student.requirement.hours)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_approved_hours(obj: object) -> Decimal:
        from shequ.placements.selectors import progress

        return progress(obj).approved  # type: ignore[arg-type]

    @staticmethod
    def resolve_logged_hours(obj: object) -> Decimal:
        from shequ.placements.selectors import progress

        return progress(obj).logged  # type: ignore[arg-type]


class PracticumLogIn(Schema):
    placement_id: int
    date: dt.date
    hours: Decimal
    activities: str


class PracticumLogUpdateIn(Schema):
    hours: Decimal
    activities: str


class PracticumLogOut(Schema):
    id: int
    placement_id: int
    date: dt.date
    week_start: dt.date
    hours: Decimal
    activities: str

    @staticmethod
    def resolve_date(obj: object) -> dt.date:
        return obj.day  # type: ignore[attr-defined,no-any-return]


class JournalIn(Schema):
    week_start: date
    text: str


class JournalDecisionIn(Schema):
    comment: str = ""


class JournalOut(Schema):
    id: int
    week_start: date
    text: str
    status: str
    submitted_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    comment: str

    @staticmethod
    def resolve_decided_by(obj: object) -> str | None:
        user = obj.decided_by  # type: ignore[attr-defined]
        return str(user.display_name) if user else None


class AssignmentIn(Schema):
    secretary_id: int
    start_date: date
    end_date: date
    duties: str


class AssignmentEvaluationIn(Schema):
    rating: str
    comment: str


class AssignmentOut(Schema):
    id: int
    secretary: str
    start_date: date
    end_date: date
    duties: str
    rating: str
    comment: str
    evaluated_at: datetime | None

    @staticmethod
    def resolve_secretary(obj: object) -> str:
        return str(obj.secretary.display_name)  # type: ignore[attr-defined]


class PlacementEvaluationIn(Schema):
    score: int
    comment: str


class PlacementEvaluationOut(Schema):
    id: int
    role: str
    evaluator: str
    score: int
    comment: str
    created_at: datetime

    @staticmethod
    def resolve_evaluator(obj: object) -> str:
        return str(obj.evaluator.display_name)  # type: ignore[attr-defined]
