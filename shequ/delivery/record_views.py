"""Pages of service records: the list (by project, resident, method), and one record with its
correction and deletion for the author and the supervisors in reach. Every figure reflects a
correction at once (the services keep the roll-ups in the same transaction)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from shequ.access.pages import require_perm
from shequ.access.signed_in import AuthedHttpRequest
from shequ.core.errors import AppError
from shequ.core.forms import add_app_error, paginate
from shequ.delivery import forms
from shequ.delivery.models import Method
from shequ.delivery.permissions import record_caps
from shequ.delivery.selectors import VIEW, record_get, record_list
from shequ.delivery.services import record_delete, record_update
from shequ.projects.selectors import project_get, project_list


def _number(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() and len(value) < 19 else None


@require_perm(VIEW)
def record_list_view(request: AuthedHttpRequest) -> HttpResponse:
    project, resident = _number(request, "project"), _number(request, "resident")
    method = request.GET.get("method", "")
    qs = record_list(
        user=request.user,
        project=project,
        resident=resident,
        method=method if method in Method.values else "",
    ).select_related("division", "resident", "project")
    context: dict[str, Any] = {
        "page": paginate(request, qs, 30),
        "project": project_get(user=request.user, pk=project) if project else None,
        "resident": resident,
        "method": method,
        "methods": Method.choices,
    }
    if request.headers.get("HX-Request"):
        return render(request, "delivery/_records.html", context)
    return render(request, "delivery/records.html", context)


@require_perm(VIEW)
def record_detail_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    record = record_get(user=request.user, pk=pk)
    caps = record_caps(request.user, record)
    projects = list(project_list(user=request.user)) if caps.edit else []
    edit = forms.RecordEditForm(
        request.POST if request.POST.get("action") == "edit" else None,
        projects=projects,
        named=record.resident_id is not None,
        initial={
            "served_on": record.served_on,
            "duration_minutes": record.duration_minutes,
            "method": record.method,
            "project": record.project_id,
            "headcount": record.headcount,
        },
    )
    delete = forms.RecordDeleteForm(
        request.POST if request.POST.get("action") == "delete" else None
    )
    if request.method == "POST" and request.POST.get("action") == "edit" and edit.is_valid():
        data = dict(edit.cleaned_data)
        reason = data.pop("reason")
        project_id = data.pop("project")
        data["project"] = project_get(user=request.user, pk=project_id) if project_id else None
        if data.get("headcount") is None:
            data.pop("headcount", None)
        try:
            record_update(by=request.user, record=record, reason=reason, **data)
        except AppError as exc:
            add_app_error(edit, exc)
        else:
            messages.success(request, _("Corrected: every figure shows the change."))
            return redirect("delivery:record", pk=record.pk)
    if request.method == "POST" and request.POST.get("action") == "delete" and delete.is_valid():
        try:
            record_delete(by=request.user, record=record, reason=delete.cleaned_data["reason"])
        except AppError as exc:
            add_app_error(delete, exc)
        else:
            messages.success(request, _("Deleted: the record has left every figure."))
            if record.resident_id:
                return redirect(f"{reverse('delivery:records')}?resident={record.resident_id}")
            return redirect("delivery:records")
    return render(
        request,
        "delivery/record.html",
        {"record": record, "caps": caps, "edit": edit, "delete": delete},
    )
