from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shequ.access.pages import require_perm
from shequ.access.perms import Perm
from shequ.access.signed_in import AuthedHttpRequest
from shequ.audit.forms import AuditFilterForm, PurgeForm
from shequ.audit.selectors import audit_list, read_log_list
from shequ.audit.services import audit_chain_state, audit_export, audit_purge
from shequ.core.errors import AppError
from shequ.core.forms import add_app_error, paginate
from shequ.core.pickers import reach_of, set_reach

CHAIN_ON_PAGE = 5000  # the page verifies the latest entries; audit_verify checks them all


def _filters(request: AuthedHttpRequest) -> tuple[AuditFilterForm, dict]:
    form = AuditFilterForm(request.GET or None)
    set_reach(form, "division", reach_of("division", request.user))
    if not form.is_valid():
        return form, {}
    division = form.cleaned_data.get("division")
    return form, {**form.cleaned_data, "division": division.pk if division else ""}


@require_perm(Perm.AUDIT_VIEW)
def audit_list_view(request: AuthedHttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    page = paginate(request, audit_list(user=request.user, filters=filters))
    return render(
        request,
        "audit/list.html",
        {
            "form": form,
            "page": page,
            "purge_form": PurgeForm(),
            "query": request.GET.urlencode(),
            "chain": audit_chain_state(latest=CHAIN_ON_PAGE),
        },
    )


@require_perm(Perm.AUDIT_EXPORT)
def audit_export_view(request: AuthedHttpRequest, fmt: str) -> HttpResponse:
    _form, filters = _filters(request)
    content, ctype, name = audit_export(by=request.user, filters=filters, fmt=fmt)
    response = HttpResponse(content, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_POST
@require_perm(Perm.AUDIT_PURGE)
def audit_purge_view(request: AuthedHttpRequest) -> HttpResponse:
    form = PurgeForm(request.POST)
    if form.is_valid():
        try:
            count = audit_purge(
                by=request.user, older_than_days=form.cleaned_data["older_than_days"]
            )
        except AppError as exc:
            add_app_error(form, exc)
        else:
            messages.success(request, _("%(n)d entries purged.") % {"n": count})
            return redirect("audit:list")
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))
    return redirect("audit:list")


@login_required
def read_log_view(request: AuthedHttpRequest) -> HttpResponse:
    """Who read which protection record, when and through which path."""
    username = request.GET.get("username", "")
    page = paginate(request, read_log_list(user=request.user, username=username))
    return render(request, "audit/reads.html", {"page": page, "username": username})
