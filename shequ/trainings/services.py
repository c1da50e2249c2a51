"""Writes of trainings: a training and its sessions, trainees and their enrolment, attendance
per session, results (completion needs the required attendance), and the continuing-education
hours of a trainee against their title's requirement."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import Max, Sum
from django.utils.translation import gettext as _

from shequ.access.perms import Perm
from shequ.access.rule import reach_organizations
from shequ.audit.services import audit_record
from shequ.core.errors import Conflict, Forbidden, InvalidInput
from shequ.core.numbers import to_decimal
from shequ.divisions.models import Division
from shequ.organizations.models import Organization
from shequ.projects.models import ServiceProject
from shequ.projects.services import require_in_period, require_provider
from shequ.residents.identity import normalize_name, normalize_phone
from shequ.residents.services import identifier_fields
from shequ.trainings.models import (
    Attendance,
    CERequirement,
    Enrollment,
    ProgrammeType,
    Result,
    Trainee,
    Training,
    TrainingSession,
)
from shequ.trainings.permissions import may_register_trainees, training_caps

if TYPE_CHECKING:
    from shequ.accounts.models import User

MANAGE = Perm.TRAINING_MANAGE
MAX_SESSION_HOURS = Decimal("12")


def require_organizer(by: User, training: Training) -> None:
    training_caps(by, training).require("organize", _("Only the training's organizer may do this."))


def training_create(
    *,
    by: User,
    organizer: Organization,
    programme: ProgrammeType,
    title: str,
    start_date: date,
    end_date: date,
    partner: Organization | None = None,
    required_attendance: int = 80,
    project: ServiceProject | None = None,
) -> Training:
    """A training, possibly delivered under a purchased service project (it then counts toward
    the project's "trainings held" target and lies inside its period)."""
    if organizer.pk not in reach_organizations(by, MANAGE):
        raise Forbidden(_("You organize trainings for your own organization only."))
    require_provider(project, organizer)
    if not title.strip():
        raise InvalidInput(_("The title is required."), field="title")
    if end_date < start_date:
        raise InvalidInput(_("The training ends before it starts."), field="end_date")
    if not 0 < required_attendance <= 100:
        raise InvalidInput(_("Between 1 and 100 per cent."), field="required_attendance")
    require_in_period(project, start_date, field="start_date")
    require_in_period(project, end_date, field="end_date")
    with transaction.atomic():
        training = Training.objects.create(
            division_id=organizer.division_id,
            programme=programme,
            title=title.strip()[:120],
            organizer=organizer,
            partner=partner,
            start_date=start_date,
            end_date=end_date,
            required_attendance=required_attendance,
            project=project,
        )
        audit_record(actor=by, action="training.create", obj=training)
    return training


def session_add(
    *, by: User, training: Training, held_on: date, hours: Any, trainer: str, place: str
) -> TrainingSession:
    require_organizer(by, training)
    if not training.start_date <= held_on <= training.end_date:
        raise InvalidInput(
            _("The session lies outside the training's dates."), field="held_on", code="outside"
        )
    value = to_decimal(hours, field="hours", message=_("Hours are a number."))
    if not Decimal("0") < value <= MAX_SESSION_HOURS or value != value.quantize(Decimal("0.1")):
        raise InvalidInput(
            _("A session lasts more than 0 and at most 12 hours, to a tenth."), field="hours"
        )
    if not trainer.strip():
        raise InvalidInput(_("Name the trainer."), field="trainer")
    with transaction.atomic():
        session = TrainingSession.objects.create(
            training=training,
            held_on=held_on,
            hours=value,
            trainer=trainer.strip()[:60],
            place=place.strip()[:120],
        )
        audit_record(actor=by, action="training.session", obj=training)
    return session


def trainee_build(
    *,
    division: Division,
    name: str,
    workplace: str = "",
    phone: str = "",
    title: CERequirement | None = None,
    title_since: date | None = None,
) -> Trainee:
    """A trainee checked and ready to save (the form, the API and the import share it): the
    name normalized, the phone kept only masked and hashed."""
    name = normalize_name(name)
    identifiers = identifier_fields("", normalize_phone(phone) if phone else "")
    if title_since and title_since > date.today():
        raise InvalidInput(_("The date lies in the future."), field="title_since")
    return Trainee(
        division=division,
        name=name,
        workplace=workplace.strip()[:120],
        phone_masked=identifiers["phone_masked"],
        phone_hash=identifiers["phone_hash"],
        title=title,
        title_since=title_since if title else None,
    )


def trainee_create(*, by: User, division: Division, **fields: Any) -> Trainee:
    """Trainees come from any division (the partner's community workers): the organizer
    registers them; nobody needs an account."""
    if not may_register_trainees(by, division):
        raise Forbidden(_("You may not register trainees."))
    trainee = trainee_build(division=division, **fields)
    with transaction.atomic():
        trainee.save()
        audit_record(actor=by, action="training.trainee", obj=trainee)
    return trainee


def enrol(*, by: User, training: Training, trainee: Trainee) -> Enrollment:
    require_organizer(by, training)
    try:
        with transaction.atomic():
            enrollment = Enrollment.objects.create(training=training, trainee=trainee)
            audit_record(actor=by, action="training.enrol", obj=training)
    except IntegrityError as exc:
        raise Conflict(_("Enrolled already."), field="trainee", code="duplicate") from exc
    return enrollment


def attendance_record(
    *, by: User, session: TrainingSession, present: list[Enrollment]
) -> list[Attendance]:
    """Who attended the session (replaces what was recorded)."""
    require_organizer(by, session.training)
    if any(e.training_id != session.training_id for e in present):
        raise InvalidInput(_("Only enrolled trainees attend."), field="present")
    with transaction.atomic():
        session.attendance.all().delete()
        rows = Attendance.objects.bulk_create(
            [Attendance(session=session, enrollment=e) for e in present]
        )
        audit_record(
            actor=by,
            action="training.attendance",
            obj=session.training,
            detail={"present": len(rows)},
        )
    return rows


def attendance_rate(enrollment: Enrollment) -> Decimal:
    """Hours attended as a percentage of the training's hours."""
    total = enrollment.training.sessions.aggregate(n=Sum("hours"))["n"] or Decimal("0")
    attended = enrollment.attendance.aggregate(n=Sum("session__hours"))["n"] or Decimal("0")
    return (attended * 100 / total).quantize(Decimal("0.1")) if total else Decimal("0")


def training_ended_on(training: Training) -> date:
    """The day the training ends: its last session, or its end date when that is later."""
    last = training.sessions.aggregate(last=Max("held_on"))["last"]
    return max(last, training.end_date) if last else training.end_date


def result_set(
    *, by: User, enrollment: Enrollment, passed: bool, score: Any = None, reason: str = ""
) -> Enrollment:
    """Record completion (结业, with a certificate) or not: by the organizer's own staff, after
    the training's last day, or earlier with a stated reason (kept in the audit log)."""
    training = enrollment.training
    training_caps(by, training).require(
        "record_results", _("Only the staff of the training's organizer record its results.")
    )
    reason = (reason or "").strip()
    if date.today() < training_ended_on(training) and not reason:
        raise InvalidInput(
            _(
                "The training has not ended (its last day is %(day)s): record the results after"
                " it, or give the reason for recording them now."
            )
            % {"day": training_ended_on(training).isoformat()},
            field="reason",
            code="not_ended",
        )
    if passed and attendance_rate(enrollment) < enrollment.training.required_attendance:
        raise InvalidInput(
            _("Completion needs %(n)s%% attendance.")
            % {"n": enrollment.training.required_attendance},
            field="result",
            code="attendance",
        )
    value = None
    if score not in (None, ""):
        value = to_decimal(score, field="score", message=_("The score is a number."))
        if not Decimal("0") <= value <= Decimal("100"):
            raise InvalidInput(_("The score is between 0 and 100."), field="score")
    with transaction.atomic():
        enrollment.result = Result.PASSED if passed else Result.FAILED
        enrollment.score = value
        if passed and not enrollment.certificate_number:
            enrollment.certificate_number = "PX" + secrets.token_hex(6).upper()
        enrollment.save()
        audit_record(
            actor=by,
            action="training.result",
            obj=enrollment.training,
            detail={"early_reason": reason[:200]} if reason else None,
        )
    return enrollment


def ce_window(trainee: Trainee, end: date) -> tuple[date, date]:
    """The registration period that counts: the title's years up to `end`, not before the
    title was obtained."""
    years = trainee.title.years if trainee.title else 3
    return max(trainee.title_since or date.min, end - timedelta(days=int(365.25 * years))), end


def ce_hours(trainee: Trainee, *, end: date | None = None) -> Decimal:
    """Hours attended within the trainee's registration period."""
    return Attendance.objects.filter(
        enrollment__trainee=trainee, session__held_on__range=ce_window(trainee, end or date.today())
    ).aggregate(n=Sum("session__hours"))["n"] or Decimal("0")


def ce_shortfall(trainees: Iterable[Trainee], *, end: date | None = None) -> list[dict[str, Any]]:
    """Who is short of their title's continuing-education hours, and by how much (two queries
    whatever the number of trainees)."""
    end = end or date.today()
    titled = [t for t in trainees if t.title is not None]
    windows = {t.pk: ce_window(t, end) for t in titled}
    done: dict[int, Decimal] = {t.pk: Decimal("0") for t in titled}
    if titled:
        earliest = min(start for start, _end in windows.values())
        attended = Attendance.objects.filter(
            enrollment__trainee_id__in=list(done), session__held_on__range=(earliest, end)
        ).values_list("enrollment__trainee_id", "session__held_on", "session__hours")
        for trainee_id, held_on, hours in attended:
            start, _end = windows[trainee_id]
            if held_on >= start:
                done[trainee_id] += hours
    return [
        {
            "trainee": t,
            "hours": done[t.pk],
            "required": t.title.hours,
            "short": t.title.hours - done[t.pk],
        }
        for t in titled
        if t.title is not None and done[t.pk] < t.title.hours
    ]


def training_certificate_pdf(enrollment: Enrollment, *, verify_url: str = "") -> bytes:
    """The completion certificate (结业证书) of a trainee who completed the training, in Chinese,
    with the organizer's space for its seal and a QR code of `verify_url`, the public page that
    checks its number."""
    from shequ.core.pdf import certificate_pdf

    training = enrollment.training
    attended = enrollment.attendance.aggregate(n=Sum("session__hours"))["n"] or Decimal("0")
    return certificate_pdf(
        title="培训结业证书",
        number_label="证书编号",
        number=enrollment.certificate_number,
        rows=[
            ("姓名", enrollment.trainee.name),
            ("工作单位", enrollment.trainee.workplace or "—"),
            ("培训项目", training.programme.name),
            ("培训名称", training.title),
            ("培训时间", f"{training.start_date:%Y年%m月%d日}至{training.end_date:%Y年%m月%d日}"),
            ("参训学时", f"{Decimal(attended).quantize(Decimal('0.1'))}学时"),
            ("考核成绩", enrollment.score if enrollment.score is not None else "合格"),
            ("主办单位", training.organizer.name),
            ("委托单位", training.partner.name if training.partner else "—"),
        ],
        closing="该学员完成上述培训并考核合格，准予结业。学时可计入社会工作者继续教育学时。"
        "可扫描二维码或凭证书编号在社区平台“培训结业证书查验”页面核验。",
        seal=(training.organizer.name, f"{training.end_date:%Y年%m月%d日}"),
        verify=(verify_url, "扫码核验本证书") if verify_url else None,
    )
