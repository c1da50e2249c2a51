"""Pages of service delivery: groups with their sessions and attendance, community activities
with their photos, cases along their stages, and the project report."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shequ.access.pages import require_perm
from shequ.access.perms import Perm
from shequ.access.signed_in import AuthedHttpRequest
from shequ.accounts.selectors import holders_of
from shequ.core.errors import AppError
from shequ.core.forms import add_app_error, paginate
from shequ.delivery import forms
from shequ.delivery.attendance import (
    activity_participant_add,
    activity_participant_remove,
    session_attendee_add,
    session_attendee_remove,
)
from shequ.delivery.cases import (
    case_advance,
    case_close,
    case_get,
    case_intervene,
    case_list,
    case_open,
    case_transfer,
    interventions_for,
    may_read_notes,
)
from shequ.delivery.groups import (
    activity_hold,
    activity_photo_add,
    group_advance,
    group_create,
    group_session_hold,
    group_session_plan,
    member_scores_set,
)
from shequ.delivery.models import CASE_STAGE_ORDER, CaseStage, GroupStage
from shequ.delivery.permissions import activity_caps, case_caps, delivery_list_caps, group_caps
from shequ.delivery.report import project_report_xlsx
from shequ.delivery.selectors import (
    activity_get,
    activity_list,
    group_get,
    group_list,
    held_session_get,
)
from shequ.delivery.services import RECORD
from shequ.divisions.selectors import communities_in_reach
from shequ.projects.models import ServiceArea
from shequ.projects.selectors import project_get, project_list
from shequ.residents.selectors import ResidentFilters, resident_get, resident_list

if TYPE_CHECKING:
    from shequ.accounts.models import User


def _project_filter(request: HttpRequest) -> int | None:
    value = request.GET.get("project", "")
    return int(value) if value.isdigit() else None


def _community(request: AuthedHttpRequest) -> Any:
    """The community chosen for a new group, activity or case (among those the user records
    services in), or None until one is chosen."""
    choices = communities_in_reach(user=request.user, perm=RECORD)
    code = request.GET.get("community") or (choices[0].code if len(choices) == 1 else "")
    chosen = next((c for c in choices if c.code == code), None)
    return choices, chosen


def _delivery_form(form_class: Any, request: AuthedHttpRequest, community: Any) -> Any:
    code = community.code if community else ""
    residents = resident_list(user=request.user, filters=ResidentFilters(community=code))
    if not community:
        residents = residents.none()
    projects = [
        p
        for p in project_list(user=request.user)
        if community and any(c.community_id == community.code for c in p.coverage.all())
    ]
    return form_class(
        request.POST or None,
        projects=projects,
        areas=list(ServiceArea.objects.all()),
        residents=residents,
        community=code,
    )


def _chosen(form: Any, request: AuthedHttpRequest) -> dict[str, Any]:
    data = form.cleaned_data
    areas = {a.code: a for a in ServiceArea.objects.all()}
    return {
        "project": project_get(user=request.user, pk=data["project"]) if data["project"] else None,
        "area": areas.get(data["area"] or ""),
    }


def _create_page(
    request: AuthedHttpRequest,
    form_class: Any,
    create: Any,
    title: str,
    success: str,
    then: str,
) -> HttpResponse:
    """A new group, activity or case: choose the community, fill the form, create through the
    service (`create(data, community, {project, area})`); a refusal shows next to its field."""
    choices, community = _community(request)
    form = _delivery_form(form_class, request, community)
    if request.method == "POST" and community and form.is_valid():
        try:
            created = create(form.cleaned_data, community, _chosen(form, request))
        except AppError as exc:
            add_app_error(form, exc)
        else:
            messages.success(request, success)
            return redirect(then, pk=created.pk)
    return render(
        request,
        "delivery/delivery_form.html",
        {"form": form, "choices": choices, "community": community, "title": title},
    )


def _residents(request: AuthedHttpRequest, ids: list[int]) -> list[Any]:
    return [resident_get(user=request.user, pk=pk) for pk in ids]


# --- groups ---------------------------------------------------------------------------------


def _list_page(request: HttpRequest, qs: Any, template: str) -> HttpResponse:
    """A list of groups or activities, optionally of one project (`?project=`)."""
    qs = qs.select_related("division", "project")
    project = _project_filter(request)
    if project:
        qs = qs.filter(project_id=project)
    return render(
        request,
        template,
        {"page": paginate(request, qs, 30), "may_record": delivery_list_caps(request.user).record},
    )


@require_perm(Perm.PROJECT_VIEW)
def group_list_view(request: AuthedHttpRequest) -> HttpResponse:
    return _list_page(request, group_list(user=request.user), "delivery/groups.html")


@require_perm(RECORD)
def group_create_view(request: AuthedHttpRequest) -> HttpResponse:
    def create(data: dict[str, Any], community: Any, chosen: dict[str, Any]) -> Any:
        return group_create(
            by=request.user,
            division=community,
            name=data["name"],
            goal=data["goal"],
            members=list(data["members"]),
            **chosen,
        )

    return _create_page(
        request, forms.GroupForm, create, _("New group"), _("Group created."), "delivery:group"
    )


@require_perm(Perm.PROJECT_VIEW)
def group_detail_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    group = group_get(user=request.user, pk=pk)
    members = list(group.members.select_related("resident"))
    planned = list(group.sessions.filter(held=False))
    action = request.POST.get("action", "hold")
    data = request.POST or None
    hold = forms.SessionForm(
        data if action == "hold" else None,
        members=members,
        planned=planned,
        initial={"held_on": date.today()},
    )
    plan = forms.PlanForm(data if action == "plan" else None)
    caps = group_caps(request.user, group)
    may_record = caps.record
    if request.method == "POST":
        if not may_record:
            raise Http404
        form = hold if action == "hold" else plan
        if form.is_valid():
            try:
                _group_session(request, group, action, form.cleaned_data, planned)
            except AppError as exc:
                add_app_error(form, exc)
            else:
                messages.success(request, _("Session recorded."))
                return redirect("delivery:group", pk=group.pk)
    order = [s.value for s in GroupStage]
    index = order.index(group.stage)
    may_measure = may_record and caps.handle
    return render(
        request,
        "delivery/group.html",
        {
            "g": group,
            "members": members,
            "sessions": group.sessions.prefetch_related("attendance"),
            "form": hold,
            "plan_form": plan,
            "may_record": may_record,
            "next_stage": GroupStage(order[index + 1]) if index + 1 < len(order) else None,
            "measures": forms.MeasuresForm(members=members),
            "may_measure": may_measure,
        },
    )


def _group_session(
    request: AuthedHttpRequest, group: Any, action: str, data: dict[str, Any], planned: list[Any]
) -> None:
    if action == "plan":
        group_session_plan(by=request.user, group=group, **data)
        return
    group_session_hold(
        by=request.user,
        group=group,
        held_on=data["held_on"],
        duration_minutes=data["duration_minutes"],
        attendees=_residents(request, data["attendees"]),
        notes=data["notes"],
        planned=next((p for p in planned if p.pk == data["planned"]), None),
    )


@require_perm(Perm.PROJECT_VIEW)
def group_session_view(request: AuthedHttpRequest, pk: int, session: int) -> HttpResponse:
    """A session already held: its attendance, with members added or taken off afterwards
    (each a service record, so the figures follow)."""
    held = held_session_get(user=request.user, group=pk, pk=session)
    group = held.group
    members = list(group.members.select_related("resident"))
    form = forms.AttendeeForm(request.POST or None, members=members)
    may_record = group_caps(request.user, group).record
    status = 200
    if request.method == "POST":
        if not may_record:
            raise Http404
        if form.is_valid():
            resident = resident_get(user=request.user, pk=form.cleaned_data["resident"])
            adding = request.POST.get("action") == "add"
            change = session_attendee_add if adding else session_attendee_remove
            try:
                change(by=request.user, session=held, resident=resident)
            except AppError as exc:
                add_app_error(form, exc)
            else:
                done = _("%(name)s added.") if adding else _("%(name)s taken off.")
                messages.success(request, done % {"name": resident.name})
                return redirect("delivery:group_session", pk=group.pk, session=held.pk)
        status = 400
    attending = {a.resident_id for a in held.attendance.all()}
    return render(
        request,
        "delivery/group_session.html",
        {
            "g": group,
            "s": held,
            "form": form,
            "attending": [m for m in members if m.resident_id in attending],
            "absent": [m for m in members if m.resident_id not in attending],
            "total": len(members),
            "may_record": may_record,
        },
        status=status,
    )


@require_POST
@require_perm(RECORD)
def group_measures_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    group = group_get(user=request.user, pk=pk)
    form = forms.MeasuresForm(request.POST, members=list(group.members.select_related("resident")))
    form.is_valid()
    try:
        member_scores_set(by=request.user, group=group, scores=form.scores())
    except AppError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Saved."))
    return redirect("delivery:group", pk=group.pk)


@require_POST
@require_perm(Perm.PROJECT_VIEW)
def group_advance_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    group = group_get(user=request.user, pk=pk)
    try:
        group_advance(by=request.user, group=group, to_stage=request.POST.get("stage", ""))
    except AppError as exc:
        messages.error(request, str(exc.message))
    return redirect("delivery:group", pk=group.pk)


# --- activities -----------------------------------------------------------------------------


@require_perm(Perm.PROJECT_VIEW)
def activity_list_view(request: AuthedHttpRequest) -> HttpResponse:
    return _list_page(request, activity_list(user=request.user), "delivery/activities.html")


@require_perm(RECORD)
def activity_create_view(request: AuthedHttpRequest) -> HttpResponse:
    def create(data: dict[str, Any], community: Any, chosen: dict[str, Any]) -> Any:
        return activity_hold(
            by=request.user,
            division=community,
            theme=data["theme"],
            place=data["place"],
            held_on=data["held_on"],
            duration_minutes=data["duration_minutes"],
            participants=list(data["participants"]),
            headcount=data["headcount"] or 0,
            organizers=data["organizers"],
            **chosen,
        )

    return _create_page(
        request,
        forms.ActivityForm,
        create,
        _("New activity"),
        _("Activity recorded."),
        "delivery:activity",
    )


def _participant_form(request: AuthedHttpRequest, activity: Any, bound: bool) -> Any:
    return forms.ParticipantForm(
        request.POST if bound else None,
        residents=resident_list(user=request.user),  # whoever was served (the service checks)
        community=activity.division_id,  # the search looks in the activity's community
    )


def _activity_participants(request: AuthedHttpRequest, activity: Any, form: Any) -> bool:
    """Add or take off a participant (`action`: add / remove); False with the error on the
    form when refused."""
    if not form.is_valid():
        return False
    resident = form.cleaned_data["resident"]
    change = (
        activity_participant_add
        if request.POST["action"] == "add"
        else (activity_participant_remove)
    )
    try:
        change(by=request.user, activity=activity, resident=resident)
    except AppError as exc:
        add_app_error(form, exc)
        return False
    done = _("%(name)s added.") if request.POST["action"] == "add" else _("%(name)s taken off.")
    messages.success(request, done % {"name": resident.name})
    return True


@require_perm(Perm.PROJECT_VIEW)
def activity_detail_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    activity = activity_get(user=request.user, pk=pk)
    may_record = activity_caps(request.user, activity).record
    action = request.POST.get("action", "photo")
    people = action in ("add", "remove")
    form = forms.PhotoForm(
        request.POST if not people else None, request.FILES if not people else None
    )
    participant = _participant_form(request, activity, bound=people)
    status = 200
    if request.method == "POST":
        if not may_record:
            raise Http404
        if people:
            if _activity_participants(request, activity, participant):
                return redirect("delivery:activity", pk=activity.pk)
            status = 400
        elif form.is_valid():
            try:
                activity_photo_add(
                    by=request.user,
                    activity=activity,
                    upload=form.cleaned_data["photo"],
                    caption=form.cleaned_data["caption"],
                )
            except AppError as exc:
                add_app_error(form, exc)
            else:
                messages.success(request, _("Photo added."))
                return redirect("delivery:activity", pk=activity.pk)
    return render(
        request,
        "delivery/activity.html",
        {
            "a": activity,
            "participants": activity.participants.select_related("resident"),
            "photos": activity.photos.all(),
            "form": form,
            "participant_form": participant,
            "may_record": may_record,
        },
        status=status,
    )


@require_perm(Perm.PROJECT_VIEW)
def activity_photo_view(request: AuthedHttpRequest, pk: int, photo: int) -> FileResponse:
    activity = activity_get(user=request.user, pk=pk)
    item = get_object_or_404(activity.photos, pk=photo)
    response = FileResponse(item.image.open("rb"), content_type=item.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


# --- cases ----------------------------------------------------------------------------------


@require_perm(Perm.CASE_VIEW)
def case_list_view(request: AuthedHttpRequest) -> HttpResponse:
    qs = case_list(user=request.user).select_related("division").order_by("-opened_on", "-id")
    project = _project_filter(request)
    if project:
        qs = qs.filter(project_id=project)
    stage = request.GET.get("stage", "")
    if stage:
        qs = qs.filter(stage=stage)
    return render(
        request,
        "delivery/cases.html",
        {
            "page": paginate(request, qs, 30),
            "stages": CaseStage.choices,
            "stage": stage,
            "may_record": delivery_list_caps(request.user).record,
        },
    )


@require_perm(RECORD)
def case_create_view(request: AuthedHttpRequest) -> HttpResponse:
    def create(data: dict[str, Any], community: Any, chosen: dict[str, Any]) -> Any:
        return case_open(
            by=request.user,
            client=data["client"],
            presenting_problem=data["presenting_problem"],
            opened_on=data["opened_on"],
            **chosen,
        )

    return _create_page(
        request, forms.CaseForm, create, _("Open a case"), _("Case opened."), "delivery:case"
    )


@require_perm(Perm.CASE_VIEW)
def case_detail_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    case = case_get(user=request.user, pk=pk)
    user = request.user
    caps = case_caps(user, case)
    is_handler = caps.handle
    index = CASE_STAGE_ORDER.index(case.stage)
    next_stage = (
        CaseStage(CASE_STAGE_ORDER[index + 1]) if index + 1 < len(CASE_STAGE_ORDER) else None
    )
    action = request.POST.get("action", "")
    forms_by_action = _case_forms(case, next_stage, request.POST or None, action)
    if request.method == "POST":
        if not is_handler or action not in forms_by_action:
            raise Http404
        form = forms_by_action[action]
        if form.is_valid():
            try:
                _case_action(user, case, action, form.cleaned_data)
            except AppError as exc:
                add_app_error(form, exc)
            else:
                messages.success(request, _("Saved."))
                if action == "transfer" and not caps.supervise:
                    return redirect("delivery:cases")  # the case is no longer this worker's
                return redirect("delivery:case", pk=case.pk)
    readable = may_read_notes(user, case)
    return render(
        request,
        "delivery/case.html",
        {
            "c": case,
            "readable": readable,
            "interventions": interventions_for(user=user, case=case),
            "transfers": case.transfers.select_related("from_worker", "to_worker"),
            "is_handler": is_handler,
            "next_stage": next_stage,
            "forms": forms_by_action,
        },
    )


def _colleagues(case: Any) -> list[Any]:
    """Who may take the case over: those who record services in its community."""
    return [
        u for u in holders_of(perm=RECORD, division_code=case.division_id) if u.pk != case.worker_id
    ]


def _case_forms(case: Any, next_stage: Any, data: Any, action: str) -> dict[str, Any]:
    def bound(name: str) -> Any:
        return data if action == name else None

    today = {"served_on": date.today(), "closed_on": date.today()}
    return {
        "stage": forms.CaseStageForm(
            bound("stage"), initial={"stage": next_stage.value if next_stage else ""}
        ),
        "intervene": forms.InterventionForm(bound("intervene"), initial=today),
        "close": forms.CaseCloseForm(bound("close"), initial=today),
        "transfer": forms.CaseTransferForm(bound("transfer"), workers=_colleagues(case)),
    }


def _case_action(user: User, case: Any, action: str, data: dict[str, Any]) -> None:
    if action == "stage":
        case_advance(by=user, case=case, to_stage=data["stage"], text=data["text"])
    elif action == "intervene":
        case_intervene(by=user, case=case, **data)
    elif action == "transfer":
        worker = next(u for u in _colleagues(case) if u.pk == data["to_worker"])
        case_transfer(by=user, case=case, to_worker=worker, reason=data["reason"])
    else:
        case_close(by=user, case=case, reason=data["reason"], closed_on=data["closed_on"])


# --- report ---------------------------------------------------------------------------------


@require_perm(Perm.PROJECT_VIEW)
def project_report_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    project = project_get(user=request.user, pk=pk)
    response = HttpResponse(
        project_report_xlsx(project),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = content_disposition_header(
        True, f"project-{project.number}.xlsx"
    )
    return response
