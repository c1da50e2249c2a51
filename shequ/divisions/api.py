from __future__ import annotations

from typing import Any

from ninja import Router

from shequ.access.signed_in import AuthedHttpRequest
from shequ.core.api import ERRORS, paginate, with_caps
from shequ.divisions.permissions import division_caps
from shequ.divisions.schemas import DivisionOut, DivisionPage
from shequ.divisions.selectors import division_get, division_list

router = Router(tags=["divisions"])


@router.get("", response={200: DivisionPage, **ERRORS}, summary="Divisions in your reach")
def list_divisions(
    request: AuthedHttpRequest,
    under: str | None = None,
    level: int | None = None,
    q: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> Any:
    qs = division_list(user=request.user, under=under, level=level, q=q)
    count, items, limit, offset = paginate(qs, limit, offset)
    return {"count": count, "limit": limit, "offset": offset, "items": items}


@router.get("/{code}", response={200: DivisionOut, **ERRORS}, summary="One division")
def get_division(request: AuthedHttpRequest, code: str) -> Any:
    division = division_get(user=request.user, code=code)
    return with_caps(division, division_caps(request.user, division))
