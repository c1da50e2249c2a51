from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from shequ.access.pages import require_perm
from shequ.access.perms import Perm
from shequ.access.signed_in import AuthedHttpRequest
from shequ.core.concurrency import PreconditionFailed, conflict_rows, form_version
from shequ.core.errors import AppError
from shequ.core.forms import add_app_error, paginate
from shequ.divisions.selectors import division_get, division_list
from shequ.organizations.forms import OrganizationFilterForm, OrganizationForm
from shequ.organizations.models import Organization
from shequ.organizations.permissions import organization_caps, organization_list_caps
from shequ.organizations.selectors import organization_get, organization_list
from shequ.organizations.services import organization_create, organization_update


@require_perm(Perm.ORGANIZATION_VIEW)
def organization_list_view(request: AuthedHttpRequest) -> HttpResponse:
    filters = OrganizationFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    qs = organization_list(
        user=request.user, kind=data.get("kind") or None, q=data.get("q") or None
    )
    return render(
        request,
        "organizations/list.html",
        {
            "page": paginate(request, qs),
            "filters": filters,
            "can_manage": organization_list_caps(request.user).create,
        },
    )


@require_perm(Perm.ORGANIZATION_VIEW)
def organization_detail_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    org = organization_get(user=request.user, pk=pk)
    return render(
        request,
        "organizations/detail.html",
        {"org": org, "can_manage": organization_caps(request.user, org).manage},
    )


def _save(
    request: AuthedHttpRequest,
    form: OrganizationForm,
    org: Organization | None,
    version: int | None = None,
) -> Organization | None:
    data = dict(form.cleaned_data)
    division = data.pop("division")  # in reach: the picker field's queryset
    try:
        if org is None:
            return organization_create(by=request.user, division=division, **data)
        return organization_update(
            by=request.user, organization=org, division=division, version=version, **data
        )
    except PreconditionFailed:
        raise
    except AppError as exc:
        add_app_error(form, exc)
        return None


@require_perm(Perm.ORGANIZATION_MANAGE)
def organization_create_view(request: AuthedHttpRequest) -> HttpResponse:
    form = OrganizationForm(request.POST or None, divisions=division_list(user=request.user))
    if request.method == "POST" and form.is_valid():
        org = _save(request, form, None)
        if org is not None:
            messages.success(request, _("Organization added."))
            return redirect("organizations:detail", pk=org.pk)  # type: ignore[attr-defined]
    return render(request, "organizations/form.html", {"form": form, "creating": True})


@require_perm(Perm.ORGANIZATION_MANAGE)
def organization_edit_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    org = organization_get(user=request.user, pk=pk)
    initial = {
        "name": org.name,
        "kind": org.kind,
        "division": org.division,
        "uscc": org.uscc,
        "contact_person": org.contact_person,
        "contact_phone": org.contact_phone,
        "address": org.address,
    }
    form = OrganizationForm(
        request.POST or None, initial=initial, divisions=division_list(user=request.user)
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            saved = _save(request, form, org, version=form_version(request.POST))
        except PreconditionFailed:  # both versions side by side; saving again applies this one
            conflict = conflict_rows(form, initial)
        else:
            if saved is not None:
                messages.success(request, _("Saved."))
                return redirect("organizations:detail", pk=org.pk)
    return render(
        request,
        "organizations/form.html",
        {"form": form, "org": org, "version": org.version, "conflict": conflict},
    )


@require_perm(Perm.ORGANIZATION_VIEW)
def organizations_in_division_view(request: AuthedHttpRequest, code: str) -> HttpResponse:
    """The organizations at a division, as a fragment of the division's page (loaded by htmx,
    so that the divisions app, below this one, does not read organizations)."""
    division = division_get(user=request.user, code=code)
    orgs = organization_list(user=request.user).filter(division_id=division.code)
    return render(request, "organizations/_in_division.html", {"organizations": orgs})
