from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingsConfig(AppConfig):
    name = "shequ.trainings"
    label = "trainings"
    verbose_name = _("Trainings")

    def ready(self) -> None:
        from shequ.trainings import importing, metrics  # noqa: F401  (the import, the metric)
