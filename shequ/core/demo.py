"""Demo data: each domain app contributes a `demo.py` with `load(ctx)`; `manage.py demo`
runs them in order so that a new user sees every part of Shequ alive, with records in both
demo communities. Tests build their world from the same steps."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import transaction

STEPS = [
    "shequ.divisions.demo",
    "shequ.organizations.demo",
    "shequ.accounts.demo",
    "shequ.residents.demo",
    "shequ.projects.demo",
    "shequ.delivery.demo",
    "shequ.protection.demo",
    "shequ.volunteers.demo",
    "shequ.trainings.demo",
    "shequ.placements.demo",
    "shequ.sharing.demo",
    "shequ.research.demo",
    "shequ.community_orgs.demo",
    "shequ.delivery.demo_moves",
    "shequ.notifications.demo",
]


# Reference data that migrations seed; `seed_reference_data` writes it again into a database
# that was emptied (a flushed test database).
REFERENCE_SEEDERS = [
    "shequ.accounts.catalog.sync_catalog",
    "shequ.residents.catalog.seed",
    "shequ.projects.catalog.seed",
    "shequ.protection.catalog.seed",
    "shequ.trainings.catalog.seed",
    "shequ.placements.catalog.seed",
    "shequ.community_orgs.catalog.seed",
    "shequ.notifications.catalog.seed",
]


def seed_reference_data() -> None:
    for path in REFERENCE_SEEDERS:
        module, _, name = path.rpartition(".")
        getattr(import_module(module), name)()


@dataclass
class DemoContext:
    password: str
    objects: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Any:
        return self.objects[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.objects[key] = value


def demo_load(*, password: str | None = None) -> DemoContext:
    ctx = DemoContext(password=password or settings.SHEQU_DEMO_PASSWORD)
    with transaction.atomic():
        for step in STEPS:
            import_module(step).load(ctx)
    return ctx


def database_is_empty() -> bool:
    """No division yet: the first step of the demo has never run (the model is named, not
    imported: the ground knows no app)."""
    return not apps.get_model("divisions", "Division").objects.exists()
