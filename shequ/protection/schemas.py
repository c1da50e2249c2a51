from __future__ import annotations

from datetime import date, datetime

from ninja import Schema
from pydantic import Field


class ProtectionChildIn(Schema):
    name: str = Field(min_length=1, max_length=60)
    gender: str = ""
    birth_date: date
    id_number: str = ""


class ProtectionReportIn(Schema):
    community_code: str
    child: ProtectionChildIn
    situations: list[str]
    seen: str
    seen_at: datetime
    police_told: bool = False


class ProtectionReporterOut(Schema):
    hidden: bool
    name: str
    organization: str


class ProtectionReportOut(Schema):
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
    reporter: ProtectionReporterOut
    actions: list[str] | None = Field(
        default=None,
        description="What you may do to this record (detail answers only; null in lists).",
    )


class ProtectionRedirectIn(Schema):
    community_code: str
    reason: str


class ProtectionCaseOut(Schema):
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
    actions: list[str] | None = Field(
        default=None,
        description="What you may do to this record (detail answers only; null in lists).",
    )


class ProtectionGradeIn(Schema):
    grade: str
    reasons: str


class ProtectionVisitIn(Schema):
    visited_on: date
    notes: str = ""


class ProtectionReferralIn(Schema):
    organization_id: int
    reason: str


class ProtectionReferralOut(Schema):
    id: int
    case_id: int
    organization: str
    status: str
    reason: str
    answer: str


class ProtectionAnswerIn(Schema):
    accept: bool
    answer: str = ""


class ProtectionReasonIn(Schema):
    reason: str


class ProtectionClosureIn(Schema):
    reason: str
    follow_up_months: int


class ProtectionApprovalIn(Schema):
    approve: bool
    note: str = ""


class ProtectionAccessOut(Schema):
    user: str
    at: datetime
    channel: str
    via: str


class ProtectionMeetingIn(Schema):
    division_code: str
    convener_id: int
    held_on: date
    title: str
    member_ids: list[int]
    case_ids: list[int] = []


class ProtectionTaskOut(Schema):
    id: int
    meeting_id: int
    case_id: int | None
    resolution: str
    owner: str
    due_on: date
    status: str
    outcome: str


class ProtectionMeetingOut(Schema):
    id: int
    division_code: str
    convener: str
    held_on: date
    title: str
    members: list[str]
    case_ids: list[int]
    tasks: list[ProtectionTaskOut]
    open_tasks_before: list[ProtectionTaskOut]
    actions: list[str] | None = Field(
        default=None,
        description="What you may do to this record (detail answers only; null in lists).",
    )


class ProtectionResolutionIn(Schema):
    resolution: str
    owner_id: int | None = None
    due_on: date | None = None
    case_id: int | None = None


class ProtectionCompleteIn(Schema):
    outcome: str


class ProtectionAlertOut(Schema):
    id: int
    kind: str
    message: str
    created_at: datetime
    case_id: int | None
    report_id: int | None
    task_id: int | None
