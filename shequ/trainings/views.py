"""Pages of trainings: the list, a training with its sessions, trainees, attendance and
results (the organizer's forms), and the completion certificate."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from shequ.access.pages import require_perm
from shequ.access.signed_in import AuthedHttpRequest
from shequ.core.errors import AppError, InvalidInput
from shequ.core.forms import add_app_error
from shequ.divisions.selectors import all_communities, any_community
from shequ.projects.selectors import projects_provided_by
from shequ.trainings.forms import SessionForm, TraineeForm, TrainingForm
from shequ.trainings.models import CERequirement, Training
from shequ.trainings.permissions import training_caps, training_list_caps
from shequ.trainings.selectors import (
    attendance_grid,
    certificate_get,
    trainee_list,
    training_certificate_check,
    training_list,
    training_organizers,
    training_partners,
)
from shequ.trainings.services import (
    MANAGE,
    attendance_record,
    ce_shortfall,
    enrol,
    result_set,
    session_add,
    trainee_create,
    training_certificate_pdf,
    training_create,
    training_ended_on,
)


@login_required
def certificate_view(request: AuthedHttpRequest, number: str) -> HttpResponse:
    """For the trainee (their account) or whoever sees the training."""
    enrollment = certificate_get(user=request.user, number=number)
    verify_url = request.build_absolute_uri(
        f"{reverse('trainings:verify')}?{urlencode({'number': number})}"
    )
    response = HttpResponse(
        training_certificate_pdf(enrollment, verify_url=verify_url), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{number}.pdf"'
    return response


@require_GET
def verify_view(request: HttpRequest) -> HttpResponse:
    """Public: a completion certificate's number is valid or not, with the training, its dates
    and its organizer; nothing about the trainee."""
    number = request.GET.get("number", "").strip()[:40]
    return render(
        request,
        "trainings/verify.html",
        {
            "number": number,
            "result": training_certificate_check(number) if number else None,
            "asked": bool(number),
        },
    )


@login_required
def training_list_view(request: AuthedHttpRequest) -> HttpResponse:
    caps = training_list_caps(request.user)
    if not caps.use:
        raise Http404
    return render(
        request,
        "trainings/list.html",
        {
            "trainings": training_list(user=request.user),
            "may_manage": caps.create,
        },
    )


@require_perm(MANAGE)
def training_create_view(request: AuthedHttpRequest) -> HttpResponse:
    organizers = training_organizers(user=request.user)
    partners = training_partners(user=request.user)
    projects = projects_provided_by(user=request.user, organizations=organizers)
    form = TrainingForm(
        request.POST or None, organizers=organizers, partners=partners, projects=projects
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        by_pk = {str(o.pk): o for o in [*organizers, *partners]}
        try:
            training = training_create(
                by=request.user,
                organizer=by_pk[data["organizer"]],
                partner=by_pk.get(data["partner"] or ""),
                project=next((p for p in projects if str(p.pk) == data["project"]), None),
                programme=data["programme"],
                title=data["title"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                required_attendance=data["required_attendance"],
            )
        except AppError as exc:
            add_app_error(form, exc)
        else:
            messages.success(request, _("Training created."))
            return redirect("trainings:detail", pk=training.pk)
    return render(request, "trainings/new.html", {"form": form})


@login_required
def ce_shortfall_view(request: AuthedHttpRequest) -> HttpResponse:
    """Who is short of continuing-education hours over their registration period."""
    if not training_list_caps(request.user).use:
        raise Http404
    trainees = trainee_list(user=request.user).filter(title__isnull=False)
    rows = ce_shortfall(trainees)
    return render(
        request,
        "trainings/ce.html",
        {"rows": rows, "checked": len(trainees), "requirements": CERequirement.objects.all()},
    )


@login_required
def training_detail_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    training = training_list(user=request.user).filter(pk=pk).first()
    if training is None:
        raise Http404
    caps = training_caps(request.user, training)
    organizer = caps.organize
    if request.method == "POST":
        if not organizer:
            raise Http404
        try:
            _action(request, training)
        except AppError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Saved."))
        return redirect("trainings:detail", pk=training.pk)
    sessions, rows = attendance_grid(training)
    return render(
        request,
        "trainings/detail.html",
        {
            "t": training,
            "sessions": sessions,
            "rows": rows,
            "organizer": organizer,
            "caps": caps,
            "ended": date.today() >= training_ended_on(training),
            "session_form": SessionForm(initial={"held_on": training.start_date}),
            "trainee_form": TraineeForm(divisions=all_communities()),
        },
    )


def _action(request: AuthedHttpRequest, training: Training) -> None:
    user, post = request.user, request.POST
    action = post.get("action")
    if action == "session":
        session_form = SessionForm(post)
        if not session_form.is_valid():
            raise InvalidInput(_("Check the session."), field="session")
        session_add(by=user, training=training, **session_form.cleaned_data)
    elif action == "trainee":
        trainee_form = TraineeForm(post, divisions=all_communities())
        if not trainee_form.is_valid():
            raise InvalidInput(_("Check the trainee."), field="trainee")
        data = trainee_form.cleaned_data
        trainee = trainee_create(
            by=user,
            division=any_community(data.pop("division")),
            **data,
        )
        enrol(by=user, training=training, trainee=trainee)
    elif action == "attendance":
        session = training.sessions.get(pk=int(post.get("session") or 0))
        chosen = {int(v) for v in post.getlist("present") if v.isdigit()}
        attendance_record(
            by=user, session=session, present=list(training.enrollments.filter(pk__in=chosen))
        )
    elif action in ("pass", "fail"):
        enrollment = training.enrollments.get(pk=int(post.get("enrollment") or 0))
        result_set(
            by=user,
            enrollment=enrollment,
            passed=action == "pass",
            score=post.get("score"),
            reason=post.get("reason", ""),
        )
    else:
        raise Http404
