"""The service-delivery pages: each follows the access rule, writes through the services and
shows bad input next to its field with nothing saved."""

import functools
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from shequ.delivery.models import Activity, ActivityPhoto, Case, Group, GroupSession, ServiceRecord
from shequ.projects.models import ServiceProject
from shequ.projects.selectors import indicator_progress

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def client_as(client_as):
    """Signed in, with the interface in English."""
    return functools.partial(client_as, language="en")


def test_lists_follow_the_access_rule(client_as):
    group = Group.objects.get(name="银龄互助小组")
    activity = Activity.objects.get(theme="重阳节敬老游园会")
    case = Case.objects.first()
    for url in (f"/delivery/groups/{group.pk}/", f"/delivery/activities/{activity.pk}/"):
        assert client_as("agency").get(url).status_code == 200
        assert client_as("worker_a").get(url).status_code == 200
        assert client_as("worker_k").get(url).status_code == 404
        assert client_as("worker_b").get(url).status_code == 404  # another community
    assert client_as("agency").get(f"/delivery/cases/{case.pk}/").status_code == 200
    assert client_as("worker_k").get(f"/delivery/cases/{case.pk}/").status_code == 404
    assert client_as("district").get(f"/delivery/cases/{case.pk}/").status_code == 404
    assert "银龄互助小组" in client_as("agency").get("/delivery/groups/").content.decode()
    assert "银龄互助小组" not in client_as("worker_k").get("/delivery/groups/").content.decode()
    assert client_as("volunteer").get("/delivery/groups/").status_code == 404


def test_recording_a_session_with_attendance_moves_the_indicator(client_as):
    group = Group.objects.get(name="银龄互助小组")
    project = group.project
    before = project.indicators.get(metric="group_sessions")
    members = list(group.members.values_list("resident_id", flat=True))
    client = client_as("agency")
    response = client.post(
        f"/delivery/groups/{group.pk}/",
        {
            "held_on": date.today().isoformat(),
            "duration_minutes": "0",
            "attendees": members[:2],
        },
    )
    assert "between 1 minute and 24 hours" in response.content.decode()
    assert group.sessions.filter(held=True).count() == 3
    response = client.post(
        f"/delivery/groups/{group.pk}/",
        {"held_on": date.today().isoformat(), "duration_minutes": "90", "attendees": members[:2]},
    )
    assert response.status_code == 302
    session = GroupSession.objects.filter(group=group).latest("id")
    assert session.attendance.count() == 2
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert before.target and "4" in page
    # the worker of another community cannot record here
    assert (
        client_as("worker_k")
        .post(f"/delivery/groups/{group.pk}/", {"held_on": date.today().isoformat()})
        .status_code
        == 404
    )


def test_a_session_outside_the_project_period_is_refused(client_as):
    group = Group.objects.get(name="银龄互助小组")
    day = group.project.start_date - timedelta(days=3)
    response = client_as("agency").post(
        f"/delivery/groups/{group.pk}/",
        {"held_on": day.isoformat(), "duration_minutes": "60", "attendees": []},
    )
    assert "outside the project" in response.content.decode()
    assert not GroupSession.objects.filter(group=group, held_on=day).exists()


def test_creating_a_group_and_an_activity(client_as, world):
    client = client_as("worker_a")
    community = world.division("community_a").code
    page = client.get(f"/delivery/groups/new/?community={community}")
    # the picker accepts the residents of the community in reach (their ids, posted by the widget)
    residents = list(
        page.context["form"].fields["members"].queryset.values_list("pk", flat=True)[:3]
    )
    project = ServiceProject.objects.get(number="NG-2026-001")
    response = client.post(
        f"/delivery/groups/new/?community={community}",
        {"name": "亲子读书会", "goal": "增进亲子沟通", "members": residents, "project": project.pk},
    )
    group = Group.objects.get(name="亲子读书会")
    assert response["Location"] == f"/delivery/groups/{group.pk}/"
    assert group.members.count() == 3 and group.division_id == community
    before = ServiceRecord.objects.count()
    response = client.post(
        f"/delivery/activities/new/?community={community}",
        {
            "theme": "垃圾分类宣传",
            "place": "社区广场",
            "held_on": date.today().isoformat(),
            "duration_minutes": "60",
            "participants": residents[:2],
            "headcount": "30",
            "project": project.pk,
        },
    )
    activity = Activity.objects.get(theme="垃圾分类宣传")
    assert response["Location"] == f"/delivery/activities/{activity.pk}/"
    assert ServiceRecord.objects.count() == before + 3  # two residents and one headcount


def test_a_community_outside_the_users_reach_is_not_offered(client_as, world):
    page = client_as("worker_a").get(
        f"/delivery/groups/new/?community={world.division('xinfa').code}"
    )
    assert page.context["community"] is None


