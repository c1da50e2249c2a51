from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.forms.models import model_to_dict
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shequ.access.pages import require_perm
from shequ.access.perms import Perm
from shequ.access.signed_in import AuthedHttpRequest
from shequ.core.errors import AppError
from shequ.core.forms import add_app_error, apply_form, paginate
from shequ.divisions.selectors import communities_in_reach, division_get
from shequ.organizations.selectors import organizations_to_work_with
from shequ.projects.documents import document_add
from shequ.projects.evaluations import THIRD_PARTIES, evaluation_record, evaluations_of, rubric
from shequ.projects.forms import (
    DocumentForm,
    EvaluationForm,
    IndicatorForm,
    PartyBranchForm,
    ProjectForm,
    StaffForm,
    SurveyForm,
)
from shequ.projects.models import ServiceArea, ServiceProject, Stage
from shequ.projects.permissions import may_buy_for, next_stage, project_caps, project_list_caps
from shequ.projects.selectors import (
    areas_by_codes,
    indicator_progress,
    is_overdue,
    project_get,
    project_list,
)
from shequ.projects.services import (
    indicator_set,
    party_branch_set,
    project_advance,
    project_create,
)
from shequ.projects.team import staff_choices, staff_set, survey_record


@require_perm(Perm.PROJECT_VIEW)
def project_list_view(request: AuthedHttpRequest) -> HttpResponse:
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
            "may_create": project_list_caps(request.user).create,
        },
    )


@require_perm(Perm.PROJECT_VIEW)
def project_detail_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    project = project_get(user=request.user, pk=pk)
    caps = project_caps(request.user, project)
    return render(
        request,
        "projects/detail.html",
        {
            "p": project,
            "indicators": indicator_progress(project),
            "overdue": is_overdue(project),
            "next_stage": next_stage(project),
            "can_advance": caps.advance,
            "transitions": project.transitions.select_related("by"),
            "communities": project.coverage.select_related("community"),
            "branch": getattr(project, "party_branch", None),
            "evaluations": evaluations_of(project),
            "documents": project.documents.select_related("uploaded_by"),
            "caps": caps,
            "may_change": caps.change,
            "may_manage": caps.manage,
            "may_evaluate": caps.evaluate,
            "document_form": DocumentForm(),
            "indicator_form": IndicatorForm(),
            "branch_form": PartyBranchForm(
                initial=model_to_dict(branch)
                if (branch := getattr(project, "party_branch", None))
                else None
            ),
            "staff": project.staff.all(),
            "staff_form": StaffForm(
                people=staff_choices(project),
                initial={"staff": [u.pk for u in project.staff.all()]},
            ),
            "survey_form": SurveyForm(
                communities=[c.community for c in project.coverage.select_related("community")],
                initial={"surveyed_on": date.today()},
            ),
            "surveys": project.surveys.select_related("community"),
        },
    )


@require_POST
@require_perm(Perm.PROJECT_VIEW)
def project_advance_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
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


GOVERNMENT_KINDS = ["civil_affairs", "government", "street_office", "org_department"]
PROVIDER_KINDS = ["agency", "university", "self_organization"]


