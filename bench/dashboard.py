"""Statistics dashboard benchmark (issue 8). Prints figures; it is not a test.

    .venv/bin/python bench/generate.py --scale province     # the data (once)
    .venv/bin/python bench/dashboard.py --repeat 30

On the dataset of bench/generate.py (DATABASE_URL, by default shequ_bench_stats), as a
district officer, for a district and a year, median of N warm runs each, in the same run:

1. the figures: shequ.stats.dashboard.dashboard(scope), every figure the officer may see with
   its breakdowns and the year before, against the best hand-written SQL over the raw tables
   computing the same figures (count(DISTINCT resident_id) over the service records, ...);
2. the page /stats/?division=CODE&period=YEAR through the in-process Django client, against
   the same page (the same template, the same figures) served by a plain Django view doing the
   obvious ORM aggregations over the raw tables (NaiveDashboard below, not part of the app).

Every figure and cell of the three is checked equal before anything is timed. A median over
its target is followed by the cost of each figure and EXPLAIN ANALYZE of the slow queries.
"""

from __future__ import annotations

import argparse
import os
import sys
import types
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/shequ_bench_stats")

from bench.delivery import check_database, explain, sql  # noqa: E402
from bench.measure import machine, ms, timed  # noqa: E402
from bench.residents import setup_django  # noqa: E402

TARGET = 0.100
# figure key -> (value, {breakdown: {cell key: value}})
Figures = dict[str, tuple[Any, dict[str, dict[str, Any]]]]


def upper(prefix: str) -> str:
    """The first code after every code with the prefix (a range scan instead of LIKE)."""
    return str(int(prefix) + 1).zfill(len(prefix))


# ---------------------------------------------------------------------------------------------
# the best hand-written SQL over the raw tables


