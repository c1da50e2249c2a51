from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from shequ.access.perms import Perm
from shequ.audit.services import audit_record
from shequ.core.concurrency import claim
from shequ.core.errors import Conflict, Forbidden, InvalidInput, from_validation_error
from shequ.divisions.models import Division
from shequ.organizations.models import Organization, OrganizationKind
from shequ.organizations.permissions import may_manage_in, organization_caps
from shequ.organizations.validators import validate_uscc

if TYPE_CHECKING:
    from shequ.accounts.models import User

MANAGE = Perm.ORGANIZATION_MANAGE
FIELDS = ("name", "kind", "uscc", "contact_person", "contact_phone", "address", "is_active")


def _clean(org: Organization) -> None:
    org.name = (org.name or "").strip()
    if org.kind not in OrganizationKind.values:
        raise InvalidInput(_("Unknown kind of organization."), field="kind", code="invalid_choice")
    if org.uscc:
        try:
            org.uscc = validate_uscc(org.uscc)
        except ValidationError as exc:
            raise InvalidInput(exc.messages[0], field="uscc", code=exc.code or "invalid") from exc
    try:
        org.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        raise from_validation_error(exc) from exc


def _save(
    org: Organization, *, by: User, action: str, changed: list[str], version: int | None = None
) -> Organization:
    try:
        with transaction.atomic():
            if org.pk:
                claim(org, version)
            org.save()
            audit_record(actor=by, action=action, obj=org, detail={"fields": changed})
    except IntegrityError as exc:
        if org.uscc and Organization.objects.filter(uscc=org.uscc).exclude(pk=org.pk).exists():
            raise Conflict(
                _("Another organization has this unified social credit code."),
                field="uscc",
                code="duplicate",
            ) from exc
        raise Conflict(
            _("An organization with this name already exists in this division."),
            field="name",
            code="duplicate",
        ) from exc
    return org


def organization_create(
    *, by: User, division: Division, name: str, kind: str, **fields: Any
) -> Organization:
    if not may_manage_in(by, division.code):
        raise Forbidden(_("You may not add organizations in this division."))
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise InvalidInput(_("Unknown field."), field=sorted(unknown)[0])
    org = Organization(division=division, name=name, kind=kind, **fields)
    _clean(org)
    return _save(org, by=by, action="organization.create", changed=["name", "kind", *fields])


def organization_update(
    *,
    by: User,
    organization: Organization,
    division: Division | None = None,
    version: int | None = None,
    **fields: Any,
) -> Organization:
    organization_caps(by, organization).require(
        "manage", _("You may not change this organization.")
    )
    if division is not None and division.code != organization.division_id:
        if not may_manage_in(by, division.code):
            raise Forbidden(
                _("You may not move an organization out of your reach."), field="division"
            )
        organization.division = division
    changed = []
    for field, value in fields.items():
        if field not in FIELDS:
            raise InvalidInput(_("Unknown field."), field=field)
        if value is not None and getattr(organization, field) != value:
            setattr(organization, field, value)
            changed.append(field)
    _clean(organization)
    return _save(
        organization, by=by, action="organization.update", changed=changed, version=version
    )
