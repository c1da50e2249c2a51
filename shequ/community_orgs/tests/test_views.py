from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from shequ.access.perms import Perm
from shequ.community_orgs.models import CommunityArea, CommunityOrganization, OrgType
from shequ.community_orgs.services import organization_create
from shequ.core.testing import assert_constant_queries

pytestmark = pytest.mark.django_db

TODAY = date.today()
VIEW_PERM = Perm.COMMUNITY_ORG_VIEW


def dance():
    return CommunityOrganization.objects.get(name="东岭社区夕阳红舞蹈队")


def mutual_aid():
    return CommunityOrganization.objects.get(name="西岭社区邻里互助会")


def test_the_list_shows_the_organizations_in_reach_with_filters(client_as):
    page = client_as("worker_a", "en").get("/community-organizations/").content.decode()
    assert "东岭社区夕阳红舞蹈队" in page and "西岭社区邻里互助会" not in page
    street = client_as("street", "en")
    page = street.get("/community-organizations/").content.decode()
    assert "东岭社区夕阳红舞蹈队" in page and "西岭社区邻里互助会" in page
    assert "新发社区邻里调解队" not in page  # another district
    page = street.get("/community-organizations/", {"stage": "incubation"}).content.decode()
    assert "东岭社区夕阳红舞蹈队" in page and "西岭社区邻里互助会" not in page
    page = street.get("/community-organizations/", {"type": "charity"}).content.decode()
    assert "东岭社区夕阳红舞蹈队" not in page and "西岭社区邻里互助会" in page
    page = street.get("/community-organizations/", {"status": "filed"}).content.decode()
    assert "东岭社区夕阳红舞蹈队" not in page and "西岭社区邻里互助会" in page
    assert client_as("volunteer").get("/community-organizations/").status_code == 404


def test_the_list_runs_a_fixed_number_of_queries(client_as, world):
    client = client_as("street")

    def page():
        assert client.get("/community-organizations/").status_code == 200

    def grow():
        for i, key in enumerate(["community_a", "community_b"] * 3):
            organization_create(
                by=world.user("street"),
                division=world.division(key),
                name=f"测试组织{i}",
                org_type=OrgType.objects.get(code="other"),
                applied_on=TODAY,
            )

    assert_constant_queries(page, grow)


def test_another_communitys_worker_gets_404_on_every_page(client_as):
    client = client_as("worker_b")
    org = dance()
    recognition = mutual_aid().recognitions.first()
    assert client.get(f"/community-organizations/{org.pk}/").status_code == 404
    assert (
        client.post(
            f"/community-organizations/{org.pk}/",
            {"action": "grant", "kind": "given", "amount": "1", "on": TODAY, "note": "x"},
        ).status_code
        == 404
    )
    assert client.get(f"/community-organizations/communities/{org.division_id}/").status_code == 404
    worker_a = client_as("worker_a")
    other = mutual_aid()
    assert worker_a.get(f"/community-organizations/{other.pk}/").status_code == 404
    assert (
        worker_a.get(
            f"/community-organizations/{other.pk}/recognitions/{recognition.pk}/document/"
        ).status_code
        == 404
    )
    assert org.grants.count() == 2


def test_register_an_application_from_the_page(client_as, world):
    client = client_as("worker_a", "en")
    assert client.get("/community-organizations/new/").status_code == 200
    data = {
        "community": world.division("community_a").code,
        "name": "东岭社区读书会",
        "org_type": OrgType.objects.get(code="culture_sports").pk,
        "applied_on": TODAY.isoformat(),
        "purpose": "共读",
        "incubator": world.org("agency").pk,
    }
    response = client.post("/community-organizations/new/", data)
    org = CommunityOrganization.objects.get(name="东岭社区读书会")
    assert response.status_code == 302 and response["Location"].endswith(f"/{org.pk}/")
    assert org.incubator == world.org("agency") and org.stage.code == "application"
    # the same name again: the message next to the name, what was typed kept
    response = client.post("/community-organizations/new/", data)
    page = response.content.decode()
    assert response.status_code == 200 and "has an organization with this name" in page
    assert 'value="东岭社区读书会"' in page
    # worker_b's form offers only 西岭
    page = client_as("worker_b").get("/community-organizations/new/").content.decode()
    assert world.division("community_b").code in page
    assert world.division("community_a").code not in page


