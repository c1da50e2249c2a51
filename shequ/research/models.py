"""Research (共研): research projects (funder, grant number, team, period, outputs) and the
de-identified extracts a researcher of the team requests from them: a population, fields, k,
a purpose; computed at once (pseudonyms, generalization, suppression), approved by someone who
reaches the population, then downloaded by the researcher. Protection cases never enter."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import uuid4

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shequ.access.models import DivisionOwnedModel
from shequ.access.perms import Perm
from shequ.access.rule import reach_organizations

if TYPE_CHECKING:
    from shequ.accounts.models import User


class ResearchProject(DivisionOwnedModel):
    """A research project of an organization (a university); its division is the
    organization's. Visible to whoever holds research.view over it, to its team, and to the
    people of its organization who manage research."""

    title = models.CharField(_("title"), max_length=200)
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organization"),
    )
    funder = models.CharField(_("funder"), max_length=120)
    grant_number = models.CharField(_("grant number"), max_length=60, blank=True)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("principal investigator"),
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="research_projects", verbose_name=_("team")
    )
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("research project")
        verbose_name_plural = _("research projects")

    def __str__(self) -> str:
        return self.title

    share_grants = frozenset({Perm.RESEARCH_VIEW})

    @classmethod
    def shared_q(cls, user: User, perm: Perm) -> Q:
        on_team = ResearchProject.team.through.objects.filter(user_id=user.pk)
        return Q(pk__in=on_team.values("researchproject_id")) | Q(
            organization_id__in=reach_organizations(user, Perm.RESEARCH_MANAGE)
        )


class OutputKind(models.TextChoices):
    PAPER = "paper", _("paper")
    REPORT = "report", _("report")
    BOOK = "book", _("book")
    POLICY = "policy", _("policy advice")
    OTHER = "other", _("other")


def _output_path(instance: ResearchOutput, filename: str) -> str:
    return f"research/{instance.project_id}/{uuid4().hex}.{filename.rsplit('.', 1)[-1]}"


class ResearchOutput(models.Model):
    project = models.ForeignKey(ResearchProject, on_delete=models.CASCADE, related_name="outputs")
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=OutputKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    venue = models.CharField(_("journal or publisher"), max_length=200, blank=True)
    link = models.URLField(_("link"), max_length=500, blank=True)
    file = models.FileField(_("file"), upload_to=_output_path, max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = _("research output")
        verbose_name_plural = _("research outputs")

    def __str__(self) -> str:
        return self.title


class Population(models.TextChoices):
    SERVED = "served", _("residents served in a division in a period")
    RESIDENTS = "residents", _("residents of a division")


class ExtractStatus(models.TextChoices):
    REQUESTED = "requested", _("waiting for approval")
    APPROVED = "approved", pgettext_lazy("request status", "approved")
    REFUSED = "refused", _("refused")


class Extract(DivisionOwnedModel):
    """A de-identified extract. `division` is the population's. Computed when requested, so
    the approver approves exactly the rows the researcher will download; visible to the
    researcher who asked and to the approvers who reach the population."""

    project = models.ForeignKey(ResearchProject, on_delete=models.PROTECT, related_name="extracts")
    population = models.CharField(_("population"), max_length=12, choices=Population.choices)
    period_start = models.DateField(_("from"), null=True, blank=True)
    period_end = models.DateField(_("until"), null=True, blank=True)
    fields = models.JSONField(_("fields"), default=list)
    k = models.PositiveSmallIntegerField(_("k (smallest group)"))
    purpose = models.TextField(_("purpose"))
    status = models.CharField(
        _("status"), max_length=10, choices=ExtractStatus.choices, default=ExtractStatus.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_comment = models.TextField(_("comment"), blank=True)
    report = models.JSONField(_("what was done"), default=dict)
    rows = models.JSONField(default=list)
    downloads = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("research extract")
        verbose_name_plural = _("research extracts")
        constraints = [models.CheckConstraint(condition=Q(k__gte=5), name="extract_k_at_least_5")]

    def __str__(self) -> str:
        return f"{self.project_id}#{self.pk}"

    share_grants = frozenset(
        {Perm.RESEARCH_APPROVE}
    )  # the extract list is read with research.approve

    @classmethod
    def shared_q(cls, user: User, perm: Perm) -> Q:
        return Q(requested_by_id=user.pk)
