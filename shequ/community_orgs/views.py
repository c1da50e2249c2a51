"""Pages of community organizations: the list (filters by stage, type, status, community), a new
application, an organization's page (its stage and history, status, grants, members, capacity
trend, recognitions, activities, and the forms that change them), and the communities with
their counts against the national target."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from shequ.access.pages import require_perm
from shequ.access.signed_in import AuthedHttpRequest
from shequ.community_orgs.forms import (
    ActivityForm,
    AdvanceForm,
    AreaForm,
    AssessmentForm,
    GrantForm,
    IncubationForm,
    MemberForm,
    OrganizationForm,
    RecognitionForm,
    StatusForm,
)
from shequ.community_orgs.models import CommunityOrganization, LegalStatus, OrgStage, OrgType
from shequ.community_orgs.permissions import (
    community_caps,
    community_org_caps,
    community_org_list_caps,
)
from shequ.community_orgs.selectors import (
    VIEW,
    capacity_trend,
    community_figures,
    community_get,
    mentor_choices,
    organization_detail,
    organization_get,
    organization_list,
    stage_neighbours,
)
from shequ.community_orgs.services import (
    INCUBATOR_KINDS,
    MANAGE,
    assessment_record,
    capacity_dimensions,
    community_area_set,
    grant_record,
    grant_totals,
    member_add,
    mentors_named,
    organization_activity_hold,
    organization_advance,
    organization_create,
    organization_incubation_set,
    organization_status_set,
    recognition_record,
)
from shequ.core.errors import AppError, NotFound
from shequ.core.forms import add_app_error, paginate
from shequ.delivery.selectors import activity_list
from shequ.divisions.selectors import communities_in_reach
from shequ.organizations.models import OrganizationKind
from shequ.organizations.selectors import organizations_to_work_with
from shequ.residents.selectors import ResidentFilters, resident_list

if TYPE_CHECKING:
    from shequ.accounts.models import User


@require_perm(VIEW)
def organization_list_view(request: AuthedHttpRequest) -> HttpResponse:
    filters = {
        name: request.GET.get(name, "").strip()
        for name in ("stage", "type", "status", "community", "q")
    }
    qs = organization_list(
        user=request.user,
        stage=filters["stage"],
        org_type=filters["type"],
        status=filters["status"],
        community=filters["community"],
        q=filters["q"],
    )
    return render(
        request,
        "community_orgs/list.html",
        {
            "page": paginate(request, qs, 50),
            "filters": filters,
            "stages": OrgStage.objects.all(),
            "types": OrgType.objects.all(),
            "statuses": LegalStatus.choices,
            "communities": communities_in_reach(user=request.user, perm=VIEW),
            "may_create": community_org_list_caps(request.user).create,
        },
    )


def _incubators(user: User) -> list[Any]:
    return organizations_to_work_with(user=user, kinds=list(INCUBATOR_KINDS))


@require_perm(MANAGE)
def organization_create_view(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    communities = communities_in_reach(user=user, perm=MANAGE)
    incubators = _incubators(user)
    form = OrganizationForm(
        request.POST or None,
        communities=communities,
        incubators=incubators,
        initial={"applied_on": date.today()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            organization = organization_create(
                by=user,
                division=next(c for c in communities if c.code == data["community"]),
                name=data["name"],
                org_type=data["org_type"],
                applied_on=data["applied_on"],
                purpose=data["purpose"],
                incubator=next((o for o in incubators if o.pk == data["incubator"]), None),
            )
        except AppError as exc:
            add_app_error(form, exc)
        else:
            messages.success(request, _("Application registered."))
            return redirect("community_orgs:detail", pk=organization.pk)
    return render(request, "community_orgs/new.html", {"form": form})


class _Page:
    """The forms of an organization's page, built for the user (bound for the one posted)."""

    def __init__(self, request: AuthedHttpRequest, org: CommunityOrganization) -> None:
        self.request, self.org, self.user = request, org, request.user
        caps = community_org_caps(self.user, org)
        self.manage, self.recognize, self.record = caps.manage, caps.recognize, caps.record

    def form(self, action: str, data: Any = None, files: Any = None) -> Any:
        form = self._form(action, data, files)
        form.auto_id = f"id_{action}_%s"  # the page holds several forms: unique ids for labels
        return form

    def _form(self, action: str, data: Any, files: Any) -> Any:
        org, today = self.org, date.today()
        if action == "advance":
            _before, after = stage_neighbours(org)
            return AdvanceForm(
                data,
                stages=[s for s in OrgStage.objects.all() if s.pk != org.stage_id],
                initial={"stage": after.code if after else "", "moved_on": today},
            )
        if action == "status":
            following = "filed" if org.status == LegalStatus.INFORMAL else "registered"
            return StatusForm(data, initial={"status": following, "on": today})
        if action == "grant":
            return GrantForm(data, initial={"on": today})
        if action == "member":
            taken = {m.resident_id for m in org.members.all()}
            residents = resident_list(
                user=self.user, filters=ResidentFilters(community=org.division_id)
            ).exclude(pk__in=taken)
            return MemberForm(
                data,
                residents=residents,
                community=org.division_id,
                initial={"joined_on": today},
            )
        if action == "assessment":
            return AssessmentForm(
                data, dimensions=capacity_dimensions(), initial={"assessed_on": today}
            )
        if action == "incubation":
            return IncubationForm(
                data,
                incubators=_incubators(self.user),
                people=mentor_choices(org.division),
                initial={
                    "incubator": org.incubator_id,
                    "mentors": [u.pk for u in org.mentors.all()],
                },
            )
        if action == "recognition":
            departments = organizations_to_work_with(
                user=self.user, kinds=[OrganizationKind.CIVIL_AFFAIRS]
            )
            return RecognitionForm(
                data, files, departments=departments, initial={"recognized_on": today}
            )
        if action == "activity":
            return ActivityForm(
                data, members=list(org.members.all()), initial={"held_on": today, "headcount": 0}
            )
        raise Http404

    def actions(self) -> list[str]:
        shown = []
        if self.manage:
            shown += ["advance", "status", "grant", "member", "assessment", "incubation"]
        if self.recognize and self.org.status != LegalStatus.INFORMAL:
            shown.append("recognition")
        if self.record:
            shown.append("activity")
        return shown

    def apply(self, action: str, form: Any) -> str:
        user, org, data = self.user, self.org, form.cleaned_data
        if action == "advance":
            organization_advance(
                by=user,
                organization=org,
                to_stage=data["stage"],
                moved_on=data["moved_on"],
                reason=data["reason"],
            )
            return _("The organization moved to its new stage.")
        if action == "status":
            organization_status_set(by=user, organization=org, **data)
            return _("Status recorded.")
        if action == "grant":
            grant_record(by=user, organization=org, **data)
            return _("Grant recorded.")
        if action == "member":
            member_add(
                by=user,
                organization=org,
                resident=data["resident"],
                role=data["role"],
                joined_on=data["joined_on"],
            )
            return _("Member added.")
        if action == "assessment":
            assessment_record(
                by=user,
                organization=org,
                assessed_on=data["assessed_on"],
                scores=form.scores(),
                note=data["note"],
            )
            return _("Assessment recorded.")
        if action == "incubation":
            organization_incubation_set(
                by=user,
                organization=org,
                incubator=next((o for o in _incubators(user) if o.pk == data["incubator"]), None),
                mentors=mentors_named(community=org.division, ids=data["mentors"]),
            )
            return _("Saved.")
        if action == "recognition":
            departments = organizations_to_work_with(
                user=user, kinds=[OrganizationKind.CIVIL_AFFAIRS]
            )
            recognition_record(
                by=user,
                organization=org,
                department=next(o for o in departments if o.pk == data["department"]),
                recognized_on=data["recognized_on"],
                title=data["title"],
                document_number=data["document_number"],
                upload=data["file"],
            )
            return _("Recognition recorded.")
        if action == "activity":
            ids = set(data["participants"])
            participants = list(resident_list(user=user).filter(pk__in=ids))
            if len(participants) != len(ids):
                raise NotFound()
            organization_activity_hold(
                by=user,
                organization=org,
                theme=data["theme"],
                place=data["place"],
                held_on=data["held_on"],
                duration_minutes=data["duration_minutes"],
                participants=participants,
                headcount=data["headcount"],
            )
            return _("Activity recorded.")
        raise Http404


