"""Demo volunteer service: the demo volunteer (刘洋) of 东岭社区 and two more volunteers, the
community's team (led by 陈晓), a past epidemic supplies delivery with confirmed hours and a
certificate; in 西岭社区 three volunteers and their team, a past clean-up whose times the
organizer recorded (an audited correction) and confirmed, an open reading activity; a risky
one (insured) coming in 东岭社区."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from shequ.core.demo import DemoContext
from shequ.projects.services import indicator_set
from shequ.residents.identity import id_check_char
from shequ.volunteers.certificates import certificate_issue
from shequ.volunteers.services import (
    activity_create,
    activity_open,
    check_code,
    check_in,
    check_out,
    hours_confirm,
    sign_up,
    sign_up_decide,
    team_create,
    team_member_add,
    times_correct,
    volunteer_register,
)


def _id(born: date, serial: str) -> str:
    first17 = f"220102{born:%Y%m%d}{serial}"
    return first17 + id_check_char(first17)


def load(ctx: DemoContext) -> None:
    worker_a, worker_b = ctx["user:worker_a"], ctx["user:worker_b"]
    community_a, community_b = ctx["division:community_a"], ctx["division:community_b"]
    today = date.today()
    people = []
    for name, years, serial, skills in (
        ("刘洋", 28, "151", ["驾驶", "搬运"]),
        ("陈晓", 35, "262", ["急救"]),
        ("周敏", 42, "382", ["心理疏导", "手工"]),
    ):
        people.append(
            volunteer_register(
                by=worker_a,
                division=community_a,
                name=name,
                id_type="resident",
                id_number=_id(today - timedelta(days=int(365.25 * years) + 20), serial),
                phone=f"1390431{serial}1",
                skills=skills,
                availability="周末",
            )
        )
    liu = people[0]
    liu.user = ctx["user:volunteer"]
    liu.save(update_fields=["user"])
    team = team_create(
        by=worker_a,
        organization=ctx["org:volunteer_team"],
        division=community_a,
        name="东岭社区志愿服务队",
        leader=people[1],
    )
    for person in (people[0], people[2]):
        team_member_add(by=worker_a, team=team, volunteer=person)
    ctx["team:community_a"] = team

    start = timezone.now().replace(minute=0, second=0, microsecond=0) - timedelta(days=7, hours=2)
    delivery = activity_create(
        by=worker_a,
        organizer=ctx["org:community_a_committee"],
        division=community_a,
        title="疫情期间为居家老人配送生活物资",
        content="按订单分拣并送货上门，不入户",
        place="东岭社区服务站",
        starts_at=start,
        ends_at=start + timedelta(hours=4),
        capacity=10,
        skills=["驾驶", "搬运"],
    )
    activity_open(by=worker_a, activity=delivery)
    for person in people:
        signup = sign_up(by=worker_a, activity=delivery, volunteer=person)
        sign_up_decide(by=worker_a, signup=signup, approve=True)
        if person is liu:
            arrive, leave = start + timedelta(minutes=5), start + timedelta(hours=3, minutes=35)
            check_in(by=liu.user, signup=signup, code=check_code(delivery, arrive), at=arrive)
            check_out(by=liu.user, signup=signup, code=check_code(delivery, leave), at=leave)
            hours_confirm(by=worker_a, signup=signup)
    certificate_issue(
        by=worker_a,
        volunteer=liu,
        organization=ctx["org:community_a_committee"],
        person_in_charge="王书记",
        contact="0431-88880001",
    )

    _community_b(ctx, today)

    later = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=3)
    reading = activity_create(
        by=worker_b,
        organizer=ctx["org:community_b_committee"],
        division=community_b,
        title="“四点半课堂”陪读志愿者",
        content="放学后陪伴儿童阅读、完成作业",
        place="西岭社区活动室",
        starts_at=later,
        ends_at=later + timedelta(hours=2),
        capacity=6,
        skills=["辅导作业"],
    )
    activity_open(by=worker_b, activity=reading)
    cleanup = activity_create(
        by=worker_a,
        organizer=ctx["org:community_a_committee"],
        division=community_a,
        title="楼顶积雪清理",
        content="清理楼顶和雨棚积雪",
        place="东岭社区5号楼",
        starts_at=later + timedelta(days=1),
        ends_at=later + timedelta(days=1, hours=3),
        capacity=4,
        risks="高处作业，须系安全绳",
        risky=True,
        insured=True,
    )
    activity_open(by=worker_a, activity=cleanup)
    # the workbench: 刘洋 asks to join 西岭's reading (赵强 decides) and is taken for the
    # clean-up (to check in when it starts)
    sign_up(by=liu.user, activity=reading, volunteer=liu)
    taken = sign_up(by=liu.user, activity=cleanup, volunteer=liu)
    sign_up_decide(by=worker_a, signup=taken, approve=True)


def _community_b(ctx: DemoContext, today: date) -> None:
    """西岭: three volunteers, their team, and a past clean-up with confirmed hours (the
    volunteers have no accounts: the organizer recorded their times)."""
    worker_b, community_b = ctx["user:worker_b"], ctx["division:community_b"]
    people = [
        volunteer_register(
            by=worker_b,
            division=community_b,
            name=name,
            id_type="resident",
            id_number=_id(today - timedelta(days=int(365.25 * years) + 40), serial),
            phone=f"1390432{serial}2",
            skills=skills,
            availability="工作日晚上",
        )
        for name, years, serial, skills in (
            ("王磊", 31, "413", ["维修"]),
            ("李娜", 26, "524", ["辅导作业", "绘画"]),
            ("孙强", 55, "635", ["搬运"]),
        )
    ]
    team = team_create(
        by=worker_b,
        organization=ctx["org:community_b_committee"],
        division=community_b,
        name="西岭社区青年志愿服务队",
        leader=people[1],
    )
    for person in (people[0], people[2]):
        team_member_add(by=worker_b, team=team, volunteer=person)
    ctx["team:community_b"] = team

    start = timezone.now().replace(minute=0, second=0, microsecond=0) - timedelta(days=14, hours=3)
    cleanup = activity_create(
        by=worker_b,
        organizer=ctx["org:community_b_committee"],
        division=community_b,
        title="楼道杂物清理",
        content="清理楼道堆放的杂物，消除消防隐患",
        place="西岭社区2号楼",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        capacity=8,
        skills=["搬运"],
    )
    activity_open(by=worker_b, activity=cleanup)
    for person, minutes in zip(people, (170, 150, 180), strict=True):
        signup = sign_up(by=worker_b, activity=cleanup, volunteer=person)
        sign_up_decide(by=worker_b, signup=signup, approve=True)
        times_correct(
            by=worker_b,
            signup=signup,
            checked_in_at=start,
            checked_out_at=start + timedelta(minutes=minutes),
            reason="现场纸质签到表补录",
        )
        hours_confirm(by=worker_b, signup=signup)
    _project_activity(ctx, people)


def _project_activity(ctx: DemoContext, people: list[Any]) -> None:
    """The agency's activity under the 自强街道 project: its confirmed hours count toward the
    project's volunteer-hours target."""
    agency, project = ctx["user:agency"], ctx["project:nanguan"]
    indicator_set(by=ctx["user:district"], project=project, metric="volunteer_hours", target="200")
    start = timezone.now().replace(minute=0, second=0, microsecond=0) - timedelta(days=7, hours=5)
    visit = activity_create(
        by=agency,
        organizer=ctx["org:agency"],
        division=ctx["division:community_b"],
        title="独居老人冬季探访",
        content="两人一组上门探访独居老人，检查取暖和用电安全",
        place="西岭社区",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        capacity=6,
        project=project,
    )
    activity_open(by=agency, activity=visit)
    for person in people[:2]:
        signup = sign_up(by=agency, activity=visit, volunteer=person)
        sign_up_decide(by=agency, signup=signup, approve=True)
        times_correct(
            by=agency,
            signup=signup,
            checked_in_at=start,
            checked_out_at=start + timedelta(hours=2, minutes=30),
            reason="现场纸质签到表补录",
        )
        hours_confirm(by=agency, signup=signup)
