"""Moving house (迁出/迁入): a resident moves from one community to another by a transfer.

A receiving community asks for the person by ID number (迁入申请) without seeing anything of
the record until the sending community (or an officer over both) approves; a sending community
moves a person out itself (迁出), approved at once since it is the side that decides. The
person's history (services, needs, cases, memberships) stays with the person, each record
keeping the division where it happened; the person belongs to the receiving community from
the approval on. Every step is audited."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.access.perms import Perm
from shequ.access.rule import get_visible_or_404, reach_q
from shequ.audit.services import audit_record
from shequ.core import crypto
from shequ.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from shequ.divisions.models import Division
from shequ.residents.identity import parse_id_number
from shequ.residents.models import (
    Household,
    Resident,
    ResidentSearchKey,
    ResidentTransfer,
    TransferStatus,
)
from shequ.residents.permissions import may_manage_in, resident_caps, transfer_caps
from shequ.residents.services import _community

if TYPE_CHECKING:
    from shequ.accounts.models import User

VIEW = Perm.RESIDENT_VIEW


def transfers_visible(user: User) -> QuerySet[ResidentTransfer]:
    """The transfers of either side the user reaches (sending or receiving community)."""
    return (
        ResidentTransfer.objects.filter(
            reach_q(user, VIEW, "from_division__code") | reach_q(user, VIEW, "to_division__code")
        )
        .select_related("resident", "from_division", "to_division", "requested_by", "decided_by")
        .order_by("-created_at", "-id")
    )


def transfer_get(*, user: User, pk: int) -> ResidentTransfer:
    try:
        return transfers_visible(user).get(pk=pk)
    except ResidentTransfer.DoesNotExist:
        raise NotFound() from None


def transfers_of(*, user: User, resident: Resident) -> QuerySet[ResidentTransfer]:
    """A resident's history of communities, for those who see the resident."""
    get_visible_or_404(Resident, user, VIEW, pk=resident.pk)
    return ResidentTransfer.objects.filter(resident=resident).select_related(
        "resident", "from_division", "to_division", "requested_by", "decided_by"
    )


def _open(
    *, by: User, resident: Resident, to_division: Division, name: str, note: str
) -> ResidentTransfer:
    if resident.division_id == to_division.code:
        raise InvalidInput(
            _("The person already belongs to this community."),
            field="to_division",
            code="same_community",
        )
    try:
        with transaction.atomic():
            return ResidentTransfer.objects.create(
                resident=resident,
                from_division_id=resident.division_id,
                to_division=to_division,
                requested_name=name.strip()[:50],
                note=note.strip()[:300],
                requested_by=by,
            )
    except IntegrityError:
        raise Conflict(
            _("A transfer of this person is already waiting for a decision."),
            code="transfer_pending",
        ) from None


def transfer_request(
    *, by: User, to_division: Division, id_number: str, name: str = "", note: str = ""
) -> ResidentTransfer:
    """迁入申请: the receiving community asks for the person registered elsewhere under this ID
    number. Nothing of the record is shown to the requester until approval; an officer who
    decides for the sending community too gets the move at once."""
    _community(to_division)
    if not may_manage_in(by, to_division.code):
        raise Forbidden(_("You may not register residents in this community."))
    if not (id_number or "").strip():
        raise InvalidInput(_("Give the person's ID number."), field="id_number", code="required")
    number = parse_id_number(id_number).number
    resident = Resident.objects.filter(
        id_number_hash=crypto.keyed_hash(number), merged_into__isnull=True
    ).first()
    if resident is None:
        raise InvalidInput(
            _("Nobody is registered with this ID number: register the person here."),
            field="id_number",
            code="not_registered",
        )
    transfer = _open(by=by, resident=resident, to_division=to_division, name=name, note=note)
    audit_record(
        actor=by,
        action="resident.transfer_request",
        obj=transfer,
        division_code=transfer.from_division_id,
        detail={"resident": resident.pk, "to": to_division.code},
    )
    if transfer_caps(by, transfer).approve:
        transfer = transfer_approve(by=by, transfer=transfer)
    return transfer


