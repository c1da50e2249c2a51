"""Pages of research: projects and extracts (mine, to approve), a new project, a project with
its team, outputs and extract requests, and an extract with the report of what was done, its
approval and its download."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from shequ.access.pages import require_perm
from shequ.access.signed_in import AuthedHttpRequest
from shequ.core.errors import AppError
from shequ.core.forms import add_app_error
from shequ.divisions.models import Division
from shequ.organizations.models import Organization
from shequ.organizations.selectors import organizations_acting_for
from shequ.research import services
from shequ.research.extraction import FIELDS, LEVEL_NAMES, column_label
from shequ.research.forms import DecisionForm, ExtractForm, OutputForm, ProjectForm
from shequ.research.models import Extract
from shequ.research.permissions import (
    EXTRACT,
    MANAGE,
    extract_caps,
    research_list_caps,
    research_project_caps,
)
from shequ.research.selectors import (
    extract_get,
    extract_list,
    extracts_to_approve,
    project_get,
    project_list,
)


def _any_perm(request: HttpRequest) -> None:
    if not research_list_caps(request.user).use:
        raise Http404


@login_required
def home_view(request: AuthedHttpRequest) -> HttpResponse:
    _any_perm(request)
    return render(
        request,
        "research/home.html",
        {
            "projects": project_list(user=request.user),
            "mine": extract_list(user=request.user).filter(requested_by_id=request.user.pk),
            "to_approve": extracts_to_approve(user=request.user),
            "may_manage": research_list_caps(request.user).create,
        },
    )


def _organizations(request: AuthedHttpRequest) -> list[Organization]:
    return organizations_acting_for(user=request.user, perm=MANAGE)


@require_perm(MANAGE)
def project_create_view(request: AuthedHttpRequest) -> HttpResponse:
    organizations = _organizations(request)
    form = ProjectForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            project = services.project_create(
                by=request.user,
                organization=next(o for o in organizations if str(o.pk) == data["organization"]),
                title=data["title"],
                funder=data["funder"],
                grant_number=data["grant_number"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                description=data["description"],
            )
        except AppError as exc:
            add_app_error(form, exc)
        else:
            messages.success(request, _("Research project created."))
            return redirect("research:project", pk=project.pk)
    return render(request, "research/project_new.html", {"form": form})


def _extract_divisions(request: HttpRequest) -> list[Division]:
    return list(
        Division.objects.visible_to(request.user, EXTRACT)
        .filter(level__in=services.EXTRACT_LEVELS)
        .order_by("code")[:500]
    )


@login_required
def project_detail_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    try:
        project = project_get(user=request.user, pk=pk)
    except AppError as exc:
        raise Http404 from exc
    caps = research_project_caps(request.user, project)
    may_add_output, may_extract = caps.add_output, caps.request_extract
    divisions = _extract_divisions(request) if may_extract else []
    output_form = OutputForm()
    extract_form = ExtractForm(divisions=divisions)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "output" and may_add_output:
                output_form = OutputForm(request.POST, request.FILES)
                if output_form.is_valid():
                    data = output_form.cleaned_data
                    services.output_add(
                        by=request.user,
                        project=project,
                        title=data["title"],
                        kind=data["kind"],
                        year=data["year"],
                        venue=data["venue"],
                        link=data["link"],
                        upload=data["file"],
                    )
                    messages.success(request, _("Output added."))
                    return redirect("research:project", pk=project.pk)
            elif action == "extract" and may_extract:
                extract_form = ExtractForm(request.POST, divisions=divisions)
                if extract_form.is_valid():
                    data = extract_form.cleaned_data
                    extract = services.extract_request(
                        by=request.user,
                        project=project,
                        population=data["population"],
                        division=next(d for d in divisions if d.code == data["division"]),
                        fields=data["data_fields"],
                        k=data["k"],
                        purpose=data["purpose"],
                        period_start=data["period_start"],
                        period_end=data["period_end"],
                    )
                    messages.success(request, _("Extract prepared; it waits for approval."))
                    return redirect("research:extract", pk=extract.pk)
            else:
                raise Http404
        except AppError as exc:
            add_app_error(output_form if action == "output" else extract_form, exc)
    return render(
        request,
        "research/project.html",
        {
            "p": project,
            "team": list(project.team.all()),
            "outputs": list(project.outputs.all()),
            "extracts": extract_list(user=request.user).filter(project=project),
            "may_add_output": may_add_output,
            "may_extract": may_extract,
            "output_form": output_form,
            "extract_form": extract_form,
            "extract_open": request.method == "POST" and request.POST.get("action") == "extract",
        },
    )


def _report(extract: Extract) -> list[tuple[str, str]]:
    levels = extract.report.get("levels", {})
    return [
        (str(FIELDS[f][0]), str(LEVEL_NAMES[f][n]))
        for f, n in levels.items()
        if f in LEVEL_NAMES and n < len(LEVEL_NAMES[f])
    ]


@login_required
def extract_detail_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    try:
        extract = extract_get(user=request.user, pk=pk)
    except AppError as exc:
        raise Http404 from exc
    caps = extract_caps(request.user, extract)
    may_decide = caps.approve
    form = DecisionForm(request.POST or None)
    if request.method == "POST":
        if not may_decide:
            raise Http404
        if form.is_valid():
            comment = form.cleaned_data["comment"]
            try:
                if request.POST.get("action") == "approve":
                    services.extract_approve(by=request.user, extract=extract, comment=comment)
                    messages.success(request, _("Extract approved."))
                else:
                    services.extract_refuse(by=request.user, extract=extract, comment=comment)
                    messages.success(request, _("Extract refused."))
            except AppError as exc:
                add_app_error(form, exc)
            else:
                return redirect("research:extract", pk=extract.pk)
    if caps.see_rows:
        columns, preview = services.extract_table(extract, limit=20)
    else:  # the requester sees no row before approval, nobody after a refusal
        columns, preview = services.extract_columns(extract), []
    return render(
        request,
        "research/extract.html",
        {
            "e": extract,
            "levels": _report(extract),
            "fields": [str(FIELDS[f][0]) for f in extract.fields],
            "columns": [column_label(c) for c in columns],
            "preview": preview,
            "may_decide": may_decide,
            "may_download": caps.download,
            "form": form,
        },
    )


@login_required
def extract_download_view(request: AuthedHttpRequest, pk: int, fmt: str) -> HttpResponse:
    try:
        extract = extract_get(user=request.user, pk=pk)
        content, content_type, name = services.extract_download(
            by=request.user, extract=extract, fmt=fmt
        )
    except AppError as exc:
        raise Http404 from exc
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
