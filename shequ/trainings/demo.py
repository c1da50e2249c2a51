"""Demo trainings: the university's pre-job training commissioned by 宽城区, with trainees from
新发社区 and from 南关区's two demo communities, three sessions and attendance."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from shequ.core.demo import DemoContext
from shequ.projects.services import indicator_set
from shequ.trainings.models import CERequirement, ProgrammeType
from shequ.trainings.services import (
    attendance_record,
    enrol,
    result_set,
    session_add,
    trainee_create,
    training_create,
)


def load(ctx: DemoContext) -> None:
    teacher = ctx["user:teacher"]
    start = date.today() - timedelta(days=30)
    training = training_create(
        by=teacher,
        organizer=ctx["org:university"],
        programme=ProgrammeType.objects.get(code="pre_job"),
        title="2026年宽城区社工岗岗前培训",
        start_date=start,
        end_date=start + timedelta(days=14),
        partner=ctx["org:kuancheng_bureau"],
    )
    sessions = [
        session_add(
            by=teacher,
            training=training,
            held_on=start + timedelta(days=day),
            hours=hours,
            trainer=trainer,
            place="长春工业大学公共管理学院",
        )
        for day, hours, trainer in ((0, "3", "赵教授"), (7, "3", "钱老师"), (14, "4", "赵教授"))
    ]
    assistant = CERequirement.objects.get(code="assistant")
    people = [
        trainee_create(
            by=teacher, division=ctx[f"division:{key}"], name=name, workplace=place, title=assistant
        )
        for key, name, place in (
            ("xinfa", "孙悦", "新发社区居委会"),
            ("xinfa", "冯晓", "新发社区居委会"),
            ("community_a", "张丽", "东岭社区居委会"),
            ("community_b", "赵强", "西岭社区居委会"),
        )
    ]
    enrollments = [enrol(by=teacher, training=training, trainee=p) for p in people]
    attendance_record(by=teacher, session=sessions[0], present=enrollments)
    attendance_record(by=teacher, session=sessions[1], present=enrollments[:3])
    attendance_record(by=teacher, session=sessions[2], present=enrollments[:3])
    for enrollment in enrollments[:3]:
        result_set(by=teacher, enrollment=enrollment, passed=True, score="88")
    _project_training(ctx, people)


def _project_training(ctx: DemoContext, people: list[Any]) -> None:
    """The agency's volunteer-backbone training under the 自强街道 project, which counts toward
    the project's "trainings held" target; trainees from 东岭 and 西岭."""
    agency, project = ctx["user:agency"], ctx["project:nanguan"]
    indicator_set(by=ctx["user:district"], project=project, metric="trainings", target="4")
    day = date.today() - timedelta(days=3)
    training = training_create(
        by=agency,
        organizer=ctx["org:agency"],
        programme=ProgrammeType.objects.get(code="governance"),
        title="自强街道社区骨干能力提升培训",
        start_date=day,
        end_date=day + timedelta(days=7),
        project=project,
    )
    session = session_add(
        by=agency,
        training=training,
        held_on=day,
        hours="2.5",
        trainer="孟莎莎",
        place="东岭社区活动室",
    )
    local = [
        p
        for p in people
        if p.division_id in (ctx["division:community_a"].code, ctx["division:community_b"].code)
    ]
    enrollments = [enrol(by=agency, training=training, trainee=p) for p in local]
    attendance_record(by=agency, session=session, present=enrollments)
