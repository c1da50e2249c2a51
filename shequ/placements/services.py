"""Writes of student placements: students and their placements (the school's people), the
practicum log and weekly journals (the student, on their own account), approval of a week
(the field supervisor; it locks the week), assistant assignments and their evaluation (the
secretary), and the evaluations of both supervisors."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.access.rule import reach_organizations
from shequ.accounts.models import RoleGrant
from shequ.audit.services import audit_record
from shequ.core.errors import Conflict, Forbidden, InvalidInput
from shequ.core.numbers import to_decimal
from shequ.organizations.models import Organization, OrganizationKind
from shequ.placements import notifying as notifications
from shequ.placements.models import (
    MANAGE,
    AssistantAssignment,
    JournalStatus,
    Placement,
    PlacementEvaluation,
    PracticumLog,
    PracticumRequirement,
    Rating,
    Student,
    SupervisorRole,
    WeeklyJournal,
    monday_of,
)
from shequ.placements.permissions import is_student, placement_caps

if TYPE_CHECKING:
    from shequ.accounts.models import User

MAX_DAY_HOURS = Decimal("24")
HOST_KINDS = {OrganizationKind.COMMUNITY_COMMITTEE, OrganizationKind.AGENCY}


def _active_grants(user: User) -> Any:
    return RoleGrant.objects.active().filter(user_id=user.pk)


def _text(value: str, *, field: str, message: Any, limit: int = 4000) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput(message, field=field, code="required")
    return value[:limit]


def _in_period(start: date, end: date, *, within: Placement, field: str) -> None:
    if end < start:
        raise InvalidInput(_("The end is before the start."), field="end_date")
    if start < within.start_date or end > within.end_date:
        raise InvalidInput(
            _("The period lies outside the placement (%(start)s to %(end)s).")
            % {"start": within.start_date, "end": within.end_date},
            field=field,
            code="outside",
        )


# ------------------------------------------------------------------ students and placements


def student_create(
    *,
    by: User,
    school: Organization,
    name: str,
    number: str,
    requirement: PracticumRequirement,
    cohort: int,
    user: User | None = None,
) -> Student:
    if school.pk not in reach_organizations(by, MANAGE):
        raise Forbidden(_("You register the students of your own school only."))
    if school.kind != OrganizationKind.UNIVERSITY:
        raise InvalidInput(_("A student belongs to a university."), field="school")
    name = _text(name, field="name", message=_("The name is required."), limit=60)
    number = _text(number, field="number", message=_("The student number is required."), limit=30)
    if not 1950 <= cohort <= date.today().year + 1:
        raise InvalidInput(_("The cohort is the year of entry."), field="cohort")
    if user is not None and not _active_grants(user).filter(organization_id=school.pk).exists():
        raise InvalidInput(_("The account must be one of the school's people."), field="user")
    try:
        with transaction.atomic():
            student = Student.objects.create(
                division_id=school.division_id,
                school=school,
                name=name,
                number=number,
                requirement=requirement,
                cohort=cohort,
                user=user,
            )
            audit_record(actor=by, action="placement.student", obj=student)
    except IntegrityError as exc:
        raise Conflict(
            _("The school has a student with this number, or the account is linked already."),
            field="number",
            code="duplicate",
        ) from exc
    return student


def placement_create(
    *,
    by: User,
    student: Student,
    host: Organization,
    start_date: date,
    end_date: date,
    school_supervisor: User,
    field_supervisor: User,
) -> Placement:
    """Place a student at a community committee or an agency; the placement belongs to the
    host's division. The school supervisor is one of the school's people, the field
    supervisor one of the host's."""
    if student.school_id not in reach_organizations(by, MANAGE):
        raise Forbidden(_("You place the students of your own school only."))
    if host.kind not in HOST_KINDS or not host.is_active:
        raise InvalidInput(
            _("A placement is at a community or a social-work agency."), field="host"
        )
    if end_date < start_date:
        raise InvalidInput(_("The end is before the start."), field="end_date")
    if not _active_grants(school_supervisor).filter(organization_id=student.school_id).exists():
        raise InvalidInput(
            _("The school supervisor must be one of the school's people."),
            field="school_supervisor",
        )
    if not _active_grants(field_supervisor).filter(organization_id=host.pk).exists():
        raise InvalidInput(
            _("The field supervisor must be one of the host's people."), field="field_supervisor"
        )
    with transaction.atomic():
        placement = Placement.objects.create(
            division_id=host.division_id,
            student=student,
            host=host,
            start_date=start_date,
            end_date=end_date,
            school_supervisor=school_supervisor,
            field_supervisor=field_supervisor,
        )
        audit_record(actor=by, action="placement.create", obj=placement)
    return placement


# ------------------------------------------------------------------ the practicum log


def _require_student(by: User, placement: Placement) -> None:
    if not is_student(by, placement):
        raise Forbidden(_("Only the student keeps their practicum log and journals."))


