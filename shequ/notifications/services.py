"""Every write of notifications. `notify` is called by the services of the other apps inside
their transaction: the notification and its deliveries are written with the event (a rolled-back
change leaves nothing to send) and sent after the commit (`deliver`, on Celery with retries and
backoff, or in the web process without a broker). `send_due` (cron, beat) picks up whatever a
crash, quiet hours or a backoff left; `digest_send` sends the daily digests."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, time, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.audit.services import audit_record
from shequ.core.errors import InvalidInput
from shequ.notifications.channels import SendFailed, outside_text, send_email, send_sms
from shequ.notifications.kinds import KINDS, kind_of
from shequ.notifications.models import (
    Channel,
    Delivery,
    DeliveryAttempt,
    DeliveryStatus,
    Notification,
    Preference,
    Schedule,
)

if TYPE_CHECKING:
    from shequ.accounts.models import User

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
BACKOFF_SECONDS = 60  # 1, 2, 4, 8 minutes between the tries


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=BACKOFF_SECONDS * 2 ** max(0, attempts - 1))


def quiet_until(schedule: Schedule | None, now: datetime) -> datetime | None:
    """The end of the quiet hours `now` falls in (local time), or None."""
    if schedule is None or schedule.quiet_start is None or schedule.quiet_end is None:
        return None
    start, end = schedule.quiet_start, schedule.quiet_end
    if start == end:
        return None
    local = timezone.localtime(now)
    moment = local.time()
    inside = start <= moment < end if start < end else (moment >= start or moment < end)
    if not inside:
        return None
    until = local.replace(hour=end.hour, minute=end.minute, second=0, microsecond=0)
    return until if until > local else until + timedelta(days=1)


def channels_for(user: User, kind: str, preference: Preference | None) -> list[tuple[str, str]]:
    """(channel, address) the user receives this kind on, outside the application."""
    default = kind_of(kind)
    email = preference.email if preference else default.email
    sms = preference.sms if preference else default.sms
    found = []
    if email and user.email:
        found.append((Channel.EMAIL.value, user.email))
    if sms and user.phone:
        found.append((Channel.SMS.value, user.phone))
    return found


def notify(
    *,
    recipients: Iterable[Any],
    kind: str,
    title: str,
    link: str = "",
    reference: str = "",
    key: str = "",
    now: datetime | None = None,
) -> list[Notification]:
    """Tell `recipients` (users) that something waits for them. Call it inside the event's
    transaction. With a `key`, a recipient who already has a notification of that key gets
    nothing new (escalation steps run again and again)."""
    spec = kind_of(kind)
    now = now or timezone.now()
    users = {u.pk: u for u in recipients if u is not None and u.is_active}
    if key and users:
        for done in Notification.objects.filter(key=key, recipient_id__in=users).values_list(
            "recipient_id", flat=True
        ):
            users.pop(done, None)
    if not users:
        return []
    preferences = {p.user_id: p for p in Preference.objects.filter(user_id__in=users, kind=kind)}
    schedules = {s.user_id: s for s in Schedule.objects.filter(user_id__in=users)}
    made: list[Notification] = []
    due: list[int] = []
    with transaction.atomic():
        for user in users.values():
            notification = Notification.objects.create(
                recipient=user,
                kind=kind,
                title=title[:200],
                link=link[:300],
                reference=reference[:40],
                key=key[:120],
                created_at=now,
            )
            made.append(notification)
            schedule = schedules.get(user.pk)
            for channel, _address in channels_for(user, kind, preferences.get(user.pk)):
                status, at = DeliveryStatus.PENDING, now
                if not spec.urgent:
                    if channel == Channel.EMAIL and schedule is not None and schedule.digest:
                        status = DeliveryStatus.DIGEST
                    else:
                        at = quiet_until(schedule, now) or now
                delivery = Delivery.objects.create(
                    notification=notification, channel=channel, status=status, next_attempt_at=at
                )
                if status == DeliveryStatus.PENDING and at <= now:
                    due.append(delivery.pk)
        if due:
            transaction.on_commit(partial(dispatch, due))
    return made


def dispatch(delivery_ids: list[int]) -> None:
    """After the commit: each delivery on a Celery worker, or in the web process."""
    from shequ.core.background import run_in_background
    from shequ.notifications.tasks import deliver_task

    for pk in delivery_ids:
        try:
            run_in_background(deliver_task, pk, name="notification")
        except Exception:  # the event is committed; `send_due` sends it later
            log.exception("notification delivery %s could not start", pk)


def deliver(pk: int, now: datetime | None = None) -> timedelta | None:
    """Try one delivery once, recording the attempt. Returns the wait before the next try when
    it failed and will be tried again, otherwise None."""
    now = now or timezone.now()
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(of=("self",))
            .select_related("notification__recipient")
            .filter(pk=pk)
            .first()
        )
        if delivery is None or delivery.status != DeliveryStatus.PENDING:
            return None
        if delivery.next_attempt_at > now:
            return None
        notification = delivery.notification
        user = notification.recipient
        error = ""
        try:
            if delivery.channel == Channel.EMAIL:
                if not user.email:
                    raise SendFailed("no e-mail address")
                send_email(user.email, *outside_text(notification))
            else:
                if not user.phone:
                    raise SendFailed("no phone number")
                send_sms(user.phone, notification)
        except SendFailed as exc:
            error = str(exc)[:300] or "failed"
        delivery.attempts += 1
        DeliveryAttempt.objects.create(delivery=delivery, at=now, ok=not error, error=error)
        wait = None
        if not error:
            delivery.status = DeliveryStatus.SENT
            delivery.sent_at = now
            delivery.last_error = ""
        else:
            delivery.last_error = error
            if delivery.attempts >= MAX_ATTEMPTS:
                delivery.status = DeliveryStatus.FAILED
            else:
                wait = backoff(delivery.attempts)
                delivery.next_attempt_at = now + wait
        delivery.save()
    return wait


def send_due(now: datetime | None = None) -> dict[str, int]:
    """Send every pending delivery whose time has come (after a crash, quiet hours, a backoff)."""
    now = now or timezone.now()
    ids = list(
        Delivery.objects.filter(
            status=DeliveryStatus.PENDING, next_attempt_at__lte=now
        ).values_list("pk", flat=True)[:1000]
    )
    sent = failed = 0
    for pk in ids:
        deliver(pk, now)
        status = Delivery.objects.filter(pk=pk).values_list("status", flat=True).first()
        sent += status == DeliveryStatus.SENT
        failed += status != DeliveryStatus.SENT
    return {"sent": sent, "failed": failed}


def _digest_due(schedule: Schedule | None, now: datetime) -> bool:
    if schedule is None or not schedule.digest:
        return True  # the digest was turned off: what waits goes now
    local = timezone.localtime(now)
    return schedule.digest_sent_on != local.date() and local.hour >= schedule.digest_hour


def digest_send(now: datetime | None = None) -> int:
    """One e-mail a day per user with every notification gathered for the digest; once a day
    (running it twice sends nothing twice). Returns the number of e-mails sent."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    user_ids = set(
        Delivery.objects.filter(status=DeliveryStatus.DIGEST).values_list(
            "notification__recipient_id", flat=True
        )
    )
    schedules = {s.user_id: s for s in Schedule.objects.filter(user_id__in=user_ids)}
    sent = 0
    for user_id in sorted(user_ids):
        schedule = schedules.get(user_id)
        if not _digest_due(schedule, now):
            continue
        with transaction.atomic():
            waiting = list(
                Delivery.objects.select_for_update(of=("self",))
                .filter(status=DeliveryStatus.DIGEST, notification__recipient_id=user_id)
                .select_related("notification__recipient")
                .order_by("notification__created_at", "pk")
            )
            if not waiting:
                continue
            user = waiting[0].notification.recipient
            parts = [outside_text(d.notification) for d in waiting]
            subject = _("Shequ: %(count)s new items for you") % {"count": len(waiting)}
            body = "\n\n".join(part_body for _subject, part_body in parts)
            error = ""
            try:
                if not user.email:
                    raise SendFailed("no e-mail address")
                send_email(user.email, subject, body)
            except SendFailed as exc:
                error = str(exc)[:300] or "failed"
            for delivery in waiting:
                delivery.attempts += 1
                DeliveryAttempt.objects.create(delivery=delivery, at=now, ok=not error, error=error)
                if not error:
                    delivery.status = DeliveryStatus.SENT
                    delivery.sent_at = now
                elif delivery.attempts >= MAX_ATTEMPTS:
                    delivery.status = DeliveryStatus.FAILED
                delivery.last_error = error
                delivery.save()
            if not error:
                sent += 1
                if schedule is not None:
                    schedule.digest_sent_on = today
                    schedule.save(update_fields=["digest_sent_on"])
    return sent


