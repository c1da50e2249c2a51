"""Pages of the protection network: the dashboard of a level, the report forms (signed-in and
public), the community queue, the case page with its actions, meetings and their tasks."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shequ.access.pages import require_perm
from shequ.access.perms import Perm
from shequ.access.signed_in import AuthedHttpRequest
from shequ.core.errors import AppError, NotFound
from shequ.core.forms import add_app_error, apply_form
from shequ.divisions.selectors import all_communities
from shequ.protection import forms
from shequ.protection import services as services
from shequ.protection.events import case_events
from shequ.protection.exporting import export_cases
from shequ.protection.models import (
    CaseStatus,
    ReportStatus,
    TaskStatus,
)
from shequ.protection.permissions import (
    RECEIVE,
    case_caps,
    meeting_caps,
    protection_caps,
    report_caps,
    task_caps,
)
from shequ.protection.selectors import (
    access_log,
    alerts_for,
    case_count,
    case_get,
    case_list,
    case_queryset,
    meeting_divisions,
    meeting_get,
    meeting_organizations,
    meeting_queryset,
    open_tasks_before,
    receiving_organizations,
    referral_waiting_get,
    referrals_waiting,
    report_community,
    report_get,
    report_queryset,
    reporter_shown,
    task_get,
    task_queryset,
)
from shequ.protection.services import TooManyReports

VIEW = Perm.PROTECTION_VIEW


@require_perm(VIEW)
def dashboard_view(request: AuthedHttpRequest) -> HttpResponse:
    """Per level: open cases by risk grade, overdue acknowledgements, visits due, tasks and
    referrals waiting for an answer, and the open alerts."""
    user = request.user
    today = date.today()
    open_statuses = [CaseStatus.OPEN, CaseStatus.CLOSING, CaseStatus.FOLLOW_UP]
    by_grade = {
        row["grade__code"] or "": row["n"]
        for row in case_queryset(user)
        .filter(status__in=open_statuses)
        .values("grade__code")
        .annotate(n=Count("id"))
    }
    return render(
        request,
        "protection/dashboard.html",
        {
            "by_grade": by_grade,
            "open_total": sum(by_grade.values()),
            "overdue_reports": report_queryset(user)
            .filter(status=ReportStatus.NEW, due_at__lt=timezone.now())
            .count(),
            "waiting_reports": report_queryset(user).filter(status=ReportStatus.NEW).count(),
            "visits_missed": case_count(user, status__in=open_statuses, next_visit_due__lt=today),
            "tasks_open": task_queryset(user).filter(status=TaskStatus.OPEN).count(),
            "tasks_overdue": task_queryset(user)
            .filter(status=TaskStatus.OPEN, due_on__lt=today)
            .count(),
            "referrals_waiting": referrals_waiting(user).count(),
            "alerts": alerts_for(user)[:20],
            "area": protection_caps(user),
        },
    )


@require_perm(Perm.PROTECTION_REPORT)
def report_create_view(request: AuthedHttpRequest) -> HttpResponse:
    form = forms.ReportForm(request.POST or None, communities=all_communities())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = services.report_submit(
                by=request.user,
                community=report_community(data["community"]),
                child=form.child(),
                situations=data["situations"],
                seen=data["seen"],
                seen_at=data["seen_at"],
                police_told=data["police_told"],
            )
        except AppError as exc:
            add_app_error(form, exc)
        else:
            messages.success(
                request,
                _("Report received. The community must acknowledge it within the deadline."),
            )
            return redirect("protection:report", pk=report.pk)
    return render(request, "protection/report_form.html", {"form": form, "public": False})


def public_report_view(request: HttpRequest) -> HttpResponse:
    """For people without an account: rate-limited, lands in the community's queue."""
    form = forms.PublicReportForm(request.POST or None, communities=all_communities())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.public_report_submit(
                address=request.META.get("REMOTE_ADDR", ""),
                community=report_community(data["community"]),
                child=form.child(),
                situations=data["situations"],
                seen=data["seen"],
                seen_at=data["seen_at"],
                police_told=data["police_told"],
                name=data["reporter_name"],
                phone=data["reporter_phone"],
            )
        except TooManyReports as exc:
            add_app_error(form, exc)
            return render(
                request, "protection/report_form.html", {"form": form, "public": True}, status=429
            )
        except AppError as exc:
            add_app_error(form, exc)
        else:
            return render(request, "protection/report_thanks.html")
    return render(request, "protection/report_form.html", {"form": form, "public": True})


@require_perm(Perm.PROTECTION_REPORT)
def report_list_view(request: AuthedHttpRequest) -> HttpResponse:
    return render(
        request,
        "protection/reports.html",
        {"reports": report_queryset(request.user)[:200], "now": timezone.now()},
    )


