"""Demo community organizations: 东岭's dance team in incubation (members, a grant partly spent,
two capacity assessments, an activity), 西岭's neighbourhood mutual-aid society filed with the
street and recognized as typical by 南关区民政局, and 新发's mediation team just applying."""

from __future__ import annotations

from datetime import date, timedelta

from shequ.community_orgs.models import LegalStatus, MemberRole, OrgType
from shequ.community_orgs.services import (
    assessment_record,
    grant_record,
    member_add,
    organization_activity_hold,
    organization_advance,
    organization_create,
    organization_status_set,
    recognition_record,
)
from shequ.core.demo import DemoContext


def load(ctx: DemoContext) -> None:
    today = date.today()

    def ago(days: int) -> date:
        return today - timedelta(days=days)

    worker_a = ctx["user:worker_a"]
    dance = organization_create(
        by=worker_a,
        division=ctx["division:community_a"],
        name="东岭社区夕阳红舞蹈队",
        org_type=OrgType.objects.get(code="culture_sports"),
        applied_on=ago(200),
        purpose="组织社区中老年居民开展广场舞、排练和展演，丰富精神文化生活。",
        incubator=ctx["org:agency"],
        mentors=[ctx["user:agency"]],
    )
    organization_advance(
        by=worker_a,
        organization=dance,
        to_stage="pre_incubation",
        moved_on=ago(170),
        reason="有固定骨干和每周活动，进入预孵化。",
    )
    organization_advance(
        by=worker_a,
        organization=dance,
        to_stage="incubation",
        moved_on=ago(120),
        reason="制定了队规，推选了负责人，进入孵化。",
    )
    members = [r for r in ctx["residents:community_a"] if r.age >= 50][:5]
    for index, resident in enumerate(members):
        member_add(
            by=worker_a,
            organization=dance,
            resident=resident,
            role=MemberRole.LEADER if index == 0 else MemberRole.MEMBER,
            joined_on=ago(190 - index),
        )
    grant_record(
        by=worker_a,
        organization=dance,
        kind="given",
        amount="5000.00",
        on=ago(110),
        note="社区公益创投小额资助",
    )
    grant_record(
        by=worker_a, organization=dance, kind="spent", amount="1280.50", on=ago(60), note="演出服装"
    )
    for days, scores in (
        (100, {"governance": "12", "finance": "10", "activities": "15", "members": "11"}),
        (20, {"governance": "18", "finance": "16.5", "activities": "21", "members": "17"}),
    ):
        assessment_record(by=worker_a, organization=dance, assessed_on=ago(days), scores=scores)
    organization_activity_hold(
        by=worker_a,
        organization=dance,
        theme="夕阳红广场舞展演",
        place="东岭社区文化广场",
        held_on=ago(10),
        duration_minutes=90,
        participants=members[:4],
        headcount=20,
    )
    ctx["community_org:dance"] = dance

    worker_b = ctx["user:worker_b"]
    mutual_aid = organization_create(
        by=worker_b,
        division=ctx["division:community_b"],
        name="西岭社区邻里互助会",
        org_type=OrgType.objects.get(code="charity"),
        applied_on=ago(300),
        purpose="为独居老人和困难家庭提供探访、代购和应急帮扶。",
        incubator=ctx["org:community_b_committee"],
    )
    organization_advance(
        by=worker_b,
        organization=mutual_aid,
        to_stage="pre_incubation",
        moved_on=ago(260),
        reason="志愿者队伍稳定，开展了首批探访。",
    )
    organization_status_set(
        by=worker_b,
        organization=mutual_aid,
        status=LegalStatus.FILED,
        on=ago(40),
        filing_number="自强备字〔2026〕3号",
    )
    recognition_record(
        by=ctx["user:district"],
        organization=mutual_aid,
        department=ctx["org:nanguan_bureau"],
        recognized_on=ago(15),
        title="南关区典型社区社会组织",
        document_number="南民发〔2026〕12号",
    )
    ctx["community_org:mutual_aid"] = mutual_aid

    ctx["community_org:mediation"] = organization_create(
        by=ctx["user:worker_k"],
        division=ctx["division:xinfa"],
        name="新发社区邻里调解队",
        org_type=OrgType.objects.get(code="mediation"),
        applied_on=ago(5),
        purpose="由退休法官和楼栋长组成，调解邻里纠纷。",
    )
