from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def shell(request: HttpRequest) -> dict[str, Any]:
    """What the page shell needs: the navigation the user's permissions allow, and their reach."""
    from shequ.workbench.navigation import navigation_for

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"csp_nonce": getattr(request, "csp_nonce", "")}
    return {"csp_nonce": getattr(request, "csp_nonce", ""), **navigation_for(request)}
