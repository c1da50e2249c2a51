"""A household is joined without a record number: from the household's page (the member
chosen with the picker) or from the resident's page (the household chosen by its number, its
address or a member's name); an id outside the worker's reach is refused as a form error."""

import pytest

from shequ.residents.models import Household, Resident

pytestmark = pytest.mark.django_db

A, B = "220102001001", "220102001002"


def loner(code):
    return Resident.objects.filter(
        division_id=code, household__isnull=True, merged_into__isnull=True
    ).earliest("pk")


def household_of(code):
    return Household.objects.filter(division_id=code).earliest("pk")


def test_the_residents_page_offers_to_add_them_to_a_household(client_as):
    person = loner(A)
    html = client_as("worker_a").get(f"/residents/{person.pk}/").content.decode()
    assert 'data-testid="join-household"' in html and 'role="combobox"' in html
    assert "/pick/household/?within=" + A in html
    assert "Resident record number" not in html and "居民档案编号" not in html


def test_a_resident_joins_a_household_from_their_page(client_as):
    person, household = loner(A), household_of(A)
    response = client_as("worker_a").post(
        f"/residents/{person.pk}/household/", {"household": household.pk, "relation": "child"}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.household_id == household.pk and person.relation_to_head == "child"
    page = client_as("worker_a").get(f"/residents/{person.pk}/").content.decode()
    assert household.number in page


def test_a_household_of_another_community_is_refused_as_a_form_error(client_as):
    person = loner(A)
    response = client_as("worker_a").post(
        f"/residents/{person.pk}/household/",
        {"household": household_of(B).pk, "relation": "child"},
    )
    assert response.status_code == 400
    assert "Choose from the list" in response.content.decode() or "从列表" in (
        response.content.decode()
    )
    person.refresh_from_db()
    assert person.household_id is None


def test_only_who_manages_the_person_may_add_them(client_as):
    person = loner(A)
    url = f"/residents/{person.pk}/household/"
    data = {"household": household_of(A).pk, "relation": "child"}
    assert client_as("worker_b").post(url, data).status_code == 404
    assert client_as("volunteer").post(url, data).status_code in (403, 404)
    person.refresh_from_db()
    assert person.household_id is None


def test_the_households_page_adds_a_member_chosen_with_the_picker(client_as):
    person, household = loner(A), household_of(A)
    url = f"/residents/households/{household.pk}/"
    page = client_as("worker_a").get(url).content.decode()
    assert "/pick/resident/?within=" + A in page
    response = client_as("worker_a").post(
        url, {"action": "add", "resident": person.pk, "relation": "spouse"}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.household_id == household.pk


def test_the_households_page_refuses_a_person_out_of_reach(client_as):
    household = household_of(A)
    stranger = loner(B)
    response = client_as("worker_a").post(
        f"/residents/households/{household.pk}/",
        {"action": "add", "resident": stranger.pk, "relation": "spouse"},
    )
    assert response.status_code == 400  # the page again, with the error next to the field
    assert 'class="errorlist' in response.content.decode()
    stranger.refresh_from_db()
    assert stranger.household_id is None
