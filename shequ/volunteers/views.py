"""Pages of volunteer service: the certificate PDF (for the volunteer and the issuer) and the
public verification page."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET

from shequ.access.pages import require_perm
from shequ.access.perms import Perm
from shequ.access.signed_in import AuthedHttpRequest
from shequ.core.errors import AppError, InvalidInput
from shequ.core.forms import add_app_error
from shequ.core.spreadsheet import export_title, write_xlsx
from shequ.divisions.selectors import communities_in_reach
from shequ.organizations.selectors import organizations_acting_for
from shequ.projects.selectors import projects_provided_by
from shequ.volunteers import services
from shequ.volunteers.certificates import (
    certificate_check,
    certificate_issue,
    certificate_pdf,
    certificate_request,
    certificate_request_issue,
    certificate_requests_pending,
)
from shequ.volunteers.forms import (
    ActivityForm,
    CorrectionForm,
    MemberForm,
    PeriodForm,
    TeamForm,
    VolunteerForm,
)
from shequ.volunteers.permissions import (
    activity_caps,
    team_caps,
    volunteer_list_caps,
)
from shequ.volunteers.selectors import (
    HoursTotals,
    activity_get,
    activity_list,
    certificate_get,
    hours_by_organization,
    hours_totals,
    own_signups,
    own_volunteer,
    signup_get,
    signups_of,
    team_get,
    team_list,
    team_organizations,
    this_year,
    volunteer_list,
)
from shequ.volunteers.services import MANAGE, confirmed_hours

if TYPE_CHECKING:
    from shequ.accounts.models import User

VIEW = Perm.VOLUNTEER_VIEW


def certificate_download_view(request: HttpRequest, number: str) -> HttpResponse:
    """The volunteer's own certificate, or one the user's organization issued."""
    if not request.user.is_authenticated:
        raise Http404
    certificate = certificate_get(user=request.user, number=number)
    verify_url = request.build_absolute_uri(
        f"{reverse('volunteers:verify')}?{urlencode({'number': certificate.number})}"
    )
    response = HttpResponse(
        certificate_pdf(certificate, verify_url=verify_url), content_type="application/pdf"
    )
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


def _volunteer_home_context(request: AuthedHttpRequest) -> dict[str, Any]:
    volunteer = own_volunteer(request.user)
    caps = volunteer_list_caps(request.user)
    signups = own_signups(volunteer)
    return {
        "me": volunteer,
        "signups": signups,
        "my_hours": confirmed_hours(volunteer=volunteer) if volunteer else None,
        "my_organizations": hours_by_organization(signups),
        "my_requests": list(
            volunteer.certificate_requests.filter(certificate__isnull=True).select_related(
                "organization"
            )
        )
        if volunteer
        else [],
        "certificates": list(volunteer.certificates.select_related("organization"))
        if volunteer
        else [],
        "activities": activity_list(user=request.user)[:50],
        "volunteers": volunteer_list(user=request.user)[:200] if caps.view else [],
        "may_register": caps.register,
        "may_view": caps.view,
        "requests": list(certificate_requests_pending(user=request.user)),
    }


@login_required
def home_view(request: AuthedHttpRequest) -> HttpResponse:
    """A volunteer's own activities, hours and certificates (and their request for one); an
    organizer's activities and the certificate requests waiting for their organization."""
    context = _volunteer_home_context(request)
    if context["me"] is None and not volunteer_list_caps(request.user).view:
        raise Http404
    if request.method == "POST":
        try:
            _home_action(request, context)
        except AppError as exc:
            messages.error(request, str(exc.message))
        return redirect("volunteers:home")
    return render(request, "volunteers/home.html", context)


def _home_action(request: AuthedHttpRequest, context: dict[str, Any]) -> None:
    action = request.POST.get("action")
    if action == "request_certificate" and context["me"] is not None:
        chosen = request.POST.get("organization", "")
        row = next(
            (r for r in context["my_organizations"] if str(r["organization"].pk) == chosen), None
        )
        if row is None:
            raise Http404
        certificate_request(
            by=request.user, volunteer=context["me"], organization=row["organization"]
        )
        messages.success(
            request,
            _("Your request is sent to %(organization)s.")
            % {"organization": row["organization"].name},
        )
    elif action == "issue_request":
        chosen = request.POST.get("request", "")
        pending = next((r for r in context["requests"] if str(r.pk) == chosen), None)
        if pending is None:
            raise Http404
        certificate = certificate_request_issue(
            by=request.user,
            request=pending,
            person_in_charge=request.POST.get("person_in_charge", ""),
            contact=request.POST.get("contact", ""),
        )
        messages.success(
            request, _("Certificate %(number)s issued.") % {"number": certificate.number}
        )
    else:
        raise Http404


