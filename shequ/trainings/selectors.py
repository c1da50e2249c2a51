"""Reads of trainings within the access rule: through the organizer's division (and the
organizer's own people), and trainees through their division or a training of the user's
organization."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from shequ.core.access import reach_organizations, reach_q
from shequ.trainings.models import Trainee, Training

VIEW, MANAGE = "training.view", "training.manage"


def training_list(*, user: Any) -> QuerySet[Training]:
    return (
        Training.objects.filter(
            reach_q(user, VIEW) | Q(organizer_id__in=reach_organizations(user, MANAGE))
        )
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


def may_organize(user: Any, training: Training) -> bool:
    from shequ.core.access import covers

    return training.organizer_id in reach_organizations(user, MANAGE) or covers(
        user, MANAGE, training.division_id
    )
