from __future__ import annotations

from datetime import date, datetime

from ninja import Schema
from pydantic import Field

from shequ.core.api import Page, WithActions


class SpecialGroupIn(Schema):
    code: str
    grade: str = ""
    start_date: date | None = None
    end_date: date | None = None


class SpecialGroupOut(Schema):
    code: str
    name: str
    grade: str
    start_date: date
    end_date: date | None
    is_current: bool

    @staticmethod
    def resolve_code(obj: object) -> str:
        return str(obj.group.code)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_name(obj: object) -> str:
        return str(obj.group.display_name)  # type: ignore[attr-defined]


class ResidentOut(WithActions):
    """Identifiers are masked (220102********123X, 138****5678) unless `unmask=true` was asked
    by a role that may see them; each unmasking is audited."""

    id: int
    name: str
    gender: str
    birth_date: date
    age: int
    id_number: str
    phone: str
    identifiers_masked: bool = True
    address: str
    ethnicity: str
    community_code: str
    community_name: str
    household_id: int | None
    household_number: str | None
    relation_to_head: str
    guardian_name: str
    guardian_consent: bool
    consent: bool
    special_groups: list[SpecialGroupOut]
    merged_into_id: int | None = None
    version: int

    @staticmethod
    def resolve_id_number(obj: object) -> str:
        return str(getattr(obj, "_plain_id_number", None) or obj.id_number_masked)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_phone(obj: object) -> str:
        return str(getattr(obj, "_plain_phone", None) or obj.phone_masked)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_identifiers_masked(obj: object) -> bool:
        return not getattr(obj, "_unmasked", False)

    @staticmethod
    def resolve_community_code(obj: object) -> str:
        return str(obj.division_id)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_community_name(obj: object) -> str:
        return str(obj.division.name)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_household_number(obj: object) -> str | None:
        household = obj.household  # type: ignore[attr-defined]
        return household.number if household else None

    @staticmethod
    def resolve_special_groups(obj: object) -> list[object]:
        return list(obj.special_groups.all())  # type: ignore[attr-defined]


class ResidentPage(Page):
    items: list[ResidentOut]


class ResidentSearchIn(Schema):
    """`GET /residents` in a body: an ID number or phone never travels in a URL."""

    q: str = Field("", max_length=100)
    community: str = Field("", max_length=12)
    special_group: str = Field("", max_length=40)
    age_min: int | None = Field(None, ge=0, le=150)
    age_max: int | None = Field(None, ge=0, le=150)
    household: int | None = None
    limit: int = 20
    offset: int = 0
    after: str = Field("", max_length=500)


class ResidentIn(Schema):
    community_code: str
    name: str = Field(max_length=60)
    gender: str | None = None
    birth_date: date | None = None
    id_number: str = ""
    phone: str = ""
    address: str = ""
    ethnicity: str = ""
    household_id: int | None = None
    relation_to_head: str = ""
    guardian_name: str = ""
    guardian_consent: bool = False
    guardian_consent_date: date | None = None
    consent: bool = False
    note: str = ""
    special_groups: list[SpecialGroupIn] = []
    confirm_possible_duplicate: bool = False


class ResidentPatch(Schema):
    name: str | None = Field(default=None, max_length=60)
    gender: str | None = None
    birth_date: date | None = None
    id_number: str | None = None
    phone: str | None = None
    address: str | None = None
    ethnicity: str | None = None
    guardian_name: str | None = None
    guardian_consent: bool | None = None
    guardian_consent_date: date | None = None
    consent: bool | None = None
    note: str | None = None
    special_groups: list[SpecialGroupIn] | None = None


class HouseholdOut(WithActions):
    id: int
    number: str
    address: str
    community_code: str
    head_id: int | None
    head_name: str | None
    member_count: int

    @staticmethod
    def resolve_community_code(obj: object) -> str:
        return str(obj.division_id)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_head_name(obj: object) -> str | None:
        head = obj.head  # type: ignore[attr-defined]
        return head.name if head else None

    @staticmethod
    def resolve_member_count(obj: object) -> int:
        return int(getattr(obj, "member_count", 0) or 0)