def test_a_skip_is_refused_next_to_the_field_and_nothing_is_saved(client_as):
    org = dance()
    client = client_as("worker_a", "en")
    response = client.post(
        f"/community-organizations/{org.pk}/",
        {"action": "advance", "stage": "graduated", "moved_on": TODAY, "reason": "想跳过"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "from Incubation the next stage is Mature, not Graduated" in page
    assert 'value="想跳过"' in page  # what was typed is kept
    assert CommunityOrganization.objects.get(pk=org.pk).stage.code == "incubation"
    response = client.post(
        f"/community-organizations/{org.pk}/",
        {"action": "advance", "stage": "mature", "moved_on": TODAY, "reason": "能自主开展活动"},
    )
    assert response.status_code == 302
    page = client.get(f"/community-organizations/{org.pk}/").content.decode()
    assert "能自主开展活动" in page and org.moves.count() == 4


def test_overspending_is_refused_on_the_page(client_as):
    org = dance()
    client = client_as("worker_a", "en")
    response = client.post(
        f"/community-organizations/{org.pk}/",
        {"action": "grant", "kind": "spent", "amount": "3719.51", "on": TODAY, "note": "音响"},
    )
    assert response.status_code == 400
    assert "more than what remains of the grants given (3,719.50 yuan)" in (
        response.content.decode()
    )
    assert org.grants.count() == 2


def test_the_page_shows_the_capacity_trend_as_a_table_and_a_chart(client_as):
    page = client_as("worker_a", "en").get(f"/community-organizations/{dance().pk}/")
    html = page.content.decode()
    assert 'data-trend="capacity-data"' in html and 'id="capacity-data"' in html
    assert "vendor/echarts.min.js" in html
    assert "48.0" in html and "72.5" in html  # the two totals in the table
    assert "夕阳红广场舞展演" in html and "Given 5000.00 yuan, spent 1280.50 yuan" in html


def test_filing_shows_on_the_page_and_recognition_needs_civil_affairs(client_as, world):
    org = dance()
    client = client_as("worker_a", "en")
    assert "recognition" not in client.get(f"/community-organizations/{org.pk}/").context["forms"]
    response = client.post(
        f"/community-organizations/{org.pk}/",
        {"action": "status", "status": "filed", "on": TODAY, "filing_number": "自强备字9号"},
    )
    assert response.status_code == 302
    page = client.get(f"/community-organizations/{org.pk}/").content.decode()
    assert "filed with the street" in page and "自强备字9号" in page
    assert (
        client.post(
            f"/community-organizations/{org.pk}/",
            {"action": "recognition", "department": world.org("nanguan_bureau").pk},
        ).status_code
        == 404
    )  # not an action a community worker has
    district = client_as("district", "en")
    response = district.post(
        f"/community-organizations/{org.pk}/",
        {
            "action": "recognition",
            "department": world.org("nanguan_bureau").pk,
            "recognized_on": TODAY,
            "title": "典型社区社会组织",
            "document_number": "南民发〔2026〕30号",
            "file": SimpleUploadedFile("doc.pdf", b"%PDF-1.4 x", content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    recognition = org.recognitions.get()
    download = client.get(
        f"/community-organizations/{org.pk}/recognitions/{recognition.pk}/document/"
    )
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")


def test_the_community_page_counts_per_thousand_residents_against_the_target(client_as, world):
    from shequ.residents.models import Resident

    community = world.division("community_a")
    residents = Resident.objects.filter(division=community, merged_into__isnull=True).count()
    client = client_as("worker_a", "en")
    response = client.get(f"/community-organizations/communities/{community.code}/")
    f = response.context["f"]
    assert f.organizations == 1 and f.residents == residents and f.kind == "urban"
    assert f.target == 10 and f.gap == 9
    assert str(round(1000 / residents, 1)) in response.content.decode()
    # recorded as rural: the target becomes 5
    client.post(f"/community-organizations/communities/{community.code}/", {"kind": "rural"})
    assert CommunityArea.objects.get(community=community).kind == "rural"
    f = client.get(f"/community-organizations/communities/{community.code}/").context["f"]
    assert f.target == 5 and f.gap == 4 and f.kind_recorded
    # the overview lists the communities of the street
    page = client_as("street", "en").get("/community-organizations/communities/")
    codes = [row.community.code for row in page.context["figures"]]
    assert community.code in codes and world.division("community_b").code in codes
    assert world.division("xinfa").code not in codes


def test_the_statistics_open_the_organizations_only_to_who_may_see_them(client_as):
    """A teacher sees the figures of the district but not the organizations behind them
    (no community_org.view); a district officer opens them."""
    from shequ.figures.registry import FIGURES

    url = f"/stats/records/community_orgs/?division=220102000000&period={TODAY.year}"
    assert FIGURES["community_orgs"].drill_permissions == (Perm.COMMUNITY_ORG_VIEW,)
    assert client_as("teacher").get(url).status_code == 404
    response = client_as("district", "en").get(url)
    assert response.status_code == 200 and "东岭社区夕阳红舞蹈队" in response.content.decode()


def test_the_page_lists_only_the_activities_the_user_may_see(client_as, world):
    """The activities are the service-delivery app's and keep its access rule: someone who
    may see the organization but not the activities (no project.view) sees none of them."""
    from shequ.accounts.models import Permission, Role, RoleGrant, User

    role = Role.objects.create(code="org_watcher", name="社会组织观察员")
    role.permissions.set(Permission.objects.filter(code__in=[Perm.DIVISION_VIEW, VIEW_PERM]))
    community = world.division("community_a")
    watcher = User.objects.create(username="org_watcher", full_name="观察员", division=community)
    RoleGrant.objects.create(user=watcher, role=role, division=community)
    page = client_as("org_watcher", "en").get(f"/community-organizations/{dance().pk}/")
    assert page.status_code == 200 and "东岭社区夕阳红舞蹈队" in page.content.decode()
    assert list(page.context["activities"]) == []
    assert "夕阳红广场舞展演" not in page.content.decode()
    page = client_as("worker_a", "en").get(f"/community-organizations/{dance().pk}/")
    assert [a.theme for a in page.context["activities"]] == ["夕阳红广场舞展演"]
    assert page.context["activities"][0].participant_count == 4
