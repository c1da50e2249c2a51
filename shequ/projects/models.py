"""Government-purchased service projects (政府购买服务项目): the buyer, the provider, the
money, the period, the communities covered, the targets, the lifecycle and the evaluations."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING
from uuid import uuid4

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shequ.access.models import DivisionOwnedModel
from shequ.access.perms import Perm
from shequ.access.rule import reach_q
from shequ.core.models import ReferenceTable, TimeStampedModel, Versioned

if TYPE_CHECKING:
    from shequ.accounts.models import User


class ServiceArea(ReferenceTable):
    """环境整治, 儿童青少年关爱保护, 康养, … kept as data."""

    class Meta(ReferenceTable.Meta):
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


class ServiceProject(Versioned, DivisionOwnedModel):
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

    share_grants = frozenset({Perm.PROJECT_VIEW})

    @classmethod
    def shared_q(cls, user: User, perm: Perm) -> Q:
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


# What each metric counts: the kind of number its target is (core/fields.py reads each kind).
METRIC_KIND = {
    Metric.CASES_OPENED: "count",
    Metric.CASES_CLOSED: "count",
    Metric.GROUP_SESSIONS: "count",
    Metric.ACTIVITIES: "count",
    Metric.PEOPLE_SERVED: "headcount",
    Metric.PERSON_TIMES: "headcount",
    Metric.VOLUNTEER_HOURS: "hours",
    Metric.TRAININGS: "count",
    Metric.SATISFACTION: "percent",
    Metric.MANUAL: "quantity",
}


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


class DocumentKind(models.TextChoices):
    CONTRACT = "contract", _("contract")
    PLAN = "plan", _("plan")
    REPORT = "report", _("report")
    OTHER = "other", _("other")


def _document_path(instance: ProjectDocument, filename: str) -> str:
    return f"projects/{instance.project_id}/{uuid4().hex}.{filename.rsplit('.', 1)[-1]}"


class ProjectDocument(models.Model):
    """An attachment of the project (contract, plans, reports), checked for kind and size and
    downloaded only through the access rule."""

    project = models.ForeignKey(ServiceProject, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=10, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=_document_path, max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("project document")
        verbose_name_plural = _("project documents")

    def __str__(self) -> str:
        return self.title


class EvaluationDimension(ReferenceTable):
    """The rubric, kept as data: management, finance, service output, social evaluation,
    innovation, each with its highest score."""

    max_score = models.DecimalField(_("highest score"), max_digits=5, decimal_places=1)
    guidance = models.TextField(_("what is scored"), blank=True)
    active = models.BooleanField(_("in use"), default=True)

    class Meta(ReferenceTable.Meta):
        verbose_name = _("evaluation dimension")
        verbose_name_plural = _("evaluation dimensions")


class EvaluationKind(models.TextChoices):
    MIDTERM = "midterm", _("mid-term evaluation")
    FINAL = "final", _("final evaluation")


class Evaluation(TimeStampedModel):
    """A mid-term or final evaluation by a third party: scores by dimension, total, grade and
    conclusion."""

    project = models.ForeignKey(
        ServiceProject, on_delete=models.CASCADE, related_name="evaluations"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=EvaluationKind.choices)
    evaluator = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("evaluator"),
    )
    evaluated_on = models.DateField(_("date"))
    total = models.DecimalField(_("total"), max_digits=6, decimal_places=1)
    grade = models.CharField(_("grade"), max_length=20)
    conclusion = models.TextField(_("conclusion"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["evaluated_on", "id"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.UniqueConstraint(fields=["project", "kind"], name="evaluation_once_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.project_id} {self.kind}"


class EvaluationScore(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="scores")
    dimension = models.ForeignKey(EvaluationDimension, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1)

    class Meta:
        ordering = ["dimension__sort"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "dimension"], name="score_once")
        ]

    def __str__(self) -> str:
        return f"{self.dimension_id}={self.score}"


class SatisfactionSurvey(models.Model):
    """A round of satisfaction questionnaires in one community: how many answered, how many were
    satisfied. The project's satisfaction rate is satisfied / respondents over all rounds."""

    project = models.ForeignKey(ServiceProject, on_delete=models.CASCADE, related_name="surveys")
    community = models.ForeignKey("divisions.Division", on_delete=models.PROTECT, related_name="+")
    surveyed_on = models.DateField(_("date"))
    respondents = models.PositiveIntegerField(_("respondents"))
    satisfied = models.PositiveIntegerField(_("satisfied"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["surveyed_on", "id"]
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(satisfied__lte=models.F("respondents")),
                name="survey_satisfied_within_respondents",
            )
        ]

    def __str__(self) -> str:
        return f"{self.project_id}@{self.surveyed_on}"
