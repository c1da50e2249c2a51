from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliveryConfig(AppConfig):
    name = "shequ.delivery"
    label = "delivery"
    verbose_name = _("Service delivery")

    def ready(self) -> None:
        from shequ.delivery import (
            merging,  # noqa: F401  (registers its merge handler)
            metrics,  # noqa: F401  (registers the computed project metrics)
        )
