"""The statistics API: `GET /api/v1/stats?division=CODE&from=DATE&to=DATE&metric=...` (or
`period=2026|2026Q2|2026-05`): the figures of a division and a period with their breakdowns,
the same as the dashboard, suppressed in the same way."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from ninja import Query, Router, Status

from shequ.access.signed_in import AuthedHttpRequest
from shequ.core.api import ERRORS, paginate
from shequ.figures.periods import Period, parse_period
from shequ.figures.registry import figure_for
from shequ.stats.dashboard import Result, dashboard, disclosed, scope_for
from shequ.stats.report import report_request
from shequ.stats.schemas import ReportIn, ReportOut, StatsOut
from shequ.stats.selectors import report_get, report_list

router = Router(tags=["statistics"])


def _period(period: Period) -> dict[str, Any]:
    return {
        "kind": period.kind,
        "key": period.key,
        "start": period.start,
        "end": period.end,
        "label": period.label,
    }


def _figure(result: Result, query: str) -> dict[str, Any]:
    figure = result.figure
    return {
        "key": figure.key,
        "label": str(figure.label),
        "section": figure.section,
        "unit": figure.unit,
        "value": disclosed(result.value, result.text),
        "text": result.text,
        "previous": disclosed(result.previous, result.previous_text),
        "previous_text": result.previous_text,
        "change": result.change,
        "records": f"{reverse('stats:records', args=[figure.key])}?{query}"
        if result.drill and not result.hidden
        else None,
        "breakdowns": [
            {
                "key": key,
                "label": str(label),
                "cells": [
                    {
                        "key": c.key,
                        "label": c.label,
                        "value": disclosed(c.value, c.text),
                        "text": c.text,
                    }
                    for c in cells
                ],
            }
            for key, (label, cells) in result.breakdowns.items()
        ],
    }


@router.get(
    "/stats",
    response={200: StatsOut, **ERRORS},
    summary="Figures of a division and a period, with breakdowns (people under 5 suppressed)",
)
def stats(
    request: AuthedHttpRequest,
    division: str = "",
    period: str = "",
    start: str = Query("", alias="from"),
    to: str = "",
    metric: str = "",
) -> Any:
    scope = scope_for(request.user, division, parse_period(period, start, to))
    if metric:
        figure_for(metric)  # 404 for an unknown metric
    query = scope.query()
    return {
        "division_code": scope.division.code,
        "division": scope.division.name,
        "period": _period(scope.period),
        "previous_period": _period(scope.period.previous()),
        "figures": [_figure(r, query) for r in dashboard(scope, only=metric)],
    }


@router.get("/reports", response={200: list[ReportOut], **ERRORS}, summary="Impact reports")
def list_reports(request: AuthedHttpRequest, limit: int = 50, offset: int = 0) -> Any:
    return paginate(report_list(user=request.user), limit, offset)[1]


@router.post(
    "/reports",
    response={202: ReportOut, **ERRORS},
    summary="Request an impact report (built in the background; poll its status)",
)
def request_report(request: AuthedHttpRequest, payload: ReportIn) -> Any:
    period = parse_period(
        payload.period,
        payload.from_date.isoformat() if payload.from_date else "",
        payload.to_date.isoformat() if payload.to_date else "",
    )
    scope = scope_for(request.user, payload.division, period)
    report = report_request(
        by=request.user,
        division=scope.division,
        period=period,
        language=payload.language,
        published=payload.published,
    )
    return Status(202, report)


@router.get("/reports/{int:report_id}", response={200: ReportOut, **ERRORS}, summary="A report")
def get_report(request: AuthedHttpRequest, report_id: int) -> Any:
    return report_get(user=request.user, pk=report_id)


@router.get(
    "/reports/{int:report_id}/{kind}",
    response={200: None, **ERRORS},
    summary="The report's PDF, Word file or Excel workbook (kind: pdf, docx or xlsx), once done",
)
def get_report_file(request: AuthedHttpRequest, report_id: int, kind: str) -> Any:
    from shequ.stats.views import report_file

    return report_file(report_get(user=request.user, pk=report_id), kind)
