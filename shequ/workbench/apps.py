from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkbenchConfig(AppConfig):
    name = "shequ.workbench"
    label = "workbench"
    verbose_name = _("Workbench")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from shequ.workbench import foundation_items  # noqa: F401  (accounts, imports)

        autodiscover_modules("workbench_items")  # each domain app registers its item sources

        from django.db import connections
        from django.db.backends.signals import connection_created

        from shequ.workbench.cache import watch_writes

        connection_created.connect(watch_writes)  # a write makes the kept workbenches stale
        for connection in connections.all(initialized_only=True):
            watch_writes(connection=connection)
