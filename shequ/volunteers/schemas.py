from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from ninja import Schema


class VolunteerIn(Schema):
    community_code: str
    name: str
    id_type: str = "resident"
    id_number: str
    phone: str = ""
    birth_date: date | None = None
    gender: str = ""
    skills: list[str] = []
    availability: str = ""
    guardian_name: str = ""
    guardian_consent: bool = False


class VolunteerOut(Schema):
    id: int
    number: str
    name: str
    community_code: str
    id_type: str
    id_number_masked: str
    phone_masked: str
    skills: list[str]
    availability: str

    @staticmethod
    def resolve_community_code(obj: object) -> str:
        return str(obj.division_id)  # type: ignore[attr-defined]


class VolunteerHoursOut(Schema):
    volunteer_id: int
    confirmed_hours: Decimal


class VolunteerActivityIn(Schema):
    organizer_id: int
    community_code: str
    title: str
    content: str
    place: str
    starts_at: datetime
    ends_at: datetime
    capacity: int
    skills: list[str] = []
    risks: str = ""
    risky: bool = False
    insured: bool = False


class VolunteerActivityOut(Schema):
    id: int
    title: str
    organizer: str
    community_code: str
    place: str
    starts_at: datetime
    ends_at: datetime
    capacity: int
    risky: bool
    insured: bool
    status: str

    @staticmethod
    def resolve_organizer(obj: object) -> str:
        return str(obj.organizer.name)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_community_code(obj: object) -> str:
        return str(obj.division_id)  # type: ignore[attr-defined]


class SignUpIn(Schema):
    volunteer_id: int | None = None


class SignUpOut(Schema):
    id: int
    activity_id: int
    volunteer_id: int
    status: str
    checked_in_at: datetime | None
    checked_out_at: datetime | None
    hours: Decimal | None
    confirmed: bool

    @staticmethod
    def resolve_confirmed(obj: object) -> bool:
        return obj.confirmed_at is not None  # type: ignore[attr-defined]


class DecideIn(Schema):
    approve: bool


class CodeIn(Schema):
    code: str


class CodeOut(Schema):
    code: str
    valid_for_seconds: int


class CorrectIn(Schema):
    checked_in_at: datetime
    checked_out_at: datetime
    reason: str
