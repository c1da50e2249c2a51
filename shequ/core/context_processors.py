from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def shell(request: HttpRequest) -> dict[str, Any]:
    """What the page shell needs from the ground: the nonce of its inline scripts (the
    navigation comes from the workbench's context processor)."""
    return {"csp_nonce": getattr(request, "csp_nonce", "")}
