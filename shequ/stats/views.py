"""Statistics pages: the dashboard of a division and a period (charts, each with its table),
the divisions one level down side by side, the records behind any figure, and the figures as
Excel."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.http import urlencode

from shequ.access.signed_in import AuthedHttpRequest
from shequ.core.errors import AppError, NotFound
from shequ.core.forms import paginate
from shequ.divisions.selectors import division_path
from shequ.figures.periods import parse_period
from shequ.figures.registry import Scope, figure_for
from shequ.stats.cards import chart_kind, chart_rows, progress_by_figure, ranked
from shequ.stats.dashboard import (
    HIDDEN,
    TREND_FIGURES,
    children_of,
    comparison,
    dashboard,
    disclosed,
    may_drill,
    may_see,
    months_of,
    scope_for,
    shown,
    suppresses,
    trend,
)
from shequ.stats.export import figures_workbook
from shequ.stats.models import ImpactReport, ReportStatus
from shequ.stats.permissions import may_view_stats
from shequ.stats.report import figures_file_name, file_name, report_request
from shequ.stats.selectors import report_get, report_list

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _scope(request: AuthedHttpRequest) -> Scope:
    period = parse_period(
        request.GET.get("period", ""), request.GET.get("from", ""), request.GET.get("to", "")
    )
    return scope_for(request.user, request.GET.get("division", ""), period)


def _context(request: AuthedHttpRequest) -> dict[str, Any]:
    try:
        scope = _scope(request)
    except AppError as exc:
        if exc.status == 404:
            raise Http404 from exc
        scope = scope_for(request.user, request.GET.get("division", ""), parse_period())
        return {
            "scope": scope,
            "error": str(exc.message),
            "query": scope.query(),
            "period_query": urlencode(scope.period.query()),
        }
    return {"scope": scope, "query": scope.query(), "period_query": urlencode(scope.period.query())}


@login_required
def dashboard_view(request: AuthedHttpRequest) -> HttpResponse:
    context = _context(request)
    scope: Scope = context["scope"]
    results = dashboard(scope)
    progress = progress_by_figure(scope)
    breakdowns = breakdown_charts(results)
    trends = monthly_trends(scope, results)
    # a ranked list is drawn by the page itself; bars and lines by charts.js from these rows
    charts = [
        {"id": b["id"], "rows": chart_rows(b["cells"])} for b in breakdowns if b["kind"] != "ranked"
    ]
    charts += [{"id": t["id"], "rows": t["rows"]} for t in trends]
    return render(
        request,
        "stats/dashboard.html",
        {
            **context,
            "results": results,
            "cards": [{"result": r, "progress": progress.get(r.figure.key)} for r in results],
            "breakdowns": breakdowns,
            "charts": charts,
            "trends": trends,
            "months": [m.label for m in months_of(scope.period)],
            "path": [
                d for d in division_path(scope.division) if may_view_stats(request.user, d.code)
            ],
            "children": children_of(scope.division),
            "previous": scope.period.previous(),
            "suppressed": suppresses(scope),
        },
    )


def breakdown_charts(results: list[Any]) -> list[dict[str, Any]]:
    """Every breakdown with parts, drawn as the chart that fits it (a ranked list: largest
    first, each part with its bar)."""
    charts = []
    for result in results:
        for key, (label, cells) in result.breakdowns.items():
            if not cells:
                continue
            kind = chart_kind(len(cells))
            shown_cells = ranked(cells) if kind == "ranked" else cells
            disclosed_values = [c.value for c in shown_cells if not c.hidden]
            charts.append(
                {
                    "id": f"chart-{result.figure.key}-{key}",
                    "result": result,
                    "key": key,
                    "label": label,
                    "kind": kind,
                    "cells": shown_cells,
                    "top": max(disclosed_values, default=0),
                }
            )
    return charts


def monthly_trends(scope: Scope, results: list[Any]) -> list[dict[str, Any]]:
    """People served, person-times, volunteer hours and cases in each month of the period (none
    for a period within one month), as the dashboard shows them."""
    by_key = {r.figure.key: r for r in results}
    trends = []
    for key in TREND_FIGURES:
        if key not in by_key:
            continue
        months = trend(scope, by_key[key], published=False)
        if not months:
            break
        trends.append(
            {
                "figure": by_key[key].figure,
                "id": f"trend-{key}",
                "texts": [text for _month, _value, text in months],
                "rows": [
                    {"label": month.label, "value": disclosed(float(value), text)}
                    for month, value, text in months
                ],
            }
        )
    return trends


@login_required
def compare_view(request: AuthedHttpRequest) -> HttpResponse:
    context = _context(request)
    children, rows = comparison(context["scope"])
    return render(request, "stats/compare.html", {**context, "children": children, "rows": rows})


@login_required
def records_view(request: AuthedHttpRequest, metric: str) -> HttpResponse:
    """The records behind a figure (or one cell of a breakdown): their count, or the sum of
    their total, is the figure."""
    context = _context(request)
    scope: Scope = context["scope"]
    figure = figure_for(metric)
    if not may_see(scope, figure) or not may_drill(scope, figure):
        raise Http404
    part = request.GET.get("part", "")
    records = figure.drill(scope, part)
    context["part_label"] = figure.part_label(scope, part) if part else ""
    total = figure.total_of(records)
    if shown(total, figure.unit, suppresses(scope)) == HIDDEN:
        # fewer than 5 people: neither the list nor its length is shown
        return render(
            request,
            "stats/records.html",
            {**context, "figure": figure, "part": request.GET.get("part", ""), "too_small": True},
        )
    page = paginate(request, records, 50)
    if figure.on_read is not None:
        figure.on_read(request.user, list(page))
    rows = [[column(record) for _label, column in figure.columns] for record in page]
    return render(
        request,
        "stats/records.html",
        {
            **context,
            "figure": figure,
            "part": request.GET.get("part", ""),
            "total": shown(total, figure.unit, suppresses(scope)),
            "count": page.paginator.count,
            "headers": [label for label, _column in figure.columns],
            "rows": rows,
            "page": page,
            "page_query": scope.query(part=request.GET.get("part", "")),
        },
    )


@login_required
def download_view(request: AuthedHttpRequest) -> HttpResponse:
    """The dashboard's figures and breakdowns as an Excel workbook."""
    scope = _scope(request)
    content = figures_workbook(scope, dashboard(scope))
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = attachment(figures_file_name(scope))
    return response


