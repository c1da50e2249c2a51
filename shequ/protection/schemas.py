from __future__ import annotations

from datetime import date, datetime

from ninja import Schema
from pydantic import Field


class ChildIn(Schema):
    name: str = Field(min_length=1, max_length=60)
    gender: str = ""
    birth_date: date
    id_number: str = ""


class ReportIn(Schema):
    community_code: str
    child: ChildIn
    situations: list[str]
    seen: str
    seen_at: datetime
    police_told: bool = False


class ReporterOut(Schema):
    hidden: bool
    name: str
    organization: str


class ReportOut(Schema):
    id: int
    community_code: str
    child_name: str
    situations: list[str]
    seen: str
    seen_at: datetime
    police_told: bool
    status: str
    due_at: datetime
    case_id: int | None
    reporter: ReporterOut


class RedirectIn(Schema):
    community_code: str
    reason: str


class CaseOut(Schema):
    id: int
    community_code: str
    level_code: str
    child_name: str
    grade: str | None
    grade_reasons: str
    next_visit_due: date | None
    needs: list[str]
    plan: str
    status: str
    follow_up_until: date | None


class GradeIn(Schema):
    grade: str
    reasons: str


class VisitIn(Schema):
    visited_on: date
    notes: str = ""


class ReferralIn(Schema):
    organization_id: int
    reason: str


class ReferralOut(Schema):
    id: int
    case_id: int
    organization: str
    status: str
    reason: str
    answer: str


class AnswerIn(Schema):
    accept: bool
    answer: str = ""


class ReasonIn(Schema):
    reason: str


class ClosureIn(Schema):
    reason: str
    follow_up_months: int


class ApprovalIn(Schema):
    approve: bool
    note: str = ""


class AccessOut(Schema):
    user: str
    at: datetime
    channel: str
    via: str


class MeetingIn(Schema):
    division_code: str
    convener_id: int
    held_on: date
    title: str
    member_ids: list[int]
    case_ids: list[int] = []


class TaskOut(Schema):
    id: int
    meeting_id: int
    case_id: int | None
    resolution: str
    owner: str
    due_on: date
    status: str
    outcome: str


class MeetingOut(Schema):
    id: int
    division_code: str
    convener: str
    held_on: date
    title: str
    members: list[str]
    case_ids: list[int]
    tasks: list[TaskOut]
    open_tasks_before: list[TaskOut]


class ResolutionIn(Schema):
    resolution: str
    owner_id: int | None = None
    due_on: date | None = None
    case_id: int | None = None


class CompleteIn(Schema):
    outcome: str


class AlertOut(Schema):
    id: int
    kind: str
    message: str
    created_at: datetime
    case_id: int | None
    report_id: int | None
    task_id: int | None
