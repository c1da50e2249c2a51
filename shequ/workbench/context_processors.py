from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from shequ.access.signed_in import is_signed_in
from shequ.workbench.navigation import navigation_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The navigation the user's permissions allow, in the order of their work, and their reach."""
    if not is_signed_in(request):
        return {}
    return navigation_for(request)
