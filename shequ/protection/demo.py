"""Demo protection network in 自强街道: the school reports a child of 东岭社区, the community's
child-welfare director accepts and grades it, visits, refers it to the police; the street's
joint meeting resolves a task; a second report about a child of 西岭社区 waits in its queue."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from shequ.core.demo import DemoContext
from shequ.protection.services import (
    case_grade,
    case_plan,
    meeting_create,
    referral_answer,
    referral_create,
    report_accept,
    report_submit,
    resolution_add,
    visit_record,
)


def load(ctx: DemoContext) -> None:
    today = date.today()
    school = ctx["user:school"]
    report = report_submit(
        by=school,
        community=ctx["division:community_a"],
        child={"name": "李小雨", "gender": "F", "birth_date": today - timedelta(days=9 * 365 + 40)},
        situations=["abandoned"],
        seen="孩子连续多日独自在家，午饭没有着落，衣着单薄，父母在外务工，祖母卧病。",
        seen_at=timezone.now() - timedelta(days=12),
    )
    director = ctx["user:director_a"]
    case = report_accept(by=director, report=report)
    case_grade(
        by=director, case=case, grade="yellow", reasons="监护缺失，生活照料不足，尚无人身伤害"
    )
    case_plan(
        by=director,
        case=case,
        needs=["guardianship", "living"],
        plan="联系父母落实委托照护；链接午餐资源；每两周入户探访。",
    )
    visit_record(by=director, case=case, visited_on=today - timedelta(days=10), notes="已联系父亲")
    referral = referral_create(
        by=director, case=case, organization=ctx["org:police"], reason="核实监护人失职情况"
    )
    referral_answer(by=ctx["user:police"], referral=referral, accept=True, answer="已受理")
    meeting = meeting_create(
        by=ctx["user:child_sup"],
        division=ctx["division:ziqiang"],
        convener=ctx["org:ziqiang_office"],
        held_on=today - timedelta(days=5),
        title="自强街道未成年人保护联席会议（第四季度）",
        members=[ctx["org:school"], ctx["org:police"], ctx["org:community_a_committee"]],
        cases=[case],
    )
    for resolution, owner, days in (
        ("学校为李小雨安排午餐和课后托管", "school", 10),
        ("派出所核实监护人失职情况并反馈联席会议", "police", 3),
    ):
        resolution_add(
            by=ctx["user:child_sup"],
            meeting=meeting,
            resolution=resolution,
            owner=ctx[f"org:{owner}"],
            due_on=today + timedelta(days=days),
            case=case,
        )
    report_submit(
        by=school,
        community=ctx["division:community_b"],
        child={
            "name": "赵小明",
            "gender": "M",
            "birth_date": today - timedelta(days=11 * 365 + 100),
        },
        situations=["multiple_injuries"],
        seen="体育课上发现孩子手臂和背部多处淤青，孩子称是在家被打。",
        seen_at=timezone.now() - timedelta(hours=3),
        police_told=True,
    )
