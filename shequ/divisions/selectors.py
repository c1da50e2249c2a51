from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from shequ.access.codes import Level, expand_code, level_of
from shequ.access.perms import Perm
from shequ.access.rule import get_visible_or_404, reach, reach_q
from shequ.core.errors import NotFound
from shequ.divisions.models import Division

if TYPE_CHECKING:
    from shequ.accounts.models import User

VIEW = Perm.DIVISION_VIEW


def division_list(
    *, user: User, under: str | None = None, level: int | None = None, q: str | None = None
) -> QuerySet[Division]:
    """Divisions in the user's reach, optionally below one of them, at one level, by name."""
    qs = Division.objects.visible_to(user, VIEW)
    if under:
        parent = division_get(user=user, code=under)
        qs = qs.filter(code__startswith=parent.prefix)
    if level:
        qs = qs.filter(level=level)
    if q:
        qs = qs.filter(name__contains=q.strip())
    return qs.order_by("code")


def division_get(*, user: User, code: str) -> Division:
    try:
        code = expand_code(code)
    except ValueError:
        code = ""
    return get_visible_or_404(Division, user, VIEW, code=code)


def division_path(division: Division) -> list[Division]:
    """The chain of divisions from the province down to this one."""
    codes = []
    code: str | None = division.code
    from shequ.access.codes import parent_code

    while code:
        codes.append(code)
        code = parent_code(code)
    found = {d.code: d for d in Division.objects.filter(code__in=codes)}
    return [found[c] for c in reversed(codes) if c in found]


def reach_divisions(*, user: User, perm: Perm = VIEW) -> list[Division]:
    """The divisions at the top of the user's reach (one per minimal prefix)."""
    codes = [p.ljust(12, "0") for p in reach(user, perm)]
    return list(Division.objects.filter(code__in=codes).order_by("code"))


def reach_label(division: Division, *, top_level: int = Level.DISTRICT) -> str:
    """'南关区 › 自强街道': the path shown to a user, from the district level down."""
    return " › ".join(
        d.name
        for d in division_path(division)
        if d.level >= min(top_level, level_of(division.code))
    )


def communities_in_reach(*, user: User, perm: Perm) -> list[Division]:
    """The communities (村/社区) where the user holds `perm`: the choices of a form."""
    return list(
        Division.objects.filter(level=Level.COMMUNITY)
        .filter(reach_q(user, perm, "code"))
        .order_by("code")
    )


def all_communities() -> list[Division]:
    """Every community (村/社区): the choices where a form may name any of them (the child a
    report concerns, a trainee from another division). Names and codes only."""
    return list(
        Division.objects.filter(level=Level.COMMUNITY).select_related("parent").order_by("code")
    )


def any_community(code: str) -> Division:
    """One community by its code, whoever asks (as `all_communities`); 404 if there is none."""
    community = Division.objects.filter(code=code, level=Level.COMMUNITY).first()
    if community is None:
        raise NotFound()
    return community


def community_by_code(code: str) -> Division:
    """Any community (村/社区) named by its code, in reach or not (names and codes are public):
    where a person moves to, for instance."""
    try:
        code = expand_code(code)
    except ValueError:
        raise NotFound() from None
    found = Division.objects.filter(code=code, level=Level.COMMUNITY).first()
    if found is None:
        raise NotFound()
    return found
