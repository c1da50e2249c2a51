from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from ninja import Router, Status

from shequ.access.signed_in import AuthedHttpRequest
from shequ.core.api import ERRORS, paginate, with_caps
from shequ.core.concurrency import if_match, with_etag
from shequ.divisions.selectors import division_get
from shequ.organizations.permissions import organization_caps
from shequ.organizations.schemas import (
    OrganizationIn,
    OrganizationOut,
    OrganizationPage,
    OrganizationPatch,
)
from shequ.organizations.selectors import organization_get, organization_list
from shequ.organizations.services import organization_create, organization_update

router = Router(tags=["organizations"])


def _detail(request: AuthedHttpRequest, org_id: int) -> Any:
    org = organization_get(user=request.user, pk=org_id)
    return with_caps(org, organization_caps(request.user, org))


@router.get("", response={200: OrganizationPage, **ERRORS}, summary="Organizations in your reach")
def list_organizations(
    request: AuthedHttpRequest,
    kind: str | None = None,
    q: str | None = None,
    under: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> Any:
    qs = organization_list(user=request.user, kind=kind, q=q, under=under)
    count, items, limit, offset = paginate(qs, limit, offset)
    return {"count": count, "limit": limit, "offset": offset, "items": items}


@router.get("/{int:org_id}", response={200: OrganizationOut, **ERRORS}, summary="One organization")
def get_organization(request: AuthedHttpRequest, response: HttpResponse, org_id: int) -> Any:
    """Answers `ETag: "v<version>"`: send it back as `If-Match` with a change."""
    return with_etag(response, _detail(request, org_id))


@router.post("", response={201: OrganizationOut, **ERRORS}, summary="Add an organization")
def create_organization(request: AuthedHttpRequest, payload: OrganizationIn) -> Any:
    data = payload.dict()
    division = division_get(user=request.user, code=data.pop("division_code"))
    org = organization_create(by=request.user, division=division, **data)
    return Status(201, _detail(request, org.pk))


@router.patch(
    "/{int:org_id}", response={200: OrganizationOut, **ERRORS}, summary="Change an organization"
)
def update_organization(
    request: AuthedHttpRequest, response: HttpResponse, org_id: int, payload: OrganizationPatch
) -> Any:
    """Needs `If-Match` with the ETag read (428 without; 412 when someone changed it since)."""
    org = organization_get(user=request.user, pk=org_id)
    version = if_match(request, required=True)
    data = payload.dict(exclude_unset=True)
    division = None
    if data.get("division_code"):
        division = division_get(user=request.user, code=data.pop("division_code"))
    data.pop("division_code", None)
    organization_update(
        by=request.user, organization=org, division=division, version=version, **data
    )
    return with_etag(response, _detail(request, org_id))
