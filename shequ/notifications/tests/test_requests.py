"""Requests that wait for someone's decision (`events.register_request`): a certificate, a
research extract (a case study: shequ/sharing/tests/test_review_notifications.py). Asking
tells those who may decide, and nobody else; the decision tells the one who asked."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from shequ.notifications.models import Notification

pytestmark = [pytest.mark.django_db]


def told(kind: str, reference: str) -> set[str]:
    return set(
        Notification.objects.filter(kind=kind, reference=reference).values_list(
            "recipient__username", flat=True
        )
    )


def test_a_certificate_request_tells_the_organization_then_the_volunteer(world):
    from shequ.volunteers.certificates import certificate_request, certificate_request_issue
    from shequ.volunteers.selectors import own_volunteer
    from shequ.volunteers.tests.test_hours import served

    person = world.user("volunteer")
    me = own_volunteer(person)
    served(world, me, 2, community="b")
    request = certificate_request(
        by=person, volunteer=me, organization=world.org("community_b_committee")
    )
    ref = f"ZS-{request.pk}"
    assert told("certificate_request", ref) == {"worker_b"}  # 西岭's organizer, not 东岭's
    assert told("certificate_request_decided", ref) == set()

    certificate_request_issue(
        by=world.user("worker_b"), request=request, person_in_charge="赵书记", contact="0431-1"
    )
    assert told("certificate_request_decided", ref) == {"volunteer"}
    notification = Notification.objects.get(kind="certificate_request_decided", reference=ref)
    assert notification.link == "/volunteers/"


def test_a_research_extract_tells_the_approver_then_the_requester(world):
    from shequ.research import services
    from shequ.research.models import ResearchProject

    today = date.today()
    extract = services.extract_request(
        by=world.user("teacher"),
        project=ResearchProject.objects.get(funder="国家社会科学基金"),
        population="served",
        division=world.division("ziqiang"),
        fields=["age", "gender"],
        k=5,
        purpose="研究服务对象的年龄与性别结构",
        period_start=today - timedelta(days=365),
        period_end=today,
    )
    ref = f"KY-{extract.pk}"
    asked = told("extract_request", ref)
    assert "district" in asked and "teacher" not in asked and "district_k" not in asked
    services.extract_refuse(by=world.user("district"), extract=extract, comment="范围过大")
    assert told("extract_request_decided", ref) == {"teacher"}
