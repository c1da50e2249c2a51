"""Optimistic concurrency (issue 15, point 8): two people edit the same record; the second,
made on the older version, is refused (API 412, page conflict screen with both versions),
never silently applied over the first."""

from datetime import date, timedelta

import pytest

from shequ.core.concurrency import PreconditionFailed
from shequ.delivery.cases import case_advance, case_open
from shequ.organizations.models import Organization
from shequ.residents.models import Resident

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def a_resident():
    return Resident.objects.filter(merged_into__isnull=True, division_id="220102001001").earliest(
        "pk"
    )


@pytest.mark.parametrize("kind", ["residents", "organizations"])
def test_two_api_clients_the_second_gets_412_and_nothing_is_overwritten(api_as, world, kind):
    if kind == "residents":
        pk, users, field = a_resident().pk, ("worker_a", "worker_a"), "address"
    else:
        pk, users, field = (
            world.org("community_a_committee").pk,
            ("district", "district"),
            "address",
        )
    first, second = api_as(users[0]), api_as(users[1])
    path = f"{kind}/{pk}"
    status, body = first.get(path)
    tag = first.last_response["ETag"]
    assert status == 200 and tag == f'"v{body["version"]}"'
    second.get(path)
    status, body = first.patch(path, {field: "第一个人的地址"})
    assert status == 200 and first.last_response["ETag"] != tag
    status, body = second.patch(path, {field: "第二个人的地址"})
    assert status == 412 and body["code"] == "stale_version"
    status, body = second.patch(path, {field: "第二个人的地址"}, headers={})
    assert status == 428 and body["code"] == "precondition_required"
    status, body = second.patch(path, {field: "x"}, headers={"If-Match": "nonsense"})
    assert status == 412
    assert first.get(path)[1][field] == "第一个人的地址"
    # reading again gives the new ETag, and the change goes through
    second.get(path)
    assert second.patch(path, {field: "第二个人的地址"})[0] == 200


def test_the_page_shows_both_versions_instead_of_overwriting(client_as):
    resident = a_resident()
    one, two = client_as("worker_a", language="en"), client_as("worker_a", language="en")
    form_one = one.get(f"/residents/{resident.pk}/edit/").context["form"]
    one.get(f"/residents/{resident.pk}/edit/")
    data = {
        name: value
        for name, value in form_one.initial.items()
        if value not in (None, "") and not isinstance(value, list)
    }
    data.update({"birth_date": resident.birth_date.isoformat(), "version": str(resident.version)})
    assert (
        one.post(f"/residents/{resident.pk}/edit/", {**data, "address": "甲改的"}).status_code
        == 302
    )
    page = two.post(f"/residents/{resident.pk}/edit/", {**data, "address": "乙改的"})
    text = page.content.decode()
    assert page.status_code == 200 and 'data-testid="conflict"' in text
    assert "甲改的" in text and "乙改的" in text
    resident.refresh_from_db()
    assert resident.address == "甲改的"
    # saving again from the conflict screen (it carries the new version) applies it knowingly
    again = two.post(
        f"/residents/{resident.pk}/edit/",
        {**data, "address": "乙改的", "version": str(resident.version)},
    )
    assert again.status_code == 302
    resident.refresh_from_db()
    assert resident.address == "乙改的"


def test_the_organization_page_too(client_as, world):
    org = world.org("community_a_committee")
    client = client_as("district", language="en")
    data = {
        "name": org.name,
        "kind": org.kind,
        "division": org.division_id,
        "address": "新址一",
        "version": str(org.version),
    }
    assert client.post(f"/organizations/{org.pk}/edit/", data).status_code == 302
    page = client.post(f"/organizations/{org.pk}/edit/", {**data, "address": "新址二"})
    assert 'data-testid="conflict"' in page.content.decode()
    assert Organization.objects.get(pk=org.pk).address == "新址一"


def test_a_case_advanced_on_an_older_version_is_refused(world):
    case = case_open(
        by=world.user("worker_a"),
        client=a_resident(),
        presenting_problem="独居",
        opened_on=date.today() - timedelta(days=3),
    )
    seen = case.version
    case_advance(
        by=world.user("worker_a"), case=case, to_stage="assessment", text="评估", version=seen
    )
    with pytest.raises(PreconditionFailed):
        case_advance(
            by=world.user("worker_a"), case=case, to_stage="plan", text="计划", version=seen
        )