def raw_figures(prefix: str, start: date, end: date, child_digits: int, full: bool) -> Figures:
    """Every figure from the raw tables; the breakdowns too when `full`. One statement per
    table, breakdowns as GROUPING SETS of the same scan."""
    from shequ.figures.periods import Period
    from shequ.figures.spans import moments

    since, until = moments(Period("custom", start, end))
    p = {"lo": prefix, "hi": upper(prefix), "s": start, "e": end, "since": since, "until": until}
    out: Figures = {}

    def grouped(query: str, keys: list[str]) -> list[tuple[Any, ...]]:
        sets = "()" + "".join(f", ({k})" for k in keys) if full else "()"
        chosen = keys if full else ["NULL"] * len(keys)
        return sql(query.replace("{keys}", ", ".join(chosen)).replace("{sets}", sets), p)

    # service records: people served, person-times
    keys = ["method", "area_id", "project_id", f"left(division_id, {child_digits})"]
    grouping = f"GROUPING({', '.join(keys)})" if full else "15"
    rows = grouped(
        f"""SELECT {{keys}}, {grouping}, count(DISTINCT resident_id), coalesce(sum(headcount), 0)
        FROM delivery_servicerecord
        WHERE division_id >= %(lo)s AND division_id < %(hi)s AND served_on BETWEEN %(s)s AND %(e)s
        GROUP BY GROUPING SETS ({{sets}})""",
        keys,
    )
    people: dict[str, dict[str, Any]] = {"method": {}, "area": {}, "project": {}, "division": {}}
    times: dict[str, dict[str, Any]] = {"method": {}, "area": {}}
    total_people = total_times = 0
    kinds = {7: "method", 11: "area", 13: "project", 14: "division"}  # the one key grouped by
    for method, area, project, child, g, n, t in rows:
        if g == 15:
            total_people, total_times = n, int(t)
            continue
        key = (method, area, project, child)[list(kinds).index(g)]
        if key is None:  # records without an area or a project: not a cell
            continue
        if n:
            people[kinds[g]][str(key)] = n
        if kinds[g] in times and t:
            times[kinds[g]][str(key)] = int(t)
    out["people_served"] = (total_people, people if full else {})
    out["person_times"] = (total_times, times if full else {})

    rows = grouped(
        """SELECT {keys}, count(*) FROM delivery_case
        WHERE division_id >= %(lo)s AND division_id < %(hi)s AND opened_on BETWEEN %(s)s AND %(e)s
        GROUP BY GROUPING SETS ({sets})""",
        ["stage"],
    )
    out["cases_opened"] = _split(rows, ["stage"], full)

    inside = """FROM projects_serviceproject sp WHERE sp.start_date <= %(e)s AND sp.end_date >= %(s)s
        AND (sp.division_id >= %(lo)s AND sp.division_id < %(hi)s OR EXISTS (
            SELECT FROM projects_projectcommunity pc WHERE pc.project_id = sp.id
            AND pc.community_id >= %(lo)s AND pc.community_id < %(hi)s))"""
    rows = grouped(
        "SELECT {keys}, count(*), coalesce(sum(amount), 0) "
        + inside
        + " GROUP BY GROUPING SETS ({sets})",
        ["stage"],
    )
    counted = [(stage, n) for stage, n, _a in rows]
    funds = [(stage, a) for stage, _n, a in rows]
    out["projects"] = _split(counted, ["stage"], full)
    out["contract_funds"] = _split(funds, ["stage"], full)
    if full:
        areas = sql(
            "SELECT a.servicearea_id, count(*) FROM projects_serviceproject_areas a "
            "WHERE a.serviceproject_id IN (SELECT sp.id " + inside + ") GROUP BY 1",
            p,
        )
        out["projects"][1]["area"] = {str(a): n for a, n in areas}

    ((volunteers,),) = sql(
        """SELECT count(*) FROM volunteers_volunteer WHERE division_id >= %(lo)s
        AND division_id < %(hi)s AND created_at < %(until)s""",
        p,
    )
    out["volunteers"] = (volunteers, {})
    rows = grouped(
        """SELECT {keys}, coalesce(sum(s.hours), 0) FROM volunteers_signup s
        JOIN volunteers_volunteeractivity a ON a.id = s.activity_id
        WHERE s.confirmed_at IS NOT NULL AND a.starts_at >= %(since)s AND a.starts_at < %(until)s
        AND a.division_id >= %(lo)s AND a.division_id < %(hi)s
        GROUP BY GROUPING SETS ({sets})""",
        ["a.organizer_id"],
    )
    out["volunteer_hours"] = _split(rows, ["organizer"], full, Decimal("0"))

    sessions = """FROM trainings_trainingsession ts JOIN trainings_training t ON t.id = ts.training_id
        LEFT JOIN organizations_organization o ON o.id = t.partner_id
        WHERE ts.held_on BETWEEN %(s)s AND %(e)s AND (t.division_id >= %(lo)s AND t.division_id < %(hi)s
        OR o.division_id >= %(lo)s AND o.division_id < %(hi)s)"""
    ((trainings, trainees),) = sql(
        "SELECT count(DISTINCT ts.training_id), count(DISTINCT e.trainee_id) "
        + sessions.replace(
            "WHERE",
            "LEFT JOIN trainings_attendance at ON at.session_id = ts.id "
            "LEFT JOIN trainings_enrollment e ON e.id = at.enrollment_id WHERE",
            1,
        ),
        p,
    )
    out["trainings"] = (trainings, {})
    out["trainees"] = (trainees, {})

    rows = grouped(
        """SELECT {keys}, count(*) FROM community_orgs_communityorganization
        WHERE division_id >= %(lo)s AND division_id < %(hi)s AND applied_on <= %(e)s
        GROUP BY GROUPING SETS ({sets})""",
        ["stage_id", "org_type_id"],
    )
    out["community_orgs"] = _split(rows, ["stage", "type"], full)

    ((assistants,),) = sql(
        """SELECT count(*) FROM placements_assistantassignment a
        JOIN placements_placement p ON p.id = a.placement_id
        WHERE p.division_id >= %(lo)s AND p.division_id < %(hi)s
        AND a.start_date <= %(e)s AND a.end_date >= %(s)s""",
        p,
    )
    ((placed,),) = sql(
        """SELECT count(*) FROM placements_placement p WHERE p.division_id >= %(lo)s
        AND p.division_id < %(hi)s AND p.start_date <= %(e)s AND p.end_date >= %(s)s""",
        p,
    )
    out["placements"] = (placed, {})
    out["assistants"] = (assistants, {})

    rows = grouped(
        """SELECT {keys}, count(*) FROM residents_needitem i
        JOIN residents_needsassessment n ON n.id = i.assessment_id
        WHERE n.division_id >= %(lo)s AND n.division_id < %(hi)s
        AND n.assessed_on BETWEEN %(s)s AND %(e)s GROUP BY GROUPING SETS ({sets})""",
        ["i.category_id"],
    )
    out["needs"] = _split(rows, ["category"], full)
    ((reports,),) = sql(
        """SELECT count(*) FROM protection_report WHERE division_id >= %(lo)s
        AND division_id < %(hi)s AND created_at >= %(since)s AND created_at < %(until)s""",
        p,
    )
    out["protection_reports"] = (reports, {})
    rows = grouped(
        """SELECT {keys}, count(*) FROM protection_protectioncase WHERE division_id >= %(lo)s
        AND division_id < %(hi)s AND created_at >= %(since)s AND created_at < %(until)s
        GROUP BY GROUPING SETS ({sets})""",
        ["status"],
    )
    out["protection_cases"] = _split(rows, ["status"], full)
    return out


