from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityOrgsConfig(AppConfig):
    name = "shequ.community_orgs"
    label = "community_orgs"
    verbose_name = _("Community organizations")

    def ready(self) -> None:
        from shequ.community_orgs import merging  # noqa: F401  (registers its merge handler)
