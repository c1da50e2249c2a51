"""Statistics pages: the dashboard of a division and a period (charts, each with its table),
the divisions one level down side by side, the records behind any figure, and the figures as
Excel."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from shequ.core.access import covers
from shequ.core.errors import AppError
from shequ.core.forms import paginate
from shequ.core.spreadsheet import write_workbook
from shequ.divisions.selectors import division_path
from shequ.stats.dashboard import (
    VIEW,
    children_of,
    comparison,
    dashboard,
    may_drill,
    may_see,
    scope_for,
    shown,
    suppresses,
    unit_label,
)
from shequ.stats.periods import parse_period
from shequ.stats.registry import Scope, figure_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _scope(request: HttpRequest) -> Scope:
    period = parse_period(
        request.GET.get("period", ""), request.GET.get("from", ""), request.GET.get("to", "")
    )
    return scope_for(request.user, request.GET.get("division", ""), period)


def _query(scope: Scope, **extra: str) -> str:
    return urlencode({"division": scope.division.code, **scope.period.query(), **extra})


def _context(request: HttpRequest) -> dict[str, Any]:
    try:
        scope = _scope(request)
    except AppError as exc:
        if exc.status == 404:
            raise Http404 from exc
        scope = scope_for(request.user, request.GET.get("division", ""), parse_period())
        return {
            "scope": scope,
            "error": str(exc.message),
            "query": _query(scope),
            "period_query": urlencode(scope.period.query()),
        }
    return {"scope": scope, "query": _query(scope), "period_query": urlencode(scope.period.query())}


@login_required
def dashboard_view(request: HttpRequest) -> HttpResponse:
    context = _context(request)
    scope: Scope = context["scope"]
    results = dashboard(scope)
    charts = []
    for result in results:
        for key, (_label, cells) in result.breakdowns.items():
            charts.append(
                {
                    "id": f"chart-{result.figure.key}-{key}",
                    "rows": [
                        {"label": c.label, "value": None if c.text == "<5" else float(c.value)}
                        for c in cells
                    ],
                }
            )
    return render(
        request,
        "stats/dashboard.html",
        {
            **context,
            "results": results,
            "charts": charts,
            "path": [
                d for d in division_path(scope.division) if covers(request.user, VIEW, d.code)
            ],
            "children": children_of(scope.division),
            "previous": scope.period.previous(),
            "suppressed": suppresses(request.user),
        },
    )


@login_required
def compare_view(request: HttpRequest) -> HttpResponse:
    context = _context(request)
    children, rows = comparison(context["scope"])
    return render(request, "stats/compare.html", {**context, "children": children, "rows": rows})


@login_required
def records_view(request: HttpRequest, metric: str) -> HttpResponse:
    """The records behind a figure (or one cell of a breakdown): their count, or the sum of
    their total, is the figure."""
    context = _context(request)
    scope: Scope = context["scope"]
    figure = figure_for(metric)
    if not may_see(request.user, figure) or not may_drill(request.user, figure):
        raise Http404
    part = None
    if ":" in request.GET.get("part", ""):
        kind, key = request.GET["part"].split(":", 1)
        if kind not in figure.breakdowns and kind != "division":
            raise Http404
        part = (kind, key)
    records = figure.records(scope, part)
    if figure.total:
        total = records.order_by().aggregate(n=Sum(figure.total))["n"] or Decimal("0")
    else:
        total = records.count()
    page = paginate(request, records, 50)
    rows = [[column(record) for _label, column in figure.columns] for record in page]
    return render(
        request,
        "stats/records.html",
        {
            **context,
            "figure": figure,
            "part": request.GET.get("part", ""),
            "total": shown(total, figure.unit, suppresses(request.user)),
            "count": page.paginator.count,
            "headers": [label for label, _column in figure.columns],
            "rows": rows,
            "page": page,
            "page_query": _query(scope, part=request.GET.get("part", "")),
        },
    )


@login_required
def download_view(request: HttpRequest) -> HttpResponse:
    """The dashboard's figures and breakdowns as an Excel workbook."""
    scope = _scope(request)
    results = dashboard(scope)
    overview = [
        [str(r.figure.label), r.text, r.previous_text, r.change, unit_label(r.figure.unit)]
        for r in results
    ]
    sheets = [
        (
            _("figures"),
            [
                _("figure"),
                scope.period.label,
                scope.period.previous().label,
                _("change"),
                _("unit"),
            ],
            overview,
        )
    ]
    breakdowns = [
        [str(r.figure.label), str(label), cell.label, cell.text]
        for r in results
        for _key, (label, cells) in r.breakdowns.items()
        for cell in cells
    ]
    sheets.append((_("breakdowns"), [_("figure"), _("by"), _("part"), _("value")], breakdowns))
    response = HttpResponse(write_workbook(sheets), content_type=XLSX)
    name = f"shequ-{scope.division.code}-{scope.period.key or 'custom'}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
