"""In Chromium, on a phone: a worker corrects and deletes a mistaken service record from the
resident's page; another community asks for a person registered elsewhere and the person's
community approves the move."""

from datetime import date, timedelta

import pytest

from shequ.accounts.models import User
from shequ.delivery.models import ServiceRecord
from shequ.delivery.services import record_create
from shequ.divisions.models import Division
from shequ.residents.models import Resident, ResidentTransfer
from shequ.residents.services import resident_identifiers

pytestmark = pytest.mark.browser

A, B = "220102001001", "220102001002"


def test_correct_then_delete_a_record_from_the_residents_page(phone_page, login):
    page = phone_page
    page.on("dialog", lambda dialog: dialog.accept())
    worker = User.objects.get(username="worker_a")
    person = Resident.objects.filter(merged_into__isnull=True, division_id=A).earliest("pk")
    record = record_create(
        by=worker,
        division=Division.objects.get(code=A),
        method="activity",
        served_on=date.today() - timedelta(days=2),
        duration_minutes=40,
        resident=person,
    )
    login(page, "worker_a")
    page.goto(f"/residents/{person.pk}/")
    page.locator("#records").get_by_role("link", name=record.served_on.isoformat()).first.click()
    page.wait_for_url(f"**/delivery/records/{record.pk}/")
    form = page.locator("[data-testid=record-edit]")
    form.locator("[name=duration_minutes]").fill("90")
    form.locator("[name=reason]").fill("时长记错")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("text=已更正")
    record.refresh_from_db()
    assert record.duration_minutes == 90
    delete = page.locator("[data-testid=record-delete]")
    delete.locator("[name=reason]").fill("重复录入")
    delete.locator("button[type=submit]").click()
    page.wait_for_selector("text=已删除")
    assert not ServiceRecord.objects.filter(pk=record.pk).exists()


def test_ask_for_a_person_registered_elsewhere_and_approve(phone_page, login):
    page = phone_page
    page.on("dialog", lambda dialog: dialog.accept())
    person = (
        Resident.objects.filter(merged_into__isnull=True, division_id=A, transfers__isnull=True)
        .exclude(id_number_hash="")
        .earliest("pk")
    )
    number = resident_identifiers(
        by=User.objects.get(username="worker_a"), resident=person, audit=False
    )["id_number"]
    login(page, "worker_b")
    page.goto("/residents/new/")
    page.select_option("#id_community", B)
    page.fill("#id_name", "新登记")
    page.fill("#id_id_number", number)
    page.select_option("#id_gender", person.gender)
    page.fill("#id_birth_date", person.birth_date.isoformat())
    page.check("#id_consent")
    page.click("[data-testid=save]")
    page.wait_for_selector("[data-testid=registered-elsewhere]")
    assert person.name not in page.content()
    page.locator("[data-testid=registered-elsewhere] a").click()
    page.wait_for_url("**/residents/transfers/**")
    assert page.input_value("#id_id_number") == number
    page.fill("#id_name", person.name)
    page.locator("[data-testid=transfer-request] button[type=submit]").click()
    page.wait_for_selector("text=申请已提交")
    transfer = ResidentTransfer.objects.get(resident=person, status="pending")

    login(page, "worker_a")
    page.goto("/residents/transfers/?status=pending")
    page.click(f"[data-testid=approve-{transfer.pk}]")
    page.wait_for_selector("text=已通过")
    person.refresh_from_db()
    assert person.division_id == B
