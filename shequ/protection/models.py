"""Juvenile protection (未成年人保护): reports of a child at risk, the cases they open, referral
among the four parties and escalation among the three levels, joint meetings and their tasks,
home visits, alerts, and the trace every read leaves.

The most sensitive records of Shequ. A case belongs to the child's community (the access rule
reads it from there, with `protection.view`); an organization it was referred to sees it from the
moment it accepts; a user outside both can open it only by breaking the glass. Every read of a
case writes an `AccessLog` entry."""

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
from shequ.access.rule import reach_organizations, reach_q
from shequ.core.models import ReferenceTable, TimeStampedModel

if TYPE_CHECKING:
    from shequ.accounts.models import User

VIEW = Perm.PROTECTION_VIEW
RECEIVE = Perm.PROTECTION_RECEIVE


class Situation(ReferenceTable):
    """A reportable situation of the mandatory-reporting opinion, kept as data."""

    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)

    class Meta(ReferenceTable.Meta):
        verbose_name = _("reportable situation")
        verbose_name_plural = _("reportable situations")


class RiskGrade(ReferenceTable):
    """Red, yellow, blue, green; each sets the rhythm of home visits (data)."""

    visit_every_days = models.PositiveSmallIntegerField(_("days between visits"))

    class Meta(ReferenceTable.Meta):
        verbose_name = _("risk grade")
        verbose_name_plural = _("risk grades")


class ReportStatus(models.TextChoices):
    NEW = "new", _("waiting for acknowledgement")
    ACCEPTED = "accepted", _("accepted")
    REDIRECTED = "redirected", _("redirected")


class Report(DivisionOwnedModel):
    """发现报告 / 强制报告: a child at risk, reported to the child's community queue."""

    child = models.ForeignKey(
        "residents.Resident", on_delete=models.PROTECT, related_name="+", verbose_name=_("child")
    )
    situations = models.ManyToManyField(Situation, related_name="+", verbose_name=_("situations"))
    seen = models.TextField(_("what was seen"))
    seen_at = models.DateTimeField(_("when"))
    police_told = models.BooleanField(_("the police were told"), default=False)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reporter_organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # a member of the public (no account): name and phone, shown only with the permission
    public_name = models.CharField(_("reporter's name"), max_length=60, blank=True)
    public_phone = models.CharField(_("reporter's phone"), max_length=30, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.NEW
    )
    due_at = models.DateTimeField(_("acknowledge by"))
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    handled_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self) -> str:
        return f"{self.pk}"

    share_grants = frozenset({Perm.PROTECTION_VIEW})

    @classmethod
    def shared_q(cls, user: User, perm: Perm) -> Q:
        """Reporters follow their own reports (not the cases they open)."""
        return Q(reporter_id=user.pk)


class CaseStatus(models.TextChoices):
    OPEN = "open", _("open")
    CLOSING = "closing", _("closure requested")
    FOLLOW_UP = "follow_up", _("follow-up")
    CLOSED = "closed", pgettext_lazy("case status", "closed")


