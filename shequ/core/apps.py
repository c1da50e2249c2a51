from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "shequ.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from shequ.core import checks  # noqa: F401  (registers the deployment checks)

        autodiscover_modules("picker_sources")  # each app registers what its pickers find
