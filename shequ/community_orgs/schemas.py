from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ninja import Schema
from pydantic import Field

from shequ.community_orgs.services import grant_totals
from shequ.core.api import Page, WithActions


class CommunityOrgOut(Schema):
    """An organization as the list shows it."""

    id: int
    name: str
    community_code: str
    community: str
    type: str
    stage: str
    status: str
    applied_on: date
    filed_on: date | None
    filing_number: str
    registered_on: date | None
    uscc: str
    incubator_id: int | None
    member_count: int

    @staticmethod
    def resolve_community_code(obj: Any) -> str:
        return str(obj.division_id)

    @staticmethod
    def resolve_community(obj: Any) -> str:
        return str(obj.division.name)

    @staticmethod
    def resolve_type(obj: Any) -> str:
        return str(obj.org_type.code)

    @staticmethod
    def resolve_stage(obj: Any) -> str:
        return str(obj.stage.code)


class CommunityOrgPage(Page):
    items: list[CommunityOrgOut]


class CommunityOrgMoveOut(Schema):
    from_stage: str | None
    to_stage: str
    moved_on: date
    reason: str
    backward: bool
    by: str
    at: datetime

    @staticmethod
    def resolve_from_stage(obj: Any) -> str | None:
        return obj.from_stage.code if obj.from_stage_id else None

    @staticmethod
    def resolve_to_stage(obj: Any) -> str:
        return str(obj.to_stage.code)

    @staticmethod
    def resolve_by(obj: Any) -> str:
        return str(obj.by.display_name)


class CommunityOrgGrantOut(Schema):
    id: int
    kind: str
    amount: Decimal
    on: date
    note: str


class CommunityOrgMemberOut(Schema):
    id: int
    resident_id: int
    name: str
    role: str
    joined_on: date

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return str(obj.resident.name)


class CommunityOrgScoreOut(Schema):
    dimension: str
    score: Decimal

    @staticmethod
    def resolve_dimension(obj: Any) -> str:
        return str(obj.dimension.code)


class CommunityOrgAssessmentOut(Schema):
    id: int
    assessed_on: date
    total: Decimal
    note: str
    scores: list[CommunityOrgScoreOut]

    @staticmethod
    def resolve_scores(obj: Any) -> list[Any]:
        return list(obj.scores.all())


class CommunityOrgRecognitionOut(Schema):
    id: int
    department_id: int
    department: str
    recognized_on: date
    title: str
    document_number: str
    has_document: bool

    @staticmethod
    def resolve_department(obj: Any) -> str:
        return str(obj.department.name)

    @staticmethod
    def resolve_has_document(obj: Any) -> bool:
        return bool(obj.file)


class CommunityOrgGrantTotals(Schema):
    given: Decimal
    spent: Decimal
    remaining: Decimal


class CommunityOrgDetailOut(CommunityOrgOut, WithActions):
    purpose: str
    mentors: list[str]
    grant_totals: CommunityOrgGrantTotals
    history: list[CommunityOrgMoveOut]
    grants: list[CommunityOrgGrantOut]
    members: list[CommunityOrgMemberOut]
    assessments: list[CommunityOrgAssessmentOut]
    recognitions: list[CommunityOrgRecognitionOut]

    @staticmethod
    def resolve_mentors(obj: Any) -> list[str]:
        return [u.display_name for u in obj.mentors.all()]

    @staticmethod
    def resolve_grant_totals(obj: Any) -> dict[str, Decimal]:
        return grant_totals(obj)

    @staticmethod
    def resolve_history(obj: Any) -> list[Any]:
        return list(obj.moves.all())

    @staticmethod
    def resolve_grants(obj: Any) -> list[Any]:
        return list(obj.grants.all())

    @staticmethod
    def resolve_members(obj: Any) -> list[Any]:
        return list(obj.members.all())

    @staticmethod
    def resolve_assessments(obj: Any) -> list[Any]:
        return list(obj.assessments.all())

    @staticmethod
    def resolve_recognitions(obj: Any) -> list[Any]:
        return list(obj.recognitions.all())


class CommunityOrgIn(Schema):
    community_code: str
    name: str = Field(min_length=1, max_length=120)
    type: str
    applied_on: date
    purpose: str = ""
    incubator_id: int | None = None
    mentor_ids: list[int] = []


class CommunityOrgAdvanceIn(Schema):
    stage: str
    moved_on: date
    reason: str = Field(max_length=300)


class CommunityOrgStatusIn(Schema):
    status: str
    on: date
    filing_number: str = ""
    uscc: str = ""


class CommunityOrgGrantIn(Schema):
    kind: str
    amount: str
    on: date
    note: str = Field(max_length=200)


class CommunityOrgMemberIn(Schema):
    resident_id: int
    role: str
    joined_on: date


class CommunityOrgAssessmentIn(Schema):
    assessed_on: date
    scores: dict[str, str]
    note: str = ""


class CommunityOrgRecognitionIn(Schema):
    department_id: int
    recognized_on: date
    title: str = Field(max_length=200)
    document_number: str = Field(max_length=60)


class CommunityOrgActivityIn(Schema):
    theme: str = Field(max_length=120)
    place: str = Field(default="", max_length=120)
    held_on: date
    duration_minutes: int
    participant_ids: list[int] = []
    headcount: int = 0


class CommunityOrgActivityOut(Schema):
    id: int
    theme: str
    held_on: date
    community_organization_id: int
    participant_count: int

    @staticmethod
    def resolve_participant_count(obj: Any) -> int:
        return int(obj.participants.count())


class CommunityOrgFiguresOut(Schema):
    community_code: str
    community: str
    organizations: int
    residents: int
    per_thousand: Decimal | None
    kind: str
    kind_recorded: bool
    target: int
    gap: int

    @staticmethod
    def resolve_community_code(obj: Any) -> str:
        return str(obj.community.code)

    @staticmethod
    def resolve_community(obj: Any) -> str:
        return str(obj.community.name)
