"""Reads about residents, households and needs, always within the user's reach."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from shequ.access.perms import Perm
from shequ.access.rule import get_visible_or_404
from shequ.core import crypto
from shequ.core.pinyin import is_pinyin_query
from shequ.residents.identity import normalize_id_number, to_half_width
from shequ.residents.models import (
    Household,
    NeedItem,
    NeedsAssessment,
    Resident,
    ResidentSearchKey,
    ResidentSpecialGroup,
)

if TYPE_CHECKING:
    from shequ.accounts.models import User

VIEW = Perm.RESIDENT_VIEW
# The order of every list of residents; it ends with the primary key, so a page can follow the
# last row seen (core/counting.py).
RESIDENT_ORDER = ("name_pinyin", "id")


@dataclass
class ResidentFilters:
    q: str = ""
    community: str = ""
    special_group: str = ""
    age_min: int | None = None
    age_max: int | None = None
    household: int | None = None


def _years_ago(years: int, today: date) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def search_q(user: User, q: str) -> Q | None:
    """How a query string finds people: an ID number or a phone by exact (hashed) match, ASCII
    letters by pinyin (full or initials), anything else by the start of the name."""
    q = to_half_width(q or "").strip()
    if not q:
        return None
    compact = q.replace(" ", "").replace("-", "")
    if len(compact) == 18 and compact[:17].isdigit():
        return Q(id_number_hash=crypto.keyed_hash(normalize_id_number(compact)))
    if compact.isdigit() and len(compact) >= 7:
        return Q(phone_hash=crypto.keyed_hash(compact)) | Q(phone_hash=crypto.keyed_hash(q))
    if is_pinyin_query(compact):
        keys = ResidentSearchKey.objects.visible_to(user, VIEW).filter(
            key__startswith=compact.lower(), resident_id=OuterRef("pk")
        )
        return Q(Exists(keys))
    # the start of the name, or of a later part of a name with a middle dot (买买提·热合曼)
    # (only such names have keys in characters, so the second arm is small)
    parts = ResidentSearchKey.objects.filter(key__startswith=q).values("resident_id")
    return Q(name__startswith=q) | Q(pk__in=parts)


def resident_list(*, user: User, filters: ResidentFilters | None = None) -> QuerySet[Resident]:
    f = filters or ResidentFilters()
    qs = Resident.objects.visible_to(user, VIEW).filter(merged_into__isnull=True)
    found = search_q(user, f.q)
    if found is not None:
        qs = qs.filter(found)
    if f.community:
        qs = qs.filter(division__code__startswith=f.community.rstrip("0") or f.community)
    today = date.today()
    if f.age_min is not None:
        qs = qs.filter(birth_date__lte=_years_ago(f.age_min, today))
    if f.age_max is not None:
        qs = qs.filter(birth_date__gt=_years_ago(f.age_max + 1, today))
    if f.special_group:
        current = ResidentSpecialGroup.objects.filter(
            resident_id=OuterRef("pk"), group__code=f.special_group
        ).filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        qs = qs.filter(Exists(current))
    if f.household:
        qs = qs.filter(household_id=f.household)
    return qs.select_related("division", "household").order_by(*RESIDENT_ORDER)


def resident_get(*, user: User, pk: int) -> Resident:
    return get_visible_or_404(
        Resident.objects.select_related("division", "household", "merged_into"), user, VIEW, pk=pk
    )


def household_list(*, user: User, community: str = "", q: str = "") -> QuerySet[Household]:
    qs = Household.objects.visible_to(user, VIEW).select_related("division", "head")
    if community:
        qs = qs.filter(division__code__startswith=community.rstrip("0") or community)
    if q:
        qs = qs.filter(Q(number__startswith=q.strip()) | Q(address__contains=q.strip()))
    return qs.annotate(
        member_count=Count("members", filter=Q(members__merged_into__isnull=True))
    ).order_by("division_id", "number")


def household_search(*, user: User, q: str, community: str = "") -> QuerySet[Household]:
    """Households in reach found by their number, their address or a member's name (as the
    residents are found: characters, pinyin, initials, ID number, phone)."""
    q = q.strip()
    qs = household_list(user=user, community=community)
    found = Q(number__startswith=q) | Q(address__contains=q)
    members = search_q(user, q)
    if members is not None:
        people = Resident.objects.visible_to(user, VIEW).filter(members, household__isnull=False)
        found |= Q(pk__in=people.values("household_id"))
    return qs.filter(found)


def household_get(*, user: User, pk: int) -> Household:
    return get_visible_or_404(
        Household.objects.select_related("division", "head"), user, VIEW, pk=pk
    )


def household_members(household: Household) -> QuerySet[Resident]:
    return household.members.filter(merged_into__isnull=True).order_by(
        "relation_to_head", "birth_date"
    )


def duplicate_pairs(*, user: User, limit: int = 200) -> list[tuple[Resident, Resident, str]]:
    """Candidate pairs in reach: the same name pinyin and birth date, or the same phone. Two
    queries for each kind of pair, however many pairs there are."""
    base = Resident.objects.visible_to(user, Perm.RESIDENT_MERGE).filter(merged_into__isnull=True)
    pairs: list[tuple[Resident, Resident, str]] = []
    seen: set[tuple[int, int]] = set()
    for fields, reason in (
        (("name_pinyin", "birth_date"), "name_birth"),
        (("phone_hash",), "phone"),
    ):
        keys = list(
            base.exclude(**{fields[0]: ""})
            .values(*fields)
            .annotate(n=Count("id"))
            .filter(n__gt=1)
            .order_by()
            .values_list(*fields)[:limit]
        )
        if not keys:
            continue
        wanted = Q()
        for key in keys:
            wanted |= Q(**dict(zip(fields, key, strict=True)))
        by_key: dict[tuple[Any, ...], list[Resident]] = {}
        for resident in base.filter(wanted).select_related("division").order_by("id"):
            by_key.setdefault(tuple(getattr(resident, f) for f in fields), []).append(resident)
        for members in by_key.values():
            first = members[0]
            for other in members[1:5]:
                if (first.pk, other.pk) not in seen:
                    seen.add((first.pk, other.pk))
                    pairs.append((first, other, reason))
    return pairs[:limit]


def needs_by_category(*, user: User, community: str = "") -> list[dict[str, Any]]:
    """Counts of needs by category and priority in reach: the input to service design."""
    assessments = NeedsAssessment.objects.visible_to(user, Perm.NEEDS_VIEW)
    if community:
        assessments = assessments.filter(
            division__code__startswith=community.rstrip("0") or community
        )
    rows = (
        NeedItem.objects.filter(assessment__in=assessments)
        .values("category__code", "category__name", "category__name_en", "category__sort")
        .annotate(
            total=Count("id"),
            high=Count("id", filter=Q(priority="high")),
            medium=Count("id", filter=Q(priority="medium")),
            low=Count("id", filter=Q(priority="low")),
        )
        .order_by("-total", "category__sort")
    )
    return [dict(row) for row in rows]


def needs_list(
    *, user: User, resident: int | None = None, household: int | None = None
) -> QuerySet[NeedsAssessment]:
    qs = (
        NeedsAssessment.objects.visible_to(user, Perm.NEEDS_VIEW)
        .select_related("resident", "household", "assessor")
        .prefetch_related("items__category")
    )
    if resident:
        qs = qs.filter(resident_id=resident)
    if household:
        qs = qs.filter(household_id=household)
    return qs
