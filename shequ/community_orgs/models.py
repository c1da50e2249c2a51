"""Community organizations (社区社会组织): resident self-organizations incubated from an idea to
an organization filed with the street (备案) or registered with civil affairs (登记).

Stages, types, capacity dimensions and the national targets are data (seeded by
`catalog.seed`). Each organization belongs to its community (the access rule); its stage moves
are recorded one by one; its small grants are money given and spent; its members are residents
of the registry; its activities are the service-delivery app's activities (one record, counted
once in the statistics), linked to it by `delivery.Activity.community_organization`."""

from __future__ import annotations

from uuid import uuid4

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shequ.access.models import DivisionOwnedModel
from shequ.core.models import BilingualName, TimeStampedModel


class OrgStage(BilingualName, models.Model):  # noqa: DJ008 (__str__ from BilingualName)
    """申请 → 预孵化 → 孵化 → 成熟 → 出壳, in the order of `sort`; `permission` is what a user
    needs to move an organization into this stage."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=40)
    name_en = models.CharField(_("English name"), max_length=60, blank=True)
    sort = models.PositiveSmallIntegerField(_("order"), unique=True)
    permission = models.CharField(
        _("permission needed to move into it"), max_length=60, default="community_org.manage"
    )

    class Meta:
        ordering = ["sort"]
        verbose_name = _("incubation stage")
        verbose_name_plural = _("incubation stages")


class OrgType(BilingualName, models.Model):  # noqa: DJ008 (__str__ from BilingualName)
    """文体, 公益慈善, 生活服务, 专业调处, 其他 … kept as data."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=40)
    name_en = models.CharField(_("English name"), max_length=60, blank=True)
    sort = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["sort", "code"]
        verbose_name = _("organization type")
        verbose_name_plural = _("organization types")


class AreaKind(models.TextChoices):
    URBAN = "urban", _("urban community")
    RURAL = "rural", _("rural community (village)")


class OrgTarget(BilingualName, models.Model):  # noqa: DJ008 (__str__ from BilingualName)
    """The national target: at least `minimum` organizations per urban (10) or rural (5)
    community."""

    kind = models.CharField(_("kind"), max_length=10, choices=AreaKind.choices, unique=True)
    name = models.CharField(_("name"), max_length=40)
    name_en = models.CharField(_("English name"), max_length=60, blank=True)
    minimum = models.PositiveSmallIntegerField(_("at least"))

    class Meta:
        ordering = ["kind"]
        verbose_name = _("national target")
        verbose_name_plural = _("national targets")


class CommunityArea(models.Model):
    """Whether a community is urban or rural, where someone recorded it. The division table
    has no urban-rural classification; without a row here a community whose name ends in 村 is
    rural and any other is urban."""

    community = models.OneToOneField(
        "divisions.Division",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
        verbose_name=_("community"),
    )
    kind = models.CharField(_("urban or rural"), max_length=10, choices=AreaKind.choices)

    class Meta:
        verbose_name = _("urban or rural community")
        verbose_name_plural = _("urban or rural communities")

    def __str__(self) -> str:
        return f"{self.community_id}:{self.kind}"


class LegalStatus(models.TextChoices):
    INFORMAL = "informal", _("informal")
    FILED = "filed", _("filed with the street")
    REGISTERED = "registered", _("registered with civil affairs")


STATUS_ORDER = [s.value for s in LegalStatus]


