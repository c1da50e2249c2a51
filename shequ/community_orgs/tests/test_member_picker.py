"""A community organization's member is chosen with the picker among the residents of its
community: a resident of another community is a form error (400), nothing is added."""

from datetime import date

import pytest

from shequ.community_orgs.models import CommunityOrganization
from shequ.residents.models import Resident

pytestmark = pytest.mark.django_db

A, B = "220102001001", "220102001002"


def dance():
    return CommunityOrganization.objects.get(name="东岭社区夕阳红舞蹈队")


def newcomer(org, code):
    return (
        Resident.objects.filter(division_id=code, merged_into__isnull=True)
        .exclude(pk__in=org.members.values("resident_id"))
        .earliest("pk")
    )


def post(client, org, resident):
    return client.post(
        f"/community-organizations/{org.pk}/",
        {
            "action": "member",
            "resident": resident.pk,
            "role": "member",
            "joined_on": date.today().isoformat(),
        },
    )


def test_a_member_is_added_from_the_picker(client_as):
    org = dance()
    page = client_as("worker_a").get(f"/community-organizations/{org.pk}/").content.decode()
    assert f"/pick/resident/?within={A}" in page
    person = newcomer(org, A)
    assert post(client_as("worker_a"), org, person).status_code == 302
    assert org.members.filter(resident=person).exists()


def test_a_resident_of_another_community_is_refused(client_as):
    org = dance()
    stranger = newcomer(org, B)
    response = post(client_as("worker_a"), org, stranger)  # out of reach
    assert response.status_code == 400
    assert not org.members.filter(resident=stranger).exists()
