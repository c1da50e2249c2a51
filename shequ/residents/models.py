"""Residents and households: the registry of the people served. ID numbers and phones are
encrypted at rest, found by a keyed hash, and shown masked unless the role may see them."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shequ.access.models import DivisionOwnedModel
from shequ.access.rule import ScopedManager
from shequ.core.models import ReferenceTable, TimeStampedModel, Versioned


class Gender(models.TextChoices):
    MALE = "M", _("male")
    FEMALE = "F", _("female")


class Relation(models.TextChoices):
    HEAD = "head", _("head of household")
    SPOUSE = "spouse", _("spouse")
    CHILD = "child", _("child")
    PARENT = "parent", pgettext_lazy("family relation", "parent")
    GRANDCHILD = "grandchild", _("grandchild")
    GRANDPARENT = "grandparent", _("grandparent")
    SIBLING = "sibling", _("sibling")
    OTHER = "other", _("other relative or member")


class SpecialGroup(ReferenceTable):
    has_grade = models.BooleanField(_("has a grade"), default=False)
    is_minor_group = models.BooleanField(_("for minors only"), default=False)

    class Meta(ReferenceTable.Meta):
        verbose_name = _("special group")
        verbose_name_plural = _("special groups")


class Ethnicity(ReferenceTable):
    """民族: the 56 nationalities and the two other entries of GB/T 3304, by their codes.
    A resident's `ethnicity` holds the name (a value recorded before the list existed and
    matching none of it is kept as it was typed)."""

    class Meta(ReferenceTable.Meta):
        verbose_name = _("ethnicity")
        verbose_name_plural = _("ethnicities")


class Household(Versioned, DivisionOwnedModel):
    number = models.CharField(_("household number"), max_length=40)
    address = models.CharField(_("address"), max_length=200, blank=True)
    head = models.ForeignKey(
        "Resident",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("head of household"),
    )

    class Meta:
        ordering = ["division_id", "number"]
        verbose_name = _("household")
        verbose_name_plural = _("households")
        constraints = [
            models.UniqueConstraint(
                fields=["division", "number"], name="household_number_per_community"
            )
        ]

    def __str__(self) -> str:
        return self.number


class Resident(Versioned, DivisionOwnedModel):
    name = models.CharField(_("name"), max_length=50, db_index=True)
    name_pinyin = models.CharField(_("pinyin"), max_length=200, blank=True)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("birth date"), db_index=True)
    id_number_cipher = models.TextField(blank=True)
    id_number_hash = models.CharField(max_length=64, blank=True, db_index=True)
    id_number_masked = models.CharField(_("ID number"), max_length=18, blank=True)
    phone_cipher = models.TextField(blank=True)
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True)
    phone_masked = models.CharField(_("phone"), max_length=20, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    ethnicity = models.CharField(_("ethnicity"), max_length=20, blank=True)
    household = models.ForeignKey(
        Household,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("household"),
    )
    relation_to_head = models.CharField(
        _("relation to the head"), max_length=20, choices=Relation.choices, blank=True
    )
    guardian_name = models.CharField(_("guardian"), max_length=50, blank=True)
    guardian_consent = models.BooleanField(_("guardian consent (minors)"), default=False)
    guardian_consent_date = models.DateField(_("guardian consent date"), null=True, blank=True)
    consent = models.BooleanField(_("consent to data use"), default=False)
    note = models.TextField(_("note"), blank=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
        verbose_name=_("merged into"),
    )

    class Meta:
        ordering = ["division_id", "name_pinyin", "id"]
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        indexes = [
            models.Index(fields=["division", "name_pinyin"], name="resident_div_pinyin"),
            models.Index(fields=["name_pinyin", "birth_date"], name="resident_pinyin_birth"),
        ]
        constraints = [
            # one ID number, one living record, in the whole deployment
            models.UniqueConstraint(
                fields=["id_number_hash"],
                condition=~Q(id_number_hash="") & Q(merged_into__isnull=True),
                name="resident_id_once",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def age(self) -> int:
        return age_on(self.birth_date, date.today())

    @property
    def is_minor(self) -> bool:
        return self.age < 18


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class ResidentSearchKey(models.Model):
    """Pinyin keys of a resident's name (full pinyin and initials, every reading of the
    surname), so that 张三 is found by `zhangsan` and `zs` with an indexed prefix search."""

    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="search_keys")
    division_code = models.CharField(max_length=12)
    key = models.CharField(max_length=200)

    objects = ScopedManager()
    access_division_path = "division_code"

    class Meta:
        indexes = [
            # varchar_pattern_ops: PostgreSQL answers `key LIKE 'zs%'` from the index
            models.Index(
                fields=["key", "division_code"],
                name="resident_key_prefix",
                opclasses=["varchar_pattern_ops", "varchar_pattern_ops"],
            ),
        ]

    def __str__(self) -> str:
        return self.key


class ResidentSpecialGroup(TimeStampedModel):
    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="special_groups")
    group = models.ForeignKey(SpecialGroup, on_delete=models.PROTECT, related_name="+")
    grade = models.CharField(_("grade"), max_length=20, blank=True)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["group__sort", "start_date"]
        verbose_name = _("special group membership")
        verbose_name_plural = _("special group memberships")

    def __str__(self) -> str:
        return f"{self.resident_id}:{self.group_id}"

    @property
    def is_current(self) -> bool:
        return self.end_date is None or self.end_date >= date.today()


class NeedCategory(ReferenceTable):
    class Meta(ReferenceTable.Meta):
        verbose_name = _("need category")
        verbose_name_plural = _("need categories")


class Priority(models.TextChoices):
    HIGH = "high", _("high")
    MEDIUM = "medium", _("medium")
    LOW = "low", _("low")


class NeedsAssessment(DivisionOwnedModel):
    resident = models.ForeignKey(
        Resident, on_delete=models.CASCADE, null=True, blank=True, related_name="needs_assessments"
    )
    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, null=True, blank=True, related_name="needs_assessments"
    )
    assessed_on = models.DateField(_("assessed on"))
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("assessor"),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-assessed_on", "-id"]
        verbose_name = _("needs assessment")
        verbose_name_plural = _("needs assessments")

    def __str__(self) -> str:
        return f"{self.assessed_on} {self.resident or self.household}"


class NeedItem(models.Model):
    assessment = models.ForeignKey(NeedsAssessment, on_delete=models.CASCADE, related_name="items")
    category = models.ForeignKey(NeedCategory, on_delete=models.PROTECT, related_name="+")
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["category__sort"]
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "category"], name="one_item_per_category")
        ]

    def __str__(self) -> str:
        return f"{self.category_id}:{self.priority}"


class TransferStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("transfer", "pending")
    APPROVED = "approved", pgettext_lazy("transfer", "approved")
    REFUSED = "refused", pgettext_lazy("transfer", "refused")
    CANCELLED = "cancelled", pgettext_lazy("transfer", "cancelled")


class ResidentTransfer(TimeStampedModel):
    """A move of a resident from one community to another (迁出/迁入): requested by the
    receiving community (迁入申请, naming the person by ID number only) or started by the
    sending one, approved by the sending community or an officer over both. The person's
    history stays with the person; each record keeps the division where it happened."""

    resident = models.ForeignKey(
        Resident, on_delete=models.PROTECT, related_name="transfers", verbose_name=_("resident")
    )
    from_division = models.ForeignKey(
        "divisions.Division",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("transfer", "from"),
    )
    to_division = models.ForeignKey(
        "divisions.Division",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("transfer", "to"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=TransferStatus.choices, default=TransferStatus.PENDING
    )
    # what the receiving side typed: the only thing it sees of the person before approval
    requested_name = models.CharField(_("name given"), max_length=50, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        constraints = [
            models.UniqueConstraint(
                fields=["resident"],
                condition=Q(status="pending"),
                name="one_pending_transfer_per_resident",
            )
        ]

    def __str__(self) -> str:
        return f"{self.resident_id}: {self.from_division_id} -> {self.to_division_id}"
