"""Volunteer teams: formed by an organization in reach, members are volunteers in reach, the
team page shows the members' confirmed hours for a period; another community gets 404."""

import pytest

from shequ.audit.models import AuditEntry
from shequ.core.errors import Conflict, Forbidden, InvalidInput
from shequ.core.testing import assert_constant_queries
from shequ.volunteers.models import Team
from shequ.volunteers.services import (
    team_create,
    team_leader_set,
    team_member_add,
    team_member_remove,
)
from shequ.volunteers.tests.test_hours import PERIOD, served
from shequ.volunteers.tests.test_services import id_for, register

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def form_team(world, **overrides):
    data = {
        "by": world.user("worker_a"),
        "organization": world.org("community_a_committee"),
        "division": world.division("community_a"),
        "name": "东岭应急服务队",
    }
    data.update(overrides)
    return team_create(**data)


def volunteer_b(world, name="丙志愿", serial="303"):
    return register(
        world,
        by=world.user("worker_b"),
        division=world.division("community_b"),
        name=name,
        id_number=id_for(32, serial),
    )


def test_form_a_team_add_name_a_leader_and_remove(world):
    organizer = world.user("worker_a")
    first = register(world, name="甲志愿", id_number=id_for(30, "301"))
    second = register(world, name="乙志愿", id_number=id_for(31, "302"))
    team = form_team(world, leader=first)
    assert list(team.members.all()) == [first] and team.leader == first
    assert AuditEntry.objects.filter(action="volunteer.team_create").exists()
    with pytest.raises(Conflict):
        form_team(world)  # the same name in the same organization
    team_member_add(by=organizer, team=team, volunteer=second)
    with pytest.raises(Conflict):
        team_member_add(by=organizer, team=team, volunteer=second)
    team_leader_set(by=organizer, team=team, volunteer=second)
    team_member_remove(by=organizer, team=team, volunteer=second)
    team.refresh_from_db()
    assert team.leader is None and list(team.members.all()) == [first]
    with pytest.raises(InvalidInput):
        team_leader_set(by=organizer, team=team, volunteer=second)  # not a member
    with pytest.raises(InvalidInput):
        form_team(world, name="  ")


def test_another_community_may_not_form_or_change_teams(world):
    team = form_team(world)
    other = volunteer_b(world)
    with pytest.raises(Forbidden):  # a 西岭 volunteer is out of 东岭's reach
        team_member_add(by=world.user("worker_a"), team=team, volunteer=other)
    with pytest.raises(Forbidden):
        form_team(world, name="另一队", leader=other)
    for user in ("worker_b", "worker_k"):
        with pytest.raises(Forbidden):
            team_member_add(by=world.user(user), team=team, volunteer=other)
        with pytest.raises(Forbidden):
            form_team(world, by=world.user(user), name="越权队")
    assert not team.members.exists()


def test_team_pages(client_as, world):
    client = client_as("worker_a")
    client.cookies["django_language"] = "en"
    first = register(world, name="甲志愿", id_number=id_for(30, "301"))
    second = register(world, name="乙志愿", id_number=id_for(31, "302"))
    form = {
        "name": "东岭应急服务队",
        "organization": world.org("community_a_committee").pk,
        "division": world.division("community_a").code,
        "leader": "nobody",
    }
    response = client.post("/volunteers/teams/", form)
    assert response.status_code == 200 and response.context["form"].errors["leader"]
    assert not Team.objects.filter(name="东岭应急服务队").exists()
    form["leader"] = first.number
    response = client.post("/volunteers/teams/", form)
    team = Team.objects.get(name="东岭应急服务队")
    assert response.status_code == 302 and team.leader == first
    assert "东岭应急服务队" in client.get("/volunteers/teams/").content.decode()

    url = f"/volunteers/teams/{team.pk}/"
    outsider = volunteer_b(world)
    response = client.post(url, {"action": "add", "volunteer": outsider.number})
    assert response.status_code == 200 and response.context["member_form"].errors["volunteer"]
    assert client.post(url, {"action": "add", "volunteer": second.number}).status_code == 302
    assert set(team.members.all()) == {first, second}
    served(world, first, 2)
    served(world, second, 3, day=11)
    page = client.get(url, PERIOD)
    assert page.context["totals"].total == 5
    assert dict((m.number, h) for m, h in page.context["members"]) == {
        first.number: 2,
        second.number: 3,
    }
    assert client.post(url, {"action": "remove", "volunteer": second.pk}).status_code == 302
    assert list(team.members.all()) == [first]
    assert client.get(url, PERIOD).context["totals"].total == 2

    for user in ("worker_b", "worker_k"):
        assert client_as(user).get(url).status_code == 404
        assert (
            client_as(user).post(url, {"action": "remove", "volunteer": first.pk}).status_code
            == 404
        )
        assert "东岭应急服务队" not in client_as(user).get("/volunteers/teams/").content.decode()
    assert list(team.members.all()) == [first]
    assert client_as("volunteer").get("/volunteers/teams/").status_code == 404
    # the street sees the team; it may not change it (no volunteer.manage)
    assert client_as("street").get(url).status_code == 200
    assert (
        client_as("street").post(url, {"action": "remove", "volunteer": first.pk}).status_code
        == 404
    )


def test_team_api(api_as, world):
    api = api_as("worker_a")
    first = register(world, name="甲志愿", id_number=id_for(30, "301"))
    second = register(world, name="乙志愿", id_number=id_for(31, "302"))
    status, team = api.post(
        "volunteer-teams",
        {
            "organization_id": world.org("community_a_committee").pk,
            "community_code": world.division("community_a").code,
            "name": "东岭应急服务队",
            "leader_id": first.pk,
        },
    )
    assert status == 201 and team["leader"]["number"] == first.number and team["member_count"] == 1
    path = f"volunteer-teams/{team['id']}"
    status, body = api.post(f"{path}/members", {"volunteer_id": second.pk})
    assert status == 200 and [m["id"] for m in body["members"]] == [first.pk, second.pk]
    status, body = api.post(f"{path}/members", {"volunteer_id": second.pk})
    assert status == 409
    assert api_as("worker_b").get(path)[0] == 404
    assert api_as("worker_b").post(f"{path}/members", {"volunteer_id": second.pk})[0] == 404
    assert api_as("worker_b").delete(f"{path}/members/{second.pk}")[0] == 404
    assert team["id"] not in [t["id"] for t in api_as("worker_b").get("volunteer-teams")[1]]
    status, body = api.delete(f"{path}/members/{second.pk}")
    assert status == 200 and body["member_count"] == 1
    status, body = api_as("worker_b").post(
        "volunteer-teams",
        {
            "organization_id": world.org("community_a_committee").pk,
            "community_code": world.division("community_a").code,
            "name": "越权队",
        },
    )
    assert status == 400 and body["field"] == "organization_id"  # 东岭 is out of worker_b's reach


def test_team_lists_run_a_fixed_number_of_queries(api_as, client_as, world):
    api, client = api_as("street"), client_as("street")

    def grow():
        for i in range(4):
            volunteer = register(
                world, name=f"志愿{'甲乙丙丁'[i]}", id_number=id_for(30 + i, f"32{i}")
            )
            form_team(world, name=f"服务队{i}", leader=volunteer)

    assert_constant_queries(
        {
            "api": lambda: api.get("volunteer-teams"),
            "page": lambda: client.get("/volunteers/teams/"),
        },
        grow,
    )
    assert len(api.get("volunteer-teams")[1]) >= 6
