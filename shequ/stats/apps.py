from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "shequ.stats"
    label = "stats"
    verbose_name = _("Statistics")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("figures_registry")  # each domain app registers its figures
