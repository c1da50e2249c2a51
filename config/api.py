"""The JSON API, `/api/v1/`: one NinjaAPI, one router per domain app."""

from ninja import NinjaAPI

from shequ.core.api import BearerAuth, SessionAuth, install_error_handlers

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