@login_required
def activity_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    activity = activity_get(user=request.user, pk=pk)
    me = own_volunteer(request.user)
    is_organizer = activity_caps(request.user, activity).organize
    correcting: tuple[int, CorrectionForm] | None = None
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "correct":
            correcting = _correct(request, activity)
            if correcting is None:
                messages.success(request, _("The times are corrected."))
                return redirect("volunteers:activity", pk=activity.pk)
        else:
            try:
                _activity_action(request, activity, action, me)
            except AppError as exc:
                messages.error(request, str(exc.message))
            else:
                messages.success(request, _("Saved."))
            return redirect("volunteers:activity", pk=activity.pk)
    mine = activity.signups.filter(volunteer=me).first() if me else None
    signups = list(signups_of(user=request.user, activity=activity)) if is_organizer else []
    rows = []  # each sign-up with its correction form (open, with errors, after a refusal)
    for s in signups:
        if correcting is not None and correcting[0] == s.pk:
            rows.append((s, correcting[1], True))
            continue
        initial = {
            "checked_in_at": _local(s.checked_in_at or activity.starts_at),
            "checked_out_at": _local(s.checked_out_at or activity.ends_at),
        }
        rows.append((s, CorrectionForm(prefix=f"c{s.pk}", initial=initial), False))
    return render(
        request,
        "volunteers/activity.html",
        {"a": activity, "mine": mine, "me": me, "is_organizer": is_organizer, "rows": rows},
    )


def _local(value: Any) -> Any:
    return timezone.localtime(value).replace(second=0, microsecond=0, tzinfo=None)


def _correct(request: AuthedHttpRequest, activity: Any) -> tuple[int, CorrectionForm] | None:
    """The organizer's correction of a sign-up's times: None once saved, else the sign-up and
    its form with the errors next to the fields (nothing is saved)."""
    signup = signup_get(user=request.user, pk=int(request.POST.get("signup") or 0))
    if signup.activity_id != activity.pk:
        raise Http404
    form = CorrectionForm(request.POST, prefix=f"c{signup.pk}")
    if form.is_valid():
        try:
            services.times_correct(by=request.user, signup=signup, **form.cleaned_data)
        except AppError as exc:
            add_app_error(form, exc)
        else:
            return None
    return signup.pk, form


