"""Confirmed hours by volunteer, team, organization and division for a period, within reach:
one selector behind the page, its Excel download and the API; a fixed number of queries."""

import io
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from shequ.core.testing import assert_constant_queries
from shequ.volunteers.selectors import hours_totals
from shequ.volunteers.services import (
    activity_create,
    activity_open,
    confirmed_hours,
    hours_confirm,
    sign_up,
    sign_up_decide,
    team_create,
    team_member_add,
    times_correct,
)
from shequ.volunteers.tests.test_services import id_for, register

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

PERIOD = {"from": "2025-03-01", "to": "2025-03-31"}  # no demo activity falls in it


def served(world, volunteer, hours, *, day=10, month=3, community="a", confirm=True):
    """An activity on 2025-`month`-`day` with the volunteer's times recorded (and confirmed)."""
    by = world.user(f"worker_{community}")
    start = timezone.make_aware(datetime(2025, month, day, 9, 0))
    activity = activity_create(
        by=by,
        organizer=world.org(f"community_{community}_committee"),
        division=world.division(f"community_{community}"),
        title=f"活动{day}",
        content="服务",
        place="服务站",
        starts_at=start,
        ends_at=start + timedelta(hours=8),
        capacity=10,
    )
    activity_open(by=by, activity=activity)
    signup = sign_up_decide(
        by=by, signup=sign_up(by=by, activity=activity, volunteer=volunteer), approve=True
    )
    times_correct(
        by=by,
        signup=signup,
        checked_in_at=start,
        checked_out_at=start + timedelta(hours=hours),
        reason="补录",
    )
    if confirm:
        hours_confirm(by=by, signup=signup)
    return signup


def rows(totals):
    return {r.label: r.hours for r in totals.rows}


def test_totals_by_each_grouping_within_reach_and_period(world):
    a1 = register(world, name="甲志愿", id_number=id_for(30, "301"))
    a2 = register(world, name="乙志愿", id_number=id_for(31, "302"))
    b1 = register(
        world,
        by=world.user("worker_b"),
        division=world.division("community_b"),
        name="丙志愿",
        id_number=id_for(32, "303"),
    )
    team = team_create(
        by=world.user("worker_a"),
        organization=world.org("community_a_committee"),
        division=world.division("community_a"),
        name="测试服务队",
        leader=a1,
    )
    served(world, a1, 2, day=3)
    served(world, a1, 3, day=20)
    served(world, a2, 4, day=5)
    served(world, a2, 5, day=6, confirm=False)  # not confirmed: not counted
    served(world, b1, 6, day=7, community="b")
    served(world, a1, 7, day=2, month=4)  # outside the period
    start, end = datetime(2025, 3, 1).date(), datetime(2025, 3, 31).date()

    def totals(user, group_by):
        return hours_totals(user=world.user(user), group_by=group_by, start=start, end=end)

    by_volunteer = totals("worker_a", "volunteer")
    assert rows(by_volunteer) == {f"{a1.number} 甲志愿": 5, f"{a2.number} 乙志愿": 4}
    assert by_volunteer.total == Decimal("9.0")
    assert rows(totals("worker_a", "team")) == {"测试服务队": 5}
    assert rows(totals("worker_a", "organization")) == {"东岭社区居民委员会": 9}
    assert rows(totals("worker_a", "division")) == {"东岭社区": 9}
    street = totals("street", "division")  # the street sees both communities
    assert rows(street) == {"东岭社区": 9, "西岭社区": 6}
    assert rows(totals("worker_b", "volunteer")) == {f"{b1.number} 丙志愿": 6}
    assert totals("worker_k", "organization").rows == []
    # the same rule as the volunteer's own total
    assert confirmed_hours(volunteer=a1, start=start, end=end) == 5
    team_member_add(by=world.user("worker_a"), team=team, volunteer=a2)
    assert rows(totals("worker_a", "team")) == {"测试服务队": 9}


