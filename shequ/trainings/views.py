"""Pages of trainings: the list, a training with its sessions, trainees, attendance and
results (the organizer's forms), and the completion certificate."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from shequ.core.access import has_perm
from shequ.core.errors import AppError, InvalidInput
from shequ.divisions.models import Division
from shequ.divisions.selectors import all_communities
from shequ.trainings.forms import SessionForm, TraineeForm
from shequ.trainings.models import Enrollment, Result, Training
from shequ.trainings.selectors import attendance_grid, may_organize, training_list
from shequ.trainings.services import (
    attendance_record,
    enrol,
    result_set,
    session_add,
    trainee_create,
    training_certificate_pdf,
)


@login_required
def certificate_view(request: HttpRequest, number: str) -> HttpResponse:
    """For the trainee (their account) or whoever sees the training."""
    enrollment = (
        Enrollment.objects.filter(certificate_number=number, result=Result.PASSED)
        .select_related(
            "training__programme", "training__organizer", "training__partner", "trainee"
        )
        .first()
    )
    if enrollment is None or not (
        enrollment.trainee.user_id == request.user.pk
        or training_list(user=request.user).filter(pk=enrollment.training_id).exists()
    ):
        raise Http404
    response = HttpResponse(training_certificate_pdf(enrollment), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{number}.pdf"'
    return response


@login_required
def training_list_view(request: HttpRequest) -> HttpResponse:
    if not (has_perm(request.user, "training.view") or has_perm(request.user, "training.manage")):
        raise Http404
    return render(request, "trainings/list.html", {"trainings": training_list(user=request.user)})


@login_required
def training_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    training = training_list(user=request.user).filter(pk=pk).first()
    if training is None:
        raise Http404
    organizer = may_organize(request.user, training)
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
            "session_form": SessionForm(initial={"held_on": training.start_date}),
            "trainee_form": TraineeForm(divisions=all_communities()),
        },
    )


def _action(request: HttpRequest, training: Training) -> None:
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
            division=Division.objects.get(code=data["division"]),
            name=data["name"],
            workplace=data["workplace"],
            phone=data["phone"],
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
        result_set(by=user, enrollment=enrollment, passed=action == "pass", score=post.get("score"))
    else:
        raise Http404