# -- the recipient's own actions ------------------------------------------------------------


def notification_read(*, by: User, notification: Notification) -> Notification:
    if notification.recipient_id != by.pk:  # the selector already refused; never trust a caller
        raise InvalidInput(_("Not your notification."), field="id")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_read_all(*, by: User) -> int:
    return Notification.objects.filter(recipient_id=by.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def _parse_time(value: Any, field: str) -> time | None:
    if value in (None, ""):
        return None
    if isinstance(value, time):
        return value
    try:
        return time.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput(_("Give a time as HH:MM."), field=field) from None


def preferences_update(
    *,
    by: User,
    kinds: dict[str, dict[str, bool]],
    quiet_start: Any = None,
    quiet_end: Any = None,
    digest: bool = False,
    digest_hour: int = 8,
) -> None:
    """The channels per kind, quiet hours and the daily digest of the user themself."""
    unknown = sorted(set(kinds) - set(KINDS))
    if unknown:
        raise InvalidInput(
            _("Unknown kind of notification: %(kind)s") % {"kind": ", ".join(unknown)},
            field="kinds",
        )
    start = _parse_time(quiet_start, "quiet_start")
    end = _parse_time(quiet_end, "quiet_end")
    if (start is None) != (end is None):
        raise InvalidInput(_("Give both ends of the quiet hours, or neither."), field="quiet_end")
    if start is not None and start == end:
        raise InvalidInput(_("The quiet hours start and end at the same time."), field="quiet_end")
    if not 0 <= int(digest_hour) <= 23:
        raise InvalidInput(_("The digest hour is between 0 and 23."), field="digest_hour")
    with transaction.atomic():
        for kind, channels in kinds.items():
            Preference.objects.update_or_create(
                user=by,
                kind=kind,
                defaults={
                    "email": bool(channels.get("email")),
                    "sms": bool(channels.get("sms")),
                },
            )
        Schedule.objects.update_or_create(
            user=by,
            defaults={
                "quiet_start": start,
                "quiet_end": end,
                "digest": bool(digest),
                "digest_hour": int(digest_hour),
            },
        )
        audit_record(actor=by, action="notifications.preferences", obj=by)
