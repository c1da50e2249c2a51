"""Shared test fixtures: the demo world (loaded once per run), named users at every level,
clients signed in as them, and a real Chromium for browser tests."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from typing import Any

import pytest

DEMO_PASSWORD = "Demo@Pass2026"  # noqa: S105
# Playwright's sync API runs an event loop in the test thread; Django's ORM must still be
# usable from the test body.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    """The demo world, once per run; each test runs in a transaction rolled back after it."""
    from shequ.core.demo import demo_load

    with django_db_blocker.unblock():
        demo_load(password=DEMO_PASSWORD)


@pytest.fixture(autouse=True)
def _fresh_workbenches() -> None:
    """A test's rolled-back writes leave no kept workbench behind (shequ/workbench/cache.py)."""
    from shequ.workbench.cache import records_changed

    records_changed()


@pytest.fixture
def world(db: Any) -> Any:
    """Named objects of the demo world: world.user("worker_a"), world.division("community_a"),
    world.org("agency")."""
    from shequ.testing import World

    return World()


@pytest.fixture
def client_as(db: Any) -> Callable[[str], Any]:
    """A Django test client signed in as a demo user: client_as("worker_a"); pages in English
    with client_as("worker_a", language="en")."""
    from django.test import Client

    from shequ.accounts.models import User

    def make(username: str, language: str = "") -> Any:
        client = Client()
        client.force_login(User.objects.get(username=username))
        if language:
            client.cookies["django_language"] = language
        return client

    return make


@pytest.fixture
def api_as(db: Any) -> Callable[[str | None], Any]:
    """An API client with a bearer token of a demo user (None: no token)."""
    from shequ.testing import ApiClient

    return ApiClient.for_username


# ------------------------------------------------------------------ browser tests

CHROMIUM = os.environ.get("SHEQU_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        message = (
            f"Chromium not found at {CHROMIUM}: install it with `sudo apt-get install chromium` "
            "(Debian/Ubuntu) or set SHEQU_CHROMIUM to its path."
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def browser_world(transactional_db: Any) -> Any:
    """The demo world for a browser test (transactional tests start from an empty database
    once an earlier one has flushed it)."""
    from shequ.core.demo import database_is_empty, demo_load, seed_reference_data
    from shequ.testing import World

    if database_is_empty():
        seed_reference_data()  # the flush after an earlier transactional test removed it
        demo_load(password=DEMO_PASSWORD)
    return World()


@pytest.fixture
def page(chromium: Any, live_server: Any, browser_world: Any) -> Iterator[Any]:
    """A Chromium page (desktop size) against the live server, in Chinese."""
    context = chromium.new_context(
        locale="zh-CN", base_url=live_server.url, viewport={"width": 1280, "height": 800}
    )
    context.set_default_timeout(10_000)
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture
def login(live_server: Any) -> Callable[..., None]:
    """Sign a browser page in as a demo user, through the login form: `login(page, "worker_a")`,
    or `login(page, "student", language="en")` for the English pages. Any earlier session of
    the page's context is dropped first."""

    def sign_in(page: Any, username: str, *, language: str = "") -> None:
        page.context.clear_cookies()
        if language:
            page.context.add_cookies(
                [{"name": "django_language", "value": language, "url": live_server.url}]
            )
        page.goto("/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("[data-testid=login-submit]")
        page.wait_for_load_state()
        if "/second-factor/" in page.url:  # administrators and protection roles
            page.fill("#id_otp", demo_code(username))
            page.click("[data-testid=otp-submit]")
        page.wait_for_url(lambda url: "/accounts/login" not in url)

    return sign_in


def demo_code(username: str) -> str:
    """A code of the demo TOTP secret (the demo accounts that need a second factor are enrolled
    with it) not used yet by this account: a code works once, so wait for the next 30-second
    step when this one was just used."""
    import time

    from shequ.accounts import totp
    from shequ.accounts.models import SecondFactor
    from shequ.accounts.second_factor import DEMO_TOTP_SECRET

    factor = SecondFactor.objects.get(user__username=username)
    while totp.step_at() < factor.last_step:
        time.sleep(1)
    step = max(totp.step_at(), factor.last_step + 1)
    return str(totp.code_at(DEMO_TOTP_SECRET, step))


@pytest.fixture
def phone_page(chromium: Any, live_server: Any, browser_world: Any) -> Iterator[Any]:
    """A Chromium page at a phone's size."""
    context = chromium.new_context(
        locale="zh-CN",
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(10_000)
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture
def english() -> Iterator[None]:
    """Run the test in English (the default language is Simplified Chinese)."""
    from django.utils import translation

    with translation.override("en"):
        yield
