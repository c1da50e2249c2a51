from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shequ.access.pages import require_perm
from shequ.access.perms import Perm
from shequ.access.signed_in import AuthedHttpRequest
from shequ.core.concurrency import PreconditionFailed, conflict_rows, form_version
from shequ.core.errors import AppError, NotFound
from shequ.core.forms import add_app_error, paginate, prefer_home_community
from shequ.divisions.selectors import all_communities, communities_in_reach, division_get
from shequ.residents import forms
from shequ.residents.exporting import residents_export
from shequ.residents.merging import resident_merge
from shequ.residents.models import Resident
from shequ.residents.permissions import household_caps, resident_caps, resident_list_caps
from shequ.residents.selectors import (
    ResidentFilters,
    duplicate_pairs,
    household_get,
    household_list,
    household_members,
    needs_by_category,
    needs_list,
    resident_get,
    resident_list,
)
from shequ.residents.services import (
    DuplicateResident,
    PossibleDuplicate,
    RegisteredElsewhere,
    household_add_member,
    household_create,
    household_remove_member,
    household_set_head,
    needs_assessment_create,
    resident_create,
    resident_identifiers,
    resident_update,
)
from shequ.residents.transfers import transfers_of

# The page's searches live in the session under an opaque key (`?s=`): the search is posted,
# so an ID number or phone is never in a URL, the browser's history or a log line.
SEARCHES = "resident_searches"
SEARCHES_KEPT = 20
SEARCH_FIELDS = ("q", "community", "special_group", "age_min", "age_max")


def _search_data(request: HttpRequest) -> Any:
    if request.method == "POST":
        return request.POST
    key = request.GET.get("s")
    if key:
        return request.session.get(SEARCHES, {}).get(key) or None
    # links may name the non-identifying filters; a `q` in the URL is ignored
    data = {k: v for k, v in request.GET.items() if k in SEARCH_FIELDS and k != "q"}
    return data or None


def _filters(request: AuthedHttpRequest) -> tuple[forms.ResidentSearchForm, ResidentFilters]:
    form = forms.ResidentSearchForm(
        _search_data(request),
        communities=communities_in_reach(user=request.user, perm=Perm.RESIDENT_VIEW),
    )
    data = form.cleaned_data if form.is_valid() else {}
    return form, ResidentFilters(
        q=data.get("q") or "",
        community=data.get("community") or "",
        special_group=data.get("special_group") or "",
        age_min=data.get("age_min"),
        age_max=data.get("age_max"),
    )


def _remember_search(request: HttpRequest) -> str:
    """Keep the posted search in the session; answer its opaque key."""
    key = secrets.token_urlsafe(9)
    searches = dict(request.session.get(SEARCHES, {}))
    searches[key] = {k: request.POST.get(k, "") for k in SEARCH_FIELDS}
    request.session[SEARCHES] = dict(list(searches.items())[-SEARCHES_KEPT:])
    return key


@require_perm(Perm.RESIDENT_VIEW)
def resident_list_view(request: AuthedHttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    if request.method == "POST":
        key = _remember_search(request)
        if not request.headers.get("HX-Request"):
            return redirect(f"{reverse('residents:list')}?s={key}")
        query = f"s={key}"
        request.GET = QueryDict(query)  # the pager's links carry the key, not the search
    else:
        query = request.GET.urlencode()
    qs = resident_list(user=request.user, filters=filters).prefetch_related("special_groups__group")
    caps = resident_list_caps(request.user)
    context = {
        "form": form,
        "page": paginate(request, qs, 20),
        "query": query,
        "can_manage": caps.create,
        "can_import": caps.import_file,
        "can_export": caps.export,
        "can_merge": caps.merge,
    }
    if request.headers.get("HX-Request"):
        response = render(request, "residents/_results.html", context)
        if request.method == "POST":
            response["HX-Replace-Url"] = f"{reverse('residents:list')}?{query}"
        return response
    return render(request, "residents/list.html", context)


@require_perm(Perm.RESIDENT_VIEW)
def resident_detail_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    resident = resident_get(user=request.user, pk=pk)
    if resident.merged_into_id:
        messages.info(request, _("This record was merged into another one."))
        return redirect("residents:detail", pk=resident.merged_into_id)
    return _detail_page(request, resident)


def _detail_page(
    request: AuthedHttpRequest, resident: Resident, join_form: Any = None, status: int = 200
) -> HttpResponse:
    caps = resident_caps(request.user, resident)
    if join_form is None and caps.manage:
        join_form = _join_form(request, resident, bound=False)
    return render(
        request,
        "residents/detail.html",
        {
            "r": resident,
            "caps": caps,
            "groups": resident.special_groups.select_related("group"),
            "members": household_members(resident.household) if resident.household else [],
            "assessments": needs_list(user=request.user, resident=resident.pk),
            "can_unmask": caps.view_identifiers,
            "can_manage": caps.manage,
            "can_assess": caps.assess,
            "history": transfers_of(user=request.user, resident=resident),
            "move_form": forms.TransferStartForm(communities=all_communities())
            if caps.transfer
            else None,
            "join_form": join_form,
        },
        status=status,
    )


def _join_form(
    request: AuthedHttpRequest, resident: Resident, bound: bool = True
) -> forms.JoinHouseholdForm:
    return forms.JoinHouseholdForm(
        request.POST if bound else None,
        households=household_list(user=request.user, community=resident.division_id),
        community=resident.division_id,
    )


@require_POST
@require_perm(Perm.RESIDENT_MANAGE)
def resident_join_household_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The resident's page: add the person to a household of their community (or move them to
    another), chosen by its number, address or a member's name."""
    resident = resident_get(user=request.user, pk=pk)
    if not resident_caps(request.user, resident).manage:
        raise Http404
    form = _join_form(request, resident)
    if form.is_valid():
        household = form.cleaned_data["household"]
        try:
            household_add_member(
                by=request.user,
                household=household,
                resident=resident,
                relation=form.cleaned_data["relation"],
            )
        except AppError as exc:
            add_app_error(form, exc)
        else:
            messages.success(
                request,
                _("Added to household %(number)s.") % {"number": household.number},
            )
            return redirect("residents:detail", pk=resident.pk)
    return _detail_page(request, resident, join_form=form, status=400)


