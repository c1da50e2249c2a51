"""Reads of the case library, within the access rule: published case studies for everyone
signed in; drafts for their author and the supervisors who reach them. Awards are public to
everyone signed in (an award to a draft cannot exist)."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from shequ.access.perms import Perm
from shequ.access.rule import get_visible_or_404, reach_q
from shequ.accounts.models import User
from shequ.sharing.models import Award, CaseStudy, Status

APPROVE = Perm.CASE_STUDY_APPROVE
AWARD = Perm.AWARD_RECORD


def case_study_list(*, user: User) -> QuerySet[CaseStudy]:
    return (
        CaseStudy.objects.visible_to(user, APPROVE)
        .select_related("division", "author", "area", "reviewed_by")
        .prefetch_related(Prefetch("awards", queryset=Award.objects.order_by("-year", "-id")))
    )


def case_study_get(*, user: User, pk: int) -> CaseStudy:
    return get_visible_or_404(case_study_list(user=user), user, APPROVE, pk=pk)


def library(*, user: User, q: str = "") -> QuerySet[CaseStudy]:
    qs = case_study_list(user=user).filter(status=Status.PUBLISHED)
    if q.strip():
        qs = qs.filter(Q(title__contains=q.strip()) | Q(summary__contains=q.strip()))
    return qs.order_by("-published_at", "-id")


def my_drafts(*, user: User) -> QuerySet[CaseStudy]:
    return (
        case_study_list(user=user)
        .filter(author_id=user.pk)
        .exclude(status=Status.PUBLISHED)
        .order_by("-updated_at", "-id")
    )


def to_approve(*, user: User) -> QuerySet[CaseStudy]:
    """Submitted studies in the supervisor's reach (not their own)."""
    return (
        case_study_list(user=user)
        .filter(reach_q(user, APPROVE), status=Status.SUBMITTED)
        .exclude(author_id=user.pk)
        .order_by("submitted_at", "id")
    )


def award_list(*, user: User) -> QuerySet[Award]:
    """Every award (public to those signed in), with its case study or person."""
    if not (user and user.is_authenticated):
        return Award.objects.none()
    return Award.objects.filter(
        Q(case_study__isnull=True) | Q(case_study__status=Status.PUBLISHED)
    ).select_related("case_study", "recipient")


def award_recipient_get(*, user: User, pk: int) -> User:
    """A person the user may record an award of: an active account whose home division lies
    in the user's reach for award.record (404 otherwise, like a missing account)."""
    return get_visible_or_404(User.objects.filter(is_active=True), user, AWARD, pk=pk)
