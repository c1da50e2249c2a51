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