class ProtectionCase(DivisionOwnedModel):
    """A child's protection case. `division` is the child's community; `level` is the division
    that holds responsibility (the community, its street or its county)."""

    child = models.ForeignKey(
        "residents.Resident", on_delete=models.PROTECT, related_name="+", verbose_name=_("child")
    )
    report = models.OneToOneField(
        Report, on_delete=models.PROTECT, null=True, blank=True, related_name="case"
    )
    level = models.ForeignKey(
        "divisions.Division",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible level"),
    )
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    grade = models.ForeignKey(
        RiskGrade, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    grade_reasons = models.TextField(_("reasons for the grade"), blank=True)
    next_visit_due = models.DateField(_("next visit due"), null=True, blank=True)
    needs = models.JSONField(_("needs"), default=list, blank=True)
    plan = models.TextField(_("case plan"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    closure_reason = models.CharField(_("closure reason"), max_length=300, blank=True)
    follow_up_until = models.DateField(_("follow-up until"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("protection case")
        verbose_name_plural = _("protection cases")

    def __str__(self) -> str:
        return f"{self.pk}"

    share_grants = frozenset({Perm.PROTECTION_VIEW})

    @classmethod
    def shared_q(cls, user: User, perm: Perm) -> Q:
        """Also visible: cases whose responsible level is in reach (an escalated case), cases
        referred to one of the user's organizations and accepted (also to organizations whose
        people hold `protection.receive`), and cases whose glass the user broke, while that
        access lasts."""
        orgs = reach_organizations(user, perm) | reach_organizations(user, RECEIVE)
        now = timezone.now()
        return (
            reach_q(user, perm, "level__code")
            | Q(
                pk__in=Referral.objects.filter(
                    to_organization_id__in=orgs, status=ReferralStatus.ACCEPTED
                ).values("case_id")
            )
            | Q(
                pk__in=GlassBreak.objects.filter(user_id=user.pk, expires_at__gt=now).values(
                    "case_id"
                )
            )
        )


class CaseEvent(models.Model):
    """Every transition of a case: who, when, what, why."""

    case = models.ForeignKey(ProtectionCase, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=30)
    detail = models.CharField(max_length=300, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.action}"


class ReferralStatus(models.TextChoices):
    PENDING = "pending", _("waiting for an answer")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")


class Referral(models.Model):
    """A case referred to an organization of another party (a school, a bureau, the police, an
    agency), who accepts or declines with a reason."""

    case = models.ForeignKey(ProtectionCase, on_delete=models.CASCADE, related_name="referrals")
    to_organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("why"), max_length=300)
    status = models.CharField(
        max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.PENDING
    )
    answer = models.CharField(_("answer"), max_length=300, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id}->{self.to_organization_id}"


class Visit(models.Model):
    case = models.ForeignKey(ProtectionCase, on_delete=models.CASCADE, related_name="visits")
    visited_on = models.DateField(_("date"))
    notes = models.TextField(_("notes"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["visited_on", "id"]

    def __str__(self) -> str:
        return f"{self.case_id}@{self.visited_on}"


class CaseService(models.Model):
    """A service to the child by one of the four parties, or an emergency placement /
    temporary guardianship (民政临时监护) with its dates."""

    class Party(models.TextChoices):
        GOVERNMENT = "government", _("government")
        SCHOOL = "school", _("school")
        COMMUNITY = "community", _("community")
        FAMILY = "family", _("family")

    class Kind(models.TextChoices):
        SERVICE = "service", _("service")
        PLACEMENT = "placement", _("emergency placement")
        GUARDIANSHIP = "guardianship", _("temporary guardianship")

    case = models.ForeignKey(ProtectionCase, on_delete=models.CASCADE, related_name="services")
    party = models.CharField(_("party"), max_length=12, choices=Party.choices)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.SERVICE)
    description = models.CharField(_("what"), max_length=300)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["start_date", "id"]

    def __str__(self) -> str:
        return self.description


class AccessLog(models.Model):
    """One read of a case: who, when, through what (page, API, export) and by which right."""

    case = models.ForeignKey(ProtectionCase, on_delete=models.CASCADE, related_name="accesses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    channel = models.CharField(max_length=10)  # page, api, export
    via = models.CharField(max_length=12)  # reach, referral, glass

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.user_id}@{self.at}"


class GlassBreak(models.Model):
    """Emergency access by a user outside the case's reach, with a reason, for a limited time."""

    case = models.ForeignKey(ProtectionCase, on_delete=models.CASCADE, related_name="glass")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("reason"), max_length=300)
    at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.case_id}:{self.user_id}"


class AlertKind(models.TextChoices):
    REPORT_OVERDUE = "report_overdue", _("report not acknowledged in time")
    VISIT_MISSED = "visit_missed", _("home visit missed")
    TASK_OVERDUE = "task_overdue", _("task overdue")
    GLASS_BROKEN = "glass_broken", _("emergency access to a case")
    REFERRAL = "referral", _("case referred")


class Alert(TimeStampedModel):
    """A notice to the holders of a permission at a division (and organization): a report not
    acknowledged, a visit missed, a task overdue, a glass broken."""

    kind = models.CharField(max_length=20, choices=AlertKind.choices)
    division = models.ForeignKey("divisions.Division", on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, null=True, related_name="+"
    )
    permission = models.CharField(max_length=40, default=VIEW)
    message = models.CharField(max_length=300)
    report = models.ForeignKey(Report, on_delete=models.CASCADE, null=True, related_name="+")
    case = models.ForeignKey(ProtectionCase, on_delete=models.CASCADE, null=True, related_name="+")
    task = models.ForeignKey("Task", on_delete=models.CASCADE, null=True, related_name="+")
    key = models.CharField(max_length=80, unique=True)  # one alert per occasion
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.message


class Meeting(DivisionOwnedModel):
    """联席会议 at street or county level: member units, date, the cases on its agenda, who
    attended, and resolutions that become tasks."""

    convener = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+"
    )
    held_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    members = models.ManyToManyField(
        "organizations.Organization", related_name="+", verbose_name=_("member units")
    )
    attended = models.ManyToManyField(
        "organizations.Organization", related_name="+", blank=True, verbose_name=_("attended")
    )
    cases = models.ManyToManyField(ProtectionCase, related_name="meetings", blank=True)
    previous = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("joint meeting")
        verbose_name_plural = _("joint meetings")

    def __str__(self) -> str:
        return self.title


class TaskStatus(models.TextChoices):
    OPEN = "open", _("open")
    DONE = "done", _("done")


class Task(TimeStampedModel):
    """A resolution of a joint meeting: what, which organization owns it, by when."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="tasks")
    case = models.ForeignKey(
        ProtectionCase, on_delete=models.PROTECT, null=True, blank=True, related_name="tasks"
    )
    resolution = models.CharField(_("resolution"), max_length=300)
    owner = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("due"))
    status = models.CharField(max_length=8, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    done_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=300, blank=True)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.resolution
