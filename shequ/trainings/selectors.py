"""Reads of trainings within the access rule: through the organizer's division (and the
organizer's own people), and trainees through their division or a training of the user's
organization."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet

from shequ.access.perms import Perm
from shequ.access.rule import reach_organizations, reach_q
from shequ.core.errors import NotFound
from shequ.trainings.models import Enrollment, Result, Trainee, Training

VIEW, MANAGE = Perm.TRAINING_VIEW, Perm.TRAINING_MANAGE


def training_list(*, user: Any) -> QuerySet[Training]:
    return (
        Training.objects.visible_to(user, VIEW)
        .select_related("programme", "organizer", "partner")
        .order_by("-start_date", "-id")
    )


def trainee_list(*, user: Any) -> QuerySet[Trainee]:
    return (
        Trainee.objects.filter(
            reach_q(user, VIEW) | Q(enrollments__training__in=training_list(user=user).values("pk"))
        )
        .distinct()
        .select_related("division", "title")
        .order_by("name", "id")
    )


def training_get(*, user: Any, pk: int) -> Training:
    training = training_list(user=user).filter(pk=pk).first()
    if training is None:
        raise NotFound()
    return training


def trainee_get(*, user: Any, pk: int) -> Trainee:
    trainee = trainee_list(user=user).filter(pk=pk).first()
    if trainee is None:
        raise NotFound()
    return trainee


def enrollment_get(*, user: Any, pk: int) -> Enrollment:
    enrollment = (
        Enrollment.objects.filter(pk=pk, training__in=training_list(user=user).values("pk"))
        .select_related("training", "trainee")
        .first()
    )
    if enrollment is None:
        raise NotFound()
    return enrollment


def may_organize(user: Any, training: Training) -> bool:
    from shequ.access.rule import covers

    return training.organizer_id in reach_organizations(user, MANAGE) or covers(
        user, MANAGE, training.division_id
    )


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
