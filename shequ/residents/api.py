from __future__ import annotations

import re
from typing import Annotated, Any

from django.db.models import Prefetch
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Status
from pydantic import Field

from shequ.access.signed_in import AuthedHttpRequest
from shequ.core.api import ERRORS, paginate, with_caps
from shequ.core.concurrency import if_match, with_etag
from shequ.core.counting import list_page
from shequ.core.errors import InvalidInput
from shequ.divisions.selectors import division_get
from shequ.residents.merging import resident_merge
from shequ.residents.models import Resident, ResidentSpecialGroup
from shequ.residents.permissions import household_caps, resident_caps
from shequ.residents.schemas import (
    DuplicatePairOut,
    HouseholdIn,
    HouseholdOut,
    HouseholdPage,
    MemberIn,
    MergeIn,
    NeedsIn,
    NeedsOut,
    NeedsPage,
    NeedSummaryOut,
    ResidentIn,
    ResidentOut,
    ResidentPage,
    ResidentPatch,
    ResidentSearchIn,
)
from shequ.residents.selectors import (
    RESIDENT_ORDER,
    ResidentFilters,
    duplicate_pairs,
    household_get,
    household_list,
    needs_by_category,
    needs_list,
    resident_get,
    resident_list,
)
from shequ.residents.services import (
    household_add_member,
    household_create,
    needs_assessment_create,
    resident_create,
    resident_identifiers,
    resident_update,
)
from shequ.residents.validation import plain_values

router = Router(tags=["residents"])

# Six digits or more: part of an ID number or a phone, which must not travel in a URL
_IDENTIFIER = re.compile(r"\d{6,}")
# An age filter in years: a larger number would reach a date computation and fail there
Age = Annotated[int, Field(ge=0, le=150)]

GROUPS = Prefetch("special_groups", queryset=ResidentSpecialGroup.objects.select_related("group"))


def _with_groups(qs: Any) -> Any:
    return qs.prefetch_related(GROUPS)


def _resident(request: AuthedHttpRequest, pk: int) -> Resident:
    """A detail answer: the resident with what the user may do to them."""
    resident = resident_get(user=request.user, pk=pk)
    return with_caps(resident, resident_caps(request.user, resident))


def _household(request: AuthedHttpRequest, pk: int) -> Any:
    """A detail answer (a household in reach): with what the user may do to it."""
    household = household_list(user=request.user).get(pk=pk)
    return with_caps(household, household_caps(request.user, household))


def _unmasked(request: AuthedHttpRequest, resident: Resident) -> Resident:
    values = resident_identifiers(by=request.user, resident=resident)
    resident._plain_id_number = values["id_number"]  # type: ignore[attr-defined]
    resident._plain_phone = values["phone"]  # type: ignore[attr-defined]
    resident._unmasked = True  # type: ignore[attr-defined]
    return resident


@router.get("/residents", response={200: ResidentPage, **ERRORS}, summary="Find residents")
def list_residents(
    request: AuthedHttpRequest,
    q: str = "",
    community: str = "",
    special_group: str = "",
    age_min: Age | None = None,
    age_max: Age | None = None,
    household: int | None = None,
    limit: int = 20,
    offset: int = 0,
    after: str = "",
) -> Any:
    """`q` finds by characters (name prefix), full pinyin or initials (zhangsan, zs). To find
    by an ID number or phone, use `POST /residents/search`: a URL ends up in logs and history.
    For the page after this one, pass the answer's `next` as `after`."""
    if _IDENTIFIER.search(q):
        raise InvalidInput(
            _("Search by ID number or phone with POST /api/v1/residents/search: URLs are logged."),
            code="identifier_in_url",
            field="q",
        )
    filters = ResidentFilters(
        q=q,
        community=community,
        special_group=special_group,
        age_min=age_min,
        age_max=age_max,
        household=household,
    )
    return _resident_page(request, filters, limit, offset, after)


