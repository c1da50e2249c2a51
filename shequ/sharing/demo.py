"""Demo case library: a case closed in 东岭 whose case study 孟莎莎 (agency) wrote and the
supervisor 陈静 approved, with a city award; a second closed case in 东岭 waiting for a study;
a group ended in 西岭 whose draft 赵强 is writing; and an award to a person."""

from __future__ import annotations

from datetime import date, timedelta

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


def _closed_case(
    ctx: DemoContext, client: object, problem: str, steps: list[str], notes: list[str]
) -> object:
    agency, project, today = ctx["user:agency"], ctx["project:nanguan"], date.today()
    case = case_open(
        by=agency,
        client=client,  # type: ignore[arg-type]
        project=project,
        opened_on=today - timedelta(days=120),
        presenting_problem=problem,
    )
    case_advance(by=agency, case=case, to_stage="assessment", text=steps[0])
    case_advance(by=agency, case=case, to_stage="plan", text=steps[1])
    case_advance(by=agency, case=case, to_stage="intervention")
    for n, note in enumerate(notes):
        case_intervene(
            by=agency,
            case=case,
            served_on=today - timedelta(days=100 - n * 14),
            duration_minutes=60,
            way="入户探访" if n % 2 == 0 else "电话跟进",
            notes=note,
        )
    case_advance(by=agency, case=case, to_stage="evaluation", text=steps[2])
    case_close(by=agency, case=case, reason="目标达成", closed_on=today - timedelta(days=30))
    return case


def load(ctx: DemoContext) -> None:
    agency, supervisor = ctx["user:agency"], ctx["user:supervisor"]
    today = date.today()
    elders = [r for r in ctx["residents:community_a"] if r.age >= 60]
    adults = [r for r in ctx["residents:community_a"] if 18 <= r.age < 60]
    client = elders[-1]
    phone = crypto.decrypt(client.phone_cipher)
    case = _closed_case(
        ctx,
        client,
        "独居老人，老伴去世后拒绝外出，子女在外地",
        [
            "丧偶后情绪低落，社会支持网络薄弱，有抑郁倾向",
            "每两周入户探访；链接邻里互助；鼓励参加银龄互助小组",
            "情绪明显好转，每周参加两次社区活动，与邻居建立了互助关系",
        ],
        [
            f"{client.name}谈起老伴时落泪，社工倾听陪伴；留下联系电话{phone}",
            f"{client.name[0]}奶奶答应下周去社区活动室看看",
            f"{client.name}参加了重阳节游园会，主动与邻居交谈",
            "回顾服务过程，准备结案",
        ],
    )
    ctx["case:closed_a"] = case
    study = case_study_draft(by=agency, kind=SourceKind.CASE, source=case)
    case_study_update(
        by=agency,
        study=study,
        title="走出丧偶之痛：一位独居老人重建社会支持网络的个案",
        summary="运用社会支持理论，通过入户探访、邻里互助和小组参与，帮助丧偶独居老人走出情绪低谷。",
        body=study.body.replace(
            "（请作者撰写：理论视角、伦理议题、经验与不足。）",
            "本案以社会支持理论为指导，注重案主自决与优势视角；"
            "经验是把个案与小组、社区活动衔接起来，不足是子女参与较少。",
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

    ctx["case:closed_a2"] = _closed_case(
        ctx,
        adults[0],
        "失业后与家人矛盾增多，情绪烦躁",
        [
            "家庭沟通不良，就业信息缺乏",
            "家庭会谈两次；链接街道就业服务站",
            "已在社区超市就业，家庭关系缓和",
        ],
        [f"{adults[0].name}与妻子一同参加会谈", "陪同到就业服务站登记"],
    )

    b_people = [r for r in ctx["residents:community_b"] if r.age >= 18][:6]
    group = group_create(
        by=agency,
        division=ctx["division:community_b"],
        name="“快乐家长”亲子沟通小组",
        goal="提升家长与孩子沟通的能力",
        members=b_people,
        project=ctx["project:nanguan"],
    )
    for weeks, topic_people in ((8, b_people), (6, b_people[:5]), (4, b_people[:4])):
        group_session_hold(
            by=agency,
            group=group,
            held_on=today - timedelta(weeks=weeks),
            duration_minutes=90,
            attendees=topic_people,
            notes=f"{topic_people[0].name}分享了与孩子沟通的新方法",
        )
    for stage in ("forming", "transition", "mature", "ending"):
        group_advance(by=agency, group=group, to_stage=stage)
    ctx["group:ended_b"] = group
    ctx["case_study:draft_b"] = case_study_draft(
        by=ctx["user:worker_b"], kind=SourceKind.GROUP, source=group
    )
