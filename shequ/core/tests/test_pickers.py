"""The searchable picker (shequ/core/pickers.py): one endpoint for every kind of reference,
answering within the access rule, by characters, pinyin and initials, with what tells two
people of the same name apart."""

import pytest

from shequ.core.pinyin import name_keys
from shequ.residents.models import Resident

pytestmark = pytest.mark.django_db

A, B = "220102001001", "220102001002"


def pick(client, kind, q, **params):
    response = client.get(f"/pick/{kind}/", {"q": q, **params})
    assert response.status_code == 200
    return response.json()["results"]


def resident_of(code, household=True):
    return (
        Resident.objects.filter(division_id=code, merged_into__isnull=True)
        .exclude(household__isnull=household)
        .earliest("pk")
    )


def test_a_resident_is_found_by_characters_pinyin_and_initials(client_as):
    person = resident_of(A)
    client = client_as("worker_a")
    keys = sorted(name_keys(person.name), key=len)
    initials, full = keys[0], keys[-1]
    for q in (person.name, person.name[:1], full, initials.upper()):
        assert str(person.pk) in {r["value"] for r in pick(client, "resident", q)}, q


def test_a_result_tells_people_apart(client_as):
    person = resident_of(A)
    (found,) = [
        r
        for r in pick(client_as("worker_a"), "resident", person.name)
        if r["value"] == str(person.pk)
    ]
    assert found["label"] == person.name
    for part in (person.id_number_masked, f"{person.age} 岁", person.division.name):
        assert part in found["detail"]
    assert person.household.number in found["detail"]
    assert person.id_number_masked and "*" in person.id_number_masked


def test_a_worker_of_another_community_finds_nobody_there(client_as):
    person = resident_of(A)
    found = pick(client_as("worker_b"), "resident", person.name)
    assert str(person.pk) not in {r["value"] for r in found}
    assert all(A not in r["value"] for r in pick(client_as("worker_b"), "household", "0"))


def test_within_narrows_to_one_community(client_as):
    person = resident_of(B)
    client = client_as("street")  # reaches both communities
    assert str(person.pk) in {r["value"] for r in pick(client, "resident", person.name)}
    assert str(person.pk) not in {
        r["value"] for r in pick(client, "resident", person.name, within=A)
    }


def test_a_household_is_found_by_a_members_name(client_as):
    person = resident_of(A)
    found = pick(client_as("worker_a"), "household", person.name)
    assert str(person.household_id) in {r["value"] for r in found}


def test_a_division_is_found_by_name_at_any_level_and_by_pinyin(client_as, world):
    client = client_as("district")
    community = world.division("community_a")
    street = community.parent
    for division in (community, street):
        for q in (division.name[:2], sorted(name_keys(division.name), key=len)[0]):
            assert division.code in {r["value"] for r in pick(client, "division", q)}, q
    assert street.name in pick(client, "division", community.name)[0]["detail"]


def test_users_organizations_projects_and_cases_answer_in_reach(client_as, world):
    client = client_as("district")
    worker = world.user("worker_a")
    for q in (worker.username, worker.full_name, sorted(name_keys(worker.full_name), key=len)[0]):
        assert str(worker.pk) in {r["value"] for r in pick(client_as("sysadmin"), "user", q)}, q
    agency = world.org("agency")
    assert str(agency.pk) in {r["value"] for r in pick(client, "organization", agency.name[:2])}


def test_the_endpoint_refuses_what_it_does_not_know(client, client_as):
    assert client.get("/pick/resident/", {"q": "a"}).status_code == 302  # to the login
    assert client_as("worker_a").get("/pick/nothing/", {"q": "a"}).status_code == 404
    assert client_as("worker_a").post("/pick/resident/", {"q": "a"}).status_code == 405
    assert pick(client_as("worker_a"), "resident", "") == []
    assert pick(client_as("worker_a"), "resident", "x" * 500) == []


def test_a_role_that_reads_no_residents_gets_404(client_as):
    assert client_as("volunteer").get("/pick/resident/", {"q": "a"}).status_code == 404
