"""The request of a signed-in user: the one typed way for a view or an endpoint to know that
`request.user` is a `User`, not the anonymous visitor (docs/decisions/actors-are-typed-user.md).

A page behind `login_required` (or `require_perm`, which includes it) and an API endpoint
behind the API's authentication (a bearer token or the session) annotate their request
`AuthedHttpRequest`; the services and selectors they call take `user: User` (or `by: User`), so
mypy catches a view that hands them anyone else. Code that checks for itself whether someone is
signed in (a middleware, a context processor) narrows with `is_signed_in`. A page open to
visitors keeps `HttpRequest`, and what it calls takes the access rule's `Actor`.

It lives with the access rule, below every app that has pages: the class names `User` only for
the checker, so `shequ.accounts` is not imported (pyproject.toml, exclude_type_checking_imports).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeGuard

from django.http import HttpRequest

if TYPE_CHECKING:
    from shequ.accounts.models import User


class AuthedHttpRequest(HttpRequest):
    """Only a type: Django builds the request; signing in is checked by the decorator or the
    API's authentication, never by this class."""

    user: User


def is_signed_in(request: HttpRequest) -> TypeGuard[AuthedHttpRequest]:
    """Has the request a signed-in user (and not the anonymous visitor, or no user at all)?"""
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated
