"""Merging two records of one person: every record that points to a resident, in every app,
moves to the record kept; the other stays as a tombstone pointing to it (old links redirect).

Each app registers a handler for the foreign keys to Resident that it holds
(`@register_merge_handler("delivery.ServiceRecord.resident", ...)`), in its AppConfig.ready.
A handler knows its app's rules (a person twice in one group is one member; a service record
moves through the roll-ups so that the people counters of every division and period stay
exact). `resident_fk_fields()` lists every foreign key to Resident of the installed apps, and a
test fails when one is not handled: a new link to residents cannot be forgotten by a merge."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db import models, transaction
from django.utils.translation import gettext as _

from shequ.audit.services import audit_record
from shequ.core.errors import InvalidInput
from shequ.residents.models import (
    Household,
    NeedsAssessment,
    Resident,
    ResidentSearchKey,
    ResidentSpecialGroup,
    ResidentTransfer,
    TransferStatus,
)
from shequ.residents.permissions import resident_caps

if TYPE_CHECKING:
    from shequ.accounts.models import User

Handler = Callable[[Resident, Resident], int]


@dataclass(frozen=True)
class _Registered:
    fields: tuple[str, ...]
    handler: Handler
    order: int


_HANDLERS: list[_Registered] = []


def register_merge_handler(*fields: str, order: int = 100) -> Callable[[Handler], Handler]:
    """Register `handler(keep, remove) -> rows moved` for these foreign keys
    ("app_label.Model.field"). Handlers run by `order`, then in registration order."""

    def decorator(handler: Handler) -> Handler:
        _HANDLERS.append(_Registered(tuple(fields), handler, order))
        return handler

    return decorator


def handled_fields() -> set[str]:
    return {name for entry in _HANDLERS for name in entry.fields}


def resident_fk_fields() -> set[str]:
    """Every concrete foreign key (or one-to-one) to Resident in the installed apps."""
    found = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if (
                isinstance(field, models.ForeignKey)
                and field.related_model is Resident
                and field.concrete
            ):
                found.add(f"{model._meta.label}.{field.name}")
    return found


def resident_merge(*, by: User, keep: Resident, remove: Resident) -> Resident:
    """Merge `remove` into `keep`: every record of every app moves to `keep`, the people
    counters are recounted where they change, `remove` stays as a tombstone. Audited with both
    records' ids and what moved."""
    if keep.pk == remove.pk:
        raise InvalidInput(_("A record cannot be merged with itself."), field="other_id")
    if keep.merged_into_id or remove.merged_into_id:
        raise InvalidInput(
            _("This record has already been merged."), field="other_id", code="merged"
        )
    for r in (keep, remove):
        resident_caps(by, r).require("merge", _("You may not merge these records."))
    missing = resident_fk_fields() - handled_fields()
    if missing:  # a programming error, caught by the tests: never merge half a person
        raise RuntimeError(f"no merge handler for {sorted(missing)}")
    with transaction.atomic():
        # lock both, in a fixed order, and re-read them: a concurrent merge loses cleanly
        locked = {
            r.pk: r
            for r in Resident.objects.select_for_update().filter(pk__in=[keep.pk, remove.pk])
        }
        keep, remove = locked[keep.pk], locked[remove.pk]
        if keep.merged_into_id or remove.merged_into_id:
            raise InvalidInput(
                _("This record has already been merged."), field="other_id", code="merged"
            )
        moved: dict[str, int] = {}
        for entry in sorted(_HANDLERS, key=lambda e: e.order):
            moved[entry.handler.__name__] = entry.handler(keep, remove)
        remove.merged_into = keep
        remove.save(update_fields=["merged_into", "updated_at"])
        _take_identifiers(keep, remove)
        audit_record(
            actor=by,
            action="resident.merge",
            obj=keep,
            detail={"kept": keep.pk, "removed": remove.pk, "moved": moved},
        )
    return keep


def _take_identifiers(keep: Resident, remove: Resident) -> None:
    """What the kept record lacks (an ID number, a phone) comes from the other; the tombstone
    no longer holds a living ID number, so the constraint of one ID number per person holds."""
    changed: list[str] = []
    for prefix in ("id_number", "phone"):
        if not getattr(keep, f"{prefix}_hash") and getattr(remove, f"{prefix}_hash"):
            for suffix in ("cipher", "hash", "masked"):
                setattr(keep, f"{prefix}_{suffix}", getattr(remove, f"{prefix}_{suffix}"))
                changed.append(f"{prefix}_{suffix}")
    if changed:
        keep.save(update_fields=changed)


# ------------------------------------------------------------------ the registry's own links


@register_merge_handler(
    "residents.ResidentSpecialGroup.resident",
    "residents.NeedsAssessment.resident",
    "residents.Household.head",
    "residents.ResidentSearchKey.resident",
    "residents.Resident.merged_into",
    "residents.ResidentTransfer.resident",
    order=10,
)
def move_registry(keep: Resident, remove: Resident) -> int:
    """Special groups the kept record lacks, needs assessments, households headed, earlier
    tombstones and transfers move; the other record's search keys go."""
    moved = (
        ResidentSpecialGroup.objects.filter(resident=remove)
        .exclude(group__in=ResidentSpecialGroup.objects.filter(resident=keep).values("group"))
        .update(resident=keep)
    )
    ResidentSpecialGroup.objects.filter(resident=remove).delete()
    moved += NeedsAssessment.objects.filter(resident=remove).update(resident=keep)
    moved += Household.objects.filter(head=remove).update(head=keep)
    moved += Resident.objects.filter(merged_into=remove).update(merged_into=keep)
    ResidentTransfer.objects.filter(resident=remove, status=TransferStatus.PENDING).update(
        status=TransferStatus.CANCELLED, reason=_("The record was merged into another one.")
    )
    moved += ResidentTransfer.objects.filter(resident=remove).update(resident=keep)
    ResidentSearchKey.objects.filter(resident=remove).delete()
    return moved


def move_simple(model: type[models.Model], field: str, keep: Resident, remove: Resident) -> int:
    """Point `field` of `model` from `remove` to `keep` (no rule of its own)."""
    return int(model._default_manager.filter(**{field: remove}).update(**{field: keep}))


def move_unique(
    model: type[models.Model], field: str, within: str, keep: Resident, remove: Resident
) -> int:
    """For a link that is unique per `within` (a member of an organization or a group): the
    other record's link goes where the kept one already has one, the rest move."""
    manager: Any = model._default_manager
    held = manager.filter(**{field: keep}).values(within)
    manager.filter(**{field: remove, f"{within}__in": held}).delete()
    return int(manager.filter(**{field: remove}).update(**{field: keep}))