def _require_open_week(placement: Placement, day: date) -> None:
    journal = placement.journals.filter(week_start=monday_of(day)).first()
    if journal is None or journal.status == JournalStatus.RETURNED:
        return
    if journal.status == JournalStatus.APPROVED:
        message = _("The week of %(week)s is approved: its entries can no longer change.")
    else:
        message = _(
            "The week of %(week)s is submitted: the field supervisor must return it before "
            "its entries change."
        )
    raise Conflict(message % {"week": journal.week_start}, field="day", code="locked")


def _hours(value: Any) -> Decimal:
    hours = to_decimal(value, field="hours", message=_("Hours are a number."))
    if hours <= 0 or hours > MAX_DAY_HOURS or hours != hours.quantize(Decimal("0.1")):
        raise InvalidInput(
            _("Hours in a day are more than 0 and at most 24, to a tenth."), field="hours"
        )
    return hours


def _require_day_total(placement: Placement, day: date, hours: Decimal, *, exclude: Any) -> None:
    """The student's hours of one day, over all their placements, stay within 24."""
    others = PracticumLog.objects.filter(
        placement__student_id=placement.student_id, day=day
    ).exclude(pk=exclude).aggregate(n=Sum("hours"))["n"] or Decimal("0")
    if others + hours > MAX_DAY_HOURS:
        raise InvalidInput(
            _("%(day)s would have %(total)s hours: a day has at most 24.")
            % {"day": day, "total": others + hours},
            field="hours",
            code="over_24",
        )


def log_add(
    *, by: User, placement: Placement, day: date, hours: Any, activities: str
) -> PracticumLog:
    """One entry per day: the hours and what the student did."""
    _require_student(by, placement)
    if not placement.start_date <= day <= placement.end_date:
        raise InvalidInput(
            _("%(day)s is outside the placement (%(start)s to %(end)s): nothing was saved.")
            % {"day": day, "start": placement.start_date, "end": placement.end_date},
            field="day",
            code="outside",
        )
    if day > date.today():
        raise InvalidInput(_("Log a day once it has come."), field="day", code="future")
    value = _hours(hours)
    activities = _text(activities, field="activities", message=_("Say what you did."))
    _require_open_week(placement, day)
    if placement.logs.filter(day=day).exists():
        raise Conflict(
            _("%(day)s has an entry already: change that entry instead.") % {"day": day},
            field="day",
            code="duplicate",
        )
    _require_day_total(placement, day, value, exclude=None)
    try:
        with transaction.atomic():
            entry = PracticumLog.objects.create(
                placement=placement, day=day, hours=value, activities=activities
            )
            audit_record(actor=by, action="placement.log", obj=placement, detail={"day": str(day)})
    except IntegrityError as exc:
        raise Conflict(
            _("%(day)s has an entry already: change that entry instead.") % {"day": day},
            field="day",
            code="duplicate",
        ) from exc
    return entry


def log_update(*, by: User, entry: PracticumLog, hours: Any, activities: str) -> PracticumLog:
    """Change an entry while its week is open (not submitted or approved)."""
    placement = entry.placement
    _require_student(by, placement)
    _require_open_week(placement, entry.day)
    value = _hours(hours)
    activities = _text(activities, field="activities", message=_("Say what you did."))
    _require_day_total(placement, entry.day, value, exclude=entry.pk)
    with transaction.atomic():
        entry.hours, entry.activities = value, activities
        entry.save()
        audit_record(
            actor=by, action="placement.log_update", obj=placement, detail={"day": str(entry.day)}
        )
    return entry


# ------------------------------------------------------------------ weekly journals


def journal_submit(*, by: User, placement: Placement, week_start: date, text: str) -> WeeklyJournal:
    """The student submits the journal of a week with logged hours (again, once returned)."""
    _require_student(by, placement)
    if week_start.weekday() != 0:
        raise InvalidInput(_("A week starts on a Monday."), field="week_start", code="not_monday")
    if week_start > date.today() or not (
        monday_of(placement.start_date) <= week_start <= placement.end_date
    ):
        raise InvalidInput(
            _("The week lies outside the placement, or has not begun."),
            field="week_start",
            code="outside",
        )
    if not placement.logs.filter(week_start=week_start).exists():
        raise InvalidInput(
            _("Log the week's hours before submitting its journal."),
            field="week_start",
            code="empty",
        )
    text = _text(text, field="text", message=_("Write the week's journal."))
    with transaction.atomic():
        journal = (
            WeeklyJournal.objects.select_for_update()
            .filter(placement=placement, week_start=week_start)
            .first()
        )
        if journal is not None and journal.status != JournalStatus.RETURNED:
            raise Conflict(
                _("This week's journal is submitted already.")
                if journal.status == JournalStatus.SUBMITTED
                else _("This week is approved already."),
                field="week_start",
                code="submitted",
            )
        if journal is None:
            journal = WeeklyJournal(placement=placement, week_start=week_start)
        journal.text = text
        journal.status = JournalStatus.SUBMITTED
        journal.submitted_at = timezone.now()
        journal.decided_by, journal.decided_at = None, None
        journal.save()
        audit_record(
            actor=by,
            action="placement.journal_submit",
            obj=placement,
            detail={"week": str(week_start)},
        )
        notifications.journal_submitted(journal)
    return journal


