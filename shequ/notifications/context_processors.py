"""The bell of the page shell: the signed-in user's unread count (one COUNT query)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def bell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from shequ.notifications.selectors import unread_count

    return {"notifications_unread": unread_count(user=user)}
