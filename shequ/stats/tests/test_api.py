"""GET /api/v1/stats: the dashboard's figures, suppressed the same way, within the access rule."""

from datetime import date

import pytest

from shequ.figures.periods import parse_period
from shequ.stats.dashboard import dashboard, scope_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

YEAR = str(date.today().year)


def test_the_api_gives_the_dashboards_figures(api_as, world):
    status, body = api_as("district").get("stats", {"division": "220102000000", "period": YEAR})
    assert status == 200 and body["period"]["key"] == YEAR
    scope = scope_for(world.user("district"), "220102000000", parse_period(YEAR))
    expected = {r.figure.key: r.text for r in dashboard(scope)}
    assert {f["key"]: f["text"] for f in body["figures"]} == expected
    served = next(f for f in body["figures"] if f["key"] == "people_served")
    assert served["records"].startswith("/stats/records/people_served/")
    assert {b["key"] for b in served["breakdowns"]} == {"method", "area", "project", "division"}


def test_one_metric_over_custom_dates(api_as):
    status, body = api_as("district").get(
        "stats",
        {
            "division": "220102000000",
            "from": f"{YEAR}-01-01",
            "to": f"{YEAR}-06-30",
            "metric": "person_times",
        },
    )
    assert status == 200 and [f["key"] for f in body["figures"]] == ["person_times"]
    assert body["period"]["kind"] == "custom"
    assert api_as("district").get("stats", {"metric": "nonsense"})[0] == 404
    status, error = api_as("district").get(
        "stats", {"from": f"{YEAR}-06-30", "to": f"{YEAR}-01-01"}
    )
    assert status == 400 and error["field"] == "to"


def test_suppressed_values_do_not_leak(api_as):
    status, body = api_as("worker_a").get("stats", {"period": YEAR})
    assert status == 200 and body["division_code"] == "220102001001"
    hidden = [
        c for f in body["figures"] for b in f["breakdowns"] for c in b["cells"] if c["text"] == "<5"
    ]
    assert hidden and all(c["value"] is None for c in hidden)
    assert all(f["key"] not in ("protection_reports", "protection_cases") for f in body["figures"])


def test_another_division_is_404(api_as):
    assert api_as("worker_b").get("stats", {"division": "220102001001"})[0] == 404
    assert api_as(None).get("stats")[0] == 401
    assert api_as("volunteer").get("stats")[0] == 404
