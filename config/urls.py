from django.urls import include, path, re_path

from config.api import api
from shequ.core.api_contract import api_not_found

urlpatterns = [
    path("", include("shequ.ops.urls")),
    path("api/v1/", api.urls),
    re_path(r"^api/", api_not_found),  # a JSON 404, never the HTML page
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("shequ.accounts.urls")),
    path("audit/", include("shequ.audit.urls")),
    path("organizations/", include("shequ.organizations.urls")),
    path("divisions/", include("shequ.divisions.urls")),
    path("residents/", include("shequ.residents.urls")),
    path("imports/", include("shequ.imports.urls")),
    path("projects/", include("shequ.projects.urls")),
    path("delivery/", include("shequ.delivery.urls")),
    path("protection/", include("shequ.protection.urls")),
    path("volunteers/", include("shequ.volunteers.urls")),
    path("trainings/", include("shequ.trainings.urls")),
    path("placements/", include("shequ.placements.urls")),
    path("community-organizations/", include("shequ.community_orgs.urls")),
    path("case-studies/", include("shequ.sharing.urls")),
    path("research/", include("shequ.research.urls")),
    path("stats/", include("shequ.stats.urls")),
    path("notifications/", include("shequ.notifications.urls")),
    path("", include("shequ.workbench.urls")),
    path("", include("shequ.core.urls")),
]
