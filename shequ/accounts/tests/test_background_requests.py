"""A request the page makes by itself (the navigation's red dots) neither keeps an idle session
alive nor writes the session: a poll must not defeat the idle timeout, nor race a sign-out."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session

from shequ.accounts.middleware import KEY

pytestmark = pytest.mark.django_db


def _stored(client):
    return Session.objects.get(session_key=client.session.session_key).get_decoded()


def test_the_red_dots_poll_leaves_the_session_as_it_was(client_as):
    client = client_as("worker_a")
    assert client.get("/").status_code == 200
    seen = _stored(client)[KEY]
    data = Session.objects.get(session_key=client.session.session_key).session_data
    assert client.get("/workbench/nav/", {"from": "/"}).status_code == 200
    assert Session.objects.get(session_key=client.session.session_key).session_data == data
    assert client.get("/").status_code == 200
    assert _stored(client)[KEY] > seen  # a page the person opens still counts
