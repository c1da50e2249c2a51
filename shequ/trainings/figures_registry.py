"""The training figures of the statistics: trainings held in the period (a session took place)
organized in the division or commissioned by one of its governments, and the people trained
(distinct trainees who attended one of their sessions in the period)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from shequ.access.perms import Perm
from shequ.figures.registry import COUNT, PEOPLE, Figure, Scope, register
from shequ.trainings.models import Trainee, Training, TrainingSession
from shequ.trainings.selectors import trainee_list, training_list


def _sessions(scope: Scope) -> QuerySet[TrainingSession]:
    return TrainingSession.objects.filter(
        Q(training__division__code__startswith=scope.prefix)
        | Q(training__partner__division__code__startswith=scope.prefix),
        held_on__range=(scope.period.start, scope.period.end),
    )


def trainings(scope: Scope, part: tuple[str, str] | None = None) -> QuerySet[Training]:
    return Training.objects.filter(pk__in=_sessions(scope).values("training_id"))


def trainees(scope: Scope, part: tuple[str, str] | None = None) -> QuerySet[Trainee]:
    return Trainee.objects.filter(
        pk__in=_sessions(scope).values("attendance__enrollment__trainee_id")
    )


register(
    Figure(
        key="trainings",
        label=_("Trainings held"),
        section="trainings",
        unit=COUNT,
        value=lambda scope: trainings(scope).count(),
        records=lambda scope, part: (
            trainings(scope)
            .filter(pk__in=training_list(user=scope.user).values("pk"))
            .select_related("programme")
            .order_by("-start_date")
        ),
        columns=[
            (_("Training"), lambda t: t.title),
            (_("Programme"), lambda t: t.programme.display_name),
            (_("Start"), lambda t: t.start_date),
        ],
        drill_permissions=(Perm.TRAINING_VIEW, Perm.TRAINING_MANAGE),
        additive=False,
    )
)

register(
    Figure(
        key="trainees",
        label=_("People trained"),
        section="trainings",
        unit=PEOPLE,
        value=lambda scope: trainees(scope).count(),
        records=lambda scope, part: (
            trainees(scope)
            .filter(pk__in=trainee_list(user=scope.user).values("pk"))
            .select_related("division")
            .order_by("name")
        ),
        columns=[(_("Name"), lambda t: t.name), (_("Workplace"), lambda t: t.workplace)],
        drill_permissions=(Perm.TRAINING_VIEW, Perm.TRAINING_MANAGE),
        additive=False,
    )
)
