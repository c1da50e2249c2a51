from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shequ.access.models import DivisionOwnedModel
from shequ.core.models import Versioned


class OrganizationKind(models.TextChoices):
    CIVIL_AFFAIRS = "civil_affairs", _("civil-affairs bureau")
    ORG_DEPARTMENT = "org_department", _("organization department")
    STREET_OFFICE = "street_office", _("street office")
    GOVERNMENT = "government", _("other government department")
    COMMUNITY_COMMITTEE = "community_committee", _("community committee")
    UNIVERSITY = "university", _("university")
    AGENCY = "agency", _("social-work agency")
    SCHOOL = "school", _("school")
    HOSPITAL = "hospital", _("hospital")
    POLICE = "police", _("police")
    SELF_ORGANIZATION = "self_organization", _("resident self-organization")
    OTHER = "other", _("other")


class Organization(Versioned, DivisionOwnedModel):
    """A government department, university, agency, community committee, school, hospital or
    resident self-organization; it sits at a division."""

    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganizationKind.choices)
    uscc = models.CharField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        help_text=_("18 characters, GB 32100; optional"),
    )
    contact_person = models.CharField(_("contact person"), max_length=60, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["division_id", "name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [
            models.UniqueConstraint(
                fields=["uscc"], condition=~Q(uscc=""), name="organization_uscc_unique"
            ),
            models.UniqueConstraint(
                fields=["division", "name"], name="organization_name_per_division"
            ),
        ]

    def __str__(self) -> str:
        return self.name
