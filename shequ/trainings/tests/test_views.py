"""The training pages: a new training, the continuing-education shortfall, the import link,
each within the access rule."""

from datetime import date, timedelta

import pytest

from shequ.trainings.models import Trainee, Training

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_the_organizer_creates_a_training_and_bad_dates_keep_the_form(client_as, world):
    client = client_as("teacher", language="en")
    page = client.get("/trainings/new/")
    assert page.status_code == 200 and world.org("university").name in page.content.decode()
    start = date.today()
    data = {
        "organizer": world.org("university").pk,
        "programme": Training.objects.first().programme_id,
        "title": "社会工作行政督导培训（春季）",
        "start_date": start.isoformat(),
        "end_date": (start - timedelta(days=1)).isoformat(),
        "partner": world.org("kuancheng_bureau").pk,
        "required_attendance": 80,
    }
    refused = client.post("/trainings/new/", data)
    assert refused.status_code == 200 and "ends before it starts" in refused.content.decode()
    assert 'value="社会工作行政督导培训（春季）"' in refused.content.decode()  # nothing lost
    assert not Training.objects.filter(title=data["title"]).exists()
    created = client.post("/trainings/new/", data | {"end_date": start.isoformat()})
    training = Training.objects.get(title=data["title"])
    assert created.status_code == 302 and created["Location"] == f"/trainings/{training.pk}/"
    detail = client.get(f"/trainings/{training.pk}/").content.decode()
    assert f"/imports/trainees/?target={training.pk}" in detail


def test_the_new_training_page_is_for_organizers_only(client_as):
    assert client_as("worker_b").get("/trainings/new/").status_code == 404


def test_the_shortfall_lists_who_is_short_within_reach(client_as, world):
    body = client_as("teacher").get("/trainings/continuing-education/").content.decode()
    assert "孙悦" in body and "张丽" in body and "62.0" in body  # 10 of 72 hours
    # the district officer sees the trainees of 南关区 (东岭, 西岭), not 宽城区's 新发
    response = client_as("district").get("/trainings/continuing-education/")
    table = response.content.decode().split('data-testid="ce-short"')[1]
    assert response.status_code == 200 and "张丽" in table and "孙悦" not in table
    for username in ("worker_b", "volunteer"):  # no training permission
        assert client_as(username).get("/trainings/continuing-education/").status_code == 404


def test_a_trainee_added_on_the_page_keeps_title_and_date(client_as, world):
    training = Training.objects.get(title="2026年宽城区社工岗岗前培训")
    response = client_as("teacher").post(
        f"/trainings/{training.pk}/",
        {
            "action": "trainee",
            "division": world.division("community_b").code,
            "name": "吴芳",
            "phone": "13700001111",
            "title": Trainee.objects.filter(title__isnull=False).first().title_id,
            "title_since": "2025-03-01",
        },
    )
    assert response.status_code == 302
    trainee = Trainee.objects.get(name="吴芳")
    assert trainee.title_since == date(2025, 3, 1) and trainee.enrollments.count() == 1
    other = Training.objects.get(title="2026年宽城区社工岗岗前培训")
    assert client_as("worker_b").post(f"/trainings/{other.pk}/", {"action": "x"}).status_code == 404
