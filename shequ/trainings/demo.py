"""Demo trainings: the university's pre-job training commissioned by 宽城区, with trainees from
新发社区 and from 南关区's two demo communities, three sessions and attendance."""

from __future__ import annotations

from datetime import date, timedelta

from shequ.core.demo import DemoContext
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