def transfer_start(
    *, by: User, resident: Resident, to_division: Division, note: str = ""
) -> ResidentTransfer:
    """迁出: the sending community moves the person out; it is the deciding side, so the move
    takes effect at once."""
    resident_caps(by, resident).require("transfer", _("You may not move this resident."))
    _community(to_division)
    transfer = _open(by=by, resident=resident, to_division=to_division, name="", note=note)
    audit_record(
        actor=by,
        action="resident.transfer_start",
        obj=transfer,
        division_code=transfer.from_division_id,
        detail={"resident": resident.pk, "to": to_division.code},
    )
    return transfer_approve(by=by, transfer=transfer)


def _decide(*, by: User, transfer: ResidentTransfer, action: str) -> ResidentTransfer:
    with transaction.atomic():
        locked = ResidentTransfer.objects.select_for_update().get(pk=transfer.pk)
        caps = transfer_caps(by, locked)
        if locked.status != TransferStatus.PENDING:
            raise Conflict(_("This transfer has already been decided."), code="decided")
        caps.require(action, _("You may not decide this transfer."))
        return locked


def transfer_approve(*, by: User, transfer: ResidentTransfer) -> ResidentTransfer:
    """The person belongs to the receiving community from now on: they leave their household
    (a household is of one community), their search keys follow them."""
    with transaction.atomic():
        locked = _decide(by=by, transfer=transfer, action="approve")
        resident = Resident.objects.select_for_update().get(pk=locked.resident_id)
        if resident.merged_into_id or resident.division_id != locked.from_division_id:
            raise Conflict(_("The person's record has changed: ask again."), code="stale")
        Household.objects.filter(head=resident).update(head=None)
        resident.division_id = locked.to_division_id
        resident.household = None
        resident.relation_to_head = ""
        resident.save(update_fields=["division", "household", "relation_to_head", "updated_at"])
        ResidentSearchKey.objects.filter(resident=resident).update(
            division_code=locked.to_division_id
        )
        locked.status = TransferStatus.APPROVED
        locked.decided_by = by
        locked.decided_at = timezone.now()
        locked.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
        audit_record(
            actor=by,
            action="resident.transfer_approve",
            obj=resident,
            detail={
                "transfer": locked.pk,
                "from": locked.from_division_id,
                "to": locked.to_division_id,
            },
        )
    return locked


def transfer_refuse(*, by: User, transfer: ResidentTransfer, reason: str) -> ResidentTransfer:
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Give the reason."), field="reason", code="required")
    with transaction.atomic():
        locked = _decide(by=by, transfer=transfer, action="refuse")
        locked.status = TransferStatus.REFUSED
        locked.reason = reason[:300]
        locked.decided_by = by
        locked.decided_at = timezone.now()
        locked.save(update_fields=["status", "reason", "decided_by", "decided_at", "updated_at"])
        audit_record(
            actor=by,
            action="resident.transfer_refuse",
            obj=locked,
            division_code=locked.from_division_id,
        )
    return locked


def transfer_cancel(*, by: User, transfer: ResidentTransfer) -> ResidentTransfer:
    with transaction.atomic():
        locked = _decide(by=by, transfer=transfer, action="cancel")
        locked.status = TransferStatus.CANCELLED
        locked.decided_by = by
        locked.decided_at = timezone.now()
        locked.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
        audit_record(
            actor=by,
            action="resident.transfer_cancel",
            obj=locked,
            division_code=locked.from_division_id,
        )
    return locked


def transfers_waiting(user: User) -> QuerySet[ResidentTransfer]:
    """In one query, the pending moves out of communities where the user decides them (see
    `transfer_caps`) and the user's own requests still waiting for the sending community."""
    return transfers_visible(user).filter(
        reach_q(user, Perm.RESIDENT_TRANSFER, "from_division__code") | Q(requested_by_id=user.pk),
        status=TransferStatus.PENDING,
    )