@require_perm(Perm.PROJECT_MANAGE)
def project_create_view(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    buyers = [
        o
        for o in organizations_to_work_with(user=user, kinds=GOVERNMENT_KINDS)
        if may_buy_for(user, o.division_id)
    ]
    form = ProjectForm(
        request.POST or None,
        buyers=buyers,
        providers=organizations_to_work_with(user=user, kinds=PROVIDER_KINDS),
        areas=list(ServiceArea.objects.all()),
        communities=communities_in_reach(user=user, perm=Perm.PROJECT_MANAGE),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        by_pk = {
            o.pk: o for o in [*buyers, *organizations_to_work_with(user=user, kinds=PROVIDER_KINDS)]
        }
        buyer = by_pk[data["buyer"]]
        try:
            with transaction.atomic():
                project = project_create(
                    by=user,
                    division=buyer.division,
                    number=data["number"],
                    name=data["name"],
                    buyer=buyer,
                    provider=by_pk[data["provider"]],
                    amount=data["amount"],
                    start_date=data["start_date"],
                    end_date=data["end_date"],
                    communities=[
                        division_get(user=user, code=code) for code in data["communities"]
                    ],
                    areas=areas_by_codes(data["areas"]),
                    description=data["description"],
                    requires_supervision=data["requires_supervision"],
                )
                for metric, target in form.targets():
                    try:
                        indicator_set(by=user, project=project, metric=metric, target=target)
                    except AppError as exc:
                        exc.field = f"target_{metric}"
                        raise
        except AppError as exc:
            add_app_error(form, exc)
        else:
            messages.success(request, _("Project %(number)s created.") % {"number": project.number})
            return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/form.html", {"form": form})


def _apply(
    request: HttpRequest,
    project: ServiceProject,
    form: Any,
    apply: Callable[[dict[str, Any]], Any],
    success: str,
) -> HttpResponse:
    """The small forms of the project page: apply, then back to the page with a message."""
    response: HttpResponse = apply_form(
        request, form, apply, success, reverse("projects:detail", args=[project.pk])
    )
    return response


@require_POST
@require_perm(Perm.PROJECT_MANAGE)
def indicator_add_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    project = project_get(user=request.user, pk=pk)
    return _apply(
        request,
        project,
        IndicatorForm(request.POST),
        lambda data: indicator_set(by=request.user, project=project, **data),
        _("Target added."),
    )


@require_POST
@require_perm(Perm.PROJECT_VIEW)
def document_add_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    project = project_get(user=request.user, pk=pk)
    return _apply(
        request,
        project,
        DocumentForm(request.POST, request.FILES),
        lambda data: document_add(
            by=request.user,
            project=project,
            kind=data["kind"],
            title=data["title"],
            upload=data["file"],
        ),
        _("Document added."),
    )


@require_POST
@require_perm(Perm.PROJECT_VIEW)
def party_branch_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    project = project_get(user=request.user, pk=pk)
    return _apply(
        request,
        project,
        PartyBranchForm(request.POST),
        lambda data: party_branch_set(by=request.user, project=project, **data),
        _("Saved."),
    )


@require_POST
@require_perm(Perm.PROJECT_VIEW)
def staff_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    project = project_get(user=request.user, pk=pk)
    people = staff_choices(project)
    return _apply(
        request,
        project,
        StaffForm(request.POST, people=people),
        lambda data: staff_set(
            by=request.user, project=project, users=[u for u in people if u.pk in data["staff"]]
        ),
        _("Saved."),
    )


@require_POST
@require_perm(Perm.PROJECT_VIEW)
def survey_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    project = project_get(user=request.user, pk=pk)
    covered = [c.community for c in project.coverage.select_related("community")]
    return _apply(
        request,
        project,
        SurveyForm(request.POST, communities=covered),
        lambda data: survey_record(
            by=request.user,
            project=project,
            community=next(c for c in covered if c.code == data["community"]),
            surveyed_on=data["surveyed_on"],
            respondents=data["respondents"],
            satisfied=data["satisfied"],
        ),
        _("Survey recorded."),
    )


@require_perm(Perm.PROJECT_VIEW)
def document_download_view(request: AuthedHttpRequest, pk: int, doc: int) -> FileResponse:
    project = project_get(user=request.user, pk=pk)
    document = get_object_or_404(project.documents, pk=doc)
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=f"{document.title}.{str(document.file.name).rsplit('.', 1)[-1]}",
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_perm(Perm.PROJECT_EVALUATE)
def evaluation_create_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    project = project_get(user=request.user, pk=pk)
    evaluators = [
        o
        for o in organizations_to_work_with(user=request.user, kinds=list(THIRD_PARTIES))
        if o.pk not in (project.provider_id, project.buyer_id)
    ]
    initial = {"kind": "final" if project.stage == Stage.FINAL_EVALUATION else "midterm"}
    form = EvaluationForm(
        request.POST or None, initial=initial, evaluators=evaluators, dimensions=rubric()
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            evaluation_record(
                by=request.user,
                project=project,
                kind=data["kind"],
                evaluator=next(o for o in evaluators if o.pk == data["evaluator"]),
                evaluated_on=data["evaluated_on"],
                scores=form.scores(),
                conclusion=data["conclusion"],
            )
        except AppError as exc:
            add_app_error(form, exc)
        else:
            messages.success(request, _("Evaluation recorded."))
            return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/evaluation_form.html", {"form": form, "p": project})
