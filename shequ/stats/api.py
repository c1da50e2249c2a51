"""The statistics API: `GET /api/v1/stats?division=CODE&from=DATE&to=DATE&metric=...` (or
`period=2026|2026Q2|2026-05`): the figures of a division and a period with their breakdowns,
the same as the dashboard, suppressed in the same way."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode
from ninja import Query, Router

from shequ.core.api import ERRORS
from shequ.stats.dashboard import Result, dashboard, scope_for
from shequ.stats.periods import Period, parse_period
from shequ.stats.registry import figure_for
from shequ.stats.schemas import StatsOut

router = Router(tags=["statistics"])


def _period(period: Period) -> dict[str, Any]:
    return {
        "kind": period.kind,
        "key": period.key,
        "start": period.start,
        "end": period.end,
        "label": period.label,
    }


def _value(result_text: str, value: Any) -> Any:
    return None if result_text == "<5" else value


def _figure(result: Result, query: str) -> dict[str, Any]:
    figure = result.figure
    return {
        "key": figure.key,
        "label": str(figure.label),
        "section": figure.section,
        "unit": figure.unit,
        "value": _value(result.text, result.value),
        "text": result.text,
        "previous": _value(result.previous_text, result.previous),
        "previous_text": result.previous_text,
        "change": result.change,
        "records": f"{reverse('stats:records', args=[figure.key])}?{query}"
        if result.drill
        else None,
        "breakdowns": [
            {
                "key": key,
                "label": str(label),
                "cells": [
                    {
                        "key": c.key,
                        "label": c.label,
                        "value": _value(c.text, c.value),
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
    request: HttpRequest,
    division: str = "",
    period: str = "",
    start: str = Query("", alias="from"),
    to: str = "",
    metric: str = "",
) -> Any:
    scope = scope_for(request.user, division, parse_period(period, start, to))
    if metric:
        figure_for(metric)  # 404 for an unknown metric
    query = urlencode({"division": scope.division.code, **scope.period.query()})
    return {
        "division_code": scope.division.code,
        "division": scope.division.name,
        "period": _period(scope.period),
        "previous_period": _period(scope.period.previous()),
        "figures": [_figure(r, query) for r in dashboard(scope, only=metric)],
    }
