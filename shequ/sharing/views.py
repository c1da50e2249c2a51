"""Pages of the case library: the library (published studies, my drafts, those to approve),
drafting from a closed source, and a case study's page (the author edits and submits; a
supervisor approves or returns; awards)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from shequ.access.pages import require_perm
from shequ.access.signed_in import AuthedHttpRequest
from shequ.core.errors import AppError, NotFound
from shequ.core.forms import add_app_error
from shequ.sharing import services
from shequ.sharing.drafting import eligible_sources, source_get
from shequ.sharing.forms import AwardForm, CaseStudyForm, CommentForm
from shequ.sharing.models import SourceKind
from shequ.sharing.permissions import WRITE, case_study_caps, sharing_list_caps
from shequ.sharing.selectors import (
    case_study_get,
    library,
    my_drafts,
    to_approve,
)


@login_required
def library_view(request: AuthedHttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")
    return render(
        request,
        "sharing/library.html",
        {
            "published": library(user=request.user, q=q)[:100],
            "drafts": my_drafts(user=request.user),
            "to_approve": to_approve(user=request.user),
            "may_write": sharing_list_caps(request.user).write,
            "q": q,
        },
    )


@require_perm(WRITE)
def draft_view(request: AuthedHttpRequest) -> HttpResponse:
    """GET: the closed sources the user sees, each with a button; POST: draft from one."""
    if request.method == "POST":
        kind = request.POST.get("source_kind", "")
        try:
            pk = int(request.POST.get("source_id") or 0)
        except ValueError as exc:
            raise Http404 from exc
        try:
            source = source_get(user=request.user, kind=kind, pk=pk)
            study = services.case_study_draft(by=request.user, kind=kind, source=source)
        except NotFound:
            raise  # a 404 page (AppErrorMiddleware), like a missing source
        except AppError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(
                request, _("A de-identified draft was made. Read it through and complete it.")
            )
            return redirect("sharing:detail", pk=study.pk)
    sources = eligible_sources(user=request.user)
    return render(
        request,
        "sharing/new.html",
        {
            "cases": sources[SourceKind.CASE],
            "groups": sources[SourceKind.GROUP],
            "projects": sources[SourceKind.PROJECT],
        },
    )


@login_required
def detail_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    study = case_study_get(user=request.user, pk=pk)  # NotFound: a 404 (AppErrorMiddleware)
    caps = case_study_caps(request.user, study)
    form = CaseStudyForm(
        initial={
            "title": study.title,
            "summary": study.summary,
            "body": study.body,
            "area": study.area_id,
        }
    )
    comment_form = CommentForm()
    award_form = AwardForm()
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action in ("save", "submit") and caps.edit:
                form = CaseStudyForm(request.POST)
                if form.is_valid():
                    data = form.cleaned_data
                    services.case_study_update(
                        by=request.user,
                        study=study,
                        title=data["title"],
                        body=data["body"],
                        summary=data["summary"],
                        area=data["area"],
                    )
                    if action == "submit":
                        services.case_study_submit(by=request.user, study=study)
                        messages.success(request, _("Submitted for approval."))
                    else:
                        messages.success(request, _("Saved."))
                    return redirect("sharing:detail", pk=study.pk)
            elif action in ("approve", "return") and caps.decide:
                comment_form = CommentForm(request.POST)
                if comment_form.is_valid():
                    comment = comment_form.cleaned_data["comment"]
                    if action == "approve":
                        services.case_study_approve(by=request.user, study=study, comment=comment)
                        messages.success(request, _("Approved and published."))
                    else:
                        services.case_study_return(by=request.user, study=study, comment=comment)
                        messages.success(request, _("Returned to the author."))
                    return redirect("sharing:detail", pk=study.pk)
            elif action == "award" and caps.award:
                award_form = AwardForm(request.POST)
                if award_form.is_valid():
                    services.award_create(
                        by=request.user, case_study=study, **award_form.cleaned_data
                    )
                    messages.success(request, _("Award recorded."))
                    return redirect("sharing:detail", pk=study.pk)
            else:
                raise Http404
        except AppError as exc:
            target = {"approve": comment_form, "return": comment_form, "award": award_form}.get(
                action, form
            )
            add_app_error(target, exc)
            study.refresh_from_db()
    return render(
        request,
        "sharing/detail.html",
        {
            "s": study,
            "replaced": [
                (services.KIND_LABELS.get(kind, kind), n) for kind, n in study.deidentified.items()
            ],
            "form": form,
            "comment_form": comment_form,
            "award_form": award_form,
            "awards": list(study.awards.all()),
            "caps": caps,
            "may_read_review": caps.read_review,
            "may_edit": caps.edit,
            "may_decide": caps.decide,
            "may_award": caps.award,
        },
    )
