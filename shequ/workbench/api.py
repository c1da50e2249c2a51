"""`GET /api/v1/workbench`: what waits for the user, most urgent first, with the same items,
urgencies, links and actions as the page, so that a phone client can live on it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Router, Schema

from shequ.access.signed_in import AuthedHttpRequest
from shequ.core.api import ERRORS
from shequ.workbench.cache import kept_items_for
from shequ.workbench.registry import KIND_LABELS, URGENCIES, counts_by_module

router = Router(tags=["workbench"])


class WorkbenchItemOut(Schema):
    kind: str
    kind_label: str
    title: str
    due: datetime | date | None
    urgency: str  # overdue, today, week, later, waiting
    link: str  # the page where it is done
    actions: list[str]  # what the user may do there (the record's capabilities)


class WorkbenchOut(Schema):
    counts: dict[str, int]  # items per urgency
    modules: dict[str, int]  # red dots: items waiting for the user per navigation entry
    items: list[WorkbenchItemOut]


@router.get(
    "/workbench",
    response={200: WorkbenchOut, **ERRORS},
    summary="What waits for me (the workbench)",
)
def workbench(request: AuthedHttpRequest) -> Any:
    items = kept_items_for(request.user)
    return {
        "counts": {u: sum(1 for i in items if i.urgency == u) for u in URGENCIES},
        "modules": dict(counts_by_module(items)),
        "items": [
            {
                "kind": i.kind,
                "kind_label": str(KIND_LABELS.get(i.kind, i.kind)),
                "title": i.title,
                "due": i.due,
                "urgency": i.urgency,
                "link": i.link,
                "actions": list(i.actions),
            }
            for i in items
        ],
    }
