"""Pages only the holders of a permission may open."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase

from shequ.access.perms import Perm
from shequ.access.rule import has_perm


def require_perm(
    perm: Perm, *others: Perm
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """A page only holders of `perm` (or of one of `others`) may open; for everyone else it
    does not exist (404)."""

    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not any(has_perm(request.user, p) for p in (perm, *others)):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