def _split(
    rows: list[tuple[Any, ...]], kinds: list[str], full: bool, zero: Any = 0
) -> tuple[Any, dict[str, dict[str, Any]]]:
    """GROUPING SETS rows (keys..., value): the grand total and a dict per breakdown."""
    total = zero
    cells: dict[str, dict[str, Any]] = {kind: {} for kind in kinds} if full else {}
    for *keys, value in rows:
        set_keys = [(kind, k) for kind, k in zip(kinds, keys, strict=True) if k is not None]
        if not set_keys:
            total = value
        elif full and value:
            kind, key = set_keys[0]
            cells[kind][str(key)] = value
    return total, cells


# ---------------------------------------------------------------------------------------------
# the obvious way: a plain Django view, ORM aggregations over the raw tables


class NaiveDashboard:
    """The figures with the ORM, one aggregate per figure and breakdown, straight over the
    records (what one writes without roll-ups)."""

    def __init__(self, prefix: str, start: date, end: date, children: list[Any]) -> None:
        self.prefix, self.start, self.end, self.children = prefix, start, end, children

    def figures(self, full: bool) -> Figures:
        from django.db.models import Count, Q, Sum

        from shequ.community_orgs.models import CommunityOrganization
        from shequ.delivery.models import Case, ServiceRecord
        from shequ.figures.periods import Period
        from shequ.figures.spans import moments
        from shequ.placements.models import AssistantAssignment, Placement
        from shequ.projects.models import ServiceProject
        from shequ.protection.models import ProtectionCase, Report
        from shequ.residents.models import NeedItem
        from shequ.trainings.models import Trainee, Training, TrainingSession
        from shequ.volunteers.models import SignUp, Volunteer

        P, s, e = self.prefix, self.start, self.end
        since, until = moments(Period("custom", s, e))

        def by(qs: Any, field: str, agg: Any) -> dict[str, Any]:
            return {
                str(r[field]): r["n"]
                for r in qs.order_by().values(field).annotate(n=agg)
                if r[field] is not None and r["n"]
            }

        out: Figures = {}
        records = ServiceRecord.objects.filter(
            division__code__startswith=P, served_on__range=(s, e)
        )
        people = Count("resident", distinct=True)
        out["people_served"] = (records.aggregate(n=people)["n"], {})
        out["person_times"] = (records.aggregate(n=Sum("headcount"))["n"] or 0, {})
        if full:
            out["people_served"][1].update(
                method=by(records, "method", people),
                area=by(records, "area_id", people),
                project=by(records, "project_id", people),
                division={
                    c.prefix: n
                    for c in self.children
                    if (
                        n := records.filter(division__code__startswith=c.prefix).aggregate(
                            n=people
                        )["n"]
                    )
                },
            )
            out["person_times"][1].update(
                method=by(records, "method", Sum("headcount")),
                area=by(records, "area_id", Sum("headcount")),
            )
        cases = Case.objects.filter(division__code__startswith=P, opened_on__range=(s, e))
        out["cases_opened"] = (
            cases.count(),
            {"stage": by(cases, "stage", Count("id"))} if full else {},
        )
        projects = ServiceProject.objects.filter(
            Q(division__code__startswith=P) | Q(coverage__community__code__startswith=P),
            start_date__lte=e,
            end_date__gte=s,
        ).distinct()
        ids = list(projects.values_list("pk", flat=True))
        mine = ServiceProject.objects.filter(pk__in=ids)
        out["projects"] = (len(ids), {})
        out["contract_funds"] = (mine.aggregate(n=Sum("amount"))["n"] or Decimal("0"), {})
        if full:
            out["projects"][1].update(
                stage=by(mine, "stage", Count("id")), area=by(mine, "areas", Count("id"))
            )
            out["contract_funds"][1]["stage"] = by(mine, "stage", Sum("amount"))
        out["volunteers"] = (
            Volunteer.objects.filter(division__code__startswith=P, created_at__lt=until).count(),
            {},
        )
        hours = SignUp.objects.filter(
            confirmed_at__isnull=False,
            activity__starts_at__gte=since,
            activity__starts_at__lt=until,
            activity__division__code__startswith=P,
        )
        out["volunteer_hours"] = (
            hours.aggregate(n=Sum("hours"))["n"] or Decimal("0"),
            {"organizer": by(hours, "activity__organizer_id", Sum("hours"))} if full else {},
        )
        sessions = TrainingSession.objects.filter(
            Q(training__division__code__startswith=P)
            | Q(training__partner__division__code__startswith=P),
            held_on__range=(s, e),
        )
        out["trainings"] = (Training.objects.filter(sessions__in=sessions).distinct().count(), {})
        out["trainees"] = (
            Trainee.objects.filter(enrollments__attendance__session__in=sessions)
            .distinct()
            .count(),
            {},
        )
        orgs = CommunityOrganization.objects.filter(division__code__startswith=P, applied_on__lte=e)
        out["community_orgs"] = (
            orgs.count(),
            {
                "stage": by(orgs, "stage_id", Count("id")),
                "type": by(orgs, "org_type_id", Count("id")),
            }
            if full
            else {},
        )
        out["placements"] = (
            Placement.objects.filter(
                division__code__startswith=P, start_date__lte=e, end_date__gte=s
            ).count(),
            {},
        )
        out["assistants"] = (
            AssistantAssignment.objects.filter(
                placement__division__code__startswith=P, start_date__lte=e, end_date__gte=s
            ).count(),
            {},
        )
        needs = NeedItem.objects.filter(
            assessment__division__code__startswith=P, assessment__assessed_on__range=(s, e)
        )
        out["needs"] = (
            needs.count(),
            {"category": by(needs, "category_id", Count("id"))} if full else {},
        )
        out["protection_reports"] = (
            Report.objects.filter(
                division__code__startswith=P, created_at__gte=since, created_at__lt=until
            ).count(),
            {},
        )
        protection = ProtectionCase.objects.filter(
            division__code__startswith=P, created_at__gte=since, created_at__lt=until
        )
        out["protection_cases"] = (
            protection.count(),
            {"status": by(protection, "status", Count("id"))} if full else {},
        )
        return out


