"""Demo placements: 林小雨, an MSW student of 长春工业大学, placed in 东岭社区 (field supervisor
张丽, school supervisor 赵教授) with two weeks logged, one approved and one submitted; and 陈晨,
a BSW student placed in 西岭社区, who assisted its community secretary (赵强) for four weeks
and was evaluated."""

from __future__ import annotations

from datetime import date, timedelta

from shequ.accounts.demo import demo_account
from shequ.accounts.models import User
from shequ.core.demo import DemoContext
from shequ.placements.models import PracticumRequirement, monday_of
from shequ.placements.services import (
    assignment_create,
    assignment_evaluate,
    journal_decide,
    journal_submit,
    log_add,
    placement_create,
    student_create,
)

# username: (full name, student number, degree)
STUDENTS = [
    ("student", "林小雨", "2025MSW017", "msw"),
    ("student_b", "陈晨", "2023BSW042", "bsw"),
]

ACTIVITIES = [
    "参加社区例会，熟悉社区居民台账",
    "随社工入户走访独居老人",
    "协助筹备“邻里守望”社区活动",
    "整理个案记录，参加督导会",
    "带领青少年课后成长小组",
]


def _account(ctx: DemoContext, username: str, full_name: str) -> User:
    city = ctx["division:city"]
    return demo_account(ctx, username, full_name, "student", city, ctx["org:university"])


def _log_week(ctx: DemoContext, placement: object, student: User, monday: date, days: int) -> None:
    for i in range(days):
        log_add(
            by=student,
            placement=placement,  # type: ignore[arg-type]
            day=monday + timedelta(days=i),
            hours="7.5" if i % 2 else "8",
            activities=ACTIVITIES[i % len(ACTIVITIES)],
        )


def load(ctx: DemoContext) -> None:
    teacher, university = ctx["user:teacher"], ctx["org:university"]
    this_monday = monday_of(date.today())
    students = {}
    for username, name, number, degree in STUDENTS:
        students[username] = student_create(
            by=teacher,
            school=university,
            name=name,
            number=number,
            requirement=PracticumRequirement.objects.get(code=degree),
            cohort=int(number[:4]),
            user=_account(ctx, username, name),
        )

    # 林小雨 in 东岭: the week before last approved, last week submitted, this week open
    start = this_monday - timedelta(days=14)
    placement = placement_create(
        by=teacher,
        student=students["student"],
        host=ctx["org:community_a_committee"],
        start_date=start,
        end_date=start + timedelta(weeks=16, days=-1),
        school_supervisor=teacher,
        field_supervisor=ctx["user:worker_a"],
    )
    me = ctx["user:student"]
    _log_week(ctx, placement, me, start, 5)
    _log_week(ctx, placement, me, start + timedelta(days=7), 3)
    first = journal_submit(
        by=me,
        placement=placement,
        week_start=start,
        text="第一周：熟悉东岭社区的工作方式，在张丽老师带领下入户走访了五户独居老人。",
    )
    journal_decide(by=ctx["user:worker_a"], journal=first, approve=True, comment="记录详实。")
    journal_submit(
        by=me,
        placement=placement,
        week_start=start + timedelta(days=7),
        text="第二周：协助筹备社区活动，开始独立整理个案记录。",
    )
    ctx["placement:student"] = placement

    # 陈晨 in 西岭: a secretary's assistant for the first four weeks, evaluated
    start_b = this_monday - timedelta(weeks=8)
    placement_b = placement_create(
        by=teacher,
        student=students["student_b"],
        host=ctx["org:community_b_committee"],
        start_date=start_b,
        end_date=start_b + timedelta(weeks=20, days=-1),
        school_supervisor=teacher,
        field_supervisor=ctx["user:worker_b"],
    )
    _log_week(ctx, placement_b, ctx["user:student_b"], start_b, 5)
    assignment = assignment_create(
        by=teacher,
        placement=placement_b,
        secretary=ctx["user:worker_b"],
        start_date=start_b,
        end_date=start_b + timedelta(weeks=4, days=-1),
        duties="协助社区书记整理居民台账，筹备居民议事会并做会议记录",
    )
    assignment_evaluate(
        by=ctx["user:worker_b"],
        assignment=assignment,
        rating="excellent",
        comment="工作细致主动，议事会记录完整规范。",
    )
    ctx["placement:student_b"] = placement_b
