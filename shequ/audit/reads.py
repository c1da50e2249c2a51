"""Reads of sensitive records are logged, whatever the path: every successful GET of a page or
API endpoint under `SHEQU_LOGGED_READ_PREFIXES` (juvenile protection by default: reports, cases,
meetings, tasks, their lists, the dashboard and the exports) writes an audit entry
`protection.read` with who, when, from where, through which path, and the record read.

A record named in the path is looked up for its division, so that the supervisors of that
division see the read; a list is attributed to the widest division the reader reaches with the
list's permission (what a list can show). Supervisors see these entries at /audit/reads/, the
audit administrator in the audit log.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.apps import apps
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

from shequ.access.perms import Perm
from shequ.access.signed_in import AuthedHttpRequest, is_signed_in

if TYPE_CHECKING:
    from shequ.accounts.models import User

DEFAULT_PREFIXES = ("/protection/", "/api/v1/protection/")
READ_ACTION = "protection.read"
VIEW_PERM = Perm.PROTECTION_VIEW

# the path segment -> (model, lookup of its division code)
KINDS: dict[str, tuple[str, str]] = {
    "reports": ("protection.Report", "division_id"),
    "cases": ("protection.ProtectionCase", "division_id"),
    "meetings": ("protection.Meeting", "division_id"),
    "tasks": ("protection.Task", "meeting__division_id"),
}
ID_KWARGS = ("pk", "report_id", "case_id", "meeting_id", "task_id")


def _prefixes() -> tuple[str, ...]:
    return tuple(getattr(settings, "SHEQU_LOGGED_READ_PREFIXES", DEFAULT_PREFIXES))


def _record(path: str, prefix: str) -> tuple[str, str, str]:
    """(object type, object id, division code) of the record a path names, if any."""
    rest = path[len(prefix) :].strip("/").split("/")
    kind = KINDS.get(rest[0]) if rest and rest[0] else None
    try:
        kwargs = resolve(path).kwargs
    except Resolver404:
        kwargs = {}
    pk = next((kwargs[k] for k in ID_KWARGS if k in kwargs), None)
    if kind is None or pk is None:
        return (kind[0].lower() if kind else ""), "", ""
    model = apps.get_model(kind[0])
    division = model.objects.filter(pk=pk).values_list(kind[1], flat=True).first()
    return model._meta.label_lower, str(pk), division or ""


def _list_division(user: User) -> str:
    from shequ.access.rule import reach

    prefixes = sorted(reach(user, VIEW_PERM), key=len)
    return prefixes[0].ljust(12, "0") if prefixes else ""


def log_read(request: AuthedHttpRequest, prefix: str) -> None:
    from shequ.audit.services import audit_record

    object_type, object_id, division = _record(request.path_info, prefix)
    query = request.META.get("QUERY_STRING", "")
    audit_record(
        actor=request.user,
        action=READ_ACTION,
        division_code=division or _list_division(request.user),
        detail={
            "path": (request.path + (f"?{query}" if query else ""))[:500],
            "object_type": object_type,
            "object_id": object_id,
            "list": not object_id,
        },
    )


class ReadLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # a read: a GET, or whatever answers a file (an export is posted with its password)
        download = "attachment" in response.get("Content-Disposition", "")
        if response.status_code != 200 or not (request.method in ("GET", "HEAD") or download):
            return response
        prefix = next((p for p in _prefixes() if request.path_info.startswith(p)), None)
        if prefix is None or not is_signed_in(request):
            return response
        log_read(request, prefix)
        return response
