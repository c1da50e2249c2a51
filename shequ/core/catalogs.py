"""One way to seed a catalogue (a reference table kept as data) from its app's `catalog.py`,
in a data migration (with the historical models) or when the demo world is loaded."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any


def seed_rows(
    apps: Any,
    label: str,
    rows: Iterable[Mapping[str, Any] | Sequence[Any]],
    *,
    columns: Sequence[str] = ("code", "name", "name_en"),
    key: str = "code",
    keep_edits: bool = False,
) -> None:
    """Write the rows of `label` ("app_label.Model"), found by `key`; run again, it changes
    nothing. A row is a mapping, or a tuple of the values of `columns`. `apps` is the
    migration's app registry, or None for the live models. A table with a `sort` column gets
    the row's position (0, 10, 20, …) unless the row gives one; a historical model without the
    column gets none. `keep_edits`: rows already there are left as an administrator may have
    changed them (only missing rows are added)."""
    if apps is None:
        from django.apps import apps as live_apps

        apps = live_apps
    model = apps.get_model(label)
    fields = {f.name for f in model._meta.concrete_fields}
    for position, row in enumerate(rows):
        given = row if isinstance(row, Mapping) else dict(zip(columns, row, strict=True))
        values = {name: value for name, value in given.items() if name in fields}
        if "sort" in fields:
            values.setdefault("sort", position * 10)
        lookup = {key: values.pop(key)}
        if keep_edits:
            model.objects.get_or_create(**lookup, defaults=values)
        else:
            model.objects.update_or_create(**lookup, defaults=values)