@require_perm(Perm.PROTECTION_REPORT)
def report_detail_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    report = report_get(request.user, pk)
    caps = report_caps(request.user, report)
    if request.method == "POST":
        if not caps.handle:
            raise NotFound()
        action = request.POST.get("action")
        try:
            if action == "accept":
                case = services.report_accept(by=request.user, report=report)
                messages.success(request, _("Accepted: a case is open."))
                return redirect("protection:case", pk=case.pk)
            try:
                community = report_community(request.POST.get("community", ""))
            except NotFound:
                raise AppError(_("Choose another community.")) from None
            services.report_redirect(
                by=request.user,
                report=report,
                community=community,
                reason=request.POST.get("reason", ""),
            )
            messages.success(request, _("Redirected."))
            return redirect("protection:reports")
        except AppError as exc:
            messages.error(request, str(exc.message))
    return render(
        request,
        "protection/report.html",
        {
            "r": report,
            "reporter": reporter_shown(request.user, report),
            "caps": caps,
            "communities": all_communities(),
            "case": getattr(report, "case", None)
            if protection_caps(request.user).see_cases
            else None,
        },
    )


@require_perm(VIEW, RECEIVE)  # and the organizations a case was referred to
def case_list_view(request: AuthedHttpRequest) -> HttpResponse:
    filters: dict[str, Any] = {}
    if request.GET.get("status"):
        filters["status"] = request.GET["status"]
    if request.GET.get("grade"):
        filters["grade__code"] = request.GET["grade"]
    return render(
        request,
        "protection/cases.html",
        {
            "cases": case_list(request.user, channel="list", **filters),
            "statuses": CaseStatus.choices,
        },
    )


CASE_ACTIONS = (
    "grade",
    "visit",
    "plan",
    "service",
    "refer",
    "escalate",
    "de_escalate",
    "closure",
    "approve",
    "refuse",
    "reopen",
)


def _case_forms(case: Any) -> dict[str, Any]:
    organizations = list(receiving_organizations())
    return {
        "grade": forms.GradeForm(initial={"grade": case.grade.code if case.grade else ""}),
        "visit": forms.VisitForm(initial={"visited_on": date.today()}),
        "plan": forms.PlanForm(initial={"needs": case.needs, "plan": case.plan}),
        "service": forms.ServiceForm(initial={"start_date": date.today()}),
        "refer": forms.ReferralForm(organizations=organizations),
        "reason": forms.ReasonForm(),
        "closure": forms.ClosureForm(),
    }


@require_perm(VIEW, RECEIVE)  # and the organizations a case was referred to
def case_detail_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    case = case_get(user, pk, channel="page")
    caps = case_caps(user, case)
    return render(
        request,
        "protection/case.html",
        {
            "c": case,
            "caps": caps,
            "forms": _case_forms(case),
            "events": case_events(case),
            "visits": case.visits.select_related("by"),
            "services": case.services.all(),
            "referrals": case.referrals.select_related("to_organization"),
            "meetings": case.meetings.all(),
            "accesses": access_log(user, case)[:50] if caps.read_access_log else [],
            "report": case.report,
            "reporter": reporter_shown(user, case.report) if case.report else None,
        },
    )


@require_POST
@require_perm(VIEW, RECEIVE)  # and the organizations a case was referred to
def case_action_view(request: AuthedHttpRequest, pk: int, action: str) -> HttpResponse:
    user = request.user
    case = case_get(user, pk, channel="page")
    then = reverse("protection:case", args=[case.pk])
    if action not in CASE_ACTIONS:
        raise NotFound()
    organizations = {o.pk: o for o in receiving_organizations()}
    table: dict[str, tuple[Any, Any]] = {
        "grade": (
            forms.GradeForm(request.POST),
            lambda d: services.case_grade(by=user, case=case, **d),
        ),
        "visit": (
            forms.VisitForm(request.POST),
            lambda d: services.visit_record(by=user, case=case, **d),
        ),
        "plan": (
            forms.PlanForm(request.POST),
            lambda d: services.case_plan(by=user, case=case, **d),
        ),
        "service": (
            forms.ServiceForm(request.POST),
            lambda d: services.service_add(by=user, case=case, **d),
        ),
        "refer": (
            forms.ReferralForm(request.POST, organizations=list(organizations.values())),
            lambda d: services.referral_create(
                by=user,
                case=case,
                organization=organizations[d["organization"]],
                reason=d["reason"],
            ),
        ),
        "escalate": (
            forms.ReasonForm(request.POST),
            lambda d: services.escalate(by=user, case=case, **d),
        ),
        "de_escalate": (
            forms.ReasonForm(request.POST),
            lambda d: services.de_escalate(by=user, case=case, **d),
        ),
        "closure": (
            forms.ClosureForm(request.POST),
            lambda d: services.closure_request(by=user, case=case, **d),
        ),
        "approve": (
            forms.ReasonForm({"reason": "-"}),
            lambda d: services.closure_approve(by=user, case=case, approve=True),
        ),
        "refuse": (
            forms.ReasonForm(request.POST),
            lambda d: services.closure_approve(by=user, case=case, approve=False, note=d["reason"]),
        ),
        "reopen": (
            forms.ReasonForm(request.POST),
            lambda d: services.reopen(by=user, case=case, **d),
        ),
    }
    form, apply = table[action]
    response: HttpResponse = apply_form(request, form, apply, _("Saved."), then)
    return response


