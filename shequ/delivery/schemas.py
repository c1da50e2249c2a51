from __future__ import annotations

from datetime import date

from ninja import Schema
from pydantic import Field

from shequ.core.api import Page, WithActions


class ServiceRecordOut(Schema):
    id: int
    community_code: str
    resident_id: int | None
    headcount: int
    project_id: int | None
    method: str
    served_on: date
    duration_minutes: int

    @staticmethod
    def resolve_community_code(obj: object) -> str:
        return str(obj.division_id)  # type: ignore[attr-defined]


class ServiceRecordDetailOut(ServiceRecordOut):
    """One record with who recorded it and what the caller may do to it (`edit`, `delete`);
    `locked` when its project is closed (结项)."""

    area_id: int | None
    source: str
    recorded_by: str | None
    locked: bool
    actions: list[str]

    @staticmethod
    def resolve_recorded_by(obj: object) -> str | None:
        user = obj.recorded_by  # type: ignore[attr-defined]
        return str(user.display_name) if user else None

    @staticmethod
    def resolve_locked(obj: object) -> bool:
        return bool(obj.caps.locked)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_actions(obj: object) -> list[str]:
        return list(obj.caps.actions())  # type: ignore[attr-defined]


class ServiceRecordPatch(Schema):
    """A correction: the fields to change and the reason (required, kept in the audit log)."""

    reason: str = Field(max_length=300)
    served_on: date | None = None
    duration_minutes: int | None = Field(default=None, ge=0, le=100000)
    method: str | None = Field(default=None, max_length=10)
    project_id: int | None = Field(default=None, ge=1, le=2**62)
    headcount: int | None = Field(default=None, ge=0, le=100000)


class ReasonIn(Schema):
    reason: str = Field(max_length=300)


class ServiceRecordPage(Page):
    items: list[ServiceRecordOut]


class ServiceRecordIn(Schema):
    community_code: str
    method: str
    served_on: date
    duration_minutes: int
    resident_id: int | None = None
    headcount: int = 1
    project_id: int | None = None


class CaseOut(WithActions):
    id: int
    community_code: str
    client_id: int
    worker: str
    project_id: int | None
    stage: str
    opened_on: date
    closed_on: date | None

    @staticmethod
    def resolve_community_code(obj: object) -> str:
        return str(obj.division_id)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_worker(obj: object) -> str:
        return str(obj.worker.username)  # type: ignore[attr-defined]


class CasePage(Page):
    items: list[CaseOut]


class CaseIn(Schema):
    client_id: int
    presenting_problem: str = Field(min_length=1)
    opened_on: date
    project_id: int | None = None


class GroupOut(WithActions):
    id: int
    community_code: str
    name: str
    goal: str
    stage: str
    project_id: int | None
    member_count: int
    session_count: int

    @staticmethod
    def resolve_community_code(obj: object) -> str:
        return str(obj.division_id)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_member_count(obj: object) -> int:
        return int(getattr(obj, "member_count", 0))

    @staticmethod
    def resolve_session_count(obj: object) -> int:
        return int(getattr(obj, "session_count", 0))


class GroupPage(Page):
    items: list[GroupOut]


class SessionIn(Schema):
    held_on: date
    duration_minutes: int
    attendee_ids: list[int]
    notes: str = ""


class ActivityOut(WithActions):
    id: int
    community_code: str
    theme: str
    place: str
    held_on: date
    duration_minutes: int
    project_id: int | None
    headcount: int
    participant_count: int

    @staticmethod
    def resolve_community_code(obj: object) -> str:
        return str(obj.division_id)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_participant_count(obj: object) -> int:
        return int(getattr(obj, "participant_count", 0))


class ActivityPage(Page):
    items: list[ActivityOut]


class ActivityIn(Schema):
    community_code: str
    theme: str = Field(min_length=1, max_length=120)
    place: str = ""
    held_on: date
    duration_minutes: int
    participant_ids: list[int] = []
    headcount: int = 0
    project_id: int | None = None
    organizers: str = ""


class GroupIn(Schema):
    community_code: str
    name: str = Field(min_length=1, max_length=120)
    goal: str = Field(min_length=1)
    member_ids: list[int] = []
    project_id: int | None = None
    area_code: str | None = None


class GroupAdvanceIn(Schema):
    stage: str
