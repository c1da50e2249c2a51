from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from stdnum.cn import uscc

from shequ.community_orgs.models import (
    CommunityOrganization,
    Grant,
    LegalStatus,
    OrgStage,
    OrgType,
    StageMove,
)
from shequ.community_orgs.services import (
    assessment_record,
    grant_record,
    grant_totals,
    member_add,
    organization_advance,
    organization_create,
    organization_status_set,
    recognition_record,
)
from shequ.core.errors import Conflict, Forbidden, InvalidInput
from shequ.residents.models import Resident

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

TODAY = date.today()


def applied(world, days_ago=30, name="东岭社区书画社", user="worker_a", community="community_a"):
    return organization_create(
        by=world.user(user),
        division=world.division(community),
        name=name,
        org_type=OrgType.objects.get(code="culture_sports"),
        applied_on=TODAY - timedelta(days=days_ago),
    )


def advance(world, org, stage, user="worker_a", reason="骨干稳定", on=TODAY):
    return organization_advance(
        by=world.user(user), organization=org, to_stage=stage, moved_on=on, reason=reason
    )


def test_stages_types_dimensions_and_targets_are_data():
    assert [s.name for s in OrgStage.objects.all()] == ["申请", "预孵化", "孵化", "成熟", "出壳"]
    assert {"文体", "公益慈善", "生活服务", "专业调处", "其他"} <= set(
        OrgType.objects.values_list("name", flat=True)
    )
    from shequ.community_orgs.models import CapacityDimension, OrgTarget

    assert set(CapacityDimension.objects.values_list("code", flat=True)) == {
        "governance",
        "finance",
        "activities",
        "members",
    }
    assert dict(OrgTarget.objects.values_list("kind", "minimum")) == {"urban": 10, "rural": 5}


def test_an_application_starts_at_the_first_stage_informal_with_its_move_recorded(world):
    org = applied(world)
    assert org.stage.code == "application" and org.status == LegalStatus.INFORMAL
    move = org.moves.get()
    assert move.from_stage is None and move.to_stage.code == "application"
    with pytest.raises(Conflict):
        applied(world)
    with pytest.raises(Forbidden):
        applied(world, user="worker_b", name="别的")
    with pytest.raises(InvalidInput) as exc:
        organization_create(
            by=world.user("street"),
            division=world.division("ziqiang"),
            name="街道级",
            org_type=OrgType.objects.get(code="other"),
            applied_on=TODAY,
        )
    assert exc.value.field == "division"


def test_stages_move_one_at_a_time_and_each_move_is_recorded(world):
    org = applied(world)
    advance(world, org, "pre_incubation", on=TODAY - timedelta(days=20))
    with pytest.raises(InvalidInput) as exc:
        advance(world, org, "mature")
    assert exc.value.code == "stage_skip"
    assert "next stage is Incubation, not Mature" in str(exc.value.message)
    org.refresh_from_db()
    assert org.stage.code == "pre_incubation" and org.moves.count() == 2  # nothing saved

    advance(world, org, "incubation", on=TODAY - timedelta(days=10))
    # back one stage, with its reason, recorded as backward
    advance(world, org, "pre_incubation", reason="负责人搬离，重新推选")
    org.refresh_from_db()
    assert org.stage.code == "pre_incubation"
    last = org.moves.order_by("-id").first()
    assert (
        last.backward and last.reason == "负责人搬离，重新推选" and last.by.username == "worker_a"
    )
    assert [m.to_stage.code for m in org.moves.all()] == [
        "application",
        "pre_incubation",
        "incubation",
        "pre_incubation",
    ]


@pytest.mark.parametrize(
    ("stage", "reason", "on", "field"),
    [
        ("pre_incubation", "  ", TODAY, "reason"),
        ("pre_incubation", "理由", TODAY + timedelta(days=1), "moved_on"),
        ("pre_incubation", "理由", TODAY - timedelta(days=40), "moved_on"),  # before the last
        ("nowhere", "理由", TODAY, "stage"),
        ("application", "理由", TODAY, "stage"),
    ],
)
def test_bad_moves_save_nothing(world, stage, reason, on, field):
    org = applied(world)
    with pytest.raises(InvalidInput) as exc:
        advance(world, org, stage, reason=reason, on=on)
    assert exc.value.field == field
    assert StageMove.objects.filter(organization=org).count() == 1


