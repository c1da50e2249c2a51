from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "shequ.projects"
    label = "projects"
    verbose_name = _("Service projects")

    def ready(self) -> None:
        from shequ.projects import team  # noqa: F401  (registers the satisfaction metric)
