"""Volunteers (志愿服务条例): the registry (the volunteer number is the public identifier, never
the ID number, which is kept encrypted as in the residents registry), teams, activities with
their risks and insurance, sign-ups, check-in and check-out, and the hours the organizer
confirms."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shequ.access.models import DivisionOwnedModel
from shequ.access.perms import Perm
from shequ.access.rule import reach_organizations
from shequ.core.models import TimeStampedModel

if TYPE_CHECKING:
    from shequ.accounts.models import User


class IdType(models.TextChoices):
    RESIDENT = "resident", _("resident ID card")
    HK_MACAO = "hk_macao", _("Mainland travel permit for Hong Kong and Macao residents")
    TAIWAN = "taiwan", _("Mainland travel permit for Taiwan residents")
    PASSPORT = "passport", _("passport")
    FOREIGN = "foreign", _("foreigner's permanent residence ID card")


class Volunteer(DivisionOwnedModel):
    """A registered volunteer; `division` is the community where they registered."""

    number = models.CharField(_("volunteer number"), max_length=20, unique=True)
    name = models.CharField(_("real name"), max_length=60)
    gender = models.CharField(_("gender"), max_length=1, blank=True)
    birth_date = models.DateField(_("birth date"))
    id_type = models.CharField(_("ID type"), max_length=10, choices=IdType.choices)
    id_number_cipher = models.TextField(blank=True)
    id_number_hash = models.CharField(max_length=64, db_index=True, blank=True)
    id_number_masked = models.CharField(_("ID number"), max_length=40, blank=True)
    phone_cipher = models.TextField(blank=True)
    phone_hash = models.CharField(max_length=64, blank=True)
    phone_masked = models.CharField(_("phone"), max_length=20, blank=True)
    skills = models.JSONField(_("skills"), default=list, blank=True)
    availability = models.CharField(_("availability"), max_length=200, blank=True)
    guardian_name = models.CharField(_("guardian"), max_length=50, blank=True)
    guardian_consent_date = models.DateField(_("guardian's consent"), null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="volunteer",
    )

    class Meta:
        ordering = ["number"]
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        constraints = [
            models.UniqueConstraint(
                fields=["id_type", "id_number_hash"],
                condition=~models.Q(id_number_hash=""),
                name="volunteer_id_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    share_grants = frozenset({Perm.VOLUNTEER_VIEW})

    @classmethod
    def shared_q(cls, user: User, perm: Perm) -> Q:
        """A volunteer sees their own record."""
        return Q(user_id=user.pk)


class Team(DivisionOwnedModel):
    name = models.CharField(_("name"), max_length=120)
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+"
    )
    members = models.ManyToManyField(Volunteer, related_name="teams", blank=True)
    leader = models.ForeignKey(
        Volunteer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("leader"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("volunteer team")
        verbose_name_plural = _("volunteer teams")
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="team_name_once")
        ]

    def __str__(self) -> str:
        return self.name

    share_grants = frozenset({Perm.VOLUNTEER_VIEW})

    @classmethod
    def shared_q(cls, user: User, perm: Perm) -> Q:
        """Also visible: the teams of the user's organization."""
        return Q(organization_id__in=reach_organizations(user, Perm.VOLUNTEER_MANAGE))


class ActivityStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    OPEN = "open", _("open for sign-up")
    CLOSED = "closed", pgettext_lazy("volunteer activity", "closed")