def _activity_action(request: AuthedHttpRequest, activity: Any, action: str, me: Any) -> None:
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
def code_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The organizer's screen: this minute's code and its QR code (refreshed by htmx)."""
    activity = activity_get(user=request.user, pk=pk)
    if not activity_caps(request.user, activity).organize:
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
def checkin_view(request: AuthedHttpRequest) -> HttpResponse:
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
                services.check_out(
                    by=request.user,
                    signup=signup,
                    code=code,
                    confirm_short=request.POST.get("confirm_short") == "1",
                )
                messages.success(
                    request, _("Checked out: %(hours)s hours.") % {"hours": signup.hours}
                )
        except AppError as exc:
            if exc.code == "short":  # ask again, with the code kept, on the same page
                return render(
                    request,
                    "volunteers/checkin.html",
                    {"signup": signup, "code": code, "me": me, "confirm_short": exc.message},
                )
            messages.error(request, str(exc.message))
        return redirect(reverse("volunteers:checkin") + f"?activity={signup.activity_id}")
    return render(
        request,
        "volunteers/checkin.html",
        {"signup": signup, "code": request.GET.get("code", ""), "me": me},
    )


@require_perm(MANAGE)
def register_view(request: AuthedHttpRequest) -> HttpResponse:
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


@require_perm(MANAGE)
def activity_create_view(request: AuthedHttpRequest) -> HttpResponse:
    """An organizer's new activity: for their organization, in a community they work in or
    under their organization, possibly under a project their organization provides."""
    organizers = organizations_acting_for(user=request.user, perm=MANAGE)
    communities = communities_in_reach(user=request.user, perm=MANAGE)
    projects = projects_provided_by(user=request.user, organizations=organizers)
    form = ActivityForm(
        request.POST or None, organizers=organizers, communities=communities, projects=projects
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            activity = services.activity_create(
                by=request.user,
                organizer=next(o for o in organizers if str(o.pk) == data["organizer"]),
                division=next(c for c in communities if c.code == data["community"]),
                project=next((p for p in projects if str(p.pk) == data["project"]), None),
                **form.service_data(),
            )
        except AppError as exc:
            add_app_error(form, exc)
        else:
            messages.success(request, _("Activity created; open it for sign-up when ready."))
            return redirect("volunteers:activity", pk=activity.pk)
    return render(request, "volunteers/activity_new.html", {"form": form})


# --- teams ---------------------------------------------------------------------------------


def _volunteer_by_number(user: User, number: str, field: str) -> Any:
    volunteer = volunteer_list(user=user).filter(number=number.strip()).first()
    if volunteer is None:
        raise InvalidInput(_("No volunteer in your reach has this number."), field=field)
    return volunteer


@require_perm(VIEW)
def team_list_view(request: AuthedHttpRequest) -> HttpResponse:
    """Teams in reach; the organizer forms a new one."""
    user = request.user
    organizations = team_organizations(user=user)
    communities = communities_in_reach(user=user, perm=MANAGE)
    form = TeamForm(request.POST or None, organizations=organizations, communities=communities)
    if request.method == "POST":
        if not organizations:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                leader = (
                    _volunteer_by_number(user, data["leader"], "leader") if data["leader"] else None
                )
                team = services.team_create(
                    by=user,
                    organization=next(
                        o for o in organizations if str(o.pk) == data["organization"]
                    ),
                    division=next(c for c in communities if c.code == data["division"]),
                    name=data["name"],
                    leader=leader,
                )
            except AppError as exc:
                add_app_error(form, exc)
            else:
                messages.success(request, _("Team formed."))
                return redirect("volunteers:team", pk=team.pk)
    return render(
        request,
        "volunteers/teams.html",
        {"teams": team_list(user=user), "form": form if organizations else None},
    )


def _period(request: HttpRequest) -> tuple[PeriodForm, str, date | None, date | None]:
    """The period (and grouping) asked for in the query string; defaults to this year."""
    asked = any(k in request.GET for k in ("group_by", "from", "to"))
    start, end = this_year()
    form = PeriodForm(request.GET if asked else None, initial={"from": start, "to": end})
    if asked and form.is_valid():
        data = form.cleaned_data
        return form, data["group_by"] or "volunteer", data["from"], data["to"]
    return form, "volunteer", None, None


def _totals(request: AuthedHttpRequest, form: PeriodForm, **kwargs: Any) -> HoursTotals:
    try:
        return hours_totals(user=request.user, **kwargs)
    except AppError as exc:
        add_app_error(form, exc)
        kwargs.update(start=None, end=None)
        return hours_totals(user=request.user, **kwargs)


@require_perm(VIEW)
def team_detail_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """A team's members and their confirmed hours for a period; the organizer adds and removes
    members and names the leader."""
    user = request.user
    team = team_get(user=user, pk=pk)
    may_manage = team_caps(user, team).manage
    action = request.POST.get("action", "")
    member_form = MemberForm(request.POST if action == "add" else None)
    if request.method == "POST":
        if not may_manage:
            raise Http404
        if action == "add":
            if member_form.is_valid():
                try:
                    volunteer = _volunteer_by_number(
                        user, member_form.cleaned_data["volunteer"], "volunteer"
                    )
                    services.team_member_add(by=user, team=team, volunteer=volunteer)
                except AppError as exc:
                    add_app_error(member_form, exc)
                else:
                    messages.success(request, _("Added to the team."))
                    return redirect("volunteers:team", pk=team.pk)
        elif action in ("remove", "leader"):
            volunteer = team.members.filter(pk=int(request.POST.get("volunteer") or 0)).first()
            if volunteer is None:
                raise Http404
            change = services.team_member_remove if action == "remove" else services.team_leader_set
            try:
                change(by=user, team=team, volunteer=volunteer)
            except AppError as exc:
                messages.error(request, str(exc.message))
            else:
                messages.success(request, _("Saved."))
            return redirect("volunteers:team", pk=team.pk)
        else:
            raise Http404
    period, _group, start, end = _period(request)
    totals = _totals(request, period, group_by="volunteer", start=start, end=end, team=team)
    hours = {row.key: row.hours for row in totals.rows}
    members = [(m, hours.get(m.number, Decimal("0"))) for m in team.members.order_by("number")]
    return render(
        request,
        "volunteers/team.html",
        {
            "team": team,
            "members": members,
            "totals": totals,
            "period": period,
            "may_manage": may_manage,
            "member_form": member_form,
        },
    )


# --- totals --------------------------------------------------------------------------------

GROUP_LABELS = {
    "volunteer": _lazy("Volunteer"),
    "team": _lazy("Team"),
    "organization": _lazy("Organization"),
    "division": _lazy("Division"),
}


@require_perm(VIEW)
def hours_view(request: AuthedHttpRequest) -> HttpResponse:
    """Confirmed hours by volunteer, team, organization or division for a period, within reach;
    also as an Excel download (`?format=xlsx`)."""
    form, group_by, start, end = _period(request)
    totals = _totals(request, form, group_by=group_by, start=start, end=end)
    if request.GET.get("format") == "xlsx":
        content = write_xlsx(
            [str(GROUP_LABELS[group_by]), _("Confirmed hours"), _("Volunteers"), _("Sign-ups")],
            [(r.label, r.hours, r.volunteers, r.signups) for r in totals.rows],
            sheet_title=f"{totals.start:%Y%m%d}-{totals.end:%Y%m%d}",
            title=export_title(
                _("Confirmed volunteer hours"), f"{totals.start:%Y-%m-%d} – {totals.end:%Y-%m-%d}"
            ),
        )
        response = HttpResponse(
            content,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = content_disposition_header(
            True, f"volunteer-hours-{group_by}-{totals.start:%Y%m%d}-{totals.end:%Y%m%d}.xlsx"
        )
        return response
    query = urlencode(
        {"group_by": group_by, "from": totals.start.isoformat(), "to": totals.end.isoformat()}
    )
    return render(
        request,
        "volunteers/hours.html",
        {
            "form": form,
            "totals": totals,
            "group_label": GROUP_LABELS[group_by],
            "query": query,
        },
    )
