"""The volunteer's own page: their activities, hours and certificates, and a request for a
certificate, refused while the organization has not confirmed the hours."""

import pytest

from shequ.core.errors import Conflict, Forbidden, InvalidInput
from shequ.volunteers.certificates import certificate_request
from shequ.volunteers.models import CertificateRequest
from shequ.volunteers.selectors import own_volunteer
from shequ.volunteers.services import hours_confirm
from shequ.volunteers.tests.test_hours import served

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_request_refused_for_unconfirmed_hours_then_issued(client_as, world):
    person = world.user("volunteer")
    me = own_volunteer(person)
    org_b = world.org("community_b_committee")
    signup = served(world, me, 2, community="b", confirm=False)
    with pytest.raises(InvalidInput) as info:
        certificate_request(by=person, volunteer=me, organization=org_b)
    assert info.value.code == "unconfirmed" and "not confirmed" in str(info.value.message)
    with pytest.raises(InvalidInput) as info:
        certificate_request(by=person, volunteer=me, organization=world.org("agency"))
    assert info.value.code == "no_hours"
    with pytest.raises(Forbidden):
        certificate_request(by=world.user("worker_a"), volunteer=me, organization=org_b)
    assert not CertificateRequest.objects.filter(volunteer=me).exists()  # nothing saved

    client = client_as("volunteer")
    client.cookies["django_language"] = "en"
    home = client.get("/volunteers/").content.decode()
    assert "西岭社区居民委员会" in home and 'data-testid="request-certificate"' in home
    form = {"action": "request_certificate", "organization": org_b.pk}
    response = client.post("/volunteers/", form, follow=True)
    assert "not confirmed your hours yet" in response.content.decode()
    assert not CertificateRequest.objects.filter(volunteer=me).exists()

    hours_confirm(by=world.user("worker_b"), signup=signup)
    response = client.post("/volunteers/", form, follow=True)
    assert "Your request is sent" in response.content.decode()
    with pytest.raises(Conflict):
        certificate_request(by=person, volunteer=me, organization=org_b)

    # the organizer of another community sees no request; 西岭's organizer issues it
    assert "certificate-requests" not in client_as("worker_a").get("/volunteers/").content.decode()
    pending = CertificateRequest.objects.get(volunteer=me)
    issue = {
        "action": "issue_request",
        "request": pending.pk,
        "person_in_charge": "赵书记",
        "contact": "0431-88880002",
    }
    assert client_as("worker_a").post("/volunteers/", issue).status_code == 404
    assert client_as("worker_b").post("/volunteers/", issue).status_code == 302
    pending.refresh_from_db()
    certificate = pending.certificate
    assert certificate is not None
    assert certificate.organization == org_b and certificate.hours == 2
    home = client.get("/volunteers/").content.decode()
    assert certificate.number in home and "waiting for the organization" not in home


def test_the_volunteer_page_shows_activities_hours_and_certificates(client_as, world):
    """The demo volunteer (刘洋): the supplies delivery, its confirmed hours, the certificate."""
    me = own_volunteer(world.user("volunteer"))
    certificate = me.certificates.get()
    client = client_as("volunteer")
    page = client.get("/volunteers/")
    text = page.content.decode()
    assert "疫情期间为居家老人配送生活物资" in text
    assert page.context["my_hours"] == certificate.hours == 3.5
    assert f"/volunteers/certificates/{certificate.number}.pdf" in text
    assert client.get(f"/volunteers/certificates/{certificate.number}.pdf").status_code == 200
    assert (
        client_as("worker_b").get(f"/volunteers/certificates/{certificate.number}.pdf").status_code
        == 404
    )


def test_request_api(api_as, world):
    me = own_volunteer(world.user("volunteer"))
    org_b = world.org("community_b_committee")
    signup = served(world, me, 2, community="b", confirm=False)
    status, body = api_as("volunteer").post(
        "volunteers/me/certificate-requests", {"organization_id": org_b.pk}
    )
    assert status == 400 and body["code"] == "unconfirmed"
    hours_confirm(by=world.user("worker_b"), signup=signup)
    status, body = api_as("volunteer").post(
        "volunteers/me/certificate-requests", {"organization_id": org_b.pk}
    )
    assert status == 201 and body["certificate_number"] is None
    status, _body = api_as("worker_b").post(
        "volunteers/me/certificate-requests", {"organization_id": org_b.pk}
    )
    assert status == 404  # worker_b is not a volunteer
