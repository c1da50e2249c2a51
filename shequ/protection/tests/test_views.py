"""The protection pages follow the same rules as the API: no trace for others, every read
logged, reporter hidden."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from shequ.protection.models import AccessLog, ProtectionCase, Report

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def client_as(client_as):
    def make(username):
        client = client_as(username)
        client.cookies["django_language"] = "en"
        return client

    return make


def demo_case():
    return ProtectionCase.objects.get(child__name="李小雨")


@pytest.mark.parametrize("username", ["worker_a", "worker_b", "worker_k", "agency", "volunteer"])
def test_the_pages_do_not_exist_for_non_protection_roles(client_as, username):
    case = demo_case()
    client = client_as(username)
    assert client.get("/protection/").status_code == 404
    assert client.get(f"/protection/cases/{case.pk}/").status_code == 404
    assert client.get("/protection/cases/").status_code == 404
    assert 'href="/protection/"' not in client.get("/").content.decode()  # no dashboard entry


def test_the_case_page_is_logged_and_shows_the_access_log_to_the_supervisor(client_as):
    case = demo_case()
    page = client_as("director_a").get(f"/protection/cases/{case.pk}/").content.decode()
    assert 'data-testid="access-log"' not in page and "Reporter hidden" in page
    assert AccessLog.objects.filter(case=case, user__username="director_a", channel="page").exists()
    page = client_as("child_sup").get(f"/protection/cases/{case.pk}/").content.decode()
    assert 'data-testid="access-log"' in page and "王芳" in page
    assert client_as("district_k").get(f"/protection/cases/{case.pk}/").status_code == 404


def test_the_dashboard_counts_by_level(client_as):
    page = client_as("child_sup").get("/protection/")
    assert page.context["open_total"] == 1 and page.context["by_grade"] == {"yellow": 1}
    assert page.context["waiting_reports"] == 1
    assert client_as("district_k").get("/protection/").context["open_total"] == 0


def test_the_public_form_is_rate_limited_and_lands_in_the_queue(client, world):
    cache.clear()
    form = {
        "community": world.division("community_b").code,
        "name": "路边的孩子",
        "gender": "M",
        "birth_date": "2017-05-01",
        "situations": ["begging"],
        "seen": "在地铁口被大人带着乞讨",
        "seen_at": (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
    }
    client.cookies["django_language"] = "en"
    for _ in range(5):
        assert "Report received" in client.post("/protection/public-report/", form).content.decode()
    response = client.post("/protection/public-report/", form)
    assert response.status_code == 429 and "Too many reports" in response.content.decode()
    assert Report.objects.filter(child__name="路边的孩子", reporter=None).count() == 5
    cache.clear()


def test_the_export_is_a_password_protected_file_and_is_logged(client_as):
    import io

    import pyzipper
    from openpyxl import load_workbook

    case = demo_case()
    assert client_as("director_a").get("/protection/export/").status_code == 404
    client = client_as("child_sup")
    response = client.post("/protection/export/", {"password": "short"}, follow=True)
    assert "at least 8 characters" in response.content.decode()
    response = client.post("/protection/export/", {"password": "s3cret-pass"})
    assert response["Content-Type"] == "application/zip"
    archive = pyzipper.AESZipFile(io.BytesIO(response.content))
    with pytest.raises(RuntimeError):
        archive.read("protection-cases.xlsx")  # no password: nothing readable
    archive.setpassword(b"s3cret-pass")
    book = load_workbook(io.BytesIO(archive.read("protection-cases.xlsx")), read_only=True)
    rows = list(book.active.iter_rows(min_row=3, values_only=True))
    assert [r[0] for r in rows] == [case.pk]
    assert AccessLog.objects.filter(
        case=case, user__username="child_sup", channel="export"
    ).exists()


def test_meeting_attendance_from_the_page(client_as, world):
    from shequ.protection.models import Meeting

    meeting = Meeting.objects.get()
    url = f"/protection/meetings/{meeting.pk}/"
    client_as("child_sup").post(url, {"action": "attendance", "attended": [world.org("school").pk]})
    assert list(meeting.attended.all()) == [world.org("school")]
    assert (
        client_as("school").post(url, {"action": "attendance", "attended": []}).status_code == 404
    )
    assert list(meeting.attended.all()) == [world.org("school")]
