"""Demo research: 赵教授 of 长春工业大学 leads a national social science fund project on
三社联动 with a published paper, and holds an approved de-identified extract of the residents
served in 自强街道 (东岭 and 西岭) over the past year, approved by the district officer."""

from __future__ import annotations

from datetime import date, timedelta

from shequ.core.demo import DemoContext
from shequ.research.services import extract_approve, extract_request, output_add, project_create


def load(ctx: DemoContext) -> None:
    teacher, today = ctx["user:teacher"], date.today()
    project = project_create(
        by=teacher,
        organization=ctx["org:university"],
        title="城市社区“三社联动”治理机制与服务成效研究",
        funder="国家社会科学基金",
        grant_number="23BSH135",
        start_date=date(today.year - 1, 9, 1),
        end_date=date(today.year + 1, 12, 31),
        description="以长春市南关区为例，研究社区、社会组织、社会工作者联动的机制与成效。",
    )
    output_add(
        by=teacher,
        project=project,
        title="“三社联动”视角下城市社区社会工作服务成效评估——以长春市南关区为例",
        kind="paper",
        year=today.year,
        venue="《社会工作》",
    )
    extract = extract_request(
        by=teacher,
        project=project,
        population="served",
        division=ctx["division:ziqiang"],
        period_start=today - timedelta(days=365),
        period_end=today,
        fields=["age", "gender", "community", "person_times", "methods"],
        k=5,
        purpose="分析社区服务对象的年龄、性别结构与服务强度，评估“三社联动”服务覆盖面。",
    )
    extract_approve(by=ctx["user:district"], extract=extract, comment="用途明确，同意。")
    ctx["research:project"] = project
    ctx["research:extract"] = extract