@router.post(
    "/residents/search", response={200: ResidentPage, **ERRORS}, summary="Find residents (body)"
)
def search_residents(request: AuthedHttpRequest, payload: ResidentSearchIn) -> Any:
    """The same search and answer as `GET /residents`, with the filters in the body, so that an
    ID number or phone is never in a URL, a proxy's log line or a browser's history."""
    filters = ResidentFilters(
        q=payload.q,
        community=payload.community,
        special_group=payload.special_group,
        age_min=payload.age_min,
        age_max=payload.age_max,
        household=payload.household,
    )
    return _resident_page(request, filters, payload.limit, payload.offset, payload.after)


def _resident_page(
    request: AuthedHttpRequest, filters: ResidentFilters, limit: int, offset: int, after: str
) -> Any:
    qs = _with_groups(resident_list(user=request.user, filters=filters))
    page = list_page(
        qs,
        ordering=RESIDENT_ORDER,
        limit=limit,
        offset=offset,
        after=after,
        estimate=not filters.q,  # how many names match is beyond the planner's guess
    )
    return page.as_dict()


@router.get(
    "/residents/{int:resident_id}", response={200: ResidentOut, **ERRORS}, summary="One resident"
)
def get_resident(
    request: AuthedHttpRequest, response: HttpResponse, resident_id: int, unmask: bool = False
) -> Any:
    """Answers `ETag: "v<version>"`: send it back as `If-Match` with a change."""
    resident = with_etag(response, _resident(request, resident_id))
    return _unmasked(request, resident) if unmask else resident


@router.post("/residents", response={201: ResidentOut, **ERRORS}, summary="Register a resident")
def create_resident(request: AuthedHttpRequest, payload: ResidentIn) -> Any:
    data = payload.dict()
    division = division_get(user=request.user, code=data.pop("community_code"))
    household_id = data.pop("household_id")
    household = household_get(user=request.user, pk=household_id) if household_id else None
    confirm = data.pop("confirm_possible_duplicate")
    resident = resident_create(
        by=request.user,
        division=division,
        data=data,
        household=household,
        confirm_possible_duplicate=confirm,
    )
    return Status(201, _resident(request, resident.pk))


@router.patch(
    "/residents/{int:resident_id}",
    response={200: ResidentOut, **ERRORS},
    summary="Change a resident",
)
def update_resident(
    request: AuthedHttpRequest, response: HttpResponse, resident_id: int, payload: ResidentPatch
) -> Any:
    """Needs `If-Match` with the ETag read (428 without; 412 when someone changed it since)."""
    resident = resident_get(user=request.user, pk=resident_id)
    version = if_match(request, required=True)
    changes = payload.dict(exclude_unset=True)
    current = plain_values(resident)
    resident_update(
        by=request.user, resident=resident, data={**current, **changes}, version=version
    )
    return with_etag(response, _resident(request, resident_id))


@router.get("/households", response={200: HouseholdPage, **ERRORS}, summary="Households")
def list_households(
    request: AuthedHttpRequest, community: str = "", q: str = "", limit: int = 20, offset: int = 0
) -> Any:
    count, items, limit, offset = paginate(
        household_list(user=request.user, community=community, q=q), limit, offset
    )
    return {"count": count, "limit": limit, "offset": offset, "items": items}


@router.get(
    "/households/{int:household_id}",
    response={200: HouseholdOut, **ERRORS},
    summary="One household",
)
def get_household(request: AuthedHttpRequest, response: HttpResponse, household_id: int) -> Any:
    return with_etag(
        response, _household(request, household_get(user=request.user, pk=household_id).pk)
    )


@router.post("/households", response={201: HouseholdOut, **ERRORS}, summary="Add a household")
def create_household(request: AuthedHttpRequest, payload: HouseholdIn) -> Any:
    division = division_get(user=request.user, code=payload.community_code)
    household = household_create(
        by=request.user, division=division, number=payload.number, address=payload.address
    )
    return Status(201, _household(request, household.pk))


