"""Reads of notifications: a user reaches their own, nothing else (another's answers 404)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from shequ.core.errors import NotFound
from shequ.notifications.kinds import KINDS
from shequ.notifications.models import Notification, Preference, Schedule

if TYPE_CHECKING:
    from shequ.accounts.models import User


def notification_list(*, user: User, unread: bool = False) -> Any:
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    qs = Notification.objects.filter(recipient_id=user.pk)
    if unread:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-id")


def notification_get(*, user: User, pk: Any) -> Notification:
    try:
        return notification_list(user=user).get(pk=int(pk))
    except (Notification.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


def unread_count(*, user: User) -> int:
    return notification_list(user=user, unread=True).count()


def preferences_of(*, user: User) -> dict[str, Any]:
    """Every kind with its channels (the kind's default where the user chose nothing), the
    quiet hours and the digest."""
    chosen = {p.kind: p for p in Preference.objects.filter(user_id=user.pk)}
    schedule = Schedule.objects.filter(user_id=user.pk).first()
    kinds = []
    for code, kind in KINDS.items():
        pref = chosen.get(code)
        kinds.append(
            {
                "kind": code,
                "label": str(kind.label),
                "protection": kind.protection,
                "email": pref.email if pref else kind.email,
                "sms": pref.sms if pref else kind.sms,
            }
        )
    return {
        "kinds": kinds,
        "quiet_start": schedule.quiet_start if schedule else None,
        "quiet_end": schedule.quiet_end if schedule else None,
        "digest": schedule.digest if schedule else False,
        "digest_hour": schedule.digest_hour if schedule else 8,
        "has_email": bool(user.email),
        "has_phone": bool(user.phone),
    }
