"""The application's URLs plus one view with a runaway query, for the statement-timeout test."""

from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path

from config.urls import urlpatterns as app_urls


def runaway(request: HttpRequest) -> HttpResponse:
    # in a savepoint, as under ATOMIC_REQUESTS: the test's transaction stays usable
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(5)")
    return JsonResponse({"finished": True})


urlpatterns = [path("api/v1/test-runaway", runaway), path("test-runaway", runaway), *app_urls]