@router.post(
    "/households/{int:household_id}/members",
    response={200: HouseholdOut, **ERRORS},
    summary="Add (or move) a resident into a household",
)
def add_member(
    request: AuthedHttpRequest, response: HttpResponse, household_id: int, payload: MemberIn
) -> Any:
    """With `If-Match`, refused (412) when the household changed since it was read."""
    household = household_get(user=request.user, pk=household_id)
    resident = resident_get(user=request.user, pk=payload.resident_id)
    household_add_member(
        by=request.user,
        household=household,
        resident=resident,
        relation=payload.relation_to_head,
        version=if_match(request, required=False),
    )
    return with_etag(response, _household(request, household.pk))


@router.get("/needs", response={200: NeedsPage, **ERRORS}, summary="Needs assessments")
def list_needs(
    request: AuthedHttpRequest,
    resident: int | None = None,
    household: int | None = None,
    limit: int = 20,
    offset: int = 0,
) -> Any:
    qs = needs_list(user=request.user, resident=resident, household=household)
    count, items, limit, offset = paginate(qs, limit, offset)
    return {"count": count, "limit": limit, "offset": offset, "items": items}


@router.get(
    "/needs/summary",
    response={200: list[NeedSummaryOut], **ERRORS},
    summary="Needs by category: the input to service design",
)
def needs_summary(request: AuthedHttpRequest, community: str = "") -> Any:
    return [
        {
            "category": r["category__code"],
            "name": r["category__name"],
            "total": r["total"],
            "high": r["high"],
            "medium": r["medium"],
            "low": r["low"],
        }
        for r in needs_by_category(user=request.user, community=community)
    ]


@router.post("/needs", response={201: NeedsOut, **ERRORS}, summary="Record a needs assessment")
def create_needs(request: AuthedHttpRequest, payload: NeedsIn) -> Any:
    division = division_get(user=request.user, code=payload.community_code)
    resident = (
        resident_get(user=request.user, pk=payload.resident_id) if payload.resident_id else None
    )
    household = (
        household_get(user=request.user, pk=payload.household_id) if payload.household_id else None
    )
    assessment = needs_assessment_create(
        by=request.user,
        division=division,
        resident=resident,
        household=household,
        assessed_on=payload.assessed_on,
        items=[i.dict() for i in payload.items],
        note=payload.note,
    )
    return Status(201, needs_list(user=request.user).get(pk=assessment.pk))


@router.get(
    "/residents/duplicates",
    response={200: list[DuplicatePairOut], **ERRORS},
    summary="Records that may be one person (重复档案)",
)
def list_duplicates(request: AuthedHttpRequest) -> Any:
    """Pairs in the caller's reach for merging: the same name and birth date, or the same phone
    (`reason`: `name_birth` or `phone`); at most 200."""
    return [
        {"reason": reason, "first": first, "second": second}
        for first, second, reason in duplicate_pairs(user=request.user)
    ]


@router.post(
    "/residents/{int:resident_id}/merge",
    response={200: ResidentOut, **ERRORS},
    summary="Merge another record of the same person into this one",
)
def merge_residents(request: AuthedHttpRequest, resident_id: int, payload: MergeIn) -> Any:
    """`{id}` is kept; `other_id` is merged into it: every record of every app (services, cases,
    groups, attendance, needs, memberships, protection subjects) moves to `{id}`, the people
    counters are recounted, and `other_id` remains as a tombstone (`merged_into_id`)."""
    keep = resident_get(user=request.user, pk=resident_id)
    remove = resident_get(user=request.user, pk=payload.other_id)
    resident_merge(by=request.user, keep=keep, remove=remove)
    return (
        _with_groups(resident_list(user=request.user))
        .select_related("division", "household")
        .get(pk=keep.pk)
    )
