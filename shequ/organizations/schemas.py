from __future__ import annotations

from ninja import Schema
from pydantic import Field

from shequ.core.api import Page, WithActions


class OrganizationOut(WithActions):
    id: int
    version: int
    name: str
    kind: str
    kind_label: str
    division_code: str
    division_name: str
    uscc: str
    contact_person: str
    contact_phone: str
    address: str
    is_active: bool

    @staticmethod
    def resolve_kind_label(obj: object) -> str:
        return str(obj.get_kind_display())  # type: ignore[attr-defined]

    @staticmethod
    def resolve_division_code(obj: object) -> str:
        return str(obj.division_id)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_division_name(obj: object) -> str:
        return str(obj.division.name)  # type: ignore[attr-defined]


class OrganizationPage(Page):
    items: list[OrganizationOut]


class OrganizationIn(Schema):
    name: str = Field(min_length=1, max_length=120)
    kind: str
    division_code: str
    uscc: str = ""
    contact_person: str = ""
    contact_phone: str = ""
    address: str = ""


class OrganizationPatch(Schema):
    name: str | None = Field(default=None, min_length=1, max_length=120)
    kind: str | None = None
    division_code: str | None = None
    uscc: str | None = None
    contact_person: str | None = None
    contact_phone: str | None = None
    address: str | None = None
    is_active: bool | None = None