def test_graduation_needs_a_role_that_may_approve_it(world):
    org = applied(world)
    for stage in ("pre_incubation", "incubation", "mature"):
        advance(world, org, stage)
    with pytest.raises(Forbidden):
        advance(world, org, "graduated")  # a community worker may not approve 出壳
    advance(world, org, "graduated", user="street", reason="能独立运作")
    assert CommunityOrganization.objects.get(pk=org.pk).stage.code == "graduated"


def test_filing_and_registration(world):
    org = applied(world)
    with pytest.raises(InvalidInput) as exc:
        organization_status_set(
            by=world.user("worker_a"), organization=org, status="filed", on=TODAY
        )
    assert exc.value.field == "filing_number"
    organization_status_set(
        by=world.user("worker_a"),
        organization=org,
        status="filed",
        on=TODAY,
        filing_number="自强备字〔2026〕9号",
    )
    org.refresh_from_db()
    assert org.status == "filed" and org.filed_on == TODAY
    with pytest.raises(InvalidInput) as exc:
        organization_status_set(
            by=world.user("worker_a"), organization=org, status="filed", on=TODAY, filing_number="x"
        )
    assert exc.value.code == "status_order"

    base = "52220102MJ00012"
    good = base + "34"
    good = good[:17] + uscc.calc_check_digit(good[:17])
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    with pytest.raises(InvalidInput) as exc:
        organization_status_set(
            by=world.user("worker_a"), organization=org, status="registered", on=TODAY, uscc=wrong
        )
    assert exc.value.field == "uscc" and exc.value.code == "uscc_checksum"
    assert CommunityOrganization.objects.get(pk=org.pk).status == "filed"
    organization_status_set(
        by=world.user("worker_a"),
        organization=org,
        status="registered",
        on=TODAY,
        uscc=good.lower(),
    )
    org.refresh_from_db()
    assert org.status == "registered" and org.uscc == good and org.filing_number


def test_a_grant_cannot_be_spent_beyond_what_was_given(world):
    org = applied(world)
    worker = world.user("worker_a")

    def record(kind, amount):
        return grant_record(
            by=worker, organization=org, kind=kind, amount=amount, on=TODAY, note="活动物资"
        )

    with pytest.raises(InvalidInput) as exc:
        record("spent", "10")
    assert exc.value.code == "overspent"
    record("given", "3000")
    record("spent", "2999.99")
    with pytest.raises(InvalidInput) as exc:
        record("spent", "0.02")
    assert exc.value.code == "overspent" and exc.value.field == "amount"
    assert "0.01" in str(exc.value.message)
    record("spent", "0.01")
    assert grant_totals(org) == {
        "given": Decimal("3000.00"),
        "spent": Decimal("3000.00"),
        "remaining": Decimal("0.00"),
    }
    for amount, code in (("1.234", "amount_decimals"), ("-5", "amount"), ("abc", "amount")):
        with pytest.raises(InvalidInput) as exc:
            record("given", amount)
        assert exc.value.code == code
    assert Grant.objects.filter(organization=org).count() == 3


def test_members_are_residents_the_user_sees(world):
    org = applied(world)
    worker = world.user("worker_a")
    resident = Resident.objects.filter(
        merged_into__isnull=True, division=world.division("community_a")
    ).first()
    member = member_add(
        by=worker, organization=org, resident=resident, role="leader", joined_on=TODAY
    )
    assert member.resident == resident
    with pytest.raises(Conflict):
        member_add(by=worker, organization=org, resident=resident, role="member", joined_on=TODAY)
    other = Resident.objects.filter(
        merged_into__isnull=True, division=world.division("xinfa")
    ).first()
    with pytest.raises(InvalidInput) as exc:
        member_add(by=worker, organization=org, resident=other, role="member", joined_on=TODAY)
    assert exc.value.field == "resident"
    with pytest.raises(Forbidden):
        member_add(
            by=world.user("worker_b"),
            organization=org,
            resident=resident,
            role="member",
            joined_on=TODAY,
        )


