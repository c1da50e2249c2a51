from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from shequ.access.signed_in import AuthedHttpRequest
from shequ.workbench.registry import KIND_LABELS, grouped
from shequ.workbench.selectors import my_items


@login_required
def nav_view(request: AuthedHttpRequest) -> HttpResponse:
    """The navigation with its red dots, fetched by the page shell after the page (htmx)."""
    from django.urls import Resolver404, resolve

    from shequ.workbench.navigation import navigation_for

    try:
        current = resolve(request.GET.get("from", "/")).view_name
    except Resolver404:
        current = ""
    context = navigation_for(request, counted=True, current=current)
    return render(request, "core/_nav.html", {**context, "nav_partial": True})


@login_required
def workbench_view(request: AuthedHttpRequest) -> HttpResponse:
    """The first page after login: what waits for the user, grouped by urgency, with counts;
    each item is one tap from the place where it is done."""
    items = my_items(request)
    return render(
        request,
        "workbench/home.html",
        {
            "groups": grouped(items),
            "total": len(items),
            "labels": KIND_LABELS,
            "now": timezone.now(),
        },
    )
