import pytest

from shequ.organizations.models import Organization

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_district_creates_and_updates_within_reach(api_as):
    client = api_as("district")
    status, org = client.post(
        "organizations",
        {"name": "东岭社区环保队", "kind": "self_organization", "division_code": "220102001001"},
    )
    assert status == 201 and org["division_name"] == "东岭社区"
    client.get(f"organizations/{org['id']}")  # its ETag goes back as If-Match
    status, org = client.patch(f"organizations/{org['id']}", {"contact_person": "王阿姨"})
    assert status == 200 and org["contact_person"] == "王阿姨"


def test_creating_outside_reach_is_404_on_the_division(api_as):
    status, _body = api_as("district").post(
        "organizations", {"name": "越界", "kind": "agency", "division_code": "220103001001"}
    )
    assert status == 404
    assert not Organization.objects.filter(name="越界").exists()


def test_a_worker_may_see_but_not_change_their_committee(api_as, world):
    org = world.org("community_a_committee")
    client = api_as("worker_a")
    assert client.get(f"organizations/{org.pk}")[0] == 200
    status, body = client.patch(f"organizations/{org.pk}", {"name": "改名"})
    assert status == 403 and body["code"] == "forbidden"


def test_worker_b_gets_404_on_worker_as_committee_for_read_and_write(api_as, world):
    org = world.org("community_a_committee")
    client = api_as("worker_b")
    assert client.get(f"organizations/{org.pk}")[0] == 404
    assert client.patch(f"organizations/{org.pk}", {"name": "改名"})[0] == 404


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": "甲", "kind": "agency", "division_code": "220102000000", "uscc": "123"}, "uscc"),
        (
            {
                "name": "乙",
                "kind": "agency",
                "division_code": "220102000000",
                "uscc": "52220102MJ00000115",
            },
            "uscc",
        ),
        ({"name": "丙", "kind": "nonsense", "division_code": "220102000000"}, "kind"),
        ({"name": "", "kind": "agency", "division_code": "220102000000"}, "name"),
        ({"name": "丁", "kind": "agency"}, "division_code"),
    ],
)
def test_bad_input_is_4xx_on_its_field(api_as, payload, field):
    status, body = api_as("district").post("organizations", payload)
    assert status in (400, 422)
    assert body["field"] == field


def test_duplicate_is_409(api_as, world):
    status, body = api_as("district").post(
        "organizations",
        {"name": world.org("agency").name, "kind": "agency", "division_code": "220102000000"},
    )
    assert status == 409 and body["field"] == "name"


def test_filters(api_as):
    status, body = api_as("district").get("organizations", {"kind": "civil_affairs"})
    assert status == 200
    assert {o["name"] for o in body["items"]} == {"南关区民政局"}
    status, body = api_as("district").get("organizations", {"under": "220102001002"})
    assert {o["division_code"] for o in body["items"]} == {"220102001002"}