def test_capacity_assessments_are_scored_against_the_dimensions(world):
    org = applied(world)
    worker = world.user("worker_a")
    scores = {"governance": "20", "finance": "15.5", "activities": "22", "members": "18"}
    assessment = assessment_record(by=worker, organization=org, assessed_on=TODAY, scores=scores)
    assert assessment.total == Decimal("75.5") and assessment.scores.count() == 4
    for bad, field in (
        ({**scores, "finance": "26"}, "score_finance"),
        ({**scores, "finance": "1.25"}, "score_finance"),
        ({k: v for k, v in scores.items() if k != "members"}, "score_members"),
        ({**scores, "charisma": "3"}, "score_charisma"),
    ):
        with pytest.raises(InvalidInput) as exc:
            assessment_record(by=worker, organization=org, assessed_on=TODAY, scores=bad)
        assert exc.value.field == field
    assert org.assessments.count() == 1


PDF = b"%PDF-1.4\n%test\n"


def test_recognition_by_civil_affairs_of_a_filed_organization(world):
    org = applied(world)
    district = world.user("district")
    kwargs = {
        "organization": org,
        "department": world.org("nanguan_bureau"),
        "recognized_on": TODAY,
        "title": "南关区典型社区社会组织",
        "document_number": "南民发〔2026〕20号",
    }
    with pytest.raises(InvalidInput) as exc:
        recognition_record(by=district, **kwargs)
    assert exc.value.code == "informal"
    organization_status_set(
        by=world.user("worker_a"), organization=org, status="filed", on=TODAY, filing_number="9"
    )
    with pytest.raises(Forbidden):
        recognition_record(by=world.user("worker_a"), **kwargs)
    with pytest.raises(InvalidInput) as exc:
        recognition_record(by=district, **{**kwargs, "department": world.org("agency")})
    assert exc.value.field == "department"
    with pytest.raises(InvalidInput) as exc:
        recognition_record(
            by=district,
            **kwargs,
            upload=SimpleUploadedFile("a.pdf", b"<script>", content_type="application/pdf"),
        )
    assert exc.value.code == "file_content"
    assert not org.recognitions.exists()
    recognition = recognition_record(
        by=district,
        **kwargs,
        upload=SimpleUploadedFile("认定文件.pdf", PDF, content_type="application/pdf"),
    )
    assert recognition.file and recognition.content_type == "application/pdf"


def test_mentors_are_people_who_work_over_the_community(world):
    """The rule is the service's, whoever calls it: at registration and when the incubation
    is set, a mentor from elsewhere is refused and nothing changes."""
    from shequ.community_orgs.services import organization_incubation_set

    outsider = world.user("worker_b")  # works in 西岭, not over 东岭
    with pytest.raises(InvalidInput) as exc:
        organization_create(
            by=world.user("worker_a"),
            division=world.division("community_a"),
            name="东岭社区合唱团",
            org_type=OrgType.objects.get(code="culture_sports"),
            applied_on=TODAY,
            mentors=[outsider],
        )
    assert exc.value.code == "mentor" and exc.value.field == "mentors"
    assert not CommunityOrganization.objects.filter(name="东岭社区合唱团").exists()
    org = applied(world)
    with pytest.raises(InvalidInput) as exc:
        organization_incubation_set(
            by=world.user("worker_a"),
            organization=org,
            incubator=None,
            mentors=[world.user("agency"), outsider],
        )
    assert exc.value.code == "mentor"
    assert not org.mentors.exists()
    organization_incubation_set(
        by=world.user("worker_a"), organization=org, incubator=None, mentors=[world.user("agency")]
    )
    assert list(org.mentors.all()) == [world.user("agency")]