@require_POST
@require_perm(Perm.RESIDENT_VIEW)
def resident_unmask_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The full identifiers, as a fragment swapped into the page (htmx); audited."""
    resident = resident_get(user=request.user, pk=pk)
    values = resident_identifiers(by=request.user, resident=resident)
    return render(request, "residents/_identifiers.html", {"r": resident, "plain": values})


@require_perm(Perm.RESIDENT_MANAGE)
def resident_create_view(request: AuthedHttpRequest) -> HttpResponse:
    communities = communities_in_reach(user=request.user, perm=Perm.RESIDENT_MANAGE)
    form = forms.ResidentForm(request.POST or None, communities=communities)
    prefer_home_community(form, "community", request.user)
    candidates: list[Resident] = []
    elsewhere: dict[str, str] | None = None
    if request.method == "POST" and form.is_valid():
        try:
            division = division_get(user=request.user, code=form.cleaned_data["community"])
            resident = resident_create(
                by=request.user,
                division=division,
                data=form.service_data(),
                confirm_possible_duplicate=form.cleaned_data["confirm_possible_duplicate"],
            )
        except DuplicateResident as exc:
            messages.warning(request, str(exc.message))
            return redirect("residents:detail", pk=exc.existing.pk)
        except RegisteredElsewhere as exc:
            elsewhere = {  # read before the error takes the field out of cleaned_data
                "id_number": form.cleaned_data.get("id_number", ""),
                "name": form.cleaned_data.get("name", ""),
                "community": form.cleaned_data.get("community", ""),
            }
            add_app_error(form, exc)
        except PossibleDuplicate as exc:
            candidates = exc.candidates
            add_app_error(form, exc)
        except AppError as exc:
            add_app_error(form, exc)
        else:
            messages.success(request, _("%(name)s registered.") % {"name": resident.name})
            return redirect("residents:detail", pk=resident.pk)
    return render(
        request,
        "residents/form.html",
        {
            "form": form,
            "candidates": candidates,
            "creating": True,
            "transfer_query": urlencode(elsewhere) if elsewhere else "",
        },
    )


@require_perm(Perm.RESIDENT_MANAGE)
def resident_edit_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    resident = resident_get(user=request.user, pk=pk)
    if not resident_caps(request.user, resident).manage:
        raise Http404
    groups = list(resident.special_groups.select_related("group"))
    initial = {
        f: getattr(resident, f)
        for f in (
            "name",
            "gender",
            "birth_date",
            "address",
            "ethnicity",
            "guardian_name",
            "guardian_consent",
            "consent",
            "note",
        )
    }
    initial["special_groups"] = [g.group.code for g in groups]
    initial["disability_grade"] = next((g.grade for g in groups if g.group.code == "disabled"), "")
    form = forms.ResidentForm(request.POST or None, initial=initial, editing=True)
    version = resident.version
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        for key in ("id_number", "phone"):
            if not data.get(key):
                data[key] = None  # keep the current value
        data["relation_to_head"] = resident.relation_to_head
        try:
            resident_update(
                by=request.user,
                resident=resident,
                data=data,
                version=form_version(request.POST),
            )
        except PreconditionFailed:
            # both versions side by side; saving again applies this one over the other
            conflict = conflict_rows(form, initial)
            version = resident.version
        except AppError as exc:
            add_app_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("residents:detail", pk=resident.pk)
    return render(
        request,
        "residents/form.html",
        {"form": form, "r": resident, "version": version, "conflict": conflict},
    )


@require_perm(Perm.RESIDENT_EXPORT)
def resident_export_view(request: AuthedHttpRequest) -> HttpResponse:
    _form, filters = _filters(request)
    content, name, _count = residents_export(
        by=request.user, filters=filters, unmask=request.GET.get("unmask") == "1"
    )
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_perm(Perm.RESIDENT_MERGE)
def duplicates_view(request: AuthedHttpRequest) -> HttpResponse:
    return render(
        request, "residents/duplicates.html", {"pairs": duplicate_pairs(user=request.user)}
    )


@require_POST
@require_perm(Perm.RESIDENT_MERGE)
def merge_view(request: AuthedHttpRequest) -> HttpResponse:
    try:
        keep = resident_get(user=request.user, pk=int(request.POST.get("keep", "0")))
        remove = resident_get(user=request.user, pk=int(request.POST.get("remove", "0")))
        resident_merge(by=request.user, keep=keep, remove=remove)
    except ValueError as exc:
        raise Http404 from exc
    except NotFound:
        raise
    except AppError as exc:
        messages.error(request, str(exc.message))
        return redirect("residents:duplicates")
    messages.success(
        request, _("Merged: every record of both now belongs to %(name)s.") % {"name": keep.name}
    )
    return redirect("residents:detail", pk=keep.pk)


@require_perm(Perm.RESIDENT_VIEW)
def household_list_view(request: AuthedHttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")
    return render(
        request,
        "residents/households.html",
        {
            "page": paginate(request, household_list(user=request.user, q=q), 30),
            "q": q,
            "can_manage": resident_list_caps(request.user).create,
        },
    )


@require_perm(Perm.RESIDENT_MANAGE)
def household_create_view(request: AuthedHttpRequest) -> HttpResponse:
    form = forms.HouseholdForm(
        request.POST or None,
        communities=communities_in_reach(user=request.user, perm=Perm.RESIDENT_MANAGE),
    )
    prefer_home_community(form, "community", request.user)
    if request.method == "POST" and form.is_valid():
        try:
            division = division_get(user=request.user, code=form.cleaned_data["community"])
            household = household_create(
                by=request.user,
                division=division,
                number=form.cleaned_data["number"],
                address=form.cleaned_data["address"],
            )
        except AppError as exc:
            add_app_error(form, exc)
        else:
            return redirect("residents:household", pk=household.pk)
    return render(request, "residents/household_form.html", {"form": form})


@require_perm(Perm.RESIDENT_VIEW)
def household_detail_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    household = household_get(user=request.user, pk=pk)
    can_manage = household_caps(request.user, household).manage
    action = request.POST.get("action")
    form = forms.MemberForm(
        request.POST if action == "add" else None,
        residents=resident_list(user=request.user),
        community=household.division_id,
    )
    if request.method == "POST":
        if not can_manage:
            raise Http404
        try:
            if action == "add" and form.is_valid():
                household_add_member(
                    by=request.user,
                    household=household,
                    resident=form.cleaned_data["resident"],
                    relation=form.cleaned_data["relation"],
                )
            elif action in ("head", "remove"):
                resident = resident_get(
                    user=request.user, pk=int(request.POST.get("resident", "0"))
                )
                if action == "head":
                    household_set_head(by=request.user, household=household, resident=resident)
                else:
                    household_remove_member(by=request.user, household=household, resident=resident)
            if not form.errors:
                return redirect("residents:household", pk=household.pk)
        except NotFound:
            form.add_error("resident", _("No such resident in your reach."))
        except AppError as exc:
            add_app_error(form, exc)
    return render(
        request,
        "residents/household.html",
        {
            "h": household,
            "members": household_members(household),
            "form": form,
            "can_manage": can_manage,
            "assessments": needs_list(user=request.user, household=household.pk),
        },
        status=400 if form.errors else 200,
    )


@require_perm(Perm.NEEDS_VIEW)
def needs_view(request: AuthedHttpRequest) -> HttpResponse:
    community = request.GET.get("community", "")
    rows = needs_by_category(user=request.user, community=community)
    return render(
        request,
        "residents/needs.html",
        {
            "rows": rows,
            "communities": communities_in_reach(user=request.user, perm=Perm.NEEDS_VIEW),
            "community": community,
            "total": sum(r["total"] for r in rows),
            "recent": needs_list(user=request.user)[:20],
        },
    )


@require_perm(Perm.NEEDS_MANAGE)
def needs_create_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    resident = resident_get(user=request.user, pk=pk)
    form = forms.NeedsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            needs_assessment_create(
                by=request.user,
                division=resident.division,
                resident=resident,
                assessed_on=form.cleaned_data["assessed_on"],
                items=form.items(),
                note=form.cleaned_data["note"],
            )
        except AppError as exc:
            add_app_error(form, exc)
        else:
            messages.success(request, _("Needs assessment recorded."))
            return redirect("residents:detail", pk=resident.pk)
    return render(request, "residents/needs_form.html", {"form": form, "r": resident})
