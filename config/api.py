"""The JSON API, `/api/v1/`: one NinjaAPI, one router per domain app."""

from ninja import NinjaAPI

from shequ.accounts.api_auth import BearerAuth
from shequ.core.api import SessionAuth, install_error_handlers

api = NinjaAPI(
    title="Shequ API",
    version="1",
    description="社区社会工作与社区治理平台 API. Authenticate with `POST /api/v1/auth/token`, then "
    "send `Authorization: Bearer <token>`. Every list is limited to the caller's reach.",
    auth=[BearerAuth(), SessionAuth(csrf=True)],
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
install_error_handlers(api)

from shequ.accounts.api import auth_router  # noqa: E402
from shequ.accounts.api import router as accounts_router  # noqa: E402
from shequ.divisions.api import router as divisions_router  # noqa: E402
from shequ.organizations.api import router as organizations_router  # noqa: E402

api.add_router("/auth", auth_router)
api.add_router("/", accounts_router)
api.add_router("/divisions", divisions_router)
api.add_router("/organizations", organizations_router)
from shequ.residents.api import router as residents_router  # noqa: E402

api.add_router("/", residents_router)
from shequ.residents.transfers_api import router as transfers_router  # noqa: E402

api.add_router("/", transfers_router)
from shequ.projects.api import router as projects_router  # noqa: E402

api.add_router("/", projects_router)
from shequ.delivery.api import router as delivery_router  # noqa: E402

api.add_router("/", delivery_router)
from shequ.protection.api import router as protection_router  # noqa: E402

api.add_router("/protection", protection_router)
from shequ.volunteers.api import router as volunteers_router  # noqa: E402

api.add_router("/", volunteers_router)
from shequ.trainings.api import router as trainings_router  # noqa: E402

api.add_router("/", trainings_router)
from shequ.placements.api import router as placements_router  # noqa: E402

api.add_router("/", placements_router)
from shequ.community_orgs.api import router as community_orgs_router  # noqa: E402

api.add_router("/", community_orgs_router)
from shequ.sharing.api import router as sharing_router  # noqa: E402

api.add_router("/", sharing_router)
from shequ.research.api import router as research_router  # noqa: E402

api.add_router("/", research_router)
from shequ.stats.api import router as stats_router  # noqa: E402

api.add_router("/", stats_router)
from shequ.notifications.api import router as notifications_router  # noqa: E402

api.add_router("/", notifications_router)

from shequ.workbench.api import router as workbench_router  # noqa: E402

api.add_router("/", workbench_router)
