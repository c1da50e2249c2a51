from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Schema

from shequ.core.api import WithActions


class ResearchOutputOut(Schema):
    id: int
    title: str
    kind: str
    year: int
    venue: str
    link: str
    has_file: bool

    @staticmethod
    def resolve_has_file(obj: object) -> bool:
        return bool(obj.file)  # type: ignore[attr-defined]


class ResearchProjectOut(Schema):
    id: int
    title: str
    organization: str
    funder: str
    grant_number: str
    lead: str
    start_date: date
    end_date: date

    @staticmethod
    def resolve_organization(obj: object) -> str:
        return str(obj.organization.name)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_lead(obj: object) -> str:
        return str(obj.lead.display_name)  # type: ignore[attr-defined]


class ResearchTeamMemberOut(Schema):
    id: int
    name: str


class ResearchProjectDetailOut(ResearchProjectOut, WithActions):
    description: str
    team: list[ResearchTeamMemberOut]
    outputs: list[ResearchOutputOut]

    @staticmethod
    def resolve_team(obj: object) -> list[dict[str, Any]]:
        return [
            {"id": u.pk, "name": u.display_name}
            for u in obj.team.all()  # type: ignore[attr-defined]
        ]

    @staticmethod
    def resolve_outputs(obj: object) -> list[object]:
        return list(obj.outputs.all())  # type: ignore[attr-defined]


class ResearchProjectIn(Schema):
    organization_id: int
    title: str
    funder: str  # 国家社会科学基金, 教育部人文社会科学研究项目, ...
    grant_number: str = ""
    start_date: date
    end_date: date
    team_ids: list[int] = []
    description: str = ""


class ResearchOutputIn(Schema):
    title: str
    kind: str  # paper, report, book, policy, other
    year: int
    venue: str = ""
    link: str = ""


class ExtractLevelOut(Schema):
    field: str
    level: int


class ExtractOut(WithActions):
    id: int
    project_id: int
    population: str
    division_code: str
    period_start: date | None
    period_end: date | None
    fields: list[str]
    k: int
    purpose: str
    status: str
    requested_by: str
    decided_by: str | None
    decided_at: datetime | None
    decision_comment: str
    population_size: int
    released: int
    suppressed: int
    levels: list[
        ExtractLevelOut
    ]  # the generalization chosen per quasi-identifier (0: most precise)

    @staticmethod
    def resolve_division_code(obj: object) -> str:
        return str(obj.division_id)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_requested_by(obj: object) -> str:
        return str(obj.requested_by.display_name)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_decided_by(obj: object) -> str | None:
        user = obj.decided_by  # type: ignore[attr-defined]
        return str(user.display_name) if user else None

    @staticmethod
    def resolve_population_size(obj: object) -> int:
        return int(obj.report.get("population_size", 0))  # type: ignore[attr-defined]

    @staticmethod
    def resolve_released(obj: object) -> int:
        return int(obj.report.get("released", 0))  # type: ignore[attr-defined]

    @staticmethod
    def resolve_suppressed(obj: object) -> int:
        return int(obj.report.get("suppressed", 0))  # type: ignore[attr-defined]

    @staticmethod
    def resolve_levels(obj: object) -> list[dict[str, Any]]:
        levels = obj.report.get("levels", {})  # type: ignore[attr-defined]
        return [{"field": f, "level": n} for f, n in levels.items()]


class ExtractIn(Schema):
    project_id: int
    population: str  # served (in a period) or residents
    division_code: str
    fields: list[str]  # age, gender, community, ethnicity, first_month, special_groups, ...
    k: int = 5  # at least 5
    purpose: str
    period_start: date | None = None
    period_end: date | None = None


class ExtractDecisionIn(Schema):
    approve: bool = True
    comment: str = ""


class ExtractFieldOut(Schema):
    code: str
    label: str
    quasi_identifier: bool
    populations: list[str]
