from __future__ import annotations

from datetime import date
from decimal import Decimal

from ninja import Schema

from shequ.core.api import WithActions


class TrainingOut(Schema):
    id: int
    title: str
    programme: str
    organizer: str
    partner: str | None
    start_date: date
    end_date: date
    required_attendance: int
    project_id: int | None

    @staticmethod
    def resolve_programme(obj: object) -> str:
        return str(obj.programme.code)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_organizer(obj: object) -> str:
        return str(obj.organizer.name)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_partner(obj: object) -> str | None:
        partner = obj.partner  # type: ignore[attr-defined]
        return str(partner.name) if partner else None


class TraineeOut(Schema):
    id: int
    name: str
    workplace: str
    division_code: str
    phone_masked: str

    @staticmethod
    def resolve_division_code(obj: object) -> str:
        return str(obj.division_id)  # type: ignore[attr-defined]


class TrainingIn(Schema):
    organizer_id: int
    programme: str  # a programme type's code (data: exam_prep, pre_job, supervision, ...)
    title: str
    start_date: date
    end_date: date
    partner_id: int | None = None
    required_attendance: int = 80
    project_id: int | None = None  # a service project the organizer provides


class TrainingSessionIn(Schema):
    held_on: date
    hours: str  # decimal, one place (2.5)
    trainer: str
    place: str = ""


class TrainingSessionOut(Schema):
    id: int
    held_on: date
    hours: Decimal
    trainer: str
    place: str


class EnrollmentOut(Schema):
    id: int
    trainee_id: int
    trainee: str
    result: str
    score: Decimal | None
    attendance_rate: Decimal
    certificate_number: str


class TrainingDetailOut(WithActions):
    training: TrainingOut
    sessions: list[TrainingSessionOut]
    enrollments: list[EnrollmentOut]


class TraineeIn(Schema):
    community_code: str
    name: str
    workplace: str = ""
    phone: str = ""
    title: str | None = None  # a continuing-education requirement's code (assistant, ...)
    title_since: date | None = None


class EnrollIn(Schema):
    trainee_id: int


class AttendanceIn(Schema):
    present: list[int]  # enrolment ids


class ResultIn(Schema):
    passed: bool
    score: str | None = None
    reason: str = ""  # needed before the training's last day: why record the result now


class CEShortOut(Schema):
    trainee_id: int
    name: str
    title: str
    hours: Decimal
    required: int
    short: Decimal
