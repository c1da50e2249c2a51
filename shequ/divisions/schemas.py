from __future__ import annotations

from shequ.core.api import Page, WithActions


class DivisionOut(WithActions):
    code: str
    name: str
    level: int
    level_label: str
    parent_code: str | None

    @staticmethod
    def resolve_parent_code(obj: object) -> str | None:
        return getattr(obj, "parent_id", None)

    @staticmethod
    def resolve_level_label(obj: object) -> str:
        return str(getattr(obj, "level_label", ""))


class DivisionPage(Page):
    items: list[DivisionOut]