class CommunityOrganization(DivisionOwnedModel):
    """A resident self-organization of one community (its division)."""

    name = models.CharField(_("name"), max_length=120)
    org_type = models.ForeignKey(
        OrgType, on_delete=models.PROTECT, related_name="+", verbose_name=_("type")
    )
    stage = models.ForeignKey(
        OrgStage, on_delete=models.PROTECT, related_name="+", verbose_name=_("stage")
    )
    applied_on = models.DateField(_("applied on"))
    purpose = models.TextField(_("purpose"), blank=True)
    incubator = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("incubator"),
    )
    mentors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("mentors")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=LegalStatus.choices, default=LegalStatus.INFORMAL
    )
    filed_on = models.DateField(_("filed on"), null=True, blank=True)
    filing_number = models.CharField(_("filing number"), max_length=60, blank=True)
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    uscc = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["division_id", "name"]
        verbose_name = _("community organization")
        verbose_name_plural = _("community organizations")
        constraints = [
            models.UniqueConstraint(
                fields=["division", "name"], name="community_org_name_per_community"
            ),
            models.UniqueConstraint(
                fields=["uscc"], condition=~Q(uscc=""), name="community_org_uscc_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class StageMove(models.Model):
    """One move between stages: from what to what, on which date, why, by whom."""

    organization = models.ForeignKey(
        CommunityOrganization, on_delete=models.CASCADE, related_name="moves"
    )
    from_stage = models.ForeignKey(
        OrgStage, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_stage = models.ForeignKey(OrgStage, on_delete=models.PROTECT, related_name="+")
    moved_on = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=300)
    backward = models.BooleanField(_("backward"), default=False)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["moved_on", "id"]
        verbose_name = _("stage move")
        verbose_name_plural = _("stage moves")

    def __str__(self) -> str:
        return f"{self.organization_id}: {self.from_stage_id} -> {self.to_stage_id}"


class GrantKind(models.TextChoices):
    GIVEN = "given", _("given")
    SPENT = "spent", _("spent")


class Grant(models.Model):
    """A small grant given to the organization, or money spent from what it was given."""

    organization = models.ForeignKey(
        CommunityOrganization, on_delete=models.CASCADE, related_name="grants"
    )
    kind = models.CharField(_("kind"), max_length=6, choices=GrantKind.choices)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2)
    on = models.DateField(_("date"))
    note = models.CharField(_("what for"), max_length=200)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]
        verbose_name = _("small grant")
        verbose_name_plural = _("small grants")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="community_grant_positive")
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.kind} {self.amount}"


class MemberRole(models.TextChoices):
    LEADER = "leader", _("leader")
    DEPUTY = "deputy", _("deputy leader")
    BACKBONE = "backbone", _("core member")
    MEMBER = "member", _("member")


class Member(models.Model):
    """A resident who belongs to the organization, with their role in it."""

    organization = models.ForeignKey(
        CommunityOrganization, on_delete=models.CASCADE, related_name="members"
    )
    resident = models.ForeignKey("residents.Resident", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=10, choices=MemberRole.choices)
    joined_on = models.DateField(_("joined on"))

    class Meta:
        ordering = ["role", "joined_on", "id"]
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "resident"], name="community_org_member_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization_id}:{self.resident_id}"


class CapacityDimension(BilingualName, models.Model):  # noqa: DJ008 (__str__ from BilingualName)
    """What a capacity assessment scores (governance, finance, activities, members), as data."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=40)
    name_en = models.CharField(_("English name"), max_length=60, blank=True)
    max_score = models.DecimalField(_("highest score"), max_digits=5, decimal_places=1)
    guidance = models.TextField(_("what is scored"), blank=True)
    sort = models.PositiveSmallIntegerField(_("order"), default=100)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["sort", "code"]
        verbose_name = _("capacity dimension")
        verbose_name_plural = _("capacity dimensions")


class CapacityAssessment(TimeStampedModel):
    """One capacity assessment; repeated over time, they show the organization's trend."""

    organization = models.ForeignKey(
        CommunityOrganization, on_delete=models.CASCADE, related_name="assessments"
    )
    assessed_on = models.DateField(_("date"))
    total = models.DecimalField(_("total"), max_digits=6, decimal_places=1)
    note = models.TextField(_("note"), blank=True)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["assessed_on", "id"]
        verbose_name = _("capacity assessment")
        verbose_name_plural = _("capacity assessments")

    def __str__(self) -> str:
        return f"{self.organization_id}@{self.assessed_on}"


class CapacityScore(models.Model):
    assessment = models.ForeignKey(
        CapacityAssessment, on_delete=models.CASCADE, related_name="scores"
    )
    dimension = models.ForeignKey(CapacityDimension, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1)

    class Meta:
        ordering = ["dimension__sort"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "dimension"], name="capacity_score_once")
        ]

    def __str__(self) -> str:
        return f"{self.dimension_id}={self.score}"


def _recognition_path(instance: Recognition, filename: str) -> str:
    return f"community_orgs/{instance.organization_id}/{uuid4().hex}.{filename.rsplit('.', 1)[-1]}"


class Recognition(models.Model):
    """Recognition as a typical (典型) organization by a civil-affairs department, with the date,
    the document's number and, if uploaded, the document itself (downloaded through the
    access rule)."""

    organization = models.ForeignKey(
        CommunityOrganization, on_delete=models.CASCADE, related_name="recognitions"
    )
    department = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("department"),
    )
    recognized_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    document_number = models.CharField(_("document number"), max_length=60)
    file = models.FileField(_("document"), upload_to=_recognition_path, max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recognized_on", "id"]
        verbose_name = _("recognition")
        verbose_name_plural = _("recognitions")

    def __str__(self) -> str:
        return self.title