class HouseholdPage(Page):
    items: list[HouseholdOut]


class HouseholdIn(Schema):
    community_code: str
    number: str = Field(min_length=1, max_length=40)
    address: str = ""


class MemberIn(Schema):
    resident_id: int
    relation_to_head: str = "other"


class NeedItemIn(Schema):
    category: str
    priority: str
    note: str = ""


class NeedItemOut(Schema):
    category: str
    category_name: str
    priority: str
    note: str

    @staticmethod
    def resolve_category(obj: object) -> str:
        return str(obj.category.code)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_category_name(obj: object) -> str:
        return str(obj.category.display_name)  # type: ignore[attr-defined]


class NeedsIn(Schema):
    community_code: str
    resident_id: int | None = None
    household_id: int | None = None
    assessed_on: date
    items: list[NeedItemIn]
    note: str = ""


class NeedsOut(Schema):
    id: int
    community_code: str
    resident_id: int | None
    household_id: int | None
    assessed_on: date
    assessor: str
    note: str
    items: list[NeedItemOut]

    @staticmethod
    def resolve_community_code(obj: object) -> str:
        return str(obj.division_id)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_assessor(obj: object) -> str:
        return str(obj.assessor.display_name)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_items(obj: object) -> list[object]:
        return list(obj.items.all())  # type: ignore[attr-defined]


class NeedsPage(Page):
    items: list[NeedsOut]


class NeedSummaryOut(Schema):
    category: str
    name: str
    total: int
    high: int
    medium: int
    low: int


class MergeIn(Schema):
    other_id: int = Field(ge=1, le=2**62)


class DuplicatePairOut(Schema):
    """Two records that may be one person: the same name and birth date, or the same phone."""

    reason: str
    first: ResidentBriefOut
    second: ResidentBriefOut


class ResidentBriefOut(Schema):
    id: int
    name: str
    gender: str
    birth_date: date
    id_number: str = Field(alias="id_number_masked")
    phone: str = Field(alias="phone_masked")
    community_code: str = Field(alias="division_id")
    community_name: str = Field(alias="division.name")


DuplicatePairOut.model_rebuild()


class TransferRequestIn(Schema):
    """迁入申请: the receiving community names the person by ID number."""

    to_community_code: str = Field(max_length=12)
    id_number: str = Field(max_length=40)
    name: str = Field(default="", max_length=50)
    note: str = Field(default="", max_length=300)


class TransferStartIn(Schema):
    """迁出: the sending community moves the person to another community."""

    to_community_code: str = Field(max_length=12)
    note: str = Field(default="", max_length=300)


class TransferRefuseIn(Schema):
    reason: str = Field(max_length=300)


class TransferOut(Schema):
    """The person (`resident_id`, `resident_name`) is shown only to those who reach the
    person's current community: before approval, the receiving side sees what it typed."""

    id: int
    status: str
    from_community_code: str = Field(alias="from_division_id")
    from_community_name: str = Field(alias="from_division.name")
    to_community_code: str = Field(alias="to_division_id")
    to_community_name: str = Field(alias="to_division.name")
    resident_id: int | None
    resident_name: str
    requested_name: str
    note: str
    reason: str
    requested_by: str = Field(alias="requested_by.display_name")
    created_at: datetime
    decided_at: datetime | None
    actions: list[str]

    @staticmethod
    def resolve_resident_id(obj: object) -> int | None:
        return obj.resident_id if obj.caps.see_person else None  # type: ignore[attr-defined]

    @staticmethod
    def resolve_resident_name(obj: object) -> str:
        return str(obj.resident.name) if obj.caps.see_person else ""  # type: ignore[attr-defined]

    @staticmethod
    def resolve_actions(obj: object) -> list[str]:
        return list(obj.caps.actions())  # type: ignore[attr-defined]


class TransferPage(Page):
    items: list[TransferOut]
