"""The organizer and the commissioning department of a new training are resolved among the
choices the page offers: an id out of reach answers like a missing one (400 `out_of_reach` on
the field in the API, a form error on the page) and nothing is written
(docs/decisions/ids-from-a-request-are-resolved-in-reach.md)."""

from datetime import date, timedelta

import pytest

from shequ.core.testing import assert_not_in_reach
from shequ.trainings.models import Training

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

MISSING = 999_999
TITLE = "越权培训"


def payload(world, **changes):
    start = date.today() + timedelta(days=3)
    return {
        "organizer_id": world.org("agency").pk,
        "programme": "governance",
        "title": TITLE,
        "start_date": start.isoformat(),
        "end_date": (start + timedelta(days=2)).isoformat(),
    } | changes


@pytest.mark.parametrize(
    ("field", "named"),
    [
        ("organizer_id", lambda w: w.org("university").pk),  # not the agency worker's own
        ("partner_id", lambda w: w.org("kuancheng_bureau").pk),  # another district's bureau
    ],
)
def test_an_organization_out_of_reach_answers_like_a_missing_one(
    api_as, client_as, world, field, named
):
    api = api_as("agency")
    for value in (named(world), MISSING):
        assert_not_in_reach(api.post("trainings", payload(world, **{field: value})), field)
    page_field = field.removesuffix("_id")
    form = {
        "organizer": world.org("agency").pk,
        "programme": Training.objects.first().programme_id,
        "title": TITLE,
        "start_date": date.today().isoformat(),
        "end_date": date.today().isoformat(),
        "required_attendance": 80,
        page_field: named(world),
    }
    page = client_as("agency", language="en").post("/trainings/new/", form)
    assert page.status_code == 200 and page.context["form"].errors[page_field]
    assert not Training.objects.filter(title=TITLE).exists()
    # the choices the page offers pass
    partner = world.org("nanguan_bureau").pk
    assert api.post("trainings", payload(world, partner_id=partner))[0] == 201
