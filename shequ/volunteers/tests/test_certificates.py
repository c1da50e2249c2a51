"""The certificate of service record: issued by the organization that recorded the hours, a
PDF whose text (in Chinese) holds the volunteer's name and hours, and a public check that shows
nothing beyond validity and hours."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from shequ.core.errors import Forbidden, InvalidInput
from shequ.core.testing import latin_words, pdf_qr_payload_is
from shequ.volunteers.certificates import certificate_issue
from shequ.volunteers.models import Volunteer
from shequ.volunteers.services import (
    activity_open,
    check_code,
    check_in,
    check_out,
    hours_confirm,
    sign_up,
    sign_up_decide,
)
from shequ.volunteers.tests.test_services import make_activity, register

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def served(world):
    organizer, person = world.user("worker_a"), world.user("volunteer")
    volunteer = register(world)
    Volunteer.objects.filter(user=person).update(user=None)  # the demo's own volunteer
    volunteer.user = person
    volunteer.save()
    activity = make_activity(world)
    activity_open(by=organizer, activity=activity)
    signup = sign_up(by=person, activity=activity, volunteer=volunteer)
    sign_up_decide(by=organizer, signup=signup, approve=True)
    now = timezone.now()
    check_in(by=person, signup=signup, code=check_code(activity, now), at=now)
    later = now + timedelta(hours=1, minutes=30)
    check_out(by=person, signup=signup, code=check_code(activity, later), at=later)
    hours_confirm(by=organizer, signup=signup)
    return volunteer


def text_of(pdf: bytes) -> str:
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text().replace("\x00", "")
    return "".join(text.split())  # the extraction puts separators between the characters


def test_the_certificate_pdf_holds_the_name_and_hours_in_chinese(client_as, world, served):
    with pytest.raises(Forbidden):  # not a person of the issuing organization
        certificate_issue(
            by=world.user("worker_b"),
            volunteer=served,
            organization=world.org("community_a_committee"),
            person_in_charge="负责人",
            contact="0431-1234567",
        )
    with pytest.raises(InvalidInput):  # an organization that recorded no hours
        certificate_issue(
            by=world.user("worker_b"),
            volunteer=served,
            organization=world.org("community_b_committee"),
            person_in_charge="负责人",
            contact="0431-1234567",
        )
    certificate = certificate_issue(
        by=world.user("worker_a"),
        volunteer=served,
        organization=world.org("community_a_committee"),
        person_in_charge="刘书记",
        contact="0431-88886666",
    )
    assert certificate.hours == 1.5
    response = client_as("volunteer").get(f"/volunteers/certificates/{certificate.number}.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = text_of(response.content)
    for expected in ("志愿服务记录证明", "赵志愿", "1.5小时", served.number, certificate.number):
        assert expected in text, expected
    # the issuer with the space for its seal, the service dates, the verification QR code
    issued = f"{certificate.issued_on:%Y年%m月%d日}"
    assert f"出具单位{certificate.organization.name}" in text and "（盖章）" in text
    assert "服务时间" in text and f"{timezone.localdate():%Y年%m月%d日}" in text and issued in text
    assert latin_words(text, (served.number, certificate.number)) == []
    verify = f"http://testserver/volunteers/verify/?number={certificate.number}"
    assert pdf_qr_payload_is(response.content, verify)
    english = client_as("volunteer", language="en")
    pdf_in_english = english.get(f"/volunteers/certificates/{certificate.number}.pdf").content
    assert latin_words(text_of(pdf_in_english), (served.number, certificate.number)) == []
    assert served.id_number_masked.replace(" ", "") in text
    assert (
        client_as("worker_b").get(f"/volunteers/certificates/{certificate.number}.pdf").status_code
        == 404
    )
    assert (
        client_as("worker_a").get(f"/volunteers/certificates/{certificate.number}.pdf").status_code
        == 200
    )


def test_no_hours_no_certificate(world):
    volunteer = register(world)
    with pytest.raises(InvalidInput):
        certificate_issue(
            by=world.user("worker_a"),
            volunteer=volunteer,
            organization=world.org("community_a_committee"),
            person_in_charge="刘书记",
            contact="0431-88886666",
        )


def test_the_public_check_reveals_only_validity_and_hours(client, world, served):
    certificate = certificate_issue(
        by=world.user("worker_a"),
        volunteer=served,
        organization=world.org("community_a_committee"),
        person_in_charge="刘书记",
        contact="0431-88886666",
    )
    client.cookies["django_language"] = "en"
    page = client.get(
        "/volunteers/verify/", {"number": certificate.number.lower()}
    ).content.decode()
    assert "is valid: 1.5 hours" in page
    for secret in ("赵志愿", served.number, served.id_number_masked, "刘书记"):
        assert secret not in page
    assert (
        'data-testid="invalid"'
        in client.get("/volunteers/verify/", {"number": "ZY000"}).content.decode()
    )
