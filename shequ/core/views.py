from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from shequ.access.pages import require_perm as require_perm  # the page gate, for the apps' views
from shequ.core.navigation import nav_items


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The home page of each role: the sections its permissions open."""
    cards = [item for item in nav_items(request.user) if item.url_name != "core:home"]
    return render(request, "core/home.html", {"cards": cards})
