"""The practice case library (优秀案例): case studies drafted from a closed case, group or
project, de-identified, edited by their author, approved by a supervisor and then published to
everyone with an account; and the awards given to case studies and to people."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shequ.access.models import DivisionOwnedModel
from shequ.access.perms import Perm
from shequ.core.models import TimeStampedModel

if TYPE_CHECKING:
    from shequ.accounts.models import User


class SourceKind(models.TextChoices):
    CASE = "case", _("case")
    GROUP = "group", _("group")
    PROJECT = "project", _("project")


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted for approval")
    PUBLISHED = "published", _("published")


class CaseStudy(DivisionOwnedModel):
    """A case study. Its division is its source's (a case's or group's community; for a
    project, the smallest division holding every community it covers). Published: visible to
    everyone signed in; before that, to its author and the supervisors who reach it."""

    source_kind = models.CharField(_("source"), max_length=10, choices=SourceKind.choices)
    case = models.ForeignKey(
        "delivery.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    group = models.ForeignKey(
        "delivery.Group", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    project = models.ForeignKey(
        "projects.ServiceProject",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("text"))
    area = models.ForeignKey(
        "projects.ServiceArea",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service area"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="case_studies",
        verbose_name=_("author"),
    )
    deidentified = models.JSONField(_("what the draft replaced"), default=dict, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    review_comment = models.TextField(_("supervisor's comment"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "-updated_at", "-id"]
        verbose_name = _("case study")
        verbose_name_plural = _("case studies")
        indexes = [models.Index(fields=["status", "published_at"], name="case_study_status")]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(source_kind="case", case__isnull=False, group__isnull=True)
                    & Q(project__isnull=True)
                )
                | (
                    Q(source_kind="group", group__isnull=False, case__isnull=True)
                    & Q(project__isnull=True)
                )
                | (
                    Q(source_kind="project", project__isnull=False, case__isnull=True)
                    & Q(group__isnull=True)
                ),
                name="case_study_one_source",
            )
        ]

    def __str__(self) -> str:
        return self.title

    # the case-study list is read with case_study.approve: published studies and own drafts
    share_grants = frozenset({Perm.CASE_STUDY_APPROVE})

    @classmethod
    def shared_q(cls, user: User, perm: Perm) -> Q:
        """Published studies are everyone's; a draft is also its author's."""
        return Q(status=Status.PUBLISHED) | Q(author_id=user.pk)

    @property
    def source(self) -> Any:
        return self.case or self.group or self.project


class AwardLevel(models.TextChoices):
    NATIONAL = "national", _("national")
    PROVINCIAL = "provincial", _("provincial")
    CITY = "city", _("city")
    DISTRICT = "district", _("district")
    OTHER = "other", _("other")


class Award(TimeStampedModel):
    """An award (e.g. 优秀社会工作案例) by an awarding body in a year, given to a published case
    study or to a person. Awards are public to everyone signed in."""

    title = models.CharField(_("award"), max_length=120)
    awarding_body = models.CharField(_("awarded by"), max_length=120)
    year = models.PositiveSmallIntegerField(_("year"))
    level = models.CharField(_("level"), max_length=12, choices=AwardLevel.choices)
    case_study = models.ForeignKey(
        CaseStudy,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="awards",
        verbose_name=_("case study"),
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="awards",
        verbose_name=_("person"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        constraints = [
            models.CheckConstraint(
                condition=Q(case_study__isnull=False) | Q(recipient__isnull=False),
                name="award_has_a_holder",
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.title}"
