"""Who may do what to a case study and an award: the rules, written once (the API and the
page read the same object; the services require it).

The author edits and submits a draft; a supervisor who reaches the study (case_study.approve
over its division), not its author, approves or returns it while it waits; a holder of
award.record records awards of a published study. The source, the supervisor's comment and
what the draft replaced are read only by the author and the supervisors who reach it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shequ.access.perms import Perm
from shequ.access.rule import covers, has_perm
from shequ.core.capabilities import Capabilities, FourEyes, four_eyes_refusal, state
from shequ.core.errors import AppError
from shequ.sharing.models import CaseStudy, Status

if TYPE_CHECKING:
    from shequ.access.rule import Actor

WRITE = Perm.CASE_STUDY_WRITE
APPROVE = Perm.CASE_STUDY_APPROVE
AWARD = Perm.AWARD_RECORD


def may_write_in(user: Actor, division_code: str) -> bool:
    """Draft case studies from the sources of this division."""
    return covers(user, WRITE, division_code)


DECISION = FourEyes(
    not_approver=gettext_lazy("Only a supervisor may approve case studies."),
    own=gettext_lazy("Another supervisor approves your own case study."),
    decided=gettext_lazy("The case study is not waiting for approval."),
    decided_code="not_submitted",
)


def decision_refusal(user: Actor, study: CaseStudy) -> AppError | None:
    """Why the user may not approve or return the study now; None when they may."""
    return four_eyes_refusal(
        approver=covers(user, APPROVE, study.division_id),
        author=study.author_id == user.pk,
        waiting=study.status == Status.SUBMITTED,
        messages=DECISION,
    )


@dataclass(frozen=True)
class CaseStudyCaps(Capabilities):
    edit: bool = False  # change and submit the draft: its author
    decide: bool = False  # approve (publish) or return it
    award: bool = False  # record an award of the published study
    read_review: bool = state()  # its source, the supervisor's comment, what was replaced


def case_study_caps(user: Actor, study: CaseStudy) -> CaseStudyCaps:
    author = study.author_id == user.pk
    return CaseStudyCaps(
        edit=author and study.status == Status.DRAFT,
        decide=decision_refusal(user, study) is None,
        award=has_perm(user, AWARD) and study.status == Status.PUBLISHED,
        read_review=author or covers(user, APPROVE, study.division_id),
    )


@dataclass(frozen=True)
class SharingListCaps(Capabilities):
    write: bool = False  # draft a case study from a closed source
    award: bool = False  # record an award (of a study or a person)


def sharing_list_caps(user: Actor) -> SharingListCaps:
    return SharingListCaps(write=has_perm(user, WRITE), award=has_perm(user, AWARD))


def require_award(user: Actor) -> None:
    """Awards are recorded by holders of award.record (before anything else is looked at)."""
    sharing_list_caps(user).require("award", _("You may not record awards."))