@require_perm(VIEW)
def break_glass_view(request: AuthedHttpRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            case = services.break_glass(
                by=request.user,
                case_id=int(request.POST.get("case") or 0),
                reason=request.POST.get("reason", ""),
            )
        except AppError as exc:
            messages.error(request, str(exc.message))
        else:
            return redirect("protection:case", pk=case.pk)
    return render(request, "protection/break_glass.html")


@require_perm(Perm.PROTECTION_REPORT)
def referral_list_view(request: AuthedHttpRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            pk = int(request.POST.get("referral") or 0)
        except ValueError:
            raise NotFound() from None
        referral = referral_waiting_get(request.user, pk)
        try:
            services.referral_answer(
                by=request.user,
                referral=referral,
                accept=request.POST.get("accept") == "1",
                answer=request.POST.get("answer", ""),
            )
        except AppError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Answered."))
        return redirect("protection:referrals")
    return render(
        request, "protection/referrals.html", {"referrals": referrals_waiting(request.user)}
    )


@require_perm(Perm.PROTECTION_REPORT)
def meeting_list_view(request: AuthedHttpRequest) -> HttpResponse:
    return render(
        request,
        "protection/meetings.html",
        {
            "meetings": meeting_queryset(request.user)[:100],
            "area": protection_caps(request.user),
            "tasks": task_queryset(request.user).filter(status=TaskStatus.OPEN),
        },
    )


@require_perm(Perm.PROTECTION_MEETING)
def meeting_create_view(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    divisions = meeting_divisions(user)
    organizations = meeting_organizations(divisions)
    cases = list(case_queryset(user).filter(status__in=[CaseStatus.OPEN, CaseStatus.CLOSING]))
    form = forms.MeetingForm(
        request.POST or None,
        divisions=divisions,
        organizations=organizations,
        cases=cases,
        initial={"held_on": date.today()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        by_pk = {o.pk: o for o in organizations}
        try:
            meeting = services.meeting_create(
                by=user,
                division=next(d for d in divisions if d.code == data["division"]),
                convener=by_pk[data["convener"]],
                held_on=data["held_on"],
                title=data["title"],
                members=[by_pk[pk] for pk in data["members"]],
                cases=[c for c in cases if c.pk in data["cases"]],
            )
        except AppError as exc:
            add_app_error(form, exc)
        else:
            return redirect("protection:meeting", pk=meeting.pk)
    return render(request, "protection/meeting_form.html", {"form": form})


@require_perm(Perm.PROTECTION_REPORT)
def meeting_detail_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_get(request.user, pk)
    members = list(meeting.members.all())
    form = forms.ResolutionForm(request.POST or None, organizations=[meeting.convener, *members])
    caps = meeting_caps(request.user, meeting)
    if request.method == "POST":
        if not caps.convene:
            raise NotFound()
        if request.POST.get("action") == "attendance":
            chosen = {int(v) for v in request.POST.getlist("attended") if v.isdigit()}
            try:
                services.attendance_set(
                    by=request.user,
                    meeting=meeting,
                    attended=[o for o in members if o.pk in chosen],
                )
            except AppError as exc:
                messages.error(request, str(exc.message))
            return redirect("protection:meeting", pk=meeting.pk)
        if form.is_valid():
            data = form.cleaned_data
            by_pk = {o.pk: o for o in [meeting.convener, *members]}
            try:
                services.resolution_add(
                    by=request.user,
                    meeting=meeting,
                    resolution=data["resolution"],
                    owner=by_pk.get(data["owner"]) if data["owner"] else None,
                    due_on=data["due_on"],
                )
            except AppError as exc:
                add_app_error(form, exc)
            else:
                return redirect("protection:meeting", pk=meeting.pk)
    tasks = list(meeting.tasks.select_related("owner"))
    return render(
        request,
        "protection/meeting.html",
        {
            "m": meeting,
            "members": members,
            "tasks": [(t, task_caps(request.user, t).complete) for t in tasks],
            "carried": open_tasks_before(meeting).select_related("owner", "meeting"),
            "form": form,
            "caps": caps,
            "outcome_form": forms.OutcomeForm(),
            "attended": set(meeting.attended.values_list("pk", flat=True)),
        },
    )


@require_POST
@require_perm(Perm.PROTECTION_REPORT)
def task_complete_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    task = task_get(request.user, pk)
    response: HttpResponse = apply_form(
        request,
        forms.OutcomeForm(request.POST),
        lambda d: services.task_complete(by=request.user, task=task, outcome=d["outcome"]),
        _("Saved."),
        reverse("protection:meeting", args=[task.meeting_id]),
    )
    return response


@require_perm(Perm.PROTECTION_EXPORT)
def export_view(request: AuthedHttpRequest) -> HttpResponse:
    """A password-protected export of the cases in reach."""
    if request.method == "POST":
        try:
            data = export_cases(by=request.user, password=request.POST.get("password", ""))
        except AppError as exc:
            messages.error(request, str(exc.message))
        else:
            response = HttpResponse(data, content_type="application/zip")
            response["Content-Disposition"] = 'attachment; filename="protection-cases.zip"'
            return response
    return render(request, "protection/export.html")
