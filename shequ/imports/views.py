from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shequ.access.rule import has_perm
from shequ.core.errors import AppError
from shequ.core.forms import add_app_error
from shequ.imports.engine import rejected_report, spec_for, template_xlsx
from shequ.imports.forms import ImportForm
from shequ.imports.models import Status
from shequ.imports.reaper import import_jobs_reap
from shequ.imports.selectors import import_get, import_list
from shequ.imports.services import (
    import_commit,
    import_retry,
    import_start,
    import_target_resolve,
    import_targets,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _allowed(request: HttpRequest, kind: str) -> None:
    if not request.user.is_authenticated or not has_perm(request.user, spec_for(kind).permission):
        raise Http404


def import_start_view(request: HttpRequest, kind: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect(f"/accounts/login/?next={request.path}")
    _allowed(request, kind)
    spec = spec_for(kind)
    form = ImportForm(
        request.POST or None,
        request.FILES or None,
        targets=import_targets(user=request.user, spec=spec),
        target_label=spec.target_label,
        initial={"target": request.GET.get("target", "")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            division, target_id = import_target_resolve(
                user=request.user, spec=spec, value=form.cleaned_data["target"]
            )
            job = import_start(
                by=request.user,
                kind=kind,
                division=division,
                target_id=target_id,
                upload=form.cleaned_data["file"],
            )
        except AppError as exc:
            add_app_error(form, exc)
        else:
            return redirect("imports:job", pk=job.pk)
    return render(
        request,
        "imports/start.html",
        {
            "form": form,
            "kind": kind,
            "spec": spec,
            "jobs": import_list(user=request.user, kind=kind)[:10],
        },
    )


def template_view(request: HttpRequest, kind: str) -> HttpResponse:
    _allowed(request, kind)
    spec = spec_for(kind)
    content = template_xlsx(spec, spec.example or None)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{kind}-template.xlsx"'
    return response


def job_view(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect(f"/accounts/login/?next={request.path}")
    job = import_get(user=request.user, pk=pk)
    if job.is_running and import_jobs_reap():
        job.refresh_from_db()
    template = "imports/_status.html" if request.headers.get("HX-Request") else "imports/job.html"
    spec = spec_for(job.kind)
    back = spec.back(job) if spec.back else ""
    return render(request, template, {"job": job, "problems": job.errors[:500], "back": back})


@require_POST
def commit_view(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        raise Http404
    job = import_get(user=request.user, pk=pk)
    try:
        import_commit(by=request.user, job=job)
    except AppError as exc:
        messages.error(request, str(exc.message))
    return redirect("imports:job", pk=job.pk)


@require_POST
def retry_view(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        raise Http404
    job = import_get(user=request.user, pk=pk)
    try:
        import_retry(by=request.user, job=job)
    except AppError as exc:
        messages.error(request, str(exc.message))
    return redirect("imports:job", pk=job.pk)


def rejected_view(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        raise Http404
    job = import_get(user=request.user, pk=pk)
    if job.status != Status.INVALID:
        raise Http404
    response = HttpResponse(rejected_report(job), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="rejected-{job.pk}.xlsx"'
    messages.info(request, _("Fix the rows, then upload the whole file again."))
    return response
