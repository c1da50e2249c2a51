"""The dashboard's key figures as compact cards (the period before, the change, the targets
against the time elapsed) and its breakdowns as charts of a kind that fits the data; the
side-by-side page's total column."""

from datetime import date
from decimal import Decimal

import pytest
from django.template.defaultfilters import floatformat

from shequ.figures.periods import parse_period
from shequ.projects.models import Indicator, ServiceProject
from shequ.projects.selectors import elapsed_share, indicator_progress
from shequ.stats.cards import FEW, chart_kind, progress_by_figure
from shequ.stats.dashboard import comparison, dashboard, scope_for

pytestmark = [pytest.mark.django_db]

YEAR = str(date.today().year)
DISTRICT = "division=220102000000"


def test_the_chart_fits_the_data():
    """A line for time, a bar for a few categories, a ranked list for many."""
    assert chart_kind(12, over_time=True) == "line"
    assert chart_kind(2, over_time=True) == "line"
    assert chart_kind(1) == chart_kind(FEW) == "bar"
    assert chart_kind(FEW + 1) == chart_kind(40) == "ranked"


def test_the_targets_of_a_figure_are_its_projects_indicators(world):
    """People served: the targets and actuals of the indicators measuring it, in the projects
    behind the projects figure, and the time elapsed of their contract periods."""
    from django.utils import timezone

    scope = scope_for(world.user("district"), "220102000000", parse_period(YEAR))
    progress = progress_by_figure(scope)
    assert {"people_served", "person_times", "cases_opened"} <= set(progress)
    assert "group_sessions" not in progress  # not a figure of the dashboard
    indicators = Indicator.objects.filter(
        metric="people_served",
        project__in=ServiceProject.objects.filter(division__code__startswith="220102"),
    )
    rows = [
        (i, row)
        for project in {i.project for i in indicators}
        for i, row in zip(project.indicators.all(), indicator_progress(project), strict=True)
        if i.metric == "people_served"
    ]
    served = progress["people_served"]
    assert served.target == sum(i.target for i, _row in rows)
    assert served.actual == sum(row["actual"] for _i, row in rows) and served.actual > 0
    today = timezone.localdate()
    weighted = sum(i.target * Decimal(elapsed_share(i.project, today)) for i, _row in rows)
    assert served.elapsed == round(float(weighted / served.target), 1)
    assert 0 < served.elapsed < 100
    assert served.reached == round(float(served.actual * 100 / served.target), 1)


def test_a_user_who_may_not_see_the_projects_sees_no_targets(world):
    from shequ.accounts.models import Role, RoleGrant, User

    director = User.objects.create(username="director_cards", division_id="220102000000")
    RoleGrant.objects.create(
        user=director, role=Role.objects.get(code="child_director"), division_id="220102000000"
    )
    scope = scope_for(director, "220102000000", parse_period(YEAR))
    assert progress_by_figure(scope) == {}


def test_the_cards_show_the_period_before_the_change_and_the_targets(client_as):
    client = client_as("district", language="zh-hans")
    response = client.get(f"/stats/?{DISTRICT}&period={YEAR}")
    cards = {c["result"].figure.key: c for c in response.context["cards"]}
    body = response.content.decode()
    served = cards["people_served"]
    assert served["progress"] is not None and cards["contract_funds"]["progress"] is None
    reached = floatformat(served["progress"].reached, 0)
    elapsed = floatformat(served["progress"].elapsed, 0)
    assert f"完成目标 {reached}%，时间进度 {elapsed}%" in body
    assert 'data-testid="progress-people_served"' in body
    assert 'data-testid="progress-contract_funds"' not in body
    for key, card in cards.items():
        result = card["result"]
        assert f'data-testid="before-{key}"' in body
        if result.change:
            assert f'data-testid="change-{key}"' in body and result.change in body


def test_every_breakdown_is_drawn_as_the_chart_that_fits_it(client_as):
    """Bars and lines are drawn from their rows; a ranked list is written into the page,
    largest first."""
    response = client_as("district").get(f"/stats/?{DISTRICT}&period={YEAR}")
    body = response.content.decode()
    breakdowns = response.context["breakdowns"]
    assert breakdowns
    charted = {c["id"] for c in response.context["charts"]}
    for b in breakdowns:
        assert b["kind"] == chart_kind(len(b["cells"]))
        assert f'data-kind="{b["kind"]}"' in body
        assert (b["id"] in charted) == (b["kind"] != "ranked")
        if b["kind"] == "ranked":
            values = [c.value for c in b["cells"] if not c.hidden]
            assert values == sorted(values, reverse=True)
    assert all(t["id"] in charted for t in response.context["trends"])


def test_a_breakdown_of_many_parts_is_a_ranked_list(client_as, world):
    """Nine service areas for the projects of the district: their breakdown is a ranked list,
    the largest first, each part linking to its records."""
    from shequ.projects.models import ServiceArea

    project = ServiceProject.objects.filter(division__code__startswith="220102").first()
    for n in range(FEW + 1 - ServiceArea.objects.count()):
        ServiceArea.objects.create(code=f"area_{n}", name=f"服务领域{n}")
    project.areas.add(*ServiceArea.objects.all())
    response = client_as("district").get(f"/stats/?{DISTRICT}&period={YEAR}")
    by_area = next(b for b in response.context["breakdowns"] if b["id"] == "chart-projects-area")
    assert by_area["kind"] == "ranked" and len(by_area["cells"]) >= FEW + 1
    values = [c.value for c in by_area["cells"]]
    assert values == sorted(values, reverse=True)
    body = response.content.decode()
    assert '<ol class="ranked">' in body and "part=area:" in body


def test_the_side_by_side_total_is_the_dashboard_figure(client_as, world):
    """合计 is the division's own figure; where the streets' values add up to it the column
    is a sum, and where they cannot (a person or a project counted in several) it says
    不可加总."""
    scope = scope_for(world.user("district"), "220102000000", parse_period(YEAR))
    children, rows = comparison(scope)
    assert children
    figures = {r.figure.key: r for r in dashboard(scope)}
    for row in rows:
        key = row["figure"].key
        assert row["total"] == figures[key].text, key
        if row["additive"]:
            assert sum(row["values"]) == figures[key].value, key
    assert any(row["additive"] for row in rows) and not all(row["additive"] for row in rows)
    body = client_as("district", language="zh-hans").get(f"/stats/compare/?{DISTRICT}").content
    text = body.decode()
    assert "<th>合计</th>" in text
    not_additive = [row for row in rows if not row["additive"]]
    assert text.count('data-testid="not-additive"') == len(not_additive)


def test_both_demo_districts_show_a_target(world):
    """The demo's projects set targets for the dashboards of both districts."""
    for username, district in (("district", "220102000000"), ("district_k", "220103000000")):
        scope = scope_for(world.user(username), district, parse_period(YEAR))
        assert progress_by_figure(scope), district
