"""The scheduled monthly report of a district reaches its officers: an item on the workbench
of each and a notification (queued for e-mail where they receive it), once however often the
schedule runs; nobody outside the district's officers gets them."""

from datetime import date

import pytest

from shequ.accounts.models import Role, RoleGrant, User
from shequ.notifications.models import Notification
from shequ.stats import notifying
from shequ.stats.models import ReportStatus
from shequ.stats.schedule import request_monthly_reports
from shequ.workbench.registry import items_for

pytestmark = [pytest.mark.django_db]

NANGUAN = "220102000000"


def monthly_items(user):
    return [i.link for i in items_for(user) if i.kind == "stats.monthly_report"]


def test_the_monthly_report_reaches_every_officer_of_the_district(
    world, django_capture_on_commit_callbacks
):
    second = User.objects.create(
        username="officer_two", division_id=NANGUAN, email="two@example.org"
    )
    RoleGrant.objects.create(
        user=second, role=Role.objects.get(code="district_officer"), division_id=NANGUAN
    )
    with django_capture_on_commit_callbacks(execute=True):
        reports = request_monthly_reports(date(2026, 11, 1))
    report = next(r for r in reports if r.division_id == NANGUAN)
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE and report.requested_by != second
    link = f"/stats/reports/{report.pk}/"

    assert monthly_items(second) == [link]
    told = Notification.objects.get(recipient=second, reference=f"CX-{report.pk}")
    assert told.kind == "report_finished" and told.link == link and "南关区" in told.title
    assert list(told.deliveries.values_list("channel", flat=True)) == ["email"]
    # the officer it was requested for has it among their own reports, not twice
    requester = report.requested_by
    assert monthly_items(requester) == []
    assert [i.link for i in items_for(requester) if i.kind == "stats.report"] == [link]
    assert (
        Notification.objects.filter(recipient=requester, reference=f"CX-{report.pk}").count() == 1
    )

    # the schedule runs again, the outcome is told again: nothing new
    before = Notification.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        assert request_monthly_reports(date(2026, 11, 1)) == []
    notifying.report_finished(report, failed=False)
    assert Notification.objects.count() == before
    assert monthly_items(second) == [link]

    # a community worker of the district and the officer of another district get neither
    for outsider in (world.user("worker_a"), world.user("district_k")):
        assert link not in monthly_items(outsider)
        assert not Notification.objects.filter(recipient=outsider, reference=f"CX-{report.pk}")
