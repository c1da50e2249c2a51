"""Writes of the case library: a draft from a closed source (the de-identified text offered),
the author's edits, submission, a supervisor's approval (which publishes) or return with a
comment, and awards. Nothing that still names a person of the source is submitted or
published."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shequ.audit.services import audit_record
from shequ.core.errors import Conflict, Forbidden, InvalidInput
from shequ.projects.models import ServiceArea
from shequ.sharing import notifying
from shequ.sharing.deidentify import leaks
from shequ.sharing.drafting import draft_for, material_for
from shequ.sharing.models import Award, AwardLevel, CaseStudy, SourceKind, Status
from shequ.sharing.permissions import (
    decision_refusal,
    may_write_in,
    require_award,
)

if TYPE_CHECKING:
    from shequ.accounts.models import User

LEAK_LABELS = {
    "name": gettext_lazy("a name"),
    "id_number": gettext_lazy("an ID number"),
    "phone": gettext_lazy("a phone number"),
}

KIND_LABELS = {
    "name": gettext_lazy("names"),
    "id_number": gettext_lazy("ID numbers"),
    "phone": gettext_lazy("phone numbers"),
    "address": gettext_lazy("addresses"),
    "date": gettext_lazy("exact dates"),
    "place": gettext_lazy("small communities"),
    "number": gettext_lazy("other numbers"),
}


def case_study_draft(*, by: User, kind: str, source: Any) -> CaseStudy:
    """A draft from a source the author sees (`drafting.source_get`), with the de-identified
    text the system offers."""
    material, text = draft_for(kind, source)
    if not may_write_in(by, material.division.code):
        raise Forbidden(_("You may not write case studies here."))
    with transaction.atomic():
        study = CaseStudy.objects.create(
            division=material.division,
            source_kind=kind,
            case=source if kind == SourceKind.CASE else None,
            group=source if kind == SourceKind.GROUP else None,
            project=source if kind == SourceKind.PROJECT else None,
            title=material.title,
            body=text.text,
            area_id=material.area_id,
            author=by,
            deidentified=text.counts,
        )
        audit_record(
            actor=by, action="case_study.draft", obj=study, detail={"replaced": text.counts}
        )
    return study


def _require_author(by: User, study: CaseStudy) -> None:
    if study.author_id != by.pk:
        raise Forbidden(_("Only the author may do this."))


def case_study_update(
    *,
    by: User,
    study: CaseStudy,
    title: str,
    body: str,
    summary: str = "",
    area: ServiceArea | None = None,
) -> CaseStudy:
    _require_author(by, study)
    if study.status != Status.DRAFT:
        raise Conflict(
            _("Only a draft can be edited; this one is %(status)s.")
            % {"status": study.get_status_display()},
            code="not_draft",
        )
    if not title.strip():
        raise InvalidInput(_("The title is required."), field="title")
    if not body.strip():
        raise InvalidInput(_("The text is required."), field="body")
    with transaction.atomic():
        study.title = title.strip()[:200]
        study.summary = summary.strip()
        study.body = body.strip()
        study.area = area
        study.save()
        audit_record(actor=by, action="case_study.update", obj=study)
    return study


def check_no_leak(study: CaseStudy, *, field: str = "body") -> None:
    """Refuse a text that still holds a name, ID number or phone of its source's people."""
    people = material_for(study.source_kind, study.source).people
    for name, text in (("title", study.title), ("summary", study.summary), ("body", study.body)):
        found = leaks(text, people=people)
        if found:
            raise InvalidInput(
                _("The text still contains %(what)s of a person; replace it first.")
                % {"what": _(" and ").join(str(LEAK_LABELS[f]) for f in found)},
                field=name if field == "body" else field,
                code="identifiable",
            )


def case_study_submit(*, by: User, study: CaseStudy) -> CaseStudy:
    _require_author(by, study)
    if study.status != Status.DRAFT:
        raise Conflict(_("Submitted already."), code="not_draft")
    check_no_leak(study)
    with transaction.atomic():
        study.status = Status.SUBMITTED
        study.submitted_at = timezone.now()
        study.save(update_fields=["status", "submitted_at", "updated_at"])
        audit_record(actor=by, action="case_study.submit", obj=study)
        notifying.submitted(study)
    return study


def _require_supervisor(by: User, study: CaseStudy) -> None:
    refusal = decision_refusal(by, study)
    if refusal is not None:
        raise refusal


def case_study_approve(*, by: User, study: CaseStudy, comment: str = "") -> CaseStudy:
    """Approval publishes: from now on everyone signed in sees it."""
    _require_supervisor(by, study)
    check_no_leak(study)
    with transaction.atomic():
        study.status = Status.PUBLISHED
        study.reviewed_by = by
        study.review_comment = comment.strip()
        study.published_at = timezone.now()
        study.save()
        audit_record(actor=by, action="case_study.approve", obj=study)
        notifying.reviewed(study)
    return study


def case_study_return(*, by: User, study: CaseStudy, comment: str) -> CaseStudy:
    """Back to its author as a draft, with what to change."""
    _require_supervisor(by, study)
    if not comment.strip():
        raise InvalidInput(_("Say what the author should change."), field="comment")
    with transaction.atomic():
        study.status = Status.DRAFT
        study.reviewed_by = by
        study.review_comment = comment.strip()
        study.save()
        audit_record(actor=by, action="case_study.return", obj=study)
        notifying.reviewed(study)
    return study


def award_create(
    *,
    by: User,
    title: str,
    awarding_body: str,
    year: int,
    level: str,
    case_study: CaseStudy | None = None,
    recipient: User | None = None,
) -> Award:
    """An award to a published case study, or to a person."""
    require_award(by)
    if case_study is None and recipient is None:
        raise InvalidInput(_("An award goes to a case study or to a person."), field="recipient")
    if case_study is not None and case_study.status != Status.PUBLISHED:
        raise InvalidInput(
            _("Only a published case study receives awards."), field="case_study", code="draft"
        )
    if not title.strip():
        raise InvalidInput(_("Name the award."), field="title")
    if not awarding_body.strip():
        raise InvalidInput(_("Name who gave the award."), field="awarding_body")
    this_year = timezone.localdate().year
    if not 1980 <= year <= this_year:
        raise InvalidInput(
            _("The year is between 1980 and %(year)s.") % {"year": this_year}, field="year"
        )
    if level not in AwardLevel.values:
        raise InvalidInput(_("Unknown level."), field="level")
    with transaction.atomic():
        award = Award.objects.create(
            title=title.strip()[:120],
            awarding_body=awarding_body.strip()[:120],
            year=year,
            level=level,
            case_study=case_study,
            recipient=recipient,
            recorded_by=by,
        )
        audit_record(
            actor=by,
            action="award.create",
            obj=award,
            division_code=case_study.division_id if case_study else "",
        )
    return award
