"""The outbox: a notification and its deliveries are written with the event, sent after the
commit to a real SMTP server and a real HTTP server standing for the SMS provider, retried with
backoff (each attempt recorded), held through quiet hours, gathered into a daily digest; and a
rolled-back event sends nothing."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from shequ.notifications.models import (
    Delivery,
    DeliveryAttempt,
    DeliveryStatus,
    Notification,
    Preference,
    Schedule,
)
from shequ.notifications.services import digest_send, notify, send_due
from shequ.notifications.tests.conftest import CHILD, SEEN

pytestmark = [pytest.mark.django_db]


def reachable(user, email="director@example.cn", phone="13900000001"):
    user.email, user.phone = email, phone
    user.save(update_fields=["email", "phone"])
    return user


def local(day, hour, minute=0):
    return timezone.make_aware(datetime(2026, 12, day, hour, minute))


def test_a_report_reaches_the_director_by_email_and_sms_with_only_a_reference(
    world, file_report, smtp_server, sms_server, django_capture_on_commit_callbacks
):
    director = reachable(world.user("director_a"))
    with django_capture_on_commit_callbacks(execute=True):
        report = file_report()
    mine = Notification.objects.get(
        recipient=director, kind="report_filed", reference=f"BG-{report.pk}"
    )
    assert mine.read_at is None and mine.link == f"/protection/reports/{report.pk}/"
    assert CHILD not in mine.title and SEEN not in mine.title

    [mail] = smtp_server.messages
    assert mail["to"] == ["director@example.cn"]
    assert f"BG-{report.pk}" in mail["subject"] + mail["body"]
    assert f"/protection/reports/{report.pk}/" in mail["body"]
    [sms] = sms_server.received
    assert sms["to"] == "13900000001"
    assert sms["authorization"] == "Bearer test-provider-key"
    assert f"BG-{report.pk}" in sms["text"] and f"/protection/reports/{report.pk}/" in sms["text"]
    for outside in (mail["subject"], mail["body"], sms["text"], str(sms["params"])):
        assert CHILD not in outside and "淤青" not in outside and "被打" not in outside

    deliveries = Delivery.objects.filter(notification=mine)
    assert {d.channel: d.status for d in deliveries} == {"email": "sent", "sms": "sent"}
    assert [a.ok for a in DeliveryAttempt.objects.filter(delivery__notification=mine)] == [
        True,
        True,
    ]


def test_a_rolled_back_event_sends_nothing(
    world, file_report, smtp_server, sms_server, django_capture_on_commit_callbacks
):
    reachable(world.user("director_a"))
    notifications, deliveries = Notification.objects.count(), Delivery.objects.count()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        file_report()
        raise RuntimeError("the rest of the change failed")
    assert callbacks == []
    assert Notification.objects.count() == notifications
    assert Delivery.objects.count() == deliveries
    assert smtp_server.messages == [] and sms_server.received == []


def test_a_failed_send_is_retried_with_backoff_and_every_attempt_recorded(
    world, file_report, sms_server, django_capture_on_commit_callbacks
):
    director = reachable(world.user("director_a"))
    Preference.objects.create(user=director, kind="report_filed", email=False, sms=True)
    sms_server.answers = [500, 503]
    with django_capture_on_commit_callbacks(execute=True):
        report = file_report()
    delivery = Delivery.objects.get(
        notification__recipient=director, notification__reference=f"BG-{report.pk}"
    )
    assert delivery.channel == "sms"
    assert (delivery.status, delivery.attempts) == ("pending", 1)
    assert "500" in delivery.last_error
    first_retry = delivery.next_attempt_at
    assert timedelta(seconds=55) < first_retry - timezone.now() <= timedelta(seconds=60)

    send_due(first_retry - timedelta(seconds=1))  # not yet: nothing tried
    delivery.refresh_from_db()
    assert delivery.attempts == 1
    send_due(first_retry)  # the provider fails again (503): the wait doubles
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("pending", 2)
    assert delivery.next_attempt_at - first_retry == timedelta(seconds=120)
    send_due(delivery.next_attempt_at)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("sent", 3)
    attempts = list(DeliveryAttempt.objects.filter(delivery=delivery))
    assert [a.ok for a in attempts] == [False, False, True]
    assert "500" in attempts[0].error and "503" in attempts[1].error
    assert len(sms_server.received) == 3
    send_due(delivery.next_attempt_at + timedelta(hours=1))  # sent once: never again
    assert len(sms_server.received) == 3


def test_an_unreachable_smtp_server_is_a_recorded_failure_not_an_error(
    world, file_report, settings, django_capture_on_commit_callbacks
):
    director = reachable(world.user("director_a"), phone="")
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    with django_capture_on_commit_callbacks(execute=True):
        report = file_report()
    delivery = Delivery.objects.get(
        notification__recipient=director, notification__reference=f"BG-{report.pk}"
    )
    assert (delivery.status, delivery.attempts) == ("pending", 1)
    assert delivery.last_error.startswith("e-mail:")


def test_quiet_hours_hold_a_delivery_until_they_end_but_not_an_urgent_one(
    world, file_report, smtp_server, django_capture_on_commit_callbacks
):
    director = reachable(world.user("director_a"), phone="")
    Schedule.objects.create(user=director, quiet_start=time(22, 0), quiet_end=time(7, 0))
    late = local(8, 23, 30)
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            recipients=[director], kind="closure_requested", title="t", reference="GA-1", now=late
        )
    delivery = Delivery.objects.get(notification__reference="GA-1")
    assert delivery.next_attempt_at == local(9, 7, 0)
    assert smtp_server.messages == []
    send_due(local(9, 6, 59))
    assert smtp_server.messages == []
    send_due(local(9, 7, 0))
    assert len(smtp_server.messages) == 1

    # now, in quiet hours around the present: an overdue report does not wait, the rest does
    present = timezone.localtime().replace(second=0, microsecond=0)
    Schedule.objects.filter(user=director).update(
        quiet_start=(present - timedelta(hours=1)).time(),
        quiet_end=(present + timedelta(hours=1)).time(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[director], kind="report_overdue", title="t", reference="BG-1")
        notify(recipients=[director], kind="closure_requested", title="t", reference="GA-2")
    assert ["BG-1" in m["subject"] for m in smtp_server.messages[1:]] == [True]
    held = Delivery.objects.get(notification__reference="GA-2")
    assert held.status == "pending" and held.next_attempt_at == present + timedelta(hours=1)


def test_the_daily_digest_gathers_the_emails_into_one_a_day(
    world, file_report, smtp_server, django_capture_on_commit_callbacks
):
    worker = reachable(world.user("worker_a"), email="worker@example.cn", phone="")
    Schedule.objects.create(user=worker, digest=True, digest_hour=8)
    for week in ("11-30", "12-07"):
        with django_capture_on_commit_callbacks(execute=True):
            notify(
                recipients=[worker],
                kind="journal_submitted",
                title=f"journal of {week}",
                reference=f"SX-{week}",
                now=local(8, 6),
            )
    assert smtp_server.messages == []
    assert (
        Delivery.objects.filter(
            notification__recipient=worker, status=DeliveryStatus.DIGEST
        ).count()
        == 2
    )
    assert digest_send(local(8, 7, 30)) == 0  # before the hour
    assert digest_send(local(8, 8, 5)) == 1
    [mail] = smtp_server.messages
    assert "journal of 11-30" in mail["body"] and "journal of 12-07" in mail["body"]
    assert digest_send(local(8, 9, 0)) == 0  # once a day
    assert len(smtp_server.messages) == 1
    assert not Delivery.objects.filter(
        notification__recipient=worker, status=DeliveryStatus.DIGEST
    ).exists()


def test_the_channels_follow_the_users_choice(
    world, file_report, django_capture_on_commit_callbacks
):
    director = reachable(world.user("director_a"))
    Preference.objects.create(user=director, kind="report_filed", email=False, sms=False)
    with django_capture_on_commit_callbacks(execute=True):
        report = file_report()
    mine = Notification.objects.get(recipient=director, reference=f"BG-{report.pk}")
    assert not mine.deliveries.exists()  # in the application only
