from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProtectionConfig(AppConfig):
    name = "shequ.protection"
    label = "protection"
    verbose_name = _("Juvenile protection")

    def ready(self) -> None:
        from shequ.protection import merging  # noqa: F401  (registers its merge handler)
