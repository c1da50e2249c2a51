"""The organizer's page for a new activity, and activities under a service project counting
toward its volunteer-hours target."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from shequ.core.errors import InvalidInput
from shequ.projects.models import ServiceProject
from shequ.projects.selectors import indicator_progress
from shequ.volunteers.models import VolunteerActivity
from shequ.volunteers.services import activity_create

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def form(world, **changes):
    start = timezone.localtime() + timedelta(days=2)
    return {
        "organizer": world.org("community_a_committee").pk,
        "community": world.division("community_a").code,
        "title": "社区义诊引导",
        "content": "引导居民排队、测量血压",
        "place": "东岭社区广场",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
        "capacity": 6,
        "skills": "医护，引导",
        "risks": "",
    } | changes


def test_the_organizer_creates_an_activity_and_a_refusal_keeps_the_form(client_as, world):
    client = client_as("worker_a", language="en")
    assert client.get("/volunteers/activities/new/").status_code == 200
    refused = client.post("/volunteers/activities/new/", form(world, risky="on"))
    body = refused.content.decode()
    assert refused.status_code == 200 and "State the risks" in body
    assert 'value="社区义诊引导"' in body
    assert not VolunteerActivity.objects.filter(title="社区义诊引导").exists()
    created = client.post("/volunteers/activities/new/", form(world))
    activity = VolunteerActivity.objects.get(title="社区义诊引导")
    assert created["Location"] == f"/volunteers/activities/{activity.pk}/"
    assert activity.skills == ["医护", "引导"] and activity.status == "draft"


def test_another_community_cannot_create_there(client_as, world):
    client = client_as("worker_b", language="en")
    response = client.post("/volunteers/activities/new/", form(world))
    assert response.status_code == 200  # the 东岭 choices are not offered to 西岭's worker
    assert not VolunteerActivity.objects.filter(title="社区义诊引导").exists()
    assert client_as("volunteer").get("/volunteers/activities/new/").status_code == 404


def test_confirmed_hours_under_a_project_count_toward_its_target(world):
    project = ServiceProject.objects.get(number="NG-2026-001")
    actual = {r["metric"]: r["actual"] for r in indicator_progress(project)}
    assert actual["volunteer_hours"] == Decimal("5.0")  # the demo's two visits of 2.5 hours
    with pytest.raises(InvalidInput) as not_provider:
        activity_create(
            by=world.user("worker_a"),
            organizer=world.org("community_a_committee"),
            division=world.division("community_a"),
            title="x",
            content="y",
            place="z",
            starts_at=timezone.now(),
            ends_at=timezone.now() + timedelta(hours=1),
            capacity=1,
            project=project,
        )
    assert not_provider.value.code == "not_provider"
