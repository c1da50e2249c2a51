"""What volunteer service puts on a workbench: sign-ups to decide, hours to confirm and
certificate requests for the organizer; for the volunteer, the activities ahead (check in at
the start) and the sign-ups waiting for the organizer."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shequ.volunteers.certificates import certificate_requests_pending
from shequ.volunteers.models import SignUpStatus
from shequ.volunteers.selectors import hours_to_confirm, my_signups_ahead, signups_to_decide
from shequ.workbench.registry import Item, label_kind, link, register

if TYPE_CHECKING:
    from shequ.accounts.models import User

MODULE = "volunteers:home"
CONFIRM_WITHIN = timedelta(days=7)  # hours are confirmed within a week of the activity


def _activity(pk: int) -> str:
    return link("volunteers:activity", pk)


@register("volunteer.signup", label=gettext_lazy("Sign-up to decide"), module=MODULE)
def signups(user: User, now: datetime) -> Iterator[Item]:
    for signup in signups_to_decide(user):
        yield Item(
            title=_("%(volunteer)s for %(activity)s")
            % {"volunteer": signup.volunteer.name, "activity": signup.activity.title},
            link=_activity(signup.activity_id),
            due=signup.activity.starts_at,
            actions=("approve", "reject"),
        )
    for signup in hours_to_confirm(user):
        yield Item(
            kind="volunteer.hours",
            title=_("%(volunteer)s, %(hours)s hours at %(activity)s")
            % {
                "volunteer": signup.volunteer.name,
                "hours": signup.hours,
                "activity": signup.activity.title,
            },
            link=_activity(signup.activity_id),
            due=timezone.localtime(signup.activity.ends_at).date() + CONFIRM_WITHIN,
            actions=("confirm",),
        )
    for request in certificate_requests_pending(user=user):
        yield Item(
            kind="volunteer.certificate",
            title=_("%(volunteer)s asks %(org)s for a certificate")
            % {"volunteer": request.volunteer.name, "org": request.organization.name},
            link=link("volunteers:home"),
            actions=("issue",),
        )


# the volunteer's own sign-ups: waiting for the organizer, or taken (check in at the start)
MINE = {
    SignUpStatus.APPLIED: (gettext_lazy("%(activity)s: waiting for the organizer"), ()),
    SignUpStatus.APPROVED: (gettext_lazy("%(activity)s: check in when it starts"), ("check_in",)),
}


@register("volunteer.mine", label=gettext_lazy("My volunteer service"), module=MODULE)
def mine(user: User, now: datetime) -> Iterator[Item]:
    for signup in my_signups_ahead(user, now):
        title, actions = MINE[SignUpStatus(signup.status)]
        yield Item(
            title=str(title) % {"activity": signup.activity.title},
            link=_activity(signup.activity_id),
            due=signup.activity.starts_at,
            waiting=not actions,
            actions=actions,
        )


label_kind("volunteer.hours", gettext_lazy("Hours to confirm"))
label_kind("volunteer.certificate", gettext_lazy("Certificate request"))
