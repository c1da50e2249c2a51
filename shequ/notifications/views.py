"""Pages: the user's notifications (unread first by filter, mark one or all read; opening one
marks it read and follows its link) and their preferences. Only one's own notifications exist
here: another's answers 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shequ.access.signed_in import AuthedHttpRequest
from shequ.core.errors import AppError
from shequ.core.forms import add_app_error, paginate
from shequ.notifications import services
from shequ.notifications.forms import PreferencesForm
from shequ.notifications.selectors import notification_get, notification_list, preferences_of


@login_required
def notification_list_view(request: AuthedHttpRequest) -> HttpResponse:
    unread = request.GET.get("unread") == "1"
    page = paginate(request, notification_list(user=request.user, unread=unread), per_page=30)
    return render(request, "notifications/list.html", {"page": page, "unread": unread})


@login_required
@require_POST
def notification_open_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    notification = notification_get(user=request.user, pk=pk)
    services.notification_read(by=request.user, notification=notification)
    link = notification.link
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
        return redirect(link)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    notification = notification_get(user=request.user, pk=pk)
    services.notification_read(by=request.user, notification=notification)
    return redirect(request.POST.get("next") or "notifications:list")


@login_required
@require_POST
def read_all_view(request: AuthedHttpRequest) -> HttpResponse:
    count = services.notifications_read_all(by=request.user)
    messages.success(request, _("%(count)s marked as read.") % {"count": count})
    return redirect("notifications:list")


@login_required
def preferences_view(request: AuthedHttpRequest) -> HttpResponse:
    prefs = preferences_of(user=request.user)
    form = PreferencesForm(request.POST or None, initial=PreferencesForm.initial_from(prefs))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.preferences_update(
                by=request.user,
                kinds=form.kinds(),
                quiet_start=data["quiet_start"],
                quiet_end=data["quiet_end"],
                digest=data["digest"],
                digest_hour=data["digest_hour"],
            )
        except AppError as exc:
            add_app_error(form, exc)
        else:
            messages.success(request, _("Your notification preferences were saved."))
            return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form, "prefs": prefs})
