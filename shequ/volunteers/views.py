"""Pages of volunteer service: the certificate PDF (for the volunteer and the issuer) and the
public verification page."""

from __future__ import annotations

import io
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from shequ.core.access import has_perm, reach_organizations
from shequ.core.errors import AppError
from shequ.core.forms import add_app_error
from shequ.core.views import require_perm
from shequ.divisions.selectors import communities_in_reach
from shequ.volunteers import services
from shequ.volunteers.certificates import certificate_check, certificate_issue, certificate_pdf
from shequ.volunteers.forms import VolunteerForm
from shequ.volunteers.models import Certificate
from shequ.volunteers.selectors import (
    activity_get,
    activity_list,
    may_organize,
    own_volunteer,
    signup_get,
    signups_of,
    volunteer_list,
)
from shequ.volunteers.services import MANAGE, confirmed_hours


def certificate_download_view(request: HttpRequest, number: str) -> HttpResponse:
    """The volunteer's own certificate, or one the user's organization issued."""
    if not request.user.is_authenticated:
        raise Http404
    certificate = (
        Certificate.objects.filter(number=number)
        .select_related("volunteer", "organization", "handler")
        .first()
    )
    if certificate is None or not (
        certificate.volunteer.user_id == request.user.pk
        or certificate.organization_id in reach_organizations(request.user, MANAGE)
    ):
        raise Http404
    response = HttpResponse(certificate_pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{certificate.number}.pdf"'
    return response


@require_GET
def verify_view(request: HttpRequest) -> HttpResponse:
    """Public: a certificate number is valid or not, with its hours; nothing else."""
    number = request.GET.get("number", "").strip()
    result = certificate_check(number) if number else None
    return render(
        request,
        "volunteers/verify.html",
        {"number": number, "result": result, "asked": bool(number)},
    )


def _volunteer_home_context(request: HttpRequest) -> dict[str, Any]:
    volunteer = own_volunteer(request.user)
    signups = (
        list(volunteer.signups.select_related("activity").order_by("-activity__starts_at"))
        if volunteer
        else []
    )
    return {
        "me": volunteer,
        "signups": signups,
        "my_hours": confirmed_hours(volunteer=volunteer) if volunteer else None,
        "certificates": list(volunteer.certificates.select_related("organization"))
        if volunteer
        else [],
        "activities": activity_list(user=request.user)[:50],
        "volunteers": volunteer_list(user=request.user)[:200]
        if has_perm(request.user, "volunteer.view")
        else [],
        "may_register": has_perm(request.user, MANAGE),
    }


@login_required
def home_view(request: HttpRequest) -> HttpResponse:
    """A volunteer's own activities, hours and certificates; an organizer's activities."""
    context = _volunteer_home_context(request)
    if context["me"] is None and not has_perm(request.user, "volunteer.view"):
        raise Http404
    return render(request, "volunteers/home.html", context)


@login_required
def activity_view(request: HttpRequest, pk: int) -> HttpResponse:
    activity = activity_get(user=request.user, pk=pk)
    me = own_volunteer(request.user)
    is_organizer = may_organize(request.user, activity)
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            _activity_action(request, activity, action, me)
        except AppError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Saved."))
        return redirect("volunteers:activity", pk=activity.pk)
    mine = activity.signups.filter(volunteer=me).first() if me else None
    return render(
        request,
        "volunteers/activity.html",
        {
            "a": activity,
            "mine": mine,
            "me": me,
            "is_organizer": is_organizer,
            "signups": signups_of(user=request.user, activity=activity) if is_organizer else [],
        },
    )


def _activity_action(request: HttpRequest, activity: Any, action: str, me: Any) -> None:
    user = request.user
    if action == "sign_up" and me is not None:
        services.sign_up(by=user, activity=activity, volunteer=me)
        return
    if action == "open":
        services.activity_open(by=user, activity=activity)
        return
    signup = signup_get(user=user, pk=int(request.POST.get("signup") or 0))
    if signup.activity_id != activity.pk:
        raise Http404
    if action in ("approve", "reject"):
        services.sign_up_decide(by=user, signup=signup, approve=action == "approve")
    elif action == "confirm":
        services.hours_confirm(by=user, signup=signup)
    elif action == "certificate":
        certificate_issue(
            by=user,
            volunteer=signup.volunteer,
            organization=activity.organizer,
            person_in_charge=request.POST.get("person_in_charge", ""),
            contact=request.POST.get("contact", ""),
        )
    else:
        raise Http404


@login_required
def code_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The organizer's screen: this minute's code and its QR code (refreshed by htmx)."""
    activity = activity_get(user=request.user, pk=pk)
    if not may_organize(request.user, activity):
        raise Http404
    now = timezone.now()
    code = services.check_code(activity, now)
    url = request.build_absolute_uri(
        reverse("volunteers:checkin") + f"?activity={activity.pk}&code={code}"
    )
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=6, xmldecl=False, svgns=True)
    return render(
        request,
        "volunteers/code.html",
        {
            "a": activity,
            "code": code,
            "qr": buffer.getvalue().decode(),
            "partial": request.headers.get("HX-Request") == "true",
        },
    )


@login_required
def checkin_view(request: HttpRequest) -> HttpResponse:
    """The volunteer's phone: check in, then out, with the code (typed, or from the QR)."""
    me = own_volunteer(request.user)
    if me is None:
        raise Http404
    activity_id = request.GET.get("activity") or request.POST.get("activity") or ""
    signup = (
        me.signups.select_related("activity").filter(activity_id=int(activity_id)).first()
        if activity_id.isdigit()
        else None
    )
    if request.method == "POST" and signup is not None:
        code = request.POST.get("code", "")
        try:
            if signup.checked_in_at is None:
                services.check_in(by=request.user, signup=signup, code=code)
                messages.success(request, _("Checked in."))
            else:
                services.check_out(by=request.user, signup=signup, code=code)
                messages.success(
                    request, _("Checked out: %(hours)s hours.") % {"hours": signup.hours}
                )
        except AppError as exc:
            messages.error(request, str(exc.message))
        return redirect(reverse("volunteers:checkin") + f"?activity={signup.activity_id}")
    return render(
        request,
        "volunteers/checkin.html",
        {"signup": signup, "code": request.GET.get("code", ""), "me": me},
    )


@require_perm(MANAGE)
def register_view(request: HttpRequest) -> HttpResponse:
    communities = communities_in_reach(user=request.user, perm=MANAGE)
    form = VolunteerForm(request.POST or None, communities=communities)
    if request.method == "POST" and form.is_valid():
        try:
            volunteer = services.volunteer_register(
                by=request.user,
                division=next(c for c in communities if c.code == form.cleaned_data["community"]),
                **form.service_data(),
            )
        except AppError as exc:
            add_app_error(form, exc)
        else:
            messages.success(
                request,
                _("Registered: volunteer number %(number)s.") % {"number": volunteer.number},
            )
            return redirect("volunteers:home")
    return render(request, "volunteers/register.html", {"form": form})
