"""Role grants, accounts and organizations name their account, division and organization with
the picker: what it posts is accepted in reach, and anything else (out of reach, made up, a
typed code of another district) is a form error next to its field, never a 500."""

import pytest

from shequ.accounts.models import RoleGrant, User
from shequ.organizations.models import Organization

pytestmark = pytest.mark.django_db

A = "220102001001"
KUANCHENG = "220103000000"


def test_a_grant_form_has_pickers_not_typed_numbers(client_as):
    html = client_as("secadmin").get("/accounts/grants/").content.decode()
    for kind in ("user", "division", "organization"):
        assert f"/pick/{kind}/" in html
    assert "Organization ID" not in html and "组织编号" not in html


def test_a_grant_is_made_from_the_pickers_values(client_as, world):
    target = world.user("volunteer")
    # the system administrator reads organizations (the security administrator does not)
    response = client_as("sysadmin").post(
        "/accounts/grants/",
        {
            "user": target.pk,
            "role": "community_worker",
            "division": A,
            "organization": world.org("community_a_committee").pk,
        },
    )
    assert response.status_code == 302
    assert RoleGrant.objects.active().filter(user=target, role__code="community_worker").exists()


@pytest.mark.parametrize(
    ("field", "value"), [("user", "999999"), ("division", "999999999999"), ("organization", "x")]
)
def test_made_up_values_are_form_errors(client_as, world, field, value):
    data = {"user": world.user("volunteer").pk, "role": "community_worker", "division": A}
    before = RoleGrant.objects.count()
    response = client_as("secadmin").post("/accounts/grants/", {**data, field: value})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert RoleGrant.objects.count() == before


def test_an_organization_in_another_district_is_refused(client_as):
    response = client_as("district").post(
        "/organizations/new/", {"name": "外区机构", "kind": "agency", "division": KUANCHENG}
    )
    assert response.status_code == 200 and "division" in response.context["form"].errors
    assert not Organization.objects.filter(name="外区机构").exists()
    response = client_as("district").post(
        "/organizations/new/", {"name": "本区机构", "kind": "agency", "division": "220102000000"}
    )
    assert response.status_code == 302
    assert Organization.objects.get(name="本区机构").division_id == "220102000000"


def test_an_account_gets_its_home_division_from_the_picker(client_as):
    response = client_as("sysadmin").post(
        "/accounts/users/new/",
        {"username": "picked_home", "division": "not-a-code", "password": "Kx7#mQ2vLp"},
    )
    assert response.status_code == 200 and "division" in response.context["form"].errors
    response = client_as("sysadmin").post(
        "/accounts/users/new/",
        {"username": "picked_home", "division": A, "password": "Kx7#mQ2vLp"},
    )
    assert response.status_code == 302
    assert User.objects.get(username="picked_home").division_id == A


def test_a_chosen_value_is_shown_by_name_and_an_unreachable_one_not_at_all(client_as, world):
    """After a refused submit the picker shows the record chosen (by name, not its number);
    a value out of reach shows nothing about the record."""
    org = Organization.objects.filter(division__code__startswith="220103").first()
    response = client_as("district").post(
        "/organizations/new/", {"name": "", "kind": "agency", "division": "220102000000"}
    )
    html = response.content.decode()
    assert 'value="220102000000"' in html and world.division("nanguan").name in html
    response = client_as("district").post(
        "/organizations/new/", {"name": "", "kind": "agency", "division": org.division_id}
    )
    assert org.division.name not in response.content.decode().split("<main>")[1]
