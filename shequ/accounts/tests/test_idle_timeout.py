import time

import pytest

from shequ.accounts.middleware import KEY
from shequ.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_an_active_session_stays(client_as):
    client = client_as("worker_a")
    assert client.get("/").status_code == 200
    assert client.get("/").status_code == 200


def test_a_session_idle_for_more_than_thirty_minutes_ends(client_as):
    client = client_as("worker_a")
    assert client.get("/").status_code == 200
    session = client.session
    session[KEY] = time.time() - 31 * 60
    session.save()
    response = client.get("/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert AuditEntry.objects.filter(actor_username="worker_a", action="logout").exists()
    login_page = client.get(response["Location"])
    assert b'data-testid="idle-note"' in login_page.content


def test_twenty_nine_minutes_is_not_idle_enough(client_as):
    client = client_as("worker_a")
    client.get("/")
    session = client.session
    session[KEY] = time.time() - 29 * 60
    session.save()
    assert client.get("/").status_code == 200
