"""Trainings (培训): programmes (types as data), their sessions, trainees (often community
workers of other divisions, possibly without an account), enrolment, attendance per session,
results, and continuing-education hours against the requirement of each title (data)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shequ.access.models import DivisionOwnedModel
from shequ.access.perms import Perm
from shequ.access.rule import reach_organizations, reach_q
from shequ.core.models import ReferenceTable

if TYPE_CHECKING:
    from shequ.accounts.models import User


class ProgrammeType(ReferenceTable):
    class Meta(ReferenceTable.Meta):
        verbose_name = _("programme type")
        verbose_name_plural = _("programme types")


class CERequirement(ReferenceTable):
    """Continuing education: `hours` within `years` for a title (72 for assistant social
    workers, 90 for social workers, in three years)."""

    hours = models.PositiveIntegerField(_("hours"))
    years = models.PositiveSmallIntegerField(_("years"))

    class Meta(ReferenceTable.Meta):
        verbose_name = _("continuing-education requirement")
        verbose_name_plural = _("continuing-education requirements")


class Training(DivisionOwnedModel):
    """A programme offered by an organizer (its division is the organizer's), possibly
    commissioned by a partner government."""

    programme = models.ForeignKey(ProgrammeType, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=120)
    organizer = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+"
    )
    partner = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commissioned by"),
    )
    project = models.ForeignKey(
        "projects.ServiceProject",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trainings",
        verbose_name=_("under the project"),
    )
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    required_attendance = models.PositiveSmallIntegerField(
        _("attendance required to complete (%)"), default=80
    )

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("training")
        verbose_name_plural = _("trainings")

    def __str__(self) -> str:
        return self.title

    share_grants = frozenset({Perm.TRAINING_VIEW})

    @classmethod
    def shared_q(cls, user: User, perm: Perm) -> Q:
        """Also visible to the people of the organizer (a university serving the city), and
        where the government that commissioned it is in reach (as a project is to its buyer)."""
        return Q(organizer_id__in=reach_organizations(user, Perm.TRAINING_MANAGE)) | reach_q(
            user, perm, "partner__division__code"
        )


class TrainingSession(models.Model):
    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1)
    trainer = models.CharField(_("trainer"), max_length=60)
    place = models.CharField(_("place"), max_length=120)

    class Meta:
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.training_id}@{self.held_on}"


class Trainee(DivisionOwnedModel):
    """A person trained; `division` is where they work. No account needed."""

    name = models.CharField(_("name"), max_length=60)
    workplace = models.CharField(_("workplace"), max_length=120, blank=True)
    phone_masked = models.CharField(_("phone"), max_length=20, blank=True)
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True)
    title = models.ForeignKey(
        CERequirement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("professional title"),
    )
    title_since = models.DateField(_("registered since"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("trainee")
        verbose_name_plural = _("trainees")

    def __str__(self) -> str:
        return self.name

    share_grants = frozenset({Perm.TRAINING_VIEW})

    @classmethod
    def shared_q(cls, user: User, perm: Perm) -> Q:
        """Also visible: the trainees of the trainings the user sees."""
        return Q(
            pk__in=Enrollment.objects.filter(
                training__in=Training.objects.visible_to(user, perm).values("pk")
            ).values("trainee_id")
        )


class Result(models.TextChoices):
    PENDING = "pending", _("in progress")
    PASSED = "passed", _("completed")
    FAILED = "failed", _("not completed")


class Enrollment(models.Model):
    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="enrollments")
    trainee = models.ForeignKey(Trainee, on_delete=models.PROTECT, related_name="enrollments")
    result = models.CharField(max_length=8, choices=Result.choices, default=Result.PENDING)
    score = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=20, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["training", "trainee"], name="enrollment_once"),
            models.UniqueConstraint(
                fields=["certificate_number"],
                condition=~models.Q(certificate_number=""),
                name="training_certificate_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.training_id}:{self.trainee_id}"


class Attendance(models.Model):
    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="attendance"
    )
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="attendance")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "enrollment"], name="attendance_once")
        ]

    def __str__(self) -> str:
        return f"{self.session_id}:{self.enrollment_id}"


ZERO = Decimal("0")