# --- impact reports ----------------------------------------------------------------------


@login_required
def reports_view(request: AuthedHttpRequest) -> HttpResponse:
    """The reports of the user's divisions, and a new one for the dashboard's division and
    period."""
    context = _context(request)
    scope: Scope = context["scope"]
    if request.method == "POST":
        report = report_request(
            by=request.user,
            division=scope.division,
            period=scope.period,
            language=request.POST.get("language", "zh-hans"),
            published=request.POST.get("published") == "on",
        )
        return redirect("stats:report", pk=report.pk)
    return render(
        request,
        "stats/reports.html",
        {**context, "reports": paginate(request, report_list(user=request.user), 20)},
    )


@login_required
def report_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    report = report_get(user=request.user, pk=pk)
    template = (
        "stats/_report_status.html" if request.headers.get("HX-Request") else "stats/report.html"
    )
    return render(request, template, {"report": report})


CONTENT_TYPES = {"pdf": "application/pdf", "xlsx": XLSX, "docx": DOCX}


def attachment(name: str) -> str:
    """Content-Disposition for a download named in Chinese (南关区_2026年_成效报告.pdf): the
    name in UTF-8 (RFC 6266/5987), which browsers use, and an ASCII fallback for the others."""
    stem, _dot, extension = name.rpartition(".")
    ascii_stem = stem.encode("ascii", "ignore").decode().strip("_")
    fallback = re.sub(r"[^A-Za-z0-9._-]+", "_", f"shequ_{ascii_stem}".strip("_") + f".{extension}")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"


def report_file(report: ImpactReport, kind: str) -> HttpResponseBase:
    """The finished report's PDF, Word file or workbook (the page and the API serve the same
    file), named after the division and the period."""
    stored = {"pdf": report.pdf, "xlsx": report.xlsx, "docx": report.docx}.get(kind)
    if report.status != ReportStatus.DONE or not stored:
        raise NotFound()
    response = FileResponse(stored.open("rb"), content_type=CONTENT_TYPES[kind])
    response["Content-Disposition"] = attachment(file_name(report, kind))
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def report_file_view(request: AuthedHttpRequest, pk: int, kind: str) -> HttpResponseBase:
    return report_file(report_get(user=request.user, pk=pk), kind)