def journal_decide(
    *, by: User, journal: WeeklyJournal, approve: bool, comment: str = ""
) -> WeeklyJournal:
    """The field supervisor approves the week (its hours count, its entries lock) or
    returns it with a comment."""
    placement = journal.placement
    if placement.field_supervisor_id != by.pk:
        raise Forbidden(_("Only the field supervisor approves or returns a week."))
    comment = (comment or "").strip()[:4000]
    if not approve and not comment:
        raise InvalidInput(
            _("Say why the week is returned."), field="comment", code="comment_required"
        )
    with transaction.atomic():
        journal = WeeklyJournal.objects.select_for_update().get(pk=journal.pk)
        if journal.status != JournalStatus.SUBMITTED:
            raise Conflict(
                _("Only a submitted week is approved or returned."), code="not_submitted"
            )
        journal.status = JournalStatus.APPROVED if approve else JournalStatus.RETURNED
        journal.decided_by, journal.decided_at, journal.comment = by, timezone.now(), comment
        journal.save()
        audit_record(
            actor=by,
            action="placement.journal_approve" if approve else "placement.journal_return",
            obj=placement,
            detail={"week": str(journal.week_start)},
        )
    return journal


# ------------------------------------------------------------------ assistants


def assignment_create(
    *,
    by: User,
    placement: Placement,
    secretary: User,
    start_date: date,
    end_date: date,
    duties: str,
) -> AssistantAssignment:
    """The school (or the field supervisor) assigns the student to assist a secretary of the
    placement's community, within the placement's period."""
    placement_caps(by, placement).require(
        "assign", _("The school or the field supervisor assigns the student.")
    )
    if not _active_grants(secretary).filter(division_id=placement.division_id).exists():
        raise InvalidInput(
            _("The secretary must work in the placement's community."), field="secretary"
        )
    _in_period(start_date, end_date, within=placement, field="start_date")
    duties = _text(duties, field="duties", message=_("Describe the duties."))
    with transaction.atomic():
        assignment = AssistantAssignment.objects.create(
            placement=placement,
            secretary=secretary,
            start_date=start_date,
            end_date=end_date,
            duties=duties,
        )
        audit_record(actor=by, action="placement.assignment", obj=placement)
    return assignment


def assignment_evaluate(
    *, by: User, assignment: AssistantAssignment, rating: str, comment: str
) -> AssistantAssignment:
    """The secretary's final evaluation, once, from the assignment's last day on."""
    if assignment.secretary_id != by.pk:
        raise Forbidden(_("Only the secretary the student assisted evaluates the assignment."))
    if rating not in Rating.values:
        raise InvalidInput(_("Choose a rating."), field="rating")
    if date.today() < assignment.end_date:
        raise InvalidInput(
            _("The final evaluation is given from the assignment's last day (%(day)s) on.")
            % {"day": assignment.end_date},
            field="rating",
            code="too_early",
        )
    comment = _text(comment, field="comment", message=_("Write the evaluation."))
    with transaction.atomic():
        assignment = AssistantAssignment.objects.select_for_update().get(pk=assignment.pk)
        if assignment.evaluated_at is not None:
            raise Conflict(_("The assignment is evaluated already."), code="evaluated")
        assignment.rating, assignment.comment = rating, comment
        assignment.evaluated_at = timezone.now()
        assignment.save()
        audit_record(actor=by, action="placement.assignment_evaluate", obj=assignment.placement)
    return assignment


# ------------------------------------------------------------------ evaluations


def supervisor_role(user: User, placement: Placement) -> str | None:
    if placement.school_supervisor_id == user.pk:
        return SupervisorRole.SCHOOL
    if placement.field_supervisor_id == user.pk:
        return SupervisorRole.FIELD
    return None


def evaluation_add(
    *, by: User, placement: Placement, score: Any, comment: str
) -> PlacementEvaluation:
    """Each supervisor evaluates the placement once, from its last day on."""
    role = supervisor_role(by, placement)
    if role is None:
        raise Forbidden(_("Only the placement's two supervisors evaluate it."))
    if date.today() < placement.end_date:
        raise InvalidInput(
            _("A placement is evaluated from its last day (%(day)s) on.")
            % {"day": placement.end_date},
            field="score",
            code="too_early",
        )
    value = to_decimal(score, field="score", message=_("The score is a number."))
    if not 0 <= value <= 100 or value != value.to_integral_value():
        raise InvalidInput(_("The score is a whole number from 0 to 100."), field="score")
    comment = _text(comment, field="comment", message=_("Write the evaluation."))
    try:
        with transaction.atomic():
            evaluation = PlacementEvaluation.objects.create(
                placement=placement, role=role, evaluator=by, score=int(value), comment=comment
            )
            audit_record(
                actor=by, action="placement.evaluate", obj=placement, detail={"role": role}
            )
    except IntegrityError as exc:
        raise Conflict(_("You have evaluated this placement already."), code="evaluated") from exc
    return evaluation
