"""The notifications API: `GET /api/v1/notifications` (the caller's own, `?unread=true`),
`POST /api/v1/notifications/{id}/read`, `GET/PUT /api/v1/notifications/preferences`. Another
user's notification answers 404."""

from __future__ import annotations

from typing import Any

from ninja import Router

from shequ.access.signed_in import AuthedHttpRequest
from shequ.core.api import ERRORS, paginate
from shequ.notifications import services
from shequ.notifications.schemas import (
    NotificationOut,
    NotificationPageOut,
    PreferencesIn,
    PreferencesOut,
)
from shequ.notifications.selectors import (
    notification_get,
    notification_list,
    preferences_of,
    unread_count,
)

router = Router(tags=["notifications"])


@router.get(
    "/notifications",
    response={200: NotificationPageOut, **ERRORS},
    summary="My notifications, newest first (unread=true: only the unread)",
)
def list_notifications(
    request: AuthedHttpRequest, unread: bool = False, limit: int = 50, offset: int = 0
) -> Any:
    count, items, limit, offset = paginate(
        notification_list(user=request.user, unread=unread), limit, offset
    )
    return {
        "count": count,
        "unread": unread_count(user=request.user),
        "limit": limit,
        "offset": offset,
        "items": items,
    }


@router.post(
    "/notifications/{int:notification_id}/read",
    response={200: NotificationOut, **ERRORS},
    summary="Mark one of my notifications as read",
)
def read_notification(request: AuthedHttpRequest, notification_id: int) -> Any:
    notification = notification_get(user=request.user, pk=notification_id)
    return services.notification_read(by=request.user, notification=notification)


@router.get(
    "/notifications/preferences",
    response={200: PreferencesOut, **ERRORS},
    summary="My channels per kind, quiet hours and daily digest",
)
def get_preferences(request: AuthedHttpRequest) -> Any:
    return preferences_of(user=request.user)


@router.put(
    "/notifications/preferences",
    response={200: PreferencesOut, **ERRORS},
    summary="Set my channels per kind (kinds left out keep their setting), quiet hours, digest",
)
def put_preferences(request: AuthedHttpRequest, payload: PreferencesIn) -> Any:
    services.preferences_update(
        by=request.user,
        kinds={k.kind: {"email": k.email, "sms": k.sms} for k in payload.kinds},
        quiet_start=payload.quiet_start,
        quiet_end=payload.quiet_end,
        digest=payload.digest,
        digest_hour=payload.digest_hour,
    )
    return preferences_of(user=request.user)