class VolunteerActivity(DivisionOwnedModel):
    """An activity an organization organizes; `division` is where it takes place."""

    organizer = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+"
    )
    project = models.ForeignKey(
        "projects.ServiceProject",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="volunteer_activities",
        verbose_name=_("under the project"),
    )
    title = models.CharField(_("title"), max_length=120)
    content = models.TextField(_("content"))
    place = models.CharField(_("place"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveIntegerField(_("capacity"))
    skills = models.JSONField(_("skills wanted"), default=list, blank=True)
    risks = models.TextField(_("risks"), blank=True)
    risky = models.BooleanField(_("risky"), default=False)
    insured = models.BooleanField(_("accident insurance bought"), default=False)
    status = models.CharField(
        max_length=8, choices=ActivityStatus.choices, default=ActivityStatus.DRAFT
    )
    code_secret = models.CharField(max_length=64)

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("volunteer activity")
        verbose_name_plural = _("volunteer activities")

    def __str__(self) -> str:
        return self.title

    @property
    def signup_open(self) -> bool:
        """Open for sign-up until it ends (people may still join one under way): a past activity
        closes its sign-up by itself, nobody has to remember to close it."""
        return self.status == ActivityStatus.OPEN and timezone.now() < self.ends_at

    @property
    def status_label(self) -> str:
        """The status as people read it: an open activity that is over says so."""
        if self.status == ActivityStatus.OPEN and not self.signup_open:
            return str(_("sign-up closed"))
        return str(self.get_status_display())

    share_grants = frozenset({Perm.VOLUNTEER_VIEW})

    @classmethod
    def shared_q(cls, user: User, perm: Perm) -> Q:
        """Also visible: the activities of the user's organization (as organizer), and, to a
        registered volunteer, the activities open for sign-up."""
        q = Q(organizer_id__in=reach_organizations(user, Perm.VOLUNTEER_MANAGE))
        if Volunteer.objects.filter(user_id=user.pk).exists():
            q |= Q(status=ActivityStatus.OPEN)
        return q


class SignUpStatus(models.TextChoices):
    APPLIED = "applied", pgettext_lazy("sign-up", "applied")
    APPROVED = "approved", pgettext_lazy("sign-up", "approved")
    REJECTED = "rejected", pgettext_lazy("sign-up", "rejected")


class SignUp(TimeStampedModel):
    activity = models.ForeignKey(
        VolunteerActivity, on_delete=models.CASCADE, related_name="signups"
    )
    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="signups")
    status = models.CharField(
        max_length=10, choices=SignUpStatus.choices, default=SignUpStatus.APPLIED
    )
    checked_in_at = models.DateTimeField(null=True, blank=True)
    checked_out_at = models.DateTimeField(null=True, blank=True)
    hours = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["activity_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "volunteer"], name="signup_once")
        ]

    def __str__(self) -> str:
        return f"{self.activity_id}:{self.volunteer_id}"


class Certificate(models.Model):
    """志愿服务记录证明: issued free by the organization that recorded the hours. Its number can
    be checked on a public page that reveals nothing beyond validity and hours."""

    number = models.CharField(_("certificate number"), max_length=20, unique=True)
    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="certificates")
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+"
    )
    person_in_charge = models.CharField(_("person in charge"), max_length=60)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    contact = models.CharField(_("contact"), max_length=100)
    hours = models.DecimalField(_("hours"), max_digits=8, decimal_places=1)
    content = models.TextField(_("content of service"))
    issued_on = models.DateField(_("date of issue"))

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("certificate of service record")
        verbose_name_plural = _("certificates of service record")

    def __str__(self) -> str:
        return self.number


class CertificateRequest(TimeStampedModel):
    """A volunteer asks an organization that confirmed their hours for a certificate; the
    organizer issues it (and the request then points to it)."""

    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.PROTECT, related_name="certificate_requests"
    )
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+"
    )
    certificate = models.ForeignKey(
        Certificate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer", "organization"],
                condition=models.Q(certificate__isnull=True),
                name="certificate_request_pending_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.volunteer_id}:{self.organization_id}"


class HoursMonth(models.Model):
    """Roll-up of confirmed hours: one row per month (of the day the activity starts, local
    time), community of the activity and organizer, kept in the transaction that confirms
    (volunteers/hours_rollup.py). The statistics sum a few hundred rows instead of every
    sign-up."""

    month = models.DateField()
    division_code = models.CharField(max_length=12)
    organizer = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+"
    )
    hours = models.DecimalField(max_digits=12, decimal_places=1, default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["month", "division_code", "organizer"], name="hours_month_once"
            )
        ]
        indexes = [
            models.Index(
                fields=["division_code", "month"],
                name="hours_month_div",
                opclasses=["varchar_pattern_ops", "date_ops"],
            )
        ]

    def __str__(self) -> str:
        return f"{self.division_code}@{self.month}: {self.hours}"
