"""Reads of trainings within the access rule: through the organizer's division (and the
organizer's own people), and trainees through their division or a training of the user's
organization."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from shequ.access.perms import Perm
from shequ.access.rule import reach_organizations, reach_q
from shequ.core.errors import NotFound
from shequ.organizations.models import Organization, OrganizationKind
from shequ.organizations.selectors import organizations_acting_for, organizations_to_work_with
from shequ.trainings.models import (
    Attendance,
    Enrollment,
    Result,
    Trainee,
    Training,
    TrainingSession,
)

if TYPE_CHECKING:
    from shequ.accounts.models import User

VIEW, MANAGE = Perm.TRAINING_VIEW, Perm.TRAINING_MANAGE

GOVERNMENT_KINDS: list[str] = [
    OrganizationKind.CIVIL_AFFAIRS,
    OrganizationKind.ORG_DEPARTMENT,
    OrganizationKind.STREET_OFFICE,
    OrganizationKind.GOVERNMENT,
]


def certificate_get(*, user: User, number: str) -> Enrollment:
    """The passed enrolment a completion certificate number names, for the trainee (their
    account) or whoever sees the training; NotFound for anyone else, as for a wrong number."""
    enrollment = (
        Enrollment.objects.filter(certificate_number=number, result=Result.PASSED)
        .select_related(
            "training__programme", "training__organizer", "training__partner", "trainee"
        )
        .first()
    )
    if enrollment is None or not (
        enrollment.trainee.user_id == user.pk
        or training_list(user=user).filter(pk=enrollment.training_id).exists()
    ):
        raise NotFound()
    return enrollment


def training_organizers(*, user: User) -> list[Organization]:
    """Who may organize a training the user creates: their own organizations (the page's
    choices and the only ids the API accepts)."""
    return organizations_acting_for(user=user, perm=MANAGE)


def training_partners(*, user: User) -> list[Organization]:
    """The government departments a training may be commissioned by: in the user's reach or
    above it (the page's choices and the only ids the API accepts)."""
    return organizations_to_work_with(user=user, kinds=GOVERNMENT_KINDS)


def training_list(*, user: User) -> QuerySet[Training]:
    return (
        Training.objects.visible_to(user, VIEW)
        .select_related("programme", "organizer", "partner")
        .order_by("-start_date", "-id")
    )


def trainee_list(*, user: User) -> QuerySet[Trainee]:
    return (
        Trainee.objects.filter(
            reach_q(user, VIEW) | Q(enrollments__training__in=training_list(user=user).values("pk"))
        )
        .distinct()
        .select_related("division", "title")
        .order_by("name", "id")
    )


def training_get(*, user: User, pk: int) -> Training:
    training = training_list(user=user).filter(pk=pk).first()
    if training is None:
        raise NotFound()
    return training


def trainee_get(*, user: User, pk: int) -> Trainee:
    trainee = trainee_list(user=user).filter(pk=pk).first()
    if trainee is None:
        raise NotFound()
    return trainee


def enrollment_get(*, user: User, pk: int) -> Enrollment:
    enrollment = (
        Enrollment.objects.filter(pk=pk, training__in=training_list(user=user).values("pk"))
        .select_related("training", "trainee")
        .first()
    )
    if enrollment is None:
        raise NotFound()
    return enrollment


def attendance_grid(training: Training) -> tuple[list[Any], list[tuple[Any, Decimal, set[int]]]]:
    """The sessions, and per enrolment its attendance rate (hours attended as a percentage of
    the training's hours) and the sessions attended, in a fixed number of queries."""
    sessions = list(training.sessions.prefetch_related("attendance"))
    total = sum((s.hours for s in sessions), Decimal("0"))
    attended: dict[int, set[int]] = {}
    for session in sessions:
        for row in session.attendance.all():
            attended.setdefault(row.enrollment_id, set()).add(session.pk)
    hours = {s.pk: s.hours for s in sessions}
    rows = []
    for enrollment in training.enrollments.select_related("trainee__division"):
        seen = attended.get(enrollment.pk, set())
        done = sum((hours[pk] for pk in seen), Decimal("0"))
        rate = (done * 100 / total).quantize(Decimal("0.1")) if total else Decimal("0")
        rows.append((enrollment, rate, seen))
    return sessions, rows


# ------------------------------------------------------------------ what waits (the workbench)


def _organized(user: User) -> Q:
    """Trainings the user organizes (the rule of `may_organize`)."""
    return Q(organizer_id__in=reach_organizations(user, MANAGE)) | reach_q(user, MANAGE)


def sessions_to_record(user: User, today: date) -> QuerySet[TrainingSession]:
    """Sessions held by today, of trainings the user organizes, with trainees enrolled and no
    attendance recorded yet."""
    return (
        TrainingSession.objects.filter(
            training__in=Training.objects.filter(_organized(user)).values("pk"),
            held_on__lte=today,
            training__enrollments__isnull=False,
        )
        .exclude(Exists(Attendance.objects.filter(session_id=OuterRef("pk"))))
        .select_related("training")
        .distinct()
        .order_by("held_on", "id")
    )


def results_to_record(user: User, today: date) -> QuerySet[Training]:
    """Trainings the user organizes that have ended with results still pending."""
    return (
        Training.objects.filter(_organized(user), end_date__lt=today)
        .filter(Exists(Enrollment.objects.filter(training_id=OuterRef("pk"), result="pending")))
        .order_by("end_date", "id")
    )


def training_certificate_check(number: str) -> dict[str, Any] | None:
    """What the public verification page may say of a completion certificate: that the number
    is valid, the training, its dates and its organizer (not the trainee)."""
    enrollment = (
        Enrollment.objects.filter(
            certificate_number=(number or "").strip().upper(), result=Result.PASSED
        )
        .exclude(certificate_number="")
        .select_related("training__organizer")
        .first()
    )
    if enrollment is None:
        return None
    training = enrollment.training
    return {
        "number": enrollment.certificate_number,
        "training": training.title,
        "start": training.start_date,
        "end": training.end_date,
        "organizer": training.organizer.name,
    }
