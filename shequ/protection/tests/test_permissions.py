"""The capabilities of a protection case, a report and a meeting: one object decides, and the
services, the pages and the API read it."""

import pytest

from shequ.access.perms import Perm
from shequ.core.errors import Forbidden
from shequ.core.testing import assert_constant_queries
from shequ.protection.models import AccessLog, Meeting, ProtectionCase, Report
from shequ.protection.permissions import case_caps, meeting_caps, report_caps
from shequ.protection.selectors import case_list
from shequ.protection.services import closure_approve, closure_request, referral_create

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def demo_case():
    return ProtectionCase.objects.get(child__name="李小雨")


@pytest.mark.parametrize(
    ("username", "actions"),
    [
        ("director_a", ["handle", "refer"]),  # the community's child-welfare director
        ("child_sup", ["handle", "refer", "supervise", "read_access_log"]),  # the street
        ("police", ["handle", "refer"]),  # the referral was accepted
        ("worker_a", []),  # same community, no protection role
        ("worker_b", []),  # another community
    ],
)
def test_case_caps_per_role(world, username, actions):
    assert case_caps(world.user(username), demo_case()).actions() == actions


def test_the_service_refuses_what_the_caps_deny(world):
    case = demo_case()
    director = world.user("director_a")
    closure_request(by=director, case=case, reason="情况稳定", follow_up_months=3)
    assert not case_caps(director, case).supervise
    with pytest.raises(Forbidden) as exc:
        closure_approve(by=director, case=case, approve=True)
    assert str(exc.value) == "A supervisor approves the closure."
    closure_approve(by=world.user("child_sup"), case=case, approve=True)
    case.refresh_from_db()
    assert case.status == "follow_up"


def test_the_case_page_shows_the_buttons_the_caps_allow(client_as):
    case = demo_case()
    director = client_as("director_a", "en").get(f"/protection/cases/{case.pk}/")
    supervisor = client_as("child_sup", "en").get(f"/protection/cases/{case.pk}/")
    assert director.status_code == supervisor.status_code == 200
    assert director.context["caps"] == case_caps(director.wsgi_request.user, case)
    assert not director.context["caps"].read_access_log and director.context["accesses"] == []
    assert supervisor.context["caps"].read_access_log
    assert supervisor.context["accesses"]


def test_api_detail_answers_carry_the_actions_and_lists_do_not(api_as, world):
    case = demo_case()
    status, body = api_as("child_sup").get(f"protection/cases/{case.pk}")
    assert status == 200
    assert body["actions"] == ["handle", "refer", "supervise", "read_access_log"]
    status, body = api_as("director_a").get(f"protection/cases/{case.pk}")
    assert body["actions"] == ["handle", "refer"]
    status, rows = api_as("director_a").get("protection/cases")
    assert status == 200 and rows and all(r["actions"] is None for r in rows)
    # another community's worker: still no trace of the case
    assert api_as("worker_b").get(f"protection/cases/{case.pk}")[0] == 404


def test_report_and_meeting_actions_in_the_api(api_as, world):
    report = Report.objects.filter(case__isnull=True).first()
    assert report is not None
    director_b = report.division_id == world.division("community_b").code
    assert director_b
    status, body = api_as("child_sup").get(f"protection/reports/{report.pk}")
    assert (
        status == 200 and body["actions"] == report_caps(world.user("child_sup"), report).actions()
    )
    meeting = Meeting.objects.first()
    status, body = api_as("child_sup").get(f"protection/meetings/{meeting.pk}")
    assert status == 200 and body["actions"] == ["convene"]
    assert meeting_caps(world.user("school"), meeting).actions() == []


def test_logging_the_reads_of_a_list_takes_no_query_per_case(world):
    """Each case read through a referral or a broken glass is logged with how it was reached:
    one query for all the cases, not one per case."""
    school = world.user("school")
    director = world.user("director_a")
    case = demo_case()

    def grow():
        for n in range(3):
            extra = ProtectionCase.objects.create(
                division_id=case.division_id,
                child=case.child,
                level_id=case.level_id,
                worker=director,
            )
            referral = referral_create(
                by=director, case=extra, organization=world.org("school"), reason=f"协助 {n}"
            )
            referral.status = "accepted"
            referral.save()

    referral = referral_create(
        by=director, case=case, organization=world.org("school"), reason="协助"
    )
    referral.status = "accepted"
    referral.save()
    assert_constant_queries(lambda: case_list(school), grow)
    assert len(case_list(school)) == 4
    assert set(AccessLog.objects.filter(user=school).values_list("via", flat=True)) == {"referral"}


def test_the_query_count_helper_prints_the_added_statements(world):
    """The helper fails on an N+1 and shows the repeated statement."""
    from shequ.divisions.models import Division

    rows: list[int] = []

    def n_plus_one():
        for code in rows:
            Division.objects.filter(pk=str(code)).exists()

    with pytest.raises(AssertionError) as exc:
        assert_constant_queries(n_plus_one, lambda: rows.extend([1, 2]))
    assert "0 queries before, 2 after" in str(exc.value)
    assert "+SELECT" in str(exc.value) and "divisions_division" in str(exc.value)


def test_the_area_buttons_follow_the_area_caps(client_as, world):
    from shequ.access.rule import has_perm
    from shequ.protection.permissions import protection_caps

    for username in ("child_sup", "director_a"):
        user = world.user(username)
        caps = protection_caps(user)
        assert caps.export == has_perm(user, Perm.PROTECTION_EXPORT)
        assert caps.convene == has_perm(user, Perm.PROTECTION_MEETING)
        page = client_as(username, "en").get("/protection/meetings/")
        assert page.context["area"] == caps
        assert ('data-testid="new-meeting"' in page.content.decode()) is caps.convene
    assert protection_caps(world.user("child_sup")).convene
    assert not protection_caps(world.user("director_a")).convene


def test_a_referral_named_by_something_else_than_a_number_is_a_404(client_as):
    client = client_as("police", "en")
    assert client.post("/protection/referrals/", {"referral": "x"}).status_code == 404
    assert client.post("/protection/referrals/", {"referral": "999999"}).status_code == 404


def test_the_protection_lists_run_a_fixed_number_of_queries(api_as, client_as, world):
    """Every list page and list endpoint of protection: as many queries with twice the rows."""
    from datetime import date, timedelta

    from django.utils import timezone

    from shequ.protection.services import report_accept, report_submit

    api, page = api_as("child_sup"), client_as("child_sup", "en")

    def grow():
        for n in range(3):
            report = report_submit(
                by=world.user("school"),
                community=world.division("community_a"),
                child={
                    "name": "测试儿童" + "甲乙丙"[n],
                    "gender": "M",
                    "birth_date": date(2016, 5, 1),
                },
                situations=["abandoned"],
                seen="夜间独自在家",
                seen_at=timezone.now() - timedelta(hours=2),
            )
            if n:
                report_accept(by=world.user("director_a"), report=report)

    def ok(response):
        assert response.status_code == 200

    cases, reports = len(api.get("protection/cases")[1]), len(api.get("protection/reports")[1])

    assert_constant_queries(
        {
            "api cases": lambda: api.get("protection/cases"),
            "api reports": lambda: api.get("protection/reports"),
            "api tasks": lambda: api.get("protection/tasks"),
            "cases page": lambda: ok(page.get("/protection/cases/")),
            "reports page": lambda: ok(page.get("/protection/reports/")),
            "meetings page": lambda: ok(page.get("/protection/meetings/")),
        },
        grow,
    )
    assert len(api.get("protection/cases")[1]) == cases + 2
    assert len(api.get("protection/reports")[1]) == reports + 3
