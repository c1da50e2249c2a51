"""Optimistic concurrency: an edit names the version it was made on; an older version is
refused (412 `stale_version`) instead of overwriting another person's change.

Services call `claim(obj, expected)` inside their transaction: it locks the record's row,
refuses an older version and moves the version on. The API sends `ETag: "v<version>"` with a
record and reads `If-Match` (`if_match(request, required=True)`: 428 `precondition_required`
when a PATCH omits it); the pages carry the version in a hidden field and show both versions
on a conflict."""

from __future__ import annotations

import re
from typing import Any

from django.db.models import F, Model
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shequ.core.errors import AppError

ETAG = re.compile(r'^\s*(?:W/)?"v(\d{1,9})"\s*$')


class PreconditionFailed(AppError):
    status = 412
    default_code = "stale_version"


class PreconditionRequired(AppError):
    status = 428
    default_code = "precondition_required"


def expect_version(obj: Any, expected: int | None) -> None:
    """Refuse an edit made on another version than the record's (None: no check)."""
    if expected is not None and expected != obj.version:
        raise PreconditionFailed(
            _(
                "Someone else changed this record meanwhile (your version %(yours)s, now "
                "%(now)s): reload it and apply your change again."
            )
            % {"yours": expected, "now": obj.version},
            field="version",
        )


def claim(obj: Model, expected: int | None = None) -> None:
    """In the edit's transaction: lock the record, refuse an edit made on an older version,
    and count this change (in the database and on the object, so a later save keeps it)."""
    manager = type(obj)._default_manager
    current = manager.select_for_update().values_list("version", flat=True).get(pk=obj.pk)
    obj.version = current  # type: ignore[attr-defined]
    expect_version(obj, expected)
    manager.filter(pk=obj.pk).update(version=F("version") + 1)
    obj.version = current + 1  # type: ignore[attr-defined]


def etag(obj: Any) -> str:
    return f'"v{obj.version}"'


def with_etag(response: HttpResponse, obj: Any) -> Any:
    response["ETag"] = etag(obj)
    return obj


def if_match(request: HttpRequest, *, required: bool) -> int | None:
    """The version an API client edits, from `If-Match: "v3"`; `*` or an absent header (where
    not required) mean no check."""
    header = request.headers.get("If-Match", "")
    if not header.strip():
        if required:
            raise PreconditionRequired(
                gettext_lazy(
                    'Send If-Match with the ETag of the record you edit (for example "v3").'
                ),
                field="If-Match",
            )
        return None
    if header.strip() == "*":
        return None
    found = ETAG.match(header)
    if not found:
        raise PreconditionFailed(_("If-Match is not an ETag of this record."), field="If-Match")
    return int(found.group(1))


def form_version(data: Any) -> int | None:
    """The version a page's form was made on (its hidden `version` field)."""
    value = str(data.get("version", "") or "")
    return int(value) if value.isdigit() and len(value) < 10 else None


def conflict_rows(form: Any, current: dict[str, Any]) -> list[tuple[Any, Any, Any]]:
    """For a page's conflict screen: each field whose submitted value differs from the record's
    value now, as (label, yours, now)."""
    rows = []
    for name, now in current.items():
        if name not in form.fields:
            continue
        mine = form.cleaned_data.get(name) if hasattr(form, "cleaned_data") else None
        if mine in (None, "") and now in (None, ""):
            continue
        if mine != now:
            rows.append((form.fields[name].label, mine, now))
    return rows
