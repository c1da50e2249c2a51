"""Workbench benchmark (issue 18). Prints figures; it is not a test.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/shequ_bench_workbench \
        SHEQU_DEV=1 .venv/bin/python bench/workbench.py --fresh --reports 200 --repeat 50

On a fresh PostgreSQL database: the demo world, then `--reports` more reports of children at
risk spread over the two demo communities and as many joint-meeting tasks for the police, so
that the district officer, the street's child-welfare supervisor and a community worker each
have hundreds of items. For a community worker, a street officer, a district officer (and the
supervisor and the police), p50/p90/p99 of `items_for(user)` (the workbench computed: one
query per source) and of `kept_items_for(user)` (the same read from the per-user cache while no
record changes, shequ/workbench/cache.py), with the load average of the machine, against the
baseline in the same run: the same items computed the obvious way, per module and per record (each report, case and task fetched on its own, each project's
indicators through `indicator_progress`), the way a page per module would.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SHEQU_DEV", "1")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/shequ_bench_workbench")

from bench.residents import fresh_database, ms, setup_django  # noqa: E402

USERS = ["worker_a", "street", "district", "child_sup", "police"]


def percentiles(fn: Any, repeat: int) -> tuple[float, float, float]:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    q = statistics.quantiles(times, n=100, method="inclusive")
    return statistics.median(times), q[89], q[98]


def grow(reports: int) -> None:
    from django.utils import timezone

    from shequ.accounts.models import User
    from shequ.divisions.demo import CODES
    from shequ.divisions.models import Division
    from shequ.organizations.models import Organization
    from shequ.protection.models import Meeting
    from shequ.protection.services import report_submit, resolution_add

    school = User.objects.get(username="school")
    sup = User.objects.get(username="child_sup")
    communities = [Division.objects.get(code=CODES[k]) for k in ("community_a", "community_b")]
    police = Organization.objects.get(name__contains="派出所")
    meeting = Meeting.objects.order_by("id")[0]
    given = "甲乙丙丁戊己庚辛壬癸"
    for n in range(reports):
        report_submit(
            by=school,
            community=communities[n % 2],
            child={
                "name": "王" + given[n % 10] + given[(n // 10) % 10] + given[(n // 100) % 10],
                "gender": "M",
                "birth_date": date(2015, 1, 1) + timedelta(days=n),
            },
            situations=["abandoned"],
            seen="孩子独自在家多日。",
            seen_at=timezone.now() - timedelta(hours=1),
        )
        resolution_add(
            by=sup,
            meeting=meeting,
            resolution=f"核实情况（{n}）",
            owner=police,
            due_on=timezone.localdate() + timedelta(days=n % 14 - 3),
        )


def naive_items(user: Any) -> int:
    """The baseline: per module, per record, the obvious way."""
    from shequ.placements.models import WeeklyJournal
    from shequ.projects.models import ServiceProject
    from shequ.projects.selectors import indicator_progress
    from shequ.protection.models import ProtectionCase, Report, Task
    from shequ.protection.permissions import case_caps, report_caps, task_caps
    from shequ.protection.selectors import (
        case_queryset,
        report_queryset,
        task_queryset,
    )

    count = 0
    for pk in report_queryset(user).filter(status="new").values_list("pk", flat=True):
        report = Report.objects.get(pk=pk)
        if report_caps(user, report).handle:
            count += bool(report.division.name)
    for pk in case_queryset(user).values_list("pk", flat=True):
        case = ProtectionCase.objects.get(pk=pk)
        caps = case_caps(user, case)
        if caps.handle and case.next_visit_due:
            count += bool(case.division.name)
        if caps.supervise and case.status == "closing":
            count += 1
    for pk in task_queryset(user).filter(status="open").values_list("pk", flat=True):
        task = Task.objects.get(pk=pk)
        if task_caps(user, task).complete:
            count += bool(task.owner.name)
    for journal in WeeklyJournal.objects.filter(status="submitted"):
        if journal.placement.field_supervisor_id == user.pk:
            count += 1
    for project in ServiceProject.objects.visible_to(user, "project.view"):  # type: ignore[arg-type]
        count += len(indicator_progress(project))
    return count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--reports", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--queries", action="store_true", help="print each user's queries")
    args = parser.parse_args()
    setup_django()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from shequ.access.rule import clear_reach_cache
    from shequ.accounts.models import User
    from shequ.core.demo import demo_load
    from shequ.workbench.cache import kept_items_for
    from shequ.workbench.registry import items_for

    if args.fresh:
        fresh_database()
        t = time.perf_counter()
        demo_load()
        grow(args.reports)
        print(f"demo world + {args.reports} reports and tasks: {time.perf_counter() - t:.1f} s")
    print(
        f"{'user':<10} {'items':>6} {'queries':>8} {'p50':>10} {'p90':>10} {'p99':>10}"
        f" {'kept p50':>10} {'kept p90':>10} {'kept p99':>10}"
        f" {'naive p50':>10} {'ratio':>6} {'load 1/5/15':>15}"
    )
    for username in USERS:
        user = User.objects.get(username=username)
        clear_reach_cache(user)
        items = items_for(user)
        with CaptureQueriesContext(connection) as ctx:
            items_for(user)
        p50, p90, p99 = percentiles(lambda u=user: items_for(u), args.repeat)
        kept_items_for(user)  # computed once, then read from the cache
        k50, k90, k99 = percentiles(lambda u=user: kept_items_for(u), args.repeat)
        n50, _, _ = percentiles(lambda u=user: naive_items(u), max(5, args.repeat // 5))
        print(
            f"{username:<10} {len(items):>6} {len(ctx.captured_queries):>8} {ms(p50):>10} "
            f"{ms(p90):>10} {ms(p99):>10} {ms(k50):>10} {ms(k90):>10} {ms(k99):>10}"
            f" {ms(n50):>10} {n50 / p50:>5.1f}x"
            f" {'/'.join(f'{x:.1f}' for x in os.getloadavg()):>15}"
        )
        if args.queries:
            for q in ctx.captured_queries:
                print(f"    {q['time']:>6}s {q['sql'][:300]}")


if __name__ == "__main__":
    main()
