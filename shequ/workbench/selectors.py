"""The items of the person asking, computed once per request (the page, the navigation's red
dots and the API share them)."""

from __future__ import annotations

from django.http import HttpRequest

from shequ.access.signed_in import AuthedHttpRequest
from shequ.workbench.cache import kept_items_for
from shequ.workbench.registry import Item

_ATTR = "_shequ_workbench_items"


def computed(request: HttpRequest) -> bool:
    """Has this request computed the user's items already?"""
    return hasattr(request, _ATTR)


def my_items(request: AuthedHttpRequest) -> list[Item]:
    items: list[Item] | None = getattr(request, _ATTR, None)
    if items is None:
        items = kept_items_for(request.user)
        setattr(request, _ATTR, items)
    return items
