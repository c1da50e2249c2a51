from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shequ.core.access import covers
from shequ.core.errors import AppError
from shequ.core.forms import paginate
from shequ.core.views import require_perm
from shequ.projects.models import STAGE_ORDER, Stage
from shequ.projects.selectors import indicator_progress, is_overdue, project_get, project_list
from shequ.projects.services import STEP_PERMISSION, project_advance


@require_perm("project.view")
def project_list_view(request: HttpRequest) -> HttpResponse:
    stage = request.GET.get("stage", "")
    qs = project_list(user=request.user, stage=stage, q=request.GET.get("q", ""))
    return render(
        request,
        "projects/list.html",
        {
            "page": paginate(request, qs, 20),
            "stages": Stage.choices,
            "stage": stage,
            "q": request.GET.get("q", ""),
        },
    )


@require_perm("project.view")
def project_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_get(user=request.user, pk=pk)
    index = STAGE_ORDER.index(project.stage)
    next_stage = Stage(STAGE_ORDER[index + 1]) if index + 1 < len(STAGE_ORDER) else None
    can_advance = bool(
        next_stage and covers(request.user, STEP_PERMISSION[next_stage], project.division_id)
    )
    return render(
        request,
        "projects/detail.html",
        {
            "p": project,
            "indicators": indicator_progress(project),
            "overdue": is_overdue(project),
            "next_stage": next_stage,
            "can_advance": can_advance,
            "transitions": project.transitions.select_related("by"),
            "communities": project.coverage.select_related("community"),
            "branch": getattr(project, "party_branch", None),
        },
    )


@require_POST
@require_perm("project.view")
def project_advance_view(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_get(user=request.user, pk=pk)
    try:
        project_advance(
            by=request.user,
            project=project,
            to_stage=request.POST.get("stage", ""),
            note=request.POST.get("note", ""),
        )
    except AppError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The project moved to its next stage."))
    return redirect("projects:detail", pk=project.pk)
