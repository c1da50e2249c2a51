import pytest

from shequ.projects.models import ServiceProject

pytestmark = pytest.mark.django_db


def test_project_pages_follow_the_access_rule(client_as):
    nanguan = ServiceProject.objects.get(number="NG-2026-001")
    kuancheng = ServiceProject.objects.get(number="KC-2026-003")
    assert client_as("worker_b").get(f"/projects/{nanguan.pk}/").status_code == 200
    assert client_as("worker_b").get(f"/projects/{kuancheng.pk}/").status_code == 404
    assert client_as("volunteer").get("/projects/").status_code == 404
    html = client_as("worker_a").get("/projects/").content.decode()
    assert nanguan.name in html and kuancheng.name not in html


def test_the_project_page_shows_indicators_and_the_overdue_flag(client_as):
    nanguan = ServiceProject.objects.get(number="NG-2026-001")
    html = client_as("district").get(f"/projects/{nanguan.pk}/").content.decode()
    assert 'data-testid="indicators"' in html and "服务人数" in html
    kuancheng = ServiceProject.objects.get(number="KC-2026-003")
    assert (
        'data-testid="overdue"'
        in client_as("district_k").get(f"/projects/{kuancheng.pk}/").content.decode()
    )


def test_advancing_from_the_page(client_as):
    nanguan = ServiceProject.objects.get(number="NG-2026-001")
    assert (
        client_as("agency")
        .post(f"/projects/{nanguan.pk}/advance/", {"stage": "midterm"})
        .status_code
        == 302
    )
    nanguan.refresh_from_db()
    assert nanguan.stage == "running"  # the provider may not; the message says why
    client_as("district").post(f"/projects/{nanguan.pk}/advance/", {"stage": "midterm"})
    nanguan.refresh_from_db()
    assert nanguan.stage == "midterm"
    assert (
        client_as("worker_k")
        .post(f"/projects/{nanguan.pk}/advance/", {"stage": "final_evaluation"})
        .status_code
        == 404
    )
