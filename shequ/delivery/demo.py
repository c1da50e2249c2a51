"""Demo service delivery under the 南关区 project: a case, a group with sessions and activities
in both communities, so that the project's indicators move."""

from __future__ import annotations

from datetime import date, timedelta

from shequ.core.demo import DemoContext
from shequ.delivery.cases import case_advance, case_intervene, case_open
from shequ.delivery.groups import (
    activity_hold,
    group_create,
    group_session_hold,
    group_session_plan,
)


def load(ctx: DemoContext) -> None:
    agency = ctx["user:agency"]
    project = ctx["project:nanguan"]
    today = date.today()
    a_people = [r for r in ctx["residents:community_a"] if r.age >= 60][:6]
    b_people = ctx["residents:community_b"][:5]
    case = case_open(
        by=agency,
        client=a_people[0],
        project=project,
        opened_on=today - timedelta(days=40),
        presenting_problem="独居老人，子女在外地，近期跌倒后情绪低落",
    )
    case_advance(by=agency, case=case, to_stage="assessment", text="社会支持网络薄弱，存在跌倒风险")
    case_advance(
        by=agency, case=case, to_stage="plan", text="每周入户探访；链接志愿者陪伴；居家适老化改造"
    )
    case_advance(by=agency, case=case, to_stage="intervention")
    for weeks in (4, 3, 2, 1):
        case_intervene(
            by=agency,
            case=case,
            served_on=today - timedelta(weeks=weeks),
            duration_minutes=60,
            way="入户探访",
            notes="了解近况，情绪有所好转",
        )
    group = group_create(
        by=agency,
        division=ctx["division:community_a"],
        name="银龄互助小组",
        goal="增进老年人之间的互助与社会参与",
        members=a_people,
        project=project,
    )
    for weeks, attendees in ((3, a_people), (2, a_people[:5]), (1, a_people[:4])):
        group_session_hold(
            by=agency,
            group=group,
            held_on=today - timedelta(weeks=weeks),
            duration_minutes=90,
            attendees=attendees,
        )
    group_session_plan(
        by=agency,
        group=group,
        planned_on=today + timedelta(weeks=1),
        duration_minutes=90,
        topic="回顾与告别",
    )
    activity_hold(
        by=agency,
        division=ctx["division:community_a"],
        theme="重阳节敬老游园会",
        place="东岭社区广场",
        held_on=today - timedelta(days=20),
        duration_minutes=120,
        participants=a_people[:3],
        headcount=45,
        project=project,
        organizers="同创社工、东岭社区居委会、志愿服务队",
    )
    activity_hold(
        by=agency,
        division=ctx["division:community_b"],
        theme="“四点半课堂”亲子阅读",
        place="西岭社区活动室",
        held_on=today - timedelta(days=10),
        duration_minutes=90,
        participants=b_people,
        headcount=12,
        project=project,
        organizers="同创社工",
    )

    # 宽城区: the 新发 community worker records an environment activity under KC-2026-003.
    kuancheng = ctx["project:kuancheng"]
    activity_hold(
        by=ctx["user:worker_k"],
        division=ctx["division:xinfa"],
        theme="楼道环境整治志愿行动",
        place="新发社区3号楼",
        held_on=kuancheng.end_date - timedelta(days=30),
        duration_minutes=120,
        participants=ctx["residents:xinfa"][:3],
        headcount=20,
        project=kuancheng,
        organizers="同盛社工、新发社区居委会",
    )
