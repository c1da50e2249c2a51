from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from shequ.access.rule import get_visible_or_404
from shequ.core.errors import NotFound
from shequ.imports.engine import spec_for
from shequ.imports.models import ImportJob


def import_get(*, user: Any, pk: int) -> ImportJob:
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


def import_list(*, user: Any, kind: str) -> QuerySet[ImportJob]:
    return (
        ImportJob.objects.visible_to(user, spec_for(kind).permission)
        .filter(kind=kind)
        .select_related("division", "created_by")
    )
