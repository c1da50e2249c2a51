"""Demo projects: one bought by 南关区民政局 from 同创 for both demo communities, one in 宽城区."""

from __future__ import annotations

from datetime import date, timedelta

from shequ.core.demo import DemoContext
from shequ.projects.models import ServiceArea
from shequ.projects.services import indicator_set, party_branch_set, project_advance, project_create
from shequ.projects.team import staff_set, survey_record


def load(ctx: DemoContext) -> None:
    today = date.today()
    district = ctx["user:district"]
    areas = {a.code: a for a in ServiceArea.objects.all()}
    nanguan = project_create(
        by=district,
        division=ctx["division:nanguan"],
        number="NG-2026-001",
        name="自强街道“老幼同乐”社区社会工作服务项目",
        buyer=ctx["org:nanguan_bureau"],
        provider=ctx["org:agency"],
        amount="380000.00",
        start_date=today - timedelta(days=200),
        end_date=today + timedelta(days=165),
        communities=[ctx["division:community_a"], ctx["division:community_b"]],
        areas=[areas["health_elderly"], areas["children_youth"], areas["elderly_selfcare"]],
        description="为独居、空巢老人和留守儿童提供个案、小组和社区活动服务。",
    )
    for stage in ("signed", "running"):
        project_advance(by=district, project=nanguan, to_stage=stage)
    for metric, target, label in [
        ("people_served", "300", ""),
        ("person_times", "1200", ""),
        ("cases_opened", "20", ""),
        ("group_sessions", "24", ""),
        ("activities", "12", ""),
    ]:
        indicator_set(by=district, project=nanguan, metric=metric, target=target, label=label)
    indicator_set(by=district, project=nanguan, metric="satisfaction", target="90")
    indicator_set(
        by=district,
        project=nanguan,
        metric="manual",
        target="10",
        label="链接社会资源（万元）",
        manual_actual="12.4",
        evidence="爱心企业捐赠协议 3 份，见项目文档",
    )
    party_branch_set(
        by=district,
        project=nanguan,
        name="同创社工“老幼同乐”项目党支部",
        secretary="孟莎莎",
        member_count=5,
    )
    agency = ctx["user:agency"]
    staff_set(by=agency, project=nanguan, users=[agency])
    for community, respondents, satisfied in (("community_a", 60, 56), ("community_b", 52, 48)):
        survey_record(
            by=agency,
            project=nanguan,
            community=ctx[f"division:{community}"],
            surveyed_on=today - timedelta(days=15),
            respondents=respondents,
            satisfied=satisfied,
        )
    ctx["project:nanguan"] = nanguan

    # 宽城区 buys its own project, through its own district officer.
    officer = ctx["user:district_k"]
    kuancheng = project_create(
        by=officer,
        division=ctx["division:kuancheng"],
        number="KC-2026-003",
        name="新发社区环境整治与居民议事项目",
        buyer=ctx["org:kuancheng_bureau"],
        provider=ctx["org:agency_k"],
        amount="150000.00",
        start_date=today - timedelta(days=400),
        end_date=today - timedelta(days=20),
        communities=[ctx["division:xinfa"]],
        areas=[areas["environment"], areas["public_services"]],
    )
    for stage in ("signed", "running"):
        project_advance(by=officer, project=kuancheng, to_stage=stage)
    indicator_set(by=officer, project=kuancheng, metric="activities", target="10")
    # a target the dashboard's person-times card measures (reached: the project has ended)
    indicator_set(by=officer, project=kuancheng, metric="person_times", target="20")
    ctx["project:kuancheng"] = kuancheng
