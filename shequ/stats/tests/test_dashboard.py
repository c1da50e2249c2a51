"""The dashboard: every figure equals the records behind it (the drill-down), for the figure
and for each cell of its breakdowns; small people counts are suppressed for roles without the
protection permission; another division is not found."""

from dataclasses import replace
from datetime import date

import pytest

from shequ.accounts.models import Role, RoleGrant, User
from shequ.core.errors import InvalidInput, NotFound
from shequ.figures.periods import parse_period
from shequ.figures.registry import FIGURES, PEOPLE
from shequ.stats.dashboard import dashboard, may_drill, may_see, scope_for, shown

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

YEAR = str(date.today().year)


def every_role(world, district):
    """A user holding every role over the district: every figure is seen and every list of
    records behind one is opened (each list holds only what its permission reaches)."""
    user = User.objects.create(username=f"every_role_{district}", division_id=district)
    for role in Role.objects.all():
        RoleGrant.objects.create(user=user, role=role, division_id=district)
    return user


def behind(figure, scope, part=None):
    """What the drill-down lists behind the figure (or behind the cell `part`) adds up to."""
    return figure.total_of(figure.drill(scope, ":".join(part) if part else ""))


@pytest.mark.parametrize(
    "division", ["220102000000", "220102001000", "220102001001", "220103000000"]
)
@pytest.mark.parametrize("period", [YEAR, f"{YEAR}Q4", f"{YEAR}-11", "custom"])
def test_every_figure_and_every_cell_equals_the_records_behind_it(world, division, period):
    if period == "custom":
        period_obj = parse_period(start=f"{YEAR}-03-15", end=f"{YEAR}-11-20")
    else:
        period_obj = parse_period(period)
    scope = scope_for(every_role(world, division[:6].ljust(12, "0")), division, period_obj)
    assert FIGURES, "no figure registered"
    nonzero = 0
    before = replace(scope, period=scope.period.previous())
    for figure in FIGURES.values():
        assert may_see(scope, figure) and may_drill(scope, figure), figure.key
        now, previous = figure.summarize(scope, before)
        assert behind(figure, scope) == now.value == figure.value_in(scope), figure.key
        assert previous is not None and behind(figure, before) == previous.value, figure.key
        nonzero += bool(now.value)
        assert set(now.cells) == set(figure.breakdowns), figure.key
        for key, cells in now.cells.items():
            for cell in cells:
                assert behind(figure, scope, (key, cell.key)) == cell.value, (figure.key, key, cell)
    if division == "220102000000" and period == YEAR:
        assert nonzero >= 6  # the demo makes most figures alive


def test_a_custom_span_of_whole_months_gives_the_calendar_figures(world):
    user = world.user("district")
    calendar = scope_for(user, "220102000000", parse_period(YEAR))
    custom = scope_for(
        user, "220102000000", parse_period(start=f"{YEAR}-01-01", end=f"{YEAR}-12-31")
    )
    for figure in FIGURES.values():
        (in_calendar, _), (in_custom, _) = figure.summarize(calendar), figure.summarize(custom)
        assert in_calendar == in_custom, figure.key


def test_small_people_counts_are_suppressed_without_the_protection_permission(world):
    assert shown(3, PEOPLE, True) == "<5" and shown(3, PEOPLE, False) == "3"
    assert shown(0, PEOPLE, True) == "0" and shown(5, PEOPLE, True) == "5"
    period = parse_period(YEAR)
    worker = {
        r.figure.key: r
        for r in dashboard(scope_for(world.user("worker_a"), "220102001001", period))
    }
    district = {
        r.figure.key: r
        for r in dashboard(scope_for(world.user("district"), "220102001001", period))
    }
    small = [
        (key, part, cell.key)
        for key, result in district.items()
        if result.figure.unit == PEOPLE
        for part, (_label, cells) in result.breakdowns.items()
        for cell in cells
        if 0 < cell.value < 5
    ]
    assert small  # the demo has a few people in some parts of 东岭
    for key, part, cell_key in small:
        exact = next(c for c in district[key].breakdowns[part][1] if c.key == cell_key)
        hidden = next(c for c in worker[key].breakdowns[part][1] if c.key == cell_key)
        assert exact.text == str(exact.value) and hidden.text == "<5"
    for key, result in worker.items():
        if result.figure.unit == PEOPLE and 0 < result.value < 5:
            assert result.text == "<5" and district[key].text == str(result.value)


def test_another_division_is_not_found(world):
    period = parse_period(YEAR)
    with pytest.raises(NotFound):
        scope_for(world.user("worker_b"), "220102001001", period)
    with pytest.raises(NotFound):
        scope_for(world.user("district_k"), "220102000000", period)
    assert scope_for(world.user("worker_b"), "", period).division.code == "220102001002"


def test_periods():
    assert parse_period("2026Q2").start == date(2026, 4, 1)
    assert parse_period("2026Q2").end == date(2026, 6, 30)
    assert parse_period("2026-02").end == date(2026, 2, 28)
    assert parse_period("2026Q1").previous().key == "2025Q4"
    assert parse_period("2026-01").previous().key == "2025-12"
    assert parse_period(start="2026-03-01", end="2026-03-10").previous().end == date(2026, 2, 28)
    for bad in ("2026Q5", "2026-13", "26", "abc"):
        with pytest.raises(InvalidInput):
            parse_period(bad)
    with pytest.raises(InvalidInput):
        parse_period(start="2026-03-10", end="2026-03-01")


def test_a_permission_held_elsewhere_opens_no_figure_or_record_here(world, client_as):
    """A teacher (statistics over the city) who is also a community worker in 东岭 sees the
    city's people served, not the residents behind it: resident.view covers 东岭 only."""
    from shequ.accounts.models import Role, RoleGrant
    from shequ.figures.registry import FIGURES
    from shequ.stats.dashboard import may_drill, suppresses

    teacher = world.user("teacher")
    RoleGrant.objects.create(
        user=teacher,
        role=Role.objects.get(code="community_worker"),
        division=world.division("community_a"),
    )
    city = scope_for(teacher, "220100000000", parse_period(YEAR))
    community = scope_for(teacher, "220102001001", parse_period(YEAR))
    assert not may_drill(city, FIGURES["people_served"])
    assert may_drill(community, FIGURES["people_served"])
    assert suppresses(city)
    client = client_as("teacher")
    assert (
        client.get(f"/stats/records/people_served/?division=220100000000&period={YEAR}").status_code
        == 404
    )
    assert (
        client.get(f"/stats/records/people_served/?division=220102001001&period={YEAR}").status_code
        == 200
    )
