from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render

from shequ.access.perms import Perm
from shequ.access.rule import has_perm
from shequ.core.navigation import nav_items


def require_perm(
    perm: Perm,
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """A page only holders of `perm` may open; for everyone else it does not exist (404)."""

    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not has_perm(request.user, perm):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The home page of each role: the sections its permissions open."""
    cards = [item for item in nav_items(request.user) if item.url_name != "core:home"]
    return render(request, "core/home.html", {"cards": cards})
