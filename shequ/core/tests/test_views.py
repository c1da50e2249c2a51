"""Pages: sign-in required, the access rule on every page, the language switch, security headers."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from conftest import DEMO_PASSWORD
from shequ.organizations.models import Organization

pytestmark = pytest.mark.django_db

A = "220102001001"
B = "220102001002"
K = "220103001001"


def org_at(code):
    return Organization.objects.filter(division_id=code).earliest("pk").pk


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/divisions/",
        f"/divisions/{A}/",
        "/organizations/",
        "/organizations/new/",
        "/accounts/users/",
        "/accounts/grants/",
        "/accounts/policy/",
        "/audit/",
        "/accounts/password/",
        "/divisions/upload/",
    ],
)
def test_anonymous_users_are_sent_to_the_login_page(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("username", "code", "expected"),
    [
        ("worker_b", A, 404),
        ("worker_b", B, 200),
        ("street", A, 200),
        ("street", B, 200),
        ("district", A, 200),
        ("district", K, 404),
        ("worker_k", A, 404),
        ("worker_a", A, 200),
    ],
)
def test_division_and_organization_pages_follow_the_access_rule(
    client_as, username, code, expected
):
    client = client_as(username)
    assert client.get(f"/divisions/{code}/").status_code == expected
    assert client.get(f"/organizations/{org_at(code)}/").status_code == expected


def test_organization_list_shows_only_what_is_in_reach(client_as):
    html = client_as("worker_b").get("/organizations/").content.decode()
    assert "西岭社区居民委员会" in html
    assert "东岭社区居民委员会" not in html
    html = client_as("district").get("/organizations/").content.decode()
    assert "东岭社区居民委员会" in html and "西岭社区居民委员会" in html
    assert "新发社区居民委员会" not in html and "宽城区民政局" not in html


def test_editing_another_communitys_organization_is_404(client_as, world):
    org = world.org("community_a_committee")
    client = client_as("district")
    assert client.get(f"/organizations/{org.pk}/edit/").status_code == 200
    kuancheng = world.org("xinfa_committee")
    assert client.get(f"/organizations/{kuancheng.pk}/edit/").status_code == 404


@pytest.mark.parametrize(
    ("username", "allowed"),
    [
        ("worker_a", {"/", "/divisions/", "/organizations/", "/accounts/password/"}),
        (
            "sysadmin",
            {
                "/",
                "/divisions/",
                "/organizations/",
                "/accounts/users/",
                "/accounts/grants/",
                "/accounts/password/",
                "/divisions/upload/",
                "/organizations/new/",
            },
        ),
        (
            "secadmin",
            {
                "/",
                "/divisions/",
                "/accounts/users/",
                "/accounts/grants/",
                "/accounts/policy/",
                "/accounts/password/",
            },
        ),
        ("auditor", {"/", "/divisions/", "/audit/", "/accounts/password/"}),
    ],
)
def test_pages_open_by_permission_and_otherwise_do_not_exist(client_as, username, allowed):
    client = client_as(username)
    for url in [
        "/",
        "/divisions/",
        "/organizations/",
        "/organizations/new/",
        "/accounts/users/",
        "/accounts/grants/",
        "/accounts/policy/",
        "/audit/",
        "/accounts/password/",
        "/divisions/upload/",
    ]:
        expected = 200 if url in allowed else 404
        assert client.get(url).status_code == expected, url


def test_navigation_follows_permissions(client_as):
    html = client_as("auditor").get("/").content.decode()
    assert 'href="/audit/"' in html and 'href="/accounts/grants/"' not in html
    html = client_as("secadmin").get("/").content.decode()
    assert 'href="/accounts/grants/"' in html and 'href="/audit/"' not in html


def test_home_shows_reach_in_chinese_by_default(client_as):
    html = client_as("worker_a").get("/").content.decode()
    assert "南关区 › 自强街道 › 东岭社区" in html
    assert "管辖范围" in html and 'lang="zh-CN"' in html


def test_language_switch_sticks(client_as):
    client = client_as("worker_a")
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    html = client.get("/").content.decode()
    assert "Your reach" in html and 'lang="en"' in html
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert "管辖范围" in client.get("/").content.decode()


def test_login_page_gives_one_answer_for_wrong_and_locked(client):
    """Issue 15, point 6: a locked account gets the same message as a wrong password (which
    says that too many attempts also lead here), so the page tells no one which names exist."""
    for _ in range(5):
        response = client.post(
            "/accounts/login/", {"username": "worker_b", "password": "Wrong-pass-1"}
        )
        assert "用户名或密码错误，或失败次数过多" in response.content.decode()
    response = client.post("/accounts/login/", {"username": "worker_b", "password": DEMO_PASSWORD})
    assert response.status_code == 200
    assert "用户名或密码错误，或失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_redirects_only_to_this_site(client):
    response = client.post(
        "/accounts/login/?next=https://evil.example/",
        {"username": "worker_a", "password": DEMO_PASSWORD, "next": "https://evil.example/"},
    )
    assert response.status_code == 302 and response["Location"] == "/"


def test_logout_needs_post_and_csrf():
    client = Client(enforce_csrf_checks=True)
    client.force_login(
        __import__("shequ.accounts.models", fromlist=["User"]).User.objects.get(username="worker_a")
    )
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").status_code == 403


def test_security_headers(client_as):
    response = client_as("worker_a").get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "http" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_no_template_loads_anything_from_outside():
    outside = re.compile(r"""(src|href)=["']https?://""")
    for template in Path(settings.BASE_DIR, "shequ").rglob("templates/**/*.html"):
        assert not outside.search(template.read_text(encoding="utf-8")), template


def test_organization_form_shows_the_uscc_error_next_to_the_field(client_as):
    response = client_as("district").post(
        "/organizations/new/",
        {
            "name": "某机构",
            "kind": "agency",
            "division": "220102000000",
            "uscc": "52220102MJ00000115",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "uscc" in form.errors
    assert not Organization.objects.filter(name="某机构").exists()


def test_division_upload_reports_line_errors_and_writes_nothing(client_as):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from shequ.divisions.models import Division

    before = Division.objects.count()
    upload = SimpleUploadedFile("d.csv", "code,name\n220102001009,好社区\nabc,坏\n".encode())
    response = client_as("sysadmin").post("/divisions/upload/", {"file": upload})
    assert response.status_code == 200
    assert 'data-testid="line-errors"' in response.content.decode()
    assert "第 3 行" in response.content.decode()
    assert Division.objects.count() == before


def test_sysadmin_creates_an_account_and_secadmin_grants_a_role(client_as):
    from shequ.accounts.models import RoleGrant, User

    response = client_as("sysadmin").post(
        "/accounts/users/new/",
        {"username": "page_user", "full_name": "页面用户", "division": A, "password": "Kx7#mQ2vLp"},
    )
    assert response.status_code == 302
    page_user = User.objects.get(username="page_user")
    response = client_as("secadmin").post(
        "/accounts/grants/", {"user": page_user.pk, "role": "community_worker", "division": A}
    )
    assert response.status_code == 302
    assert RoleGrant.objects.active().filter(user__username="page_user").count() == 1
    response = client_as("sysadmin").post(
        "/accounts/grants/",
        {"user": page_user.pk, "role": "auditor", "division": "220100000000"},
    )
    assert response.status_code == 200
    assert "只有安全管理员可以授予管理员角色" in response.content.decode()
