"""Transfers and corrections on the pages: a refused registration leads to a transfer request,
the sending community approves from its list, a person is moved out from their page, and a
service record is corrected and deleted from its page."""

from datetime import date, timedelta

import pytest

from shequ.delivery.models import ServiceRecord
from shequ.delivery.services import record_create
from shequ.residents.models import Resident, ResidentTransfer
from shequ.residents.tests.test_transfers import A, B, K, an_id
from shequ.residents.tests.test_transfers import moving as moving

pytestmark = [pytest.mark.django_db]


def test_a_refused_registration_leads_to_a_transfer_request_approved_by_the_other_side(
    client_as, moving
):
    worker_b = client_as("worker_b", language="zh-hans")
    response = worker_b.post(
        "/residents/new/",
        {
            "community": B,
            "name": "另一个",
            "gender": "F",
            "birth_date": "1975-03-02",
            "id_number": an_id(),
            "ethnicity": "汉族",
            "consent": "on",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and "已在其他社区登记" in page
    assert "迁居者" not in page and "东岭" not in page
    assert f"/residents/transfers/?id_number={an_id()}" in page and "迁入申请" in page

    response = worker_b.post(
        "/residents/transfers/",
        {"community": B, "id_number": an_id(), "name": "迁居者", "note": "已搬家"},
    )
    assert response.status_code == 302
    transfer = ResidentTransfer.objects.get(resident=moving)
    listing = worker_b.get("/residents/transfers/").content.decode()
    assert "审批通过后显示" in listing and "待审批" in listing
    assert (
        client_as("worker_k").post(f"/residents/transfers/{transfer.pk}/approve/").status_code
        == 404
    )
    worker_b.post(f"/residents/transfers/{transfer.pk}/approve/")
    transfer.refresh_from_db()
    assert transfer.status == "pending"  # the receiving side cannot approve

    worker_a = client_as("worker_a", language="zh-hans")
    assert f"approve-{transfer.pk}" in worker_a.get("/residents/transfers/").content.decode()
    worker_a.post(f"/residents/transfers/{transfer.pk}/approve/")
    moving.refresh_from_db()
    assert moving.division_id == B
    detail = worker_b.get(f"/residents/{moving.pk}/").content.decode()
    assert "东岭社区 → 西岭社区" in detail and "已通过" in detail
    assert client_as("worker_a").get(f"/residents/{moving.pk}/").status_code == 404


def test_moving_a_person_out_from_their_page(client_as, moving):
    worker_a = client_as("worker_a", language="zh-hans")
    page = worker_a.get(f"/residents/{moving.pk}/").content.decode()
    assert 'data-testid="move-out"' in page
    assert (
        client_as("worker_b")
        .post(f"/residents/{moving.pk}/move-out/", {"community": K})
        .status_code
        == 404
    )
    response = worker_a.post(f"/residents/{moving.pk}/move-out/", {"community": K, "note": ""})
    assert response.status_code == 302
    moving.refresh_from_db()
    assert moving.division_id == K


def test_a_record_is_corrected_and_deleted_from_its_page(client_as, world, moving):
    record = ServiceRecord.objects.get(resident=moving)
    assert client_as("worker_b").get(f"/delivery/records/{record.pk}/").status_code == 404
    worker_a = client_as("worker_a", language="zh-hans")
    # reachable from the resident's page and the list
    listing = worker_a.get("/delivery/records/", {"resident": moving.pk}, HTTP_HX_REQUEST="true")
    assert f"/delivery/records/{record.pk}/" in listing.content.decode()
    page = worker_a.get(f"/delivery/records/{record.pk}/").content.decode()
    assert 'data-testid="record-edit"' in page and 'data-testid="record-delete"' in page
    new_day = (date.today() - timedelta(days=3)).isoformat()
    form = {
        "action": "edit",
        "served_on": new_day,
        "duration_minutes": "75",
        "method": "activity",
        "project": "",
        "reason": "",
    }
    response = worker_a.post(f"/delivery/records/{record.pk}/", form)
    assert response.status_code == 200  # the reason is required; nothing saved
    record.refresh_from_db()
    assert record.duration_minutes == 60
    response = worker_a.post(f"/delivery/records/{record.pk}/", {**form, "reason": "记错了"})
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.served_on.isoformat(), record.duration_minutes) == (new_day, 75)
    response = worker_a.post(
        f"/delivery/records/{record.pk}/", {"action": "delete", "reason": "重复"}
    )
    assert response.status_code == 302
    assert not ServiceRecord.objects.filter(pk=record.pk).exists()


def test_a_record_recorded_by_someone_else_offers_no_correction(client_as, world):
    person = Resident.objects.filter(division_id=A, merged_into__isnull=True).first()
    record = record_create(
        by=world.user("agency"),
        division=world.division("community_a"),
        method="case",
        served_on=date.today() - timedelta(days=2),
        duration_minutes=30,
        resident=person,
    )
    page = client_as("worker_a").get(f"/delivery/records/{record.pk}/").content.decode()
    assert 'data-testid="record-edit"' not in page
    client_as("worker_a").post(
        f"/delivery/records/{record.pk}/", {"action": "delete", "reason": "x"}
    )
    assert ServiceRecord.objects.filter(pk=record.pk).exists()