def test_activity_photos(client_as):
    activity = Activity.objects.get(theme="重阳节敬老游园会")
    url = f"/delivery/activities/{activity.pk}/"
    client_as("agency").post(url, {"photo": SimpleUploadedFile("p.png", PNG), "caption": "合影"})
    photo = ActivityPhoto.objects.get(activity=activity)
    response = client_as("worker_a").get(f"{url}photos/{photo.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert client_as("worker_k").get(f"{url}photos/{photo.pk}/").status_code == 404
    response = client_as("agency").post(
        url, {"photo": SimpleUploadedFile("p.png", b"GIF89a" + b"0" * 10)}
    )
    assert "does not match its name" in response.content.decode()
    assert activity.photos.count() == 1


def test_a_case_moves_through_its_stages_on_its_page(client_as, world):
    client = client_as("worker_a")
    community = world.division("community_a").code
    page = client.get(f"/delivery/cases/new/?community={community}")
    client_id = page.context["form"].fields["client"].queryset.last().pk
    response = client.post(
        f"/delivery/cases/new/?community={community}",
        {
            "client": client_id,
            "opened_on": date.today().isoformat(),
            "presenting_problem": "照料压力大",
        },
    )
    case = Case.objects.latest("id")
    assert response["Location"] == f"/delivery/cases/{case.pk}/"
    url = f"/delivery/cases/{case.pk}/"
    response = client.post(url, {"action": "stage", "stage": "assessment", "text": ""})
    assert "Write what this stage found" in response.content.decode()
    for stage, text in (("assessment", "支持不足"), ("plan", "每周探访"), ("intervention", "")):
        assert (
            client.post(url, {"action": "stage", "stage": stage, "text": text}).status_code == 302
        )
    client.post(
        url,
        {
            "action": "intervene",
            "served_on": date.today().isoformat(),
            "duration_minutes": "45",
            "way": "入户探访",
            "notes": "机密记录",
        },
    )
    assert case.interventions.count() == 1
    # notes are confidential: another worker of the community sees the case, not its notes
    assert "机密记录" in client.get(url).content.decode()
    assert (
        client_as("agency").post(url, {"action": "stage", "stage": "evaluation"}).status_code == 404
    )
    other = client_as("agency").get(url).content.decode()
    assert "机密记录" not in other and 'data-testid="notes-hidden"' in other


def test_transfer_a_case_and_the_supervisors_view(client_as, world):
    case = Case.objects.get(client__division_id=world.division("community_a").code)
    url = f"/delivery/cases/{case.pk}/"
    page = client_as("agency").get(url)
    workers = dict(page.context["forms"]["transfer"].fields["to_worker"].choices)
    assert world.user("worker_a").pk in workers and world.user("worker_k").pk not in workers
    response = client_as("agency").post(
        url, {"action": "transfer", "to_worker": world.user("worker_a").pk, "reason": "就近服务"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.worker == world.user("worker_a") and case.transfers.count() == 1
    # the supervisor reads the notes; the former worker no longer does
    assert "了解近况" in client_as("supervisor").get(url).content.decode()
    assert "了解近况" not in client_as("agency").get(url).content.decode()


def test_group_measures_from_the_page(client_as):
    group = Group.objects.get(name="银龄互助小组")
    member = group.members.first()
    url = f"/delivery/groups/{group.pk}/measures/"
    client_as("agency").post(
        url, {f"pre_{member.resident_id}": "12", f"post_{member.resident_id}": "18.5"}
    )
    member.refresh_from_db()
    assert (member.pre_score, member.post_score) == (12, Decimal("18.5"))
    response = client_as("agency").post(url, {f"pre_{member.resident_id}": "lots"}, follow=True)
    assert "A measure is a number" in response.content.decode()
    member.refresh_from_db()
    assert member.pre_score == 12
    assert client_as("worker_k").post(url, {}).status_code == 404
    # the community worker sees the group but is not its worker: the measures are unchanged
    client_as("worker_a").post(url, {f"pre_{member.resident_id}": "1"})
    member.refresh_from_db()
    assert member.pre_score == 12


def test_plan_a_session_then_hold_it(client_as):
    group = Group.objects.get(name="银龄互助小组")
    url = f"/delivery/groups/{group.pk}/"
    client = client_as("agency")
    day = date.today() + timedelta(days=7)
    plan = {"action": "plan", "planned_on": day.isoformat(), "duration_minutes": "90"}
    response = client.post(url, {**plan, "topic": ""})
    assert "This field is required" in response.content.decode()
    client.post(url, {**plan, "topic": "总结分享"})
    planned = GroupSession.objects.get(group=group, held=False, topic="总结分享")
    project = group.project
    sessions = next(
        r["actual"] for r in indicator_progress(project) if r["metric"] == "group_sessions"
    )
    assert sessions == 3  # a planned session is not a session held
    members = list(group.members.values_list("resident_id", flat=True))
    client.post(
        url,
        {
            "action": "hold",
            "planned": planned.pk,
            "held_on": date.today().isoformat(),
            "duration_minutes": "80",
            "attendees": members[:1],
        },
    )
    planned.refresh_from_db()
    assert planned.held and planned.attendance.count() == 1
    assert group.sessions.filter(held=True).count() == 4
