from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from shequ.access.rule import get_visible_or_404
from shequ.core.errors import NotFound
from shequ.imports.engine import spec_for
from shequ.imports.models import ImportJob, Status

if TYPE_CHECKING:
    from shequ.accounts.models import User


def import_get(*, user: User, pk: int) -> ImportJob:
    """An import the user may see: its division in reach for its kind's import permission."""
    kind = ImportJob.objects.filter(pk=pk).values_list("kind", flat=True).first()
    if kind is None:
        raise NotFound()
    return get_visible_or_404(
        ImportJob.objects.select_related("division", "created_by"),
        user,
        spec_for(kind).permission,
        pk=pk,
    )


def import_list(*, user: User, kind: str) -> QuerySet[ImportJob]:
    return (
        ImportJob.objects.visible_to(user, spec_for(kind).permission)
        .filter(kind=kind)
        .select_related("division", "created_by")
    )


def my_finished_imports(*, user: User, since: datetime) -> QuerySet[ImportJob]:
    """The user's own imports that came to a stop since `since`: checked (ready to import or
    with problems), imported, or failed (the workbench tells them)."""
    return (
        ImportJob.objects.filter(
            created_by_id=user.pk,
            updated_at__gte=since,
            status__in=[Status.VALID, Status.INVALID, Status.DONE, Status.FAILED],
        )
        .select_related("division")
        .order_by("-updated_at", "-id")
    )
