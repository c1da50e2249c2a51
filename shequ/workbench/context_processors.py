from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from shequ.workbench.navigation import navigation_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The navigation the user's permissions allow, in the order of their work, and their reach."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return navigation_for(request)
