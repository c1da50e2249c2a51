from datetime import date, timedelta

import pytest
from django.utils import timezone

from shequ.accounts.demo import ACCOUNTS
from shequ.core.testing import assert_constant_queries
from shequ.placements.demo import STUDENTS
from shequ.protection.models import ProtectionCase, Referral, ReferralStatus
from shequ.protection.services import report_submit, resolution_add
from shequ.workbench.registry import OVERDUE, TODAY, WAITING, WEEK, Item, items_for, urgency_of

pytestmark = pytest.mark.django_db

DEMO_USERS = [a[0] for a in ACCOUNTS] + [s[0] for s in STUDENTS]


def _report(world, community="community_a", n=0):
    return report_submit(
        by=world.user("school"),
        community=world.division(community),
        child={
            "name": "王小" + "甲乙丙丁戊己庚辛"[n],
            "gender": "M",
            "birth_date": date(2016, 5, 1 + n),
        },
        situations=["abandoned"],
        seen="孩子独自在家多日。",
        seen_at=timezone.now() - timedelta(hours=1),
    )


@pytest.mark.parametrize("username", DEMO_USERS)
def test_every_demo_account_opens_on_its_waiting_work(client_as, username):
    """Issue 18, done when: every demo role opens on a workbench that shows its demo work."""
    response = client_as(username, language="en").get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="wb-item"' in html, username
    assert 'data-testid="wb-empty"' not in html


def test_the_director_sees_a_new_report_with_its_deadline_and_the_school_waits(world):
    report = _report(world)
    director = [
        i for i in items_for(world.user("director_a")) if i.kind == "protection.acknowledge"
    ]
    assert [i.link for i in director] == [f"/protection/reports/{report.pk}/"]
    assert director[0].due == report.due_at and director[0].urgency in (TODAY, WEEK)
    assert "handle" in director[0].actions
    assert "王小" not in director[0].title  # no child's details on the workbench
    school = [i for i in items_for(world.user("school")) if i.link == director[0].link]
    assert school[0].urgency == WAITING
    # out of reach: the worker of another community, the police
    for other in ("worker_b", "police", "director_a"):
        if other != "director_a":
            assert all(i.link != director[0].link for i in items_for(world.user(other)))


def test_the_police_see_their_task_and_open_the_accepted_case_on_the_pages(world, client_as):
    case = ProtectionCase.objects.get(
        pk__in=Referral.objects.filter(
            to_organization=world.org("police"), status=ReferralStatus.ACCEPTED
        ).values("case_id")
    )
    items = items_for(world.user("police"))
    assert any(i.kind == "protection.task" and "complete" in i.actions for i in items)
    police = client_as("police", language="en")
    assert police.get(f"/protection/cases/{case.pk}/").status_code == 200  # as in the API
    assert police.get("/protection/cases/").status_code == 200
    nav = police.get("/").content.decode()
    for link in ('href="/protection/referrals/"', 'href="/protection/cases/"'):
        assert link in nav
    # the school reported the child but the case was not referred to it: not found
    assert client_as("school").get(f"/protection/cases/{case.pk}/").status_code == 404
    assert client_as("worker_b").get(f"/protection/cases/{case.pk}/").status_code == 404


def test_red_dots_count_what_waits(world, client_as):
    _report(world)
    client = client_as("director_a", language="en")
    html = client.get("/residents/").content.decode()
    assert 'hx-get="/workbench/nav/' in html  # the page itself does not count (no queries)
    html = client.get("/workbench/nav/?from=/residents/").content.decode()
    assert 'data-testid="dot"' in html and 'aria-current="page"' in html
    assert 'data-testid="dot"' in client.get("/").content.decode()  # counted on the workbench


def test_the_api_gives_the_same_items(world, api_as):
    _report(world)
    status, body = api_as("director_a").get("/api/v1/workbench")
    assert status == 200
    assert {i["kind"] for i in body["items"]} >= {"protection.acknowledge", "protection.visit"}
    item = next(i for i in body["items"] if i["kind"] == "protection.acknowledge")
    assert set(item) >= {"kind", "title", "due", "urgency", "link", "actions"}
    assert body["counts"][item["urgency"]] >= 1
    status, body = api_as("worker_b").get("/api/v1/workbench")
    assert status == 200 and all("protection" not in i["kind"] for i in body["items"])
    assert api_as(None).get("/api/v1/workbench")[0] == 401


def test_urgency():
    now = timezone.now()
    today = timezone.localdate()
    assert urgency_of(Item("t", "/", due=now - timedelta(minutes=1)), now) == OVERDUE
    assert urgency_of(Item("t", "/", due=today), now) == TODAY
    assert urgency_of(Item("t", "/", due=today - timedelta(days=1)), now) == OVERDUE
    assert urgency_of(Item("t", "/", due=today + timedelta(days=3)), now) == WEEK
    assert urgency_of(Item("t", "/", due=None, waiting=True), now) == WAITING


def test_the_queries_do_not_grow_with_the_items(world):
    """Issue 18, speed: one query per source whatever the number of items."""
    meeting_owner = world.user("child_sup")
    users = {u: world.user(u) for u in ("district", "street", "worker_a", "police", "child_sup")}

    def grow():
        from shequ.protection.models import Meeting

        meeting = Meeting.objects.first()
        for n in range(3):
            _report(world, "community_a", n)
            _report(world, "community_b", n + 3)
            resolution_add(
                by=meeting_owner,
                meeting=meeting,
                resolution=f"任务{n}",
                owner=world.org("police"),
                due_on=timezone.localdate() + timedelta(days=n),
            )

    calls = {name: (lambda u=u: items_for(u)) for name, u in users.items()}
    before = {name: len(call()) for name, call in calls.items()}
    assert_constant_queries(calls, grow)
    assert len(items_for(users["district"])) >= before["district"] + 6
    assert len(items_for(users["police"])) >= before["police"] + 3
