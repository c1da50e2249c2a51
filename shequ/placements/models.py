"""Student placements (实习实践): students of a university (BSW or MSW, a cohort), placements
at a community or an agency with a school supervisor and a field supervisor (双督导), the
practicum log (hours and activities per day), weekly journals approved by the field
supervisor, progress toward the programme's required hours (data), assignments as assistant
to a community secretary (社工助理) and the evaluations of both supervisors."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shequ.access.models import DivisionOwnedModel
from shequ.access.perms import Perm
from shequ.access.rule import reach_organizations
from shequ.core.models import ReferenceTable

if TYPE_CHECKING:
    from shequ.accounts.models import User

VIEW, MANAGE, SELF = Perm.PLACEMENT_VIEW, Perm.PLACEMENT_MANAGE, Perm.PLACEMENT_SELF


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


class PracticumRequirement(ReferenceTable):
    """A degree programme and the practicum hours it requires (800 for MSW)."""

    hours = models.PositiveIntegerField(_("required practicum hours"))

    class Meta(ReferenceTable.Meta):
        ordering = ["hours", "code"]
        verbose_name = _("practicum requirement")
        verbose_name_plural = _("practicum requirements")


class Student(DivisionOwnedModel):
    """A social-work student of a university; `division` is the school's."""

    school = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("school"),
    )
    name = models.CharField(_("name"), max_length=60)
    number = models.CharField(_("student number"), max_length=30)
    requirement = models.ForeignKey(
        PracticumRequirement,
        on_delete=models.PROTECT,
        related_name="students",
        verbose_name=_("degree"),
    )
    cohort = models.PositiveSmallIntegerField(_("cohort (year of entry)"))
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="student",
        verbose_name=_("account"),
    )

    class Meta:
        ordering = ["school_id", "number"]
        verbose_name = _("student")
        verbose_name_plural = _("students")
        constraints = [
            models.UniqueConstraint(fields=["school", "number"], name="student_number_per_school")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.number})"

    share_grants = frozenset({Perm.PLACEMENT_VIEW})

    @classmethod
    def shared_q(cls, user: User, perm: Perm) -> Q:
        """Also visible: the students of the user's school, the user's own record, and the
        students of the placements the user sees."""
        return (
            Q(school_id__in=reach_organizations(user, MANAGE))
            | Q(user_id=user.pk)
            | Q(pk__in=Placement.objects.visible_to(user, perm).values("student_id"))
        )


class Placement(DivisionOwnedModel):
    """A student placed at a host (a community committee or an agency) for a period;
    `division` is the community (or the agency's division) where the student works."""

    student = models.ForeignKey(
        Student, on_delete=models.PROTECT, related_name="placements", verbose_name=_("student")
    )
    host = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("host organization"),
    )
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    school_supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("school supervisor"),
    )
    field_supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("field supervisor"),
    )

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")

    def __str__(self) -> str:
        return f"{self.student_id}@{self.host_id}"

    share_grants = frozenset({Perm.PLACEMENT_VIEW})

    @classmethod
    def shared_q(cls, user: User, perm: Perm) -> Q:
        """Also visible: to the people of the student's school, to the two supervisors, to
        the student, and to a secretary the student assists."""
        return (
            Q(student__school_id__in=reach_organizations(user, MANAGE))
            | Q(school_supervisor_id=user.pk)
            | Q(field_supervisor_id=user.pk)
            | Q(student__user_id=user.pk)
            | Q(pk__in=AssistantAssignment.objects.filter(secretary_id=user.pk).values("placement"))
        )

    def status(self, today: date | None = None) -> str:
        today = today or date.today()
        if today < self.start_date:
            return "upcoming"
        return "ended" if today > self.end_date else "ongoing"

    def status_label(self) -> Any:
        return {"upcoming": _("upcoming"), "ongoing": _("ongoing"), "ended": _("ended")}[
            self.status()
        ]


class PracticumLog(models.Model):
    """The hours and activities of one day (one entry per day and placement)."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="logs")
    day = models.DateField(_("date"))
    week_start = models.DateField(_("week"), editable=False)
    hours = models.DecimalField(_("hours"), max_digits=3, decimal_places=1)
    activities = models.TextField(_("activities"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["placement", "day"], name="practicum_log_once_a_day")
        ]
        indexes = [models.Index(fields=["placement", "week_start"])]

    def __str__(self) -> str:
        return f"{self.placement_id}@{self.day}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.week_start = monday_of(self.day)
        super().save(*args, **kwargs)


class JournalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    APPROVED = "approved", pgettext_lazy("request status", "approved")
    RETURNED = "returned", _("returned")


class WeeklyJournal(models.Model):
    """The student's journal of a week (from its Monday), approved or returned by the field
    supervisor. Approval counts the week's hours and locks its entries."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="journals")
    week_start = models.DateField(_("week (Monday)"))
    text = models.TextField(_("journal"))
    status = models.CharField(
        _("status"), max_length=10, choices=JournalStatus.choices, default=JournalStatus.SUBMITTED
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    comment = models.TextField(_("supervisor's comment"), blank=True)

    class Meta:
        ordering = ["week_start"]
        constraints = [
            models.UniqueConstraint(fields=["placement", "week_start"], name="journal_once_a_week")
        ]

    def __str__(self) -> str:
        return f"{self.placement_id}@{self.week_start}"


class Rating(models.TextChoices):
    EXCELLENT = "excellent", _("excellent")
    GOOD = "good", _("good")
    PASS = "pass", _("pass")
    FAIL = "fail", _("fail")


class AssistantAssignment(models.Model):
    """The student of a placement assists a community secretary (社工助理) for a period, with
    duties; the secretary gives the final evaluation."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="assignments")
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("community secretary"),
    )
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    duties = models.TextField(_("duties"))
    rating = models.CharField(_("rating"), max_length=10, choices=Rating.choices, blank=True)
    comment = models.TextField(_("evaluation"), blank=True)
    evaluated_at = models.DateTimeField(_("evaluated at"), null=True, blank=True)

    class Meta:
        ordering = ["start_date", "id"]
        verbose_name = _("assistant assignment")
        verbose_name_plural = _("assistant assignments")

    def __str__(self) -> str:
        return f"{self.placement_id}:{self.secretary_id}"


class SupervisorRole(models.TextChoices):
    SCHOOL = "school", _("school supervisor")
    FIELD = "field", _("field supervisor")


class PlacementEvaluation(models.Model):
    """The evaluation of a placement by one of its two supervisors (one each)."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="evaluations")
    role = models.CharField(_("supervisor"), max_length=6, choices=SupervisorRole.choices)
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    score = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["role"]
        constraints = [
            models.UniqueConstraint(fields=["placement", "role"], name="evaluation_once_per_role"),
            models.CheckConstraint(
                condition=Q(score__gte=0, score__lte=100), name="evaluation_score_0_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.placement_id}:{self.role}"
