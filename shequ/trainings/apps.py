from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingsConfig(AppConfig):
    name = "shequ.trainings"
    label = "trainings"
    verbose_name = _("Trainings")

    def ready(self) -> None:
        from shequ.trainings import importing  # noqa: F401  (registers the trainees import)
