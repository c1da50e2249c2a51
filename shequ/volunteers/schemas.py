from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from ninja import Schema

from shequ.core.api import WithActions


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


class VolunteerOut(WithActions):
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
    project_id: int | None = None  # a service project the organizer provides


class VolunteerActivityOut(WithActions):
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
    project_id: int | None

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


class CheckOutIn(CodeIn):
    # a check-out within 15 minutes of the check-in must be confirmed (400 `short` otherwise)
    confirm_short: bool = False


class CodeOut(Schema):
    code: str
    valid_for_seconds: int


class CorrectIn(Schema):
    checked_in_at: datetime
    checked_out_at: datetime
    reason: str


class TeamIn(Schema):
    organization_id: int
    community_code: str
    name: str
    leader_id: int | None = None


class TeamMemberOut(Schema):
    id: int
    number: str
    name: str


class TeamOut(Schema):
    id: int
    name: str
    organization: str
    community_code: str
    leader: TeamMemberOut | None
    member_count: int

    @staticmethod
    def resolve_organization(obj: object) -> str:
        return str(obj.organization.name)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_community_code(obj: object) -> str:
        return str(obj.division_id)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_member_count(obj: object) -> int:
        count = getattr(obj, "member_count", None)
        return int(count) if count is not None else obj.members.count()  # type: ignore[attr-defined]


class TeamDetailOut(TeamOut, WithActions):
    members: list[TeamMemberOut]

    @staticmethod
    def resolve_members(obj: object) -> list[object]:
        return list(obj.members.order_by("number"))  # type: ignore[attr-defined]


class TeamMemberIn(Schema):
    volunteer_id: int


class HoursRowOut(Schema):
    key: str
    label: str | None
    hours: Decimal
    volunteers: int
    signups: int


class HoursTotalsOut(Schema):
    group_by: str
    start: date
    end: date
    total: Decimal
    rows: list[HoursRowOut]


class CertificateRequestIn(Schema):
    organization_id: int


class CertificateRequestOut(Schema):
    id: int
    volunteer_id: int
    organization_id: int
    certificate_number: str | None

    @staticmethod
    def resolve_certificate_number(obj: object) -> str | None:
        certificate = obj.certificate  # type: ignore[attr-defined]
        return certificate.number if certificate is not None else None