@require_perm(VIEW)
def organization_detail_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    org = organization_detail(user=request.user, pk=pk)
    page = _Page(request, org)
    actions = page.actions()
    opened = ""
    bound: dict[str, Any] = {}
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in actions:
            raise Http404
        form = page.form(action, request.POST, request.FILES)
        if form.is_valid():
            try:
                done = page.apply(action, form)
            except AppError as exc:
                add_app_error(form, exc)
            else:
                messages.success(request, done)
                return redirect("community_orgs:detail", pk=org.pk)
        bound[action], opened = form, action
    forms_ = {a: bound.get(a) or page.form(a) for a in actions}
    return render(
        request,
        "community_orgs/detail.html",
        {
            "o": org,
            "forms": forms_,
            "opened": opened,
            "totals": grant_totals(org),
            "trend": capacity_trend(org),
            "activities": activity_list(user=request.user).filter(community_organization=org),
        },
        status=400 if opened else 200,
    )


@require_perm(VIEW)
def recognition_document_view(request: AuthedHttpRequest, pk: int, rid: int) -> FileResponse:
    org = organization_get(user=request.user, pk=pk)
    recognition = get_object_or_404(org.recognitions.exclude(file=""), pk=rid)
    response = FileResponse(
        recognition.file.open("rb"),
        as_attachment=True,
        filename=f"{recognition.document_number}.{str(recognition.file.name).rsplit('.', 1)[-1]}",
        content_type=recognition.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_perm(VIEW)
def community_list_view(request: AuthedHttpRequest) -> HttpResponse:
    figures = community_figures(
        user=request.user, communities=communities_in_reach(user=request.user, perm=VIEW)
    )
    return render(request, "community_orgs/communities.html", {"figures": figures})


@require_perm(VIEW)
def community_detail_view(request: AuthedHttpRequest, code: str) -> HttpResponse:
    community = community_get(user=request.user, code=code)
    may_set = community_caps(request.user, community).set_area
    form = AreaForm(request.POST or None)
    if request.method == "POST":
        if not may_set:
            raise Http404
        if form.is_valid():
            try:
                community_area_set(
                    by=request.user, community=community, kind=form.cleaned_data["kind"]
                )
            except AppError as exc:
                add_app_error(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("community_orgs:community", code=community.code)
    (figures,) = community_figures(user=request.user, communities=[community])
    if not form.is_bound:
        form = AreaForm(initial={"kind": figures.kind})
    return render(
        request,
        "community_orgs/community.html",
        {
            "f": figures,
            "organizations": organization_list(user=request.user, community=community.code),
            "form": form if may_set else None,
        },
    )
