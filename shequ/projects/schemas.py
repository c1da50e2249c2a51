from __future__ import annotations

from datetime import date
from decimal import Decimal

from ninja import Schema
from pydantic import Field

from shequ.core.api import Page, WithActions


class ProjectOut(WithActions):
    id: int
    number: str
    name: str
    division_code: str
    buyer: str
    provider: str
    amount: Decimal
    start_date: date
    end_date: date
    stage: str
    overdue: bool
    areas: list[str]
    communities: list[str]

    @staticmethod
    def resolve_division_code(obj: object) -> str:
        return str(obj.division_id)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_buyer(obj: object) -> str:
        return str(obj.buyer.name)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_provider(obj: object) -> str:
        return str(obj.provider.name)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_overdue(obj: object) -> bool:
        from shequ.projects.selectors import is_overdue

        return is_overdue(obj)  # type: ignore[arg-type]

    @staticmethod
    def resolve_areas(obj: object) -> list[str]:
        return [a.code for a in obj.areas.all()]  # type: ignore[attr-defined]

    @staticmethod
    def resolve_communities(obj: object) -> list[str]:
        return [c.community_id for c in obj.coverage.all()]  # type: ignore[attr-defined]


class ProjectPage(Page):
    items: list[ProjectOut]


class ProjectIn(Schema):
    division_code: str
    number: str = Field(min_length=1, max_length=40)
    name: str = Field(min_length=1, max_length=120)
    buyer_id: int
    provider_id: int
    amount: str
    start_date: date
    end_date: date
    communities: list[str]
    areas: list[str]
    description: str = ""
    requires_supervision: bool = False


class AdvanceIn(Schema):
    stage: str
    note: str = ""


class IndicatorOut(Schema):
    id: int
    metric: str
    label: str
    target: Decimal
    actual: Decimal | None
    percent: float | None
    remaining: Decimal | None
    evidence: str


class IndicatorIn(Schema):
    metric: str
    target: str
    label: str = ""
    manual_actual: str | None = None
    evidence: str = ""


class EvaluationScoreOut(Schema):
    dimension: str
    score: Decimal
    max_score: Decimal

    @staticmethod
    def resolve_dimension(obj: object) -> str:
        return str(obj.dimension.code)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_max_score(obj: object) -> Decimal:
        return obj.dimension.max_score  # type: ignore[attr-defined, no-any-return]


class EvaluationOut(Schema):
    id: int
    kind: str
    evaluator_id: int
    evaluated_on: date
    total: Decimal
    grade: str
    conclusion: str
    scores: list[EvaluationScoreOut]

    @staticmethod
    def resolve_scores(obj: object) -> list[object]:
        return list(obj.scores.all())  # type: ignore[attr-defined]


class EvaluationIn(Schema):
    kind: str
    evaluator_id: int
    evaluated_on: date
    scores: dict[str, str]
    conclusion: str


class SurveyIn(Schema):
    community_code: str
    surveyed_on: date
    respondents: int
    satisfied: int


class SurveyOut(Schema):
    id: int
    community_code: str
    surveyed_on: date
    respondents: int
    satisfied: int

    @staticmethod
    def resolve_community_code(obj: object) -> str:
        return str(obj.community_id)  # type: ignore[attr-defined]