def naive_view(request: Any) -> Any:
    """The dashboard page, the same template and context as shequ.stats.views.dashboard_view,
    its figures from NaiveDashboard (labels of the cells are their keys)."""
    from django.shortcuts import render

    from shequ.figures.periods import parse_period
    from shequ.figures.registry import ordered
    from shequ.stats.dashboard import Result, ShownCell, children_of, scope_for, shown, unit_label

    scope = scope_for(request.user, request.GET["division"], parse_period(request.GET["period"]))
    children = children_of(scope.division)
    before = scope.period.previous()
    now = NaiveDashboard(scope.prefix, scope.period.start, scope.period.end, children).figures(True)
    then = NaiveDashboard(scope.prefix, before.start, before.end, children).figures(False)
    results = []
    for figure in ordered():
        if figure.key not in now:
            continue
        value, cells = now[figure.key]
        result = Result(
            figure=figure,
            value=value,
            text=shown(value, figure.unit, False),
            previous=then[figure.key][0],
            previous_text=shown(then[figure.key][0], figure.unit, False),
            unit_text=unit_label(figure.unit),
        )
        for key, breakdown in figure.breakdowns.items():
            result.breakdowns[key] = (
                breakdown.label,
                [
                    ShownCell(k, k, v, shown(v, figure.unit, False))
                    for k, v in sorted(cells.get(key, {}).items(), key=lambda kv: -kv[1])
                ],
            )
        results.append(result)
    charts = [
        {
            "id": f"chart-{r.figure.key}-{key}",
            "rows": [{"label": c.label, "value": float(c.value)} for c in cells],
        }
        for r in results
        for key, (_label, cells) in r.breakdowns.items()
    ]
    query = f"division={scope.division.code}&period={scope.period.key}"
    return render(
        request,
        "stats/dashboard.html",
        {
            "scope": scope,
            "query": query,
            "period_query": f"period={scope.period.key}",
            "results": results,
            "charts": charts,
            "path": [scope.division],
            "children": children,
            "previous": before,
            "suppressed": False,
        },
    )


