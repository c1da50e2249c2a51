"""Government-purchased service projects (政府购买服务项目): the buyer, the provider, the
money, the period, the communities covered, the targets, the lifecycle and the evaluations."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shequ.core.access import reach_q
from shequ.core.models import BilingualName, DivisionOwnedModel, TimeStampedModel


class ServiceArea(BilingualName, models.Model):  # noqa: DJ008 (__str__ from BilingualName)
    """环境整治, 儿童青少年关爱保护, 康养, … kept as data."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60)
    name_en = models.CharField(_("English name"), max_length=60, blank=True)
    sort = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["sort", "code"]
        verbose_name = _("service area")
        verbose_name_plural = _("service areas")


class Stage(models.TextChoices):
    APPROVED = "approved", _("approved")
    SIGNED = "signed", _("signed")
    RUNNING = "running", _("running")
    MIDTERM = "midterm", _("mid-term evaluation")
    FINAL_EVALUATION = "final_evaluation", _("final evaluation")
    CLOSED = "closed", _("closed")


STAGE_ORDER = [s.value for s in Stage]


class ServiceProject(DivisionOwnedModel):
    """A project bought by a civil-affairs bureau (its division is the buyer's) from an agency,
    delivered in the communities it covers. Visible to whoever reaches the buyer's division or
    one of the communities covered."""

    number = models.CharField(_("project number"), max_length=40)
    name = models.CharField(_("name"), max_length=120)
    buyer = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("buyer"),
    )
    provider = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("provider"),
    )
    amount = models.DecimalField(
        _("contract amount (yuan)"), max_digits=14, decimal_places=2, default=Decimal("0")
    )
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    areas = models.ManyToManyField(
        ServiceArea, related_name="projects", verbose_name=_("service areas")
    )
    communities = models.ManyToManyField(
        "divisions.Division",
        through="ProjectCommunity",
        related_name="projects",
        verbose_name=_("communities covered"),
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="projects", verbose_name=_("staff")
    )
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.APPROVED
    )
    requires_supervision = models.BooleanField(
        _("casework needs a supervisor's review"), default=False
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["-start_date", "number"]
        verbose_name = _("service project")
        verbose_name_plural = _("service projects")
        constraints = [models.UniqueConstraint(fields=["number"], name="project_number_unique")]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def shared_q(cls, user: Any, perm: str) -> Q:
        """Also visible where one of the communities covered is in reach."""
        return Q(
            pk__in=ProjectCommunity.objects.filter(reach_q(user, perm, "community__code")).values(
                "project_id"
            )
        )


class ProjectCommunity(models.Model):
    project = models.ForeignKey(ServiceProject, on_delete=models.CASCADE, related_name="coverage")
    community = models.ForeignKey("divisions.Division", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "community"], name="project_community_once")
        ]

    def __str__(self) -> str:
        return f"{self.project_id}:{self.community_id}"


class PartyBranch(TimeStampedModel):
    """党支部建在项目上: the party branch built on the project."""

    project = models.OneToOneField(
        ServiceProject, on_delete=models.CASCADE, related_name="party_branch"
    )
    name = models.CharField(_("name"), max_length=120)
    secretary = models.CharField(_("secretary"), max_length=60)
    member_count = models.PositiveIntegerField(_("members"), default=0)

    class Meta:
        verbose_name = _("party branch")
        verbose_name_plural = _("party branches")

    def __str__(self) -> str:
        return self.name


class ProjectTransition(models.Model):
    """One step of the lifecycle: who moved the project, when, from what to what."""

    project = models.ForeignKey(
        ServiceProject, on_delete=models.CASCADE, related_name="transitions"
    )
    from_stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=20, choices=Stage.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.project_id}: {self.from_stage} -> {self.to_stage}"


class Metric(models.TextChoices):
    CASES_OPENED = "cases_opened", _("cases opened")
    CASES_CLOSED = "cases_closed", _("cases closed")
    GROUP_SESSIONS = "group_sessions", _("group sessions held")
    ACTIVITIES = "activities", _("community activities held")
    PEOPLE_SERVED = "people_served", _("people served")
    PERSON_TIMES = "person_times", _("person-times")
    VOLUNTEER_HOURS = "volunteer_hours", _("volunteer hours")
    TRAININGS = "trainings", _("trainings held")
    SATISFACTION = "satisfaction", _("satisfaction rate (%)")
    MANUAL = "manual", _("other (entered with evidence)")


class Indicator(TimeStampedModel):
    """A target set at signing; its actual is computed from the records (or entered, with
    evidence, for a manual metric)."""

    project = models.ForeignKey(ServiceProject, on_delete=models.CASCADE, related_name="indicators")
    metric = models.CharField(_("metric"), max_length=20, choices=Metric.choices)
    label = models.CharField(_("label"), max_length=120, blank=True)
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2)
    manual_actual = models.DecimalField(
        _("actual (manual)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    evidence = models.CharField(_("evidence"), max_length=300, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.label or self.get_metric_display()
