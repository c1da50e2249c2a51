from __future__ import annotations

from datetime import datetime

from ninja import Schema

from shequ.core.api import Page, WithActions


class AwardOut(Schema):
    id: int
    title: str
    awarding_body: str
    year: int
    level: str
    case_study_id: int | None
    recipient_id: int | None
    recipient: str | None

    @staticmethod
    def resolve_recipient(obj: object) -> str | None:
        person = obj.recipient  # type: ignore[attr-defined]
        return str(person.display_name) if person else None


class CaseStudyOut(Schema):
    id: int
    title: str
    summary: str
    status: str
    source_kind: str
    division_code: str
    division: str
    area: str | None
    author: str
    published_at: datetime | None
    awards: list[AwardOut]

    @staticmethod
    def resolve_division_code(obj: object) -> str:
        return str(obj.division_id)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_division(obj: object) -> str:
        return str(obj.division.name)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_area(obj: object) -> str | None:
        area = obj.area  # type: ignore[attr-defined]
        return str(area.code) if area else None

    @staticmethod
    def resolve_author(obj: object) -> str:
        return str(obj.author.display_name)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_awards(obj: object) -> list[object]:
        return list(obj.awards.all())  # type: ignore[attr-defined]


class CaseStudyPage(Page):
    items: list[CaseStudyOut]


class AwardPage(Page):
    items: list[AwardOut]


class CaseStudyDetailOut(CaseStudyOut, WithActions):
    body: str
    review_comment: str
    deidentified: dict[str, int]  # kind of identifier: how many the draft replaced
    source_id: int | None  # only for the author and supervisors (null for other readers)


class CaseStudyIn(Schema):
    source_kind: str  # case, group or project
    source_id: int


class CaseStudyUpdateIn(Schema):
    title: str
    body: str
    summary: str = ""
    area: str | None = None  # a service area's code


class CaseStudyCommentIn(Schema):
    comment: str = ""


class AwardIn(Schema):
    title: str
    awarding_body: str
    year: int
    level: str  # national, provincial, city, district, other
    recipient_id: int | None = None  # for an award to a person (POST /awards)