def install_naive_view() -> str:
    """A URLconf with the app's URLs and the naive page (the app's urls.py is not touched)."""
    from django.conf import settings
    from django.urls import clear_url_caches, include, path

    module = types.ModuleType("bench_dashboard_urls")
    module.urlpatterns = [  # type: ignore[attr-defined]
        path("bench/naive-stats/", naive_view),
        path("", include(settings.ROOT_URLCONF)),
    ]
    sys.modules[module.__name__] = module
    settings.ROOT_URLCONF = module.__name__
    clear_url_caches()
    return "/bench/naive-stats/"


# ---------------------------------------------------------------------------------------------


def app_figures(results: list[Any]) -> Figures:
    return {
        r.figure.key: (
            r.value,
            {k: {c.key: c.value for c in cells} for k, (_l, cells) in r.breakdowns.items()},
        )
        for r in results
    }


def compare(
    label: str, app: Figures, other: Figures, previous: dict[str, Any], other_previous: Figures
) -> None:
    missing = sorted(set(app) - set(other))
    if missing:
        print(f"  WARNING: {label} has no baseline for {missing}: not in the comparison")
    for key in set(app) & set(other):
        value, cells = app[key]
        assert value == other[key][0], (label, key, value, other[key][0])
        assert previous[key] == other_previous[key][0], (label, key, "previous", previous[key])
        for part, values in cells.items():
            got = {k: v for k, v in other[key][1].get(part, {}).items() if v}
            assert {k: v for k, v in values.items() if v} == got, (label, key, part)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--division", default="220102000000", help="a district's code")
    parser.add_argument("--period", default="2026")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument(
        "--slow-repeat",
        type=int,
        default=5,
        help="runs of the raw-table baselines (seconds each at province scale)",
    )
    args = parser.parse_args()
    setup_django()
    check_database()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    from shequ.accounts.models import Role, RoleGrant, User
    from shequ.divisions.models import Division
    from shequ.figures.periods import parse_period
    from shequ.figures.registry import ordered
    from shequ.stats.dashboard import children_of, dashboard, scope_for

    translation.activate("en")
    division = Division.objects.get(code=args.division)
    user, created = User.objects.get_or_create(
        username=f"bench_stats_{division.prefix}", defaults={"division": division}
    )
    if created:
        RoleGrant.objects.create(
            user=user, role=Role.objects.get(code="district_officer"), division=division
        )
    period = parse_period(args.period)
    scope = scope_for(user, division.code, period)
    before = period.previous()
    child_digits = {6: 9, 9: 12}.get(len(division.prefix), 12)
    children = children_of(division)
    ((records,),) = sql(
        "SELECT count(*) FROM delivery_servicerecord WHERE division_id >= %s AND division_id < %s "
        "AND served_on BETWEEN %s AND %s",
        [division.prefix, upper(division.prefix), period.start, period.end],
    )
    print(
        f"Shequ statistics dashboard benchmark · {machine()} · {date.today()} · "
        f"{settings.DATABASES['default']['NAME']}"
    )
    print(
        f"\n{division.name} ({division.code}), {period.label} against {before.label}, as a district "
        f"officer: {records:,} service records in the district and year"
    )

    def app() -> list[Any]:
        return dashboard(scope)

    def raw() -> tuple[Figures, Figures]:
        return (
            raw_figures(division.prefix, period.start, period.end, child_digits, True),
            raw_figures(division.prefix, before.start, before.end, child_digits, False),
        )

    naive = NaiveDashboard(division.prefix, period.start, period.end, children)
    naive_before = NaiveDashboard(division.prefix, before.start, before.end, children)

    def naive_figures() -> tuple[Figures, Figures]:
        return naive.figures(True), naive_before.figures(False)

    results = app()
    print(f"  {len(results)} figures: " + ", ".join(f"{r.figure.key}={r.text}" for r in results))
    got = app_figures(results)
    previous = {r.figure.key: r.previous for r in results}
    raw_now, raw_before = raw()
    compare("raw SQL", got, raw_now, previous, raw_before)
    naive_now, naive_before_figures = naive_figures()
    compare("naive ORM", got, naive_now, previous, naive_before_figures)
    print("  every figure, its year before and every cell equal in the app, raw SQL and naive ORM")

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    client.cookies["django_language"] = "en"
    naive_url = install_naive_view()
    query = {"division": division.code, "period": period.key}

    def page() -> None:
        response = client.get("/stats/", query)
        assert response.status_code == 200, response.status_code

    def naive_page() -> None:
        response = client.get(naive_url, query)
        assert response.status_code == 200, response.status_code

    for fn in (page, naive_page):
        fn()  # warm
    with CaptureQueriesContext(connection) as captured:
        page()
    page_queries = len(captured.captured_queries)
    with CaptureQueriesContext(connection) as captured:
        naive_page()
    naive_queries = len(captured.captured_queries)

    print(f"\nwarm runs ({args.repeat} of the app, {args.slow_repeat} of the baselines):")
    timings = {
        "dashboard(scope)": timed(app, args.repeat),
        "hand-written SQL, raw tables": timed(raw, args.slow_repeat),
        "page /stats/": timed(page, args.repeat),
        "naive page (plain view, ORM)": timed(naive_page, args.slow_repeat),
    }
    for label, timing in timings.items():
        print(f"  {label:32s} {timing}")
    print(f"  queries: page {page_queries}, naive page {naive_queries}")
    a, r = timings["dashboard(scope)"].p50, timings["hand-written SQL, raw tables"].p50
    p, n = timings["page /stats/"].p50, timings["naive page (plain view, ORM)"].p50
    print(f"\n  dashboard(scope) / hand-written SQL: {a / r:.3f}x ({r / a:.1f}x faster)")
    print(f"  page / naive page:                   {p / n:.3f}x ({n / p:.1f}x faster)")
    for label, value in (("dashboard(scope)", a), ("page /stats/", p)):
        verdict = "met" if value < TARGET else "MISSED"
        print(f"  target < {TARGET * 1000:.0f} ms at the median, {label}: {ms(value)} {verdict}")

    print("\ncost of each figure (value, year before, breakdowns):")
    costs = []
    for figure in ordered():
        only = figure.key

        def one(only: str = only) -> None:
            dashboard(scope, only=only)

        costs.append((timed(one, args.repeat), figure.key))
    for timing, key in sorted(costs, key=lambda cost: -cost[0].p50):
        print(f"  {key:20s} {timing}")
    if a >= TARGET or p >= TARGET:
        explain("dashboard(scope)", app)


if __name__ == "__main__":
    main()
