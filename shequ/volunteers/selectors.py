"""Reads of volunteer service within the access rule: volunteers and activities through the
division (community) they belong to; a volunteer sees their own record, sign-ups and
certificates, and the activities open for sign-up."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from shequ.core.access import get_visible_or_404, reach_organizations, reach_q
from shequ.core.errors import NotFound
from shequ.volunteers.models import SignUp, Volunteer, VolunteerActivity

VIEW = "volunteer.view"
MANAGE = "volunteer.manage"


def own_volunteer(user: Any) -> Volunteer | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Volunteer.objects.filter(user_id=user.pk).first()


def volunteer_list(*, user: Any, q: str = "") -> QuerySet[Volunteer]:
    qs = Volunteer.objects.visible_to(user, VIEW)
    if q:
        qs = qs.filter(Q(name__startswith=q.strip()) | Q(number=q.strip()))
    return qs.select_related("division").order_by("number")


def volunteer_get(*, user: Any, pk: int) -> Volunteer:
    volunteer: Volunteer = get_visible_or_404(volunteer_list(user=user), user, VIEW, pk=pk)
    return volunteer


def activity_list(*, user: Any) -> QuerySet[VolunteerActivity]:
    """In reach; organized by the user's organization; or open for sign-up, for a volunteer
    (VolunteerActivity.shared_q)."""
    return (
        VolunteerActivity.objects.visible_to(user, VIEW)
        .select_related("organizer", "division")
        .order_by("-starts_at", "-id")
    )


def activity_get(*, user: Any, pk: int) -> VolunteerActivity:
    activity: VolunteerActivity = get_visible_or_404(activity_list(user=user), user, VIEW, pk=pk)
    return activity


def _managed(user: Any) -> Q:
    """Activities the user sees as an organizer or an officer (not merely as a volunteer)."""
    return reach_q(user, VIEW) | Q(organizer_id__in=reach_organizations(user, MANAGE))


def signup_get(*, user: Any, pk: int) -> SignUp:
    """A sign-up, for its volunteer, or for whoever sees the activity as organizer or officer."""
    signup = SignUp.objects.select_related("activity", "volunteer").filter(pk=pk).first()
    if signup is None:
        raise NotFound()
    if signup.volunteer.user_id == user.pk:
        return signup
    if not VolunteerActivity.objects.filter(_managed(user), pk=signup.activity_id).exists():
        raise NotFound()
    return signup


def signups_of(*, user: Any, activity: VolunteerActivity) -> QuerySet[SignUp]:
    """All sign-ups for the organizer or an officer; a volunteer sees their own."""
    qs = activity.signups.select_related("volunteer")
    if VolunteerActivity.objects.filter(_managed(user), pk=activity.pk).exists():
        return qs
    return qs.filter(volunteer__user_id=user.pk)


def may_organize(user: Any, activity: VolunteerActivity) -> bool:
    """The organizer's people (or a manager of the activity's community)."""
    from shequ.core.access import covers

    return activity.organizer_id in reach_organizations(user, MANAGE) or covers(
        user, MANAGE, activity.division_id
    )
