from __future__ import annotations

from datetime import date
from decimal import Decimal

from ninja import Schema


class PeriodOut(Schema):
    kind: str
    key: str
    start: date
    end: date
    label: str


class CellOut(Schema):
    key: str
    label: str
    value: Decimal | None  # None when suppressed (fewer than 5 people)
    text: str


class BreakdownOut(Schema):
    key: str
    label: str
    cells: list[CellOut]


class FigureOut(Schema):
    key: str
    label: str
    section: str
    unit: str
    value: Decimal | None  # None when suppressed (fewer than 5 people)
    text: str
    previous: Decimal | None
    previous_text: str
    change: str
    records: str | None  # the page of the records behind the figure, when the user may open it
    breakdowns: list[BreakdownOut]


class StatsOut(Schema):
    division_code: str
    division: str
    period: PeriodOut
    previous_period: PeriodOut
    figures: list[FigureOut]


class ReportIn(Schema):
    division: str
    period: str = ""  # 2026, 2026Q2 or 2026-05; or from/to
    from_date: date | None = None
    to_date: date | None = None
    language: str = "zh-hans"  # or en
    published: bool = True


class ReportOut(Schema):
    id: int
    division_code: str
    start: date
    end: date
    language: str
    published: bool
    scheduled: bool
    status: str
    progress: int
    step: str
    message: str
    pdf: str | None  # where to fetch it once done
    xlsx: str | None
    docx: str | None

    @staticmethod
    def resolve_division_code(obj: object) -> str:
        return str(obj.division_id)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_pdf(obj: object) -> str | None:
        return _file_url(obj, "pdf")

    @staticmethod
    def resolve_xlsx(obj: object) -> str | None:
        return _file_url(obj, "xlsx")

    @staticmethod
    def resolve_docx(obj: object) -> str | None:
        return _file_url(obj, "docx") if obj.docx else None  # type: ignore[attr-defined]


def _file_url(obj: object, kind: str) -> str | None:
    if obj.status != "done":  # type: ignore[attr-defined]
        return None
    return f"/api/v1/reports/{obj.pk}/{kind}"  # type: ignore[attr-defined]
