"""The roll-up of confirmed hours (HoursMonth) the statistics read: after confirmations in
several months, communities and organizers it equals the sign-ups counted one by one (the
rule of selectors.confirmed_signups), unconfirmed hours are not in it, a second confirmation
is refused and changes nothing, and rebuild() gives back the same rows."""

from collections import defaultdict
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from shequ.core.errors import InvalidInput
from shequ.volunteers import hours_rollup
from shequ.volunteers.models import HoursMonth, VolunteerActivity
from shequ.volunteers.selectors import confirmed_signups
from shequ.volunteers.services import hours_confirm
from shequ.volunteers.tests.test_hours import served
from shequ.volunteers.tests.test_services import id_for, register

pytestmark = pytest.mark.django_db


def rolled_up() -> dict[tuple[str, str, int], Decimal]:
    return {
        (f"{r.month:%Y-%m}", r.division_code, r.organizer_id): r.hours
        for r in HoursMonth.objects.all()
    }


def counted_one_by_one() -> dict[tuple[str, str, int], Decimal]:
    totals: dict[tuple[str, str, int], Decimal] = defaultdict(Decimal)
    for s in confirmed_signups().select_related("activity"):
        a = s.activity
        totals[(f"{hours_rollup.month_of(a):%Y-%m}", a.division_id, a.organizer_id)] += s.hours
    return dict(totals)


def test_the_rollup_equals_the_confirmed_signups_and_a_rebuild(world):
    a = register(world, name="甲志愿", id_number=id_for(30, "301"))
    b = register(
        world,
        by=world.user("worker_b"),
        division=world.division("community_b"),
        name="丙志愿",
        id_number=id_for(32, "303"),
    )
    served(world, a, 3, day=10, month=3)
    served(world, a, 2, day=20, month=3)
    served(world, a, 4, day=5, month=4)
    served(world, b, 5, day=10, month=3, community="b")
    waiting = served(world, b, 6, day=11, month=3, community="b", confirm=False)
    kept = rolled_up()
    assert kept == counted_one_by_one()
    community_a = world.division("community_a").code
    organizer = world.org("community_a_committee").pk
    assert kept[("2025-03", community_a, organizer)] == Decimal("5.0")  # two activities
    assert kept[("2025-04", community_a, organizer)] == Decimal("4.0")

    hours_confirm(by=world.user("worker_b"), signup=waiting)
    assert rolled_up() == counted_one_by_one()
    with pytest.raises(InvalidInput):
        hours_confirm(by=world.user("worker_b"), signup=waiting)
    assert rolled_up() == counted_one_by_one()

    before = rolled_up()
    assert hours_rollup.rebuild() == len(before)
    assert rolled_up() == before


def test_an_activity_counts_in_the_month_of_its_local_start_day():
    # 00:30 on 1 April in China is still 31 March in UTC
    starts = datetime(2025, 4, 1, 0, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert starts.astimezone(ZoneInfo("UTC")).month == 3
    assert f"{hours_rollup.month_of(VolunteerActivity(starts_at=starts)):%Y-%m}" == "2025-04"
