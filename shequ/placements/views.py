"""Pages of student placements: the list (by role), a placement with its progress, the
student's log and weekly journals, the field supervisor's approvals, assignments and
evaluations; the school's form to register and place students."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from shequ.access.pages import require_perm
from shequ.access.rule import named, reach_organizations
from shequ.access.signed_in import AuthedHttpRequest
from shequ.core.errors import AppError
from shequ.core.forms import add_app_error, apply_form
from shequ.placements import services
from shequ.placements.forms import (
    AssignmentEvaluationForm,
    AssignmentForm,
    EvaluationForm,
    LogForm,
    PlacementForm,
    StudentForm,
)
from shequ.placements.models import MANAGE, Placement, PracticumRequirement
from shequ.placements.permissions import placement_caps, placement_list_caps
from shequ.placements.selectors import (
    host_people,
    hosts,
    placement_get,
    placement_list,
    progress,
    school_people,
    schools_of,
    secretaries,
    student_list,
    weeks,
)


@login_required
def placement_list_view(request: AuthedHttpRequest) -> HttpResponse:
    caps = placement_list_caps(request.user)
    if not caps.use:
        raise Http404
    rows = [(p, progress(p)) for p in placement_list(user=request.user)[:300]]
    return render(
        request,
        "placements/list.html",
        {"rows": rows, "may_place": caps.create},
    )


def _detail_context(
    request: AuthedHttpRequest, placement: Placement, **forms: Any
) -> dict[str, Any]:
    user = request.user
    today = date.today()
    role = services.supervisor_role(user, placement)
    caps = placement_caps(user, placement)
    evaluations = list(placement.evaluations.select_related("evaluator"))
    assignments = list(placement.assignments.select_related("secretary"))
    may_assign = caps.assign
    return {
        "p": placement,
        "progress": progress(placement),
        "weeks": weeks(placement, today=today),
        "today": today,
        "is_student": caps.log_hours,
        "is_field": placement.field_supervisor_id == user.pk,
        "log_form": forms.get("log_form") or LogForm(initial={"day": today}),
        "evaluations": evaluations,
        "may_evaluate": role is not None
        and today >= placement.end_date
        and all(e.role != role for e in evaluations),
        "evaluation_form": EvaluationForm(),
        "assignments": assignments,
        "to_evaluate": [
            a
            for a in assignments
            if a.secretary_id == user.pk and a.evaluated_at is None and today >= a.end_date
        ],
        "assignment_evaluation_form": AssignmentEvaluationForm(),
        "may_assign": may_assign,
        "assignment_form": AssignmentForm(
            secretaries=secretaries(placement) if may_assign else [],
            initial={
                "start_date": max(today, placement.start_date),
                "end_date": placement.end_date,
            },
        ),
    }


@login_required
def placement_detail_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    placement = placement_get(user=request.user, pk=pk)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "log":
            return _log(request, placement)
        return _action(request, placement, action)
    return render(request, "placements/detail.html", _detail_context(request, placement))


def _log(request: AuthedHttpRequest, placement: Placement) -> HttpResponse:
    """The student's day: on a refusal the page comes back with the message next to the
    field and what was typed; nothing is saved."""
    form = LogForm(request.POST)
    if form.is_valid():
        try:
            services.log_add(by=request.user, placement=placement, **form.cleaned_data)
        except AppError as exc:
            add_app_error(form, exc)
        else:
            messages.success(
                request,
                _("Logged %(hours)s hours on %(day)s.") % form.cleaned_data,
            )
            return redirect("placements:detail", pk=placement.pk)
    context = _detail_context(request, placement, log_form=form)
    return render(request, "placements/detail.html", context)


def _action(request: AuthedHttpRequest, placement: Placement, action: str) -> HttpResponse:
    user, post = request.user, request.POST
    then = f"/placements/{placement.pk}/"
    if action == "journal":
        try:
            services.journal_submit(
                by=user,
                placement=placement,
                week_start=date.fromisoformat(post.get("week_start", "")),
                text=post.get("text", ""),
            )
        except ValueError as exc:
            raise Http404 from exc
        except AppError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("The week's journal is submitted."))
        return redirect(then)
    if action in ("approve", "return"):
        journal = placement.journals.filter(
            pk=int(post.get("journal") or 0) if (post.get("journal") or "").isdigit() else 0
        ).first()
        if journal is None:
            raise Http404
        journal.placement = placement
        try:
            services.journal_decide(
                by=user,
                journal=journal,
                approve=action == "approve",
                comment=post.get("comment", ""),
            )
        except AppError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(
                request,
                _("The week is approved.") if action == "approve" else _("The week is returned."),
            )
        return redirect(then)
    if action == "evaluate":
        return apply_form(
            request,
            EvaluationForm(post),
            lambda d: services.evaluation_add(by=user, placement=placement, **d),
            _("Evaluation saved."),
            then,
        )
    if action == "assign":
        people = secretaries(placement)
        form = AssignmentForm(post, secretaries=people)
        return apply_form(
            request,
            form,
            lambda d: services.assignment_create(
                by=user,
                placement=placement,
                secretary=named(people, d.pop("secretary"), field="secretary"),
                **d,
            ),
            _("The student is assigned."),
            then,
        )
    if action == "assignment_evaluate":
        raw = post.get("assignment") or ""
        assignment = placement.assignments.filter(pk=int(raw) if raw.isdigit() else 0).first()
        if assignment is None:
            raise Http404
        return apply_form(
            request,
            AssignmentEvaluationForm(post),
            lambda d: services.assignment_evaluate(by=user, assignment=assignment, **d),
            _("Evaluation saved."),
            then,
        )
    raise Http404


@require_perm(MANAGE)
def placement_new_view(request: AuthedHttpRequest) -> HttpResponse:
    """The school registers a student and places them."""
    user = request.user
    school_ids = reach_organizations(user, MANAGE)
    schools = schools_of(user=user)
    requirements = list(PracticumRequirement.objects.all())
    own_students = [s for s in student_list(user=user) if s.school_id in school_ids]
    supervisors = school_people(user=user)
    places = hosts()
    field_people = host_people()

    def placement_form(data: Any = None) -> PlacementForm:
        return PlacementForm(
            data,
            students=own_students,
            hosts=places,
            school_people=supervisors,
            host_people=field_people,
            initial={"school_supervisor": user.pk},
        )

    student_form = StudentForm(schools=schools, requirements=requirements)
    form = placement_form()
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "student":
        student_form = StudentForm(request.POST, schools=schools, requirements=requirements)
        if student_form.is_valid():
            data = student_form.cleaned_data
            try:
                student = services.student_create(
                    by=user,
                    school=next(s for s in schools if s.pk == data["school"]),
                    name=data["name"],
                    number=data["number"],
                    requirement=next(r for r in requirements if r.code == data["degree"]),
                    cohort=data["cohort"],
                )
            except AppError as exc:
                add_app_error(student_form, exc)
            else:
                messages.success(request, _("Registered: %(name)s.") % {"name": student.name})
                return redirect("placements:new")
    elif action == "placement":
        form = placement_form(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                placement = services.placement_create(
                    by=user,
                    student=next(s for s in own_students if s.pk == data["student"]),
                    host=named(places, data["host"], field="host"),
                    start_date=data["start_date"],
                    end_date=data["end_date"],
                    school_supervisor=named(
                        supervisors, data["school_supervisor"], field="school_supervisor"
                    ),
                    field_supervisor=named(
                        [u for u, _org in field_people],
                        data["field_supervisor"],
                        field="field_supervisor",
                    ),
                )
            except AppError as exc:
                add_app_error(form, exc)
            else:
                messages.success(request, _("The student is placed."))
                return redirect("placements:detail", pk=placement.pk)
    return render(
        request,
        "placements/new.html",
        {"student_form": student_form, "form": form},
    )
