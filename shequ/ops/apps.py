from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Operations: health and readiness, metrics, request logs, backup and restore."""

    name = "shequ.ops"
    label = "ops"
    verbose_name = _("Operations")

    def ready(self) -> None:
        from shequ.ops import metrics

        metrics.connect_signals()
