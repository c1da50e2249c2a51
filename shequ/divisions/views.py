from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from shequ.access.pages import require_perm
from shequ.access.perms import Perm
from shequ.access.signed_in import AuthedHttpRequest
from shequ.core.errors import AppError
from shequ.core.forms import add_app_error
from shequ.divisions.forms import DivisionUploadForm
from shequ.divisions.permissions import division_list_caps
from shequ.divisions.selectors import division_get, division_list, division_path, reach_divisions
from shequ.divisions.services import DivisionFileInvalid, division_load_csv


@require_perm(Perm.DIVISION_VIEW)
def division_list_view(request: AuthedHttpRequest) -> HttpResponse:
    """The top of the user's reach."""
    return render(
        request,
        "divisions/list.html",
        {
            "divisions": reach_divisions(user=request.user),
            "can_manage": division_list_caps(request.user).manage,
        },
    )


@require_perm(Perm.DIVISION_VIEW)
def division_detail_view(request: AuthedHttpRequest, code: str) -> HttpResponse:
    division = division_get(user=request.user, code=code)
    children = division_list(user=request.user).filter(parent_id=division.code)
    return render(
        request,
        "divisions/detail.html",
        {
            "division": division,
            "path": division_path(division),
            "children": children,
        },
    )


@require_perm(Perm.DIVISION_MANAGE)
def division_upload_view(request: AuthedHttpRequest) -> HttpResponse:
    form = DivisionUploadForm(request.POST or None, request.FILES or None)
    line_errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > DivisionUploadForm.MAX_BYTES:
            form.add_error("file", _("The file is larger than 5 MB."))
        else:
            try:
                text = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                form.add_error("file", _("The file is not UTF-8 text (CSV)."))
            else:
                try:
                    result = division_load_csv(text=text, by=request.user, source=upload.name)
                except DivisionFileInvalid as exc:
                    line_errors = exc.line_errors
                    form.add_error(None, str(exc.message))
                except AppError as exc:
                    add_app_error(form, exc)
                else:
                    messages.success(
                        request,
                        _(
                            "Divisions: %(created)d created, %(updated)d renamed, "
                            "%(unchanged)d unchanged."
                        )
                        % {
                            "created": result.created,
                            "updated": result.updated,
                            "unchanged": result.unchanged,
                        },
                    )
                    return redirect("divisions:list")
    return render(request, "divisions/upload.html", {"form": form, "line_errors": line_errors})
