"""The API of transfers (迁出/迁入): ask for a person registered elsewhere, move a person out,
decide, withdraw, and read a resident's history of communities."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from shequ.access.signed_in import AuthedHttpRequest
from shequ.core.api import ERRORS, paginate
from shequ.divisions.selectors import community_by_code, division_get
from shequ.residents.models import ResidentTransfer
from shequ.residents.permissions import transfer_caps
from shequ.residents.schemas import (
    TransferOut,
    TransferPage,
    TransferRefuseIn,
    TransferRequestIn,
    TransferStartIn,
)
from shequ.residents.selectors import resident_get
from shequ.residents.transfers import (
    transfer_approve,
    transfer_cancel,
    transfer_get,
    transfer_refuse,
    transfer_request,
    transfer_start,
    transfers_of,
    transfers_visible,
)

router = Router(tags=["residents"])


def _out(request: HttpRequest, transfer: ResidentTransfer) -> ResidentTransfer:
    transfer.caps = transfer_caps(request.user, transfer)  # type: ignore[attr-defined]
    return transfer


def _fresh(request: AuthedHttpRequest, transfer: ResidentTransfer) -> ResidentTransfer:
    return _out(request, transfer_get(user=request.user, pk=transfer.pk))


@router.get("/resident-transfers", response={200: TransferPage, **ERRORS}, summary="Transfers")
def list_transfers(
    request: AuthedHttpRequest, status: str = "", limit: int = 50, offset: int = 0
) -> Any:
    """Transfers into or out of the communities in the caller's reach, newest first; `status`
    filters (`pending`, `approved`, `refused`, `cancelled`)."""
    qs = transfers_visible(request.user)
    if status:
        qs = qs.filter(status=status)
    count, items, limit, offset = paginate(qs, limit, offset)
    return {
        "count": count,
        "limit": limit,
        "offset": offset,
        "items": [_out(request, t) for t in items],
    }


@router.post(
    "/resident-transfers",
    response={201: TransferOut, **ERRORS},
    summary="Ask for a person registered in another community (迁入申请)",
)
def request_transfer(request: AuthedHttpRequest, payload: TransferRequestIn) -> Any:
    transfer = transfer_request(
        by=request.user,
        to_division=division_get(user=request.user, code=payload.to_community_code),
        id_number=payload.id_number,
        name=payload.name,
        note=payload.note,
    )
    return Status(201, _fresh(request, transfer))


@router.get(
    "/resident-transfers/{int:transfer_id}",
    response={200: TransferOut, **ERRORS},
    summary="One transfer",
)
def get_transfer(request: AuthedHttpRequest, transfer_id: int) -> Any:
    return _out(request, transfer_get(user=request.user, pk=transfer_id))


@router.post(
    "/resident-transfers/{int:transfer_id}/approve",
    response={200: TransferOut, **ERRORS},
    summary="Approve a transfer: the person moves to the receiving community",
)
def approve_transfer(request: AuthedHttpRequest, transfer_id: int) -> Any:
    transfer = transfer_get(user=request.user, pk=transfer_id)
    return _fresh(request, transfer_approve(by=request.user, transfer=transfer))


@router.post(
    "/resident-transfers/{int:transfer_id}/refuse",
    response={200: TransferOut, **ERRORS},
    summary="Refuse a transfer, with the reason",
)
def refuse_transfer(request: AuthedHttpRequest, transfer_id: int, payload: TransferRefuseIn) -> Any:
    transfer = transfer_get(user=request.user, pk=transfer_id)
    return _fresh(
        request, transfer_refuse(by=request.user, transfer=transfer, reason=payload.reason)
    )


@router.post(
    "/resident-transfers/{int:transfer_id}/cancel",
    response={200: TransferOut, **ERRORS},
    summary="Withdraw a transfer request",
)
def cancel_transfer(request: AuthedHttpRequest, transfer_id: int) -> Any:
    transfer = transfer_get(user=request.user, pk=transfer_id)
    return _fresh(request, transfer_cancel(by=request.user, transfer=transfer))


@router.post(
    "/residents/{int:resident_id}/transfer",
    response={201: TransferOut, **ERRORS},
    summary="Move a resident to another community (迁出)",
)
def start_transfer(request: AuthedHttpRequest, resident_id: int, payload: TransferStartIn) -> Any:
    resident = resident_get(user=request.user, pk=resident_id)
    to_division = community_by_code(payload.to_community_code)
    transfer = transfer_start(
        by=request.user, resident=resident, to_division=to_division, note=payload.note
    )
    return Status(201, _fresh(request, transfer))


@router.get(
    "/residents/{int:resident_id}/transfers",
    response={200: list[TransferOut], **ERRORS},
    summary="A resident's history of communities",
)
def resident_transfers(request: AuthedHttpRequest, resident_id: int) -> Any:
    resident = resident_get(user=request.user, pk=resident_id)
    return [_out(request, t) for t in transfers_of(user=request.user, resident=resident)]