def test_the_page_its_excel_and_the_api_agree(client_as, api_as, world):
    volunteer = register(world, name="甲志愿", id_number=id_for(30, "301"))
    served(world, volunteer, 2.5)
    client = client_as("worker_a")
    client.cookies["django_language"] = "en"
    page = client.get("/volunteers/hours/", {"group_by": "organization", **PERIOD})
    assert page.status_code == 200
    assert [(r.label, r.hours) for r in page.context["totals"].rows] == [
        ("东岭社区居民委员会", Decimal("2.5"))
    ]
    download = client.get(
        "/volunteers/hours/", {"group_by": "organization", **PERIOD, "format": "xlsx"}
    )
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(download.content)).active
    assert list(sheet.iter_rows(values_only=True))[2][:2] == ("东岭社区居民委员会", 2.5)
    status, body = api_as("worker_a").get("volunteer-hours", {"group_by": "organization", **PERIOD})
    assert (
        status == 200
        and body["total"] == "2.5"
        and body["rows"][0]["label"] == "东岭社区居民委员会"
    )
    assert body["start"] == PERIOD["from"] and body["end"] == PERIOD["to"]
    # the default period is this year
    default = client.get("/volunteers/hours/").context["totals"]
    assert default.start == timezone.localdate().replace(month=1, day=1)
    status, body = api_as("worker_a").get("volunteer-hours", {"group_by": "nothing"})
    assert status == 422
    status, body = api_as("worker_a").get(
        "volunteer-hours", {"from": "2025-04-01", "to": "2025-03-01"}
    )
    assert status == 400 and body["field"] == "to"
    bad = client.get("/volunteers/hours/", {"from": "2025-04-01", "to": "2025-03-01"})
    assert "ends before it starts" in " ".join(bad.context["form"].errors["to"])


def test_another_community_sees_nothing_of_it(client_as, api_as, world):
    volunteer = register(world, name="甲志愿", id_number=id_for(30, "301"))
    served(world, volunteer, 2)
    for user in ("worker_b", "worker_k"):
        status, body = api_as(user).get("volunteer-hours", {"group_by": "volunteer", **PERIOD})
        assert status == 200 and body["rows"] == []
        page = client_as(user).get("/volunteers/hours/", {"group_by": "volunteer", **PERIOD})
        assert volunteer.number not in page.content.decode()
    assert api_as("volunteer").get("volunteer-hours")[0] == 404  # no volunteer.view
    assert client_as("volunteer").get("/volunteers/hours/").status_code == 404


@pytest.mark.parametrize("group_by", ["volunteer", "team", "organization", "division"])
def test_queries_do_not_grow_with_rows(client_as, api_as, world, group_by):
    api = api_as("street")
    client = client_as("street")
    params = {"group_by": group_by, **PERIOD}

    calls = {
        "api": lambda: api.get("volunteer-hours", params),
        "page": lambda: client.get("/volunteers/hours/", params),
        "xlsx": lambda: client.get("/volunteers/hours/", {**params, "format": "xlsx"}),
    }

    def grow():
        for i, community in enumerate("ab" * 3):
            by = world.user(f"worker_{community}")
            volunteer = register(
                world,
                by=by,
                division=world.division(f"community_{community}"),
                name=f"志愿{'甲乙丙丁戊己'[i]}",
                id_number=id_for(30 + i, f"31{i}"),
            )
            team_create(
                by=by,
                organization=world.org(f"community_{community}_committee"),
                division=world.division(f"community_{community}"),
                name=f"服务队{i}",
                leader=volunteer,
            )
            served(world, volunteer, 2, day=3 + i, community=community)

    first = register(world, name="甲志愿", id_number=id_for(30, "301"))
    served(world, first, 1, day=2)
    rows_before = len(api.get("volunteer-hours", params)[1]["rows"])
    assert_constant_queries(calls, grow)
    assert len(api.get("volunteer-hours", params)[1]["rows"]) > rows_before
