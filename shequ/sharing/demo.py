"""Demo case library: a group ended in 东岭 whose case study 孟莎莎 (agency) wrote and the
supervisor 陈静 approved, with a city award; a case closed in 西岭 whose draft 赵强 is writing;
and an award to a person. Neither is under the demo project, whose figures stay as they are."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from shequ.core import crypto
from shequ.core.demo import DemoContext
from shequ.delivery.cases import case_advance, case_close, case_intervene, case_open
from shequ.delivery.groups import group_advance, group_create, group_session_hold
from shequ.sharing.models import SourceKind
from shequ.sharing.services import (
    award_create,
    case_study_approve,
    case_study_draft,
    case_study_submit,
    case_study_update,
)

if TYPE_CHECKING:
    from shequ.accounts.models import User


def close_a_case(
    *, worker: User, client: object, problem: str, steps: list[str], notes: list[str]
) -> object:
    """A case taken through every stage to its closure (no project: the demo project's figures
    stay as they are)."""
    today = date.today()
    case = case_open(
        by=worker,
        client=client,  # type: ignore[arg-type]
        opened_on=today - timedelta(days=120),
        presenting_problem=problem,
    )
    case_advance(by=worker, case=case, to_stage="assessment", text=steps[0])
    case_advance(by=worker, case=case, to_stage="plan", text=steps[1])
    case_advance(by=worker, case=case, to_stage="intervention")
    for n, note in enumerate(notes):
        case_intervene(
            by=worker,
            case=case,
            served_on=today - timedelta(days=100 - n * 14),
            duration_minutes=60,
            way="入户探访" if n % 2 == 0 else "电话跟进",
            notes=note,
        )
    case_advance(by=worker, case=case, to_stage="evaluation", text=steps[2])
    case_close(by=worker, case=case, reason="目标达成", closed_on=today - timedelta(days=30))
    return case


def load(ctx: DemoContext) -> None:
    agency, supervisor = ctx["user:agency"], ctx["user:supervisor"]
    today = date.today()

    # 东岭: an ended group, its case study published, with an award
    elders = [r for r in ctx["residents:community_a"] if r.age >= 60][:5]
    group = group_create(
        by=agency,
        division=ctx["division:community_a"],
        name="邻里守望互助小组",
        goal="帮助丧偶、独居老人重建邻里支持网络",
        members=elders,
    )
    for weeks, attendees in ((10, elders), (8, elders), (6, elders[:4])):
        group_session_hold(
            by=agency,
            group=group,
            held_on=today - timedelta(weeks=weeks),
            duration_minutes=90,
            attendees=attendees,
            notes=f"{attendees[0].name}讲述了老伴去世后的生活，{attendees[1].name[0]}奶奶主动约她散步",
        )
    for stage in ("forming", "transition", "mature", "ending"):
        group_advance(by=agency, group=group, to_stage=stage)
    ctx["group:ended_a"] = group
    study = case_study_draft(by=agency, kind=SourceKind.GROUP, source=group)
    case_study_update(
        by=agency,
        study=study,
        title="走出丧偶之痛：独居老人邻里守望互助小组",
        summary="运用社会支持理论，以互助小组帮助丧偶独居老人重建邻里支持网络。",
        body=study.body.replace(
            "（请作者撰写：小组动力、带领技巧、经验与不足。）",
            "本小组以社会支持理论为指导，注重组员互助与优势视角；"
            "经验是把小组与入户探访、社区活动衔接起来，不足是子女参与较少。",
        ),
    )
    case_study_submit(by=agency, study=study)
    case_study_approve(by=supervisor, study=study, comment="去标识化到位，反思充分，同意发布。")
    award_create(
        by=supervisor,
        title="优秀社会工作案例",
        awarding_body="长春市民政局",
        year=today.year,
        level="city",
        case_study=study,
    )
    award_create(
        by=ctx["user:district"],
        title="优秀社会工作者",
        awarding_body="南关区民政局",
        year=today.year,
        level="district",
        recipient=agency,
    )
    ctx["case_study:published"] = study

    # 西岭: a closed case whose case study 赵强 is drafting
    client = next(r for r in ctx["residents:community_b"] if 18 <= r.age < 60)
    phone = crypto.decrypt(client.phone_cipher)
    case = close_a_case(
        worker=agency,
        client=client,
        problem="失业后与家人矛盾增多，情绪烦躁",
        steps=[
            "家庭沟通不良，就业信息缺乏",
            "家庭会谈两次；链接街道就业服务站",
            "已在社区超市就业，家庭关系缓和",
        ],
        notes=[f"{client.name}与家人一同参加会谈，留下电话{phone}", "陪同到就业服务站登记"],
    )
    ctx["case:closed_b"] = case
    ctx["case_study:draft_b"] = case_study_draft(
        by=ctx["user:worker_b"], kind=SourceKind.CASE, source=case
    )
    load_review(ctx)


def load_review(ctx: DemoContext) -> None:
    """The workbench: a project's case study by the agency waits for the supervisor's review."""
    study = case_study_draft(
        by=ctx["user:agency"], kind=SourceKind.PROJECT, source=ctx["project:nanguan"]
    )
    case_study_submit(by=ctx["user:agency"], study=study)
    ctx["case_study:submitted"] = study
