"""Pages of transfers (迁出/迁入): the list of requests into and out of the communities in
reach with their decisions, the request form, and moving a person out from their page."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shequ.access.pages import require_perm
from shequ.access.perms import Perm
from shequ.access.signed_in import AuthedHttpRequest
from shequ.core.errors import AppError
from shequ.core.forms import add_app_error, paginate
from shequ.divisions.selectors import all_communities, communities_in_reach, community_by_code
from shequ.residents import forms
from shequ.residents.models import TransferStatus
from shequ.residents.permissions import MANAGE, transfer_caps
from shequ.residents.selectors import resident_get
from shequ.residents.transfers import (
    transfer_approve,
    transfer_cancel,
    transfer_get,
    transfer_refuse,
    transfer_request,
    transfer_start,
    transfers_visible,
)


@require_perm(Perm.RESIDENT_VIEW)
def transfer_list_view(request: AuthedHttpRequest) -> HttpResponse:
    """Transfers of the communities in reach, with the actions each allows, and the form of a
    request (prefilled from a refused registration: ?id_number=…&name=…&community=…)."""
    status = request.GET.get("status", "")
    qs = transfers_visible(request.user)
    if status in TransferStatus.values:
        qs = qs.filter(status=status)
    page = paginate(request, qs, 30)
    for transfer in page:
        transfer.caps = transfer_caps(request.user, transfer)
    communities = communities_in_reach(user=request.user, perm=MANAGE)
    form = forms.TransferRequestForm(
        request.POST or None,
        communities=communities,
        initial={k: request.GET.get(k, "") for k in ("id_number", "name", "community")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            transfer = transfer_request(
                by=request.user,
                to_division=community_by_code(form.cleaned_data["community"]),
                id_number=form.cleaned_data["id_number"],
                name=form.cleaned_data["name"],
                note=form.cleaned_data["note"],
            )
        except AppError as exc:
            add_app_error(form, exc)
        else:
            if transfer.status == TransferStatus.APPROVED:
                messages.success(request, _("The person has moved into the community."))
            else:
                messages.success(request, _("Request sent: the person's community will decide."))
            return redirect("residents:transfers")
    return render(
        request,
        "residents/transfers.html",
        {
            "page": page,
            "status": status,
            "statuses": TransferStatus.choices,
            "form": form if communities else None,
        },
    )


@require_POST
@require_perm(Perm.RESIDENT_VIEW)
def transfer_decide_view(request: AuthedHttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in ("approve", "refuse", "cancel"):
        raise Http404
    transfer = transfer_get(user=request.user, pk=pk)
    try:
        if action == "approve":
            transfer_approve(by=request.user, transfer=transfer)
            messages.success(request, _("Approved: the person has moved."))
        elif action == "refuse":
            transfer_refuse(
                by=request.user, transfer=transfer, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("Refused."))
        else:
            transfer_cancel(by=request.user, transfer=transfer)
            messages.success(request, _("Withdrawn."))
    except AppError as exc:
        messages.error(request, str(exc.message))
    return redirect("residents:transfers")


@require_POST
@require_perm(Perm.RESIDENT_VIEW)
def transfer_start_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    resident = resident_get(user=request.user, pk=pk)
    form = forms.TransferStartForm(request.POST, communities=all_communities())
    if not form.is_valid():
        messages.error(request, _("Choose the community the person moves to."))
        return redirect("residents:detail", pk=pk)
    try:
        transfer_start(
            by=request.user,
            resident=resident,
            to_division=community_by_code(form.cleaned_data["community"]),
            note=form.cleaned_data["note"],
        )
    except AppError as exc:
        messages.error(request, str(exc.message))
        return redirect("residents:detail", pk=pk)
    resident.refresh_from_db()
    messages.success(
        request,
        _("%(name)s has moved to %(community)s.")
        % {"name": resident.name, "community": resident.division.name},
    )
    return redirect("residents:transfers")
