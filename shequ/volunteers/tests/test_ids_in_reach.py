"""Ids a request names (an organizer, a team's organization, the organization asked for a
certificate) are resolved among the choices the page offers: an id out of reach answers like a
missing one (400 `out_of_reach` on the field in the API, a form error or 404 on the page) and
nothing is written (docs/decisions/ids-from-a-request-are-resolved-in-reach.md)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from shequ.core.testing import assert_not_in_reach
from shequ.volunteers.models import CertificateRequest, Team, VolunteerActivity
from shequ.volunteers.selectors import own_volunteer
from shequ.volunteers.tests.test_activity_page import form as activity_form
from shequ.volunteers.tests.test_hours import served

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

MISSING = 999_999


def activity_payload(world, organizer_id):
    start = timezone.now() + timedelta(days=2)
    return {
        "organizer_id": organizer_id,
        "community_code": world.division("community_b").code,
        "title": "越权活动",
        "content": "x",
        "place": "y",
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=2)).isoformat(),
        "capacity": 5,
    }


def test_an_organizer_out_of_reach_answers_like_a_missing_one(api_as, client_as, world):
    api = api_as("worker_b")
    for organizer in (world.org("community_a_committee").pk, MISSING):
        assert_not_in_reach(
            api.post("volunteer-activities", activity_payload(world, organizer)), "organizer_id"
        )
    # the page offers 西岭's committee only, and refuses 东岭's when posted by hand
    page = client_as("worker_b", language="en").post(
        "/volunteers/activities/new/",
        activity_form(
            world,
            title="越权活动",
            community=world.division("community_b").code,
            organizer=world.org("community_a_committee").pk,
        ),
    )
    assert page.status_code == 200 and page.context["form"].errors["organizer"]
    assert not VolunteerActivity.objects.filter(title="越权活动").exists()
    # its own organization is accepted
    mine = activity_payload(world, world.org("community_b_committee").pk)
    assert api.post("volunteer-activities", mine)[0] == 201


def test_a_team_organization_out_of_reach_answers_like_a_missing_one(api_as, client_as, world):
    payload = {
        "community_code": world.division("community_b").code,
        "name": "越权队",
    }
    for organization in (world.org("community_a_committee").pk, MISSING):
        assert_not_in_reach(
            api_as("worker_b").post(
                "volunteer-teams", {**payload, "organization_id": organization}
            ),
            "organization_id",
        )
    page = client_as("worker_b", language="en").post(
        "/volunteers/teams/",
        {
            "name": "越权队",
            "organization": world.org("community_a_committee").pk,
            "division": world.division("community_b").code,
            "leader": "",
        },
    )
    assert page.status_code == 200 and page.context["form"].errors["organization"]
    assert not Team.objects.filter(name="越权队").exists()
    # a community out of reach, named in the body, is the same 400 on its field
    assert_not_in_reach(
        api_as("worker_b").post(
            "volunteer-teams",
            {
                **payload,
                "organization_id": world.org("community_b_committee").pk,
                "community_code": world.division("community_a").code,
            },
        ),
        "community_code",
    )
    assert not Team.objects.filter(name="越权队").exists()


def test_a_certificate_is_asked_only_of_an_organization_that_recorded_hours(
    api_as, client_as, world
):
    me = own_volunteer(world.user("volunteer"))
    served(world, me, 2, community="b")  # 西岭's committee recorded (and confirmed) hours
    api = api_as("volunteer")
    path = "volunteers/me/certificate-requests"
    for organization in (world.org("agency").pk, world.org("xinfa_committee").pk, MISSING):
        assert_not_in_reach(api.post(path, {"organization_id": organization}), "organization_id")
    page = client_as("volunteer").post(
        "/volunteers/",
        {"action": "request_certificate", "organization": world.org("xinfa_committee").pk},
    )
    assert page.status_code == 404
    assert not CertificateRequest.objects.filter(volunteer=me).exists()
    status, _body = api.post(path, {"organization_id": world.org("community_b_committee").pk})
    assert status == 201
