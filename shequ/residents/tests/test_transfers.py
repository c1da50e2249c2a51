"""Moving house (迁出/迁入) and one ID number per person, through the API: the receiving
community asks by ID number and sees nothing of the record before approval; the sending
community decides; the history stays with the person and the figures do not move."""

from datetime import date, timedelta

import pytest

from shequ.audit.models import AuditEntry
from shequ.delivery.figures import served_figures
from shequ.delivery.models import ServiceRecord
from shequ.delivery.services import record_create
from shequ.residents.identity import id_check_char
from shequ.residents.models import Resident, ResidentTransfer
from shequ.residents.services import resident_create

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

A, B, K = "220102001001", "220102001002", "220103001001"


def an_id(seq="552"):
    first17 = f"22010219750302{seq}"
    return first17 + id_check_char(first17)


@pytest.fixture
def moving(world):
    """A person of community A, served there once yesterday."""
    person = resident_create(
        by=world.user("worker_a"),
        division=world.division("community_a"),
        data={
            "name": "迁居者",
            "gender": "F",
            "birth_date": date(1975, 3, 2),
            "id_number": an_id(),
        },
    )
    record_create(
        by=world.user("worker_a"),
        division=world.division("community_a"),
        method="activity",
        served_on=date.today() - timedelta(days=1),
        duration_minutes=60,
        resident=person,
    )
    return person


def test_registering_an_id_of_another_community_answers_a_conflict_that_reveals_nothing(
    api_as, moving
):
    status, body = api_as("worker_b").post(
        "residents",
        {"community_code": B, "name": "别的名字", "id_number": an_id(), "gender": "F"},
    )
    assert status == 409 and body["code"] == "registered_elsewhere"
    assert "迁居者" not in str(body) and str(moving.pk) not in str(body) and A not in str(body)
    assert (
        Resident.objects.filter(
            merged_into__isnull=True, id_number_hash=moving.id_number_hash
        ).count()
        == 1
    )


def test_a_transfer_request_is_decided_by_the_sending_community(api_as, moving, world):
    status, body = api_as("worker_b").post(
        "resident-transfers",
        {"to_community_code": B, "id_number": an_id(), "name": "迁居者", "note": "搬到西岭"},
    )
    assert status == 201 and body["status"] == "pending"
    # before approval the requester sees what it typed, not the record
    assert body["resident_id"] is None and body["resident_name"] == ""
    assert body["requested_name"] == "迁居者" and body["actions"] == ["cancel"]
    transfer_id = body["id"]
    assert api_as("worker_b").get(f"residents/{moving.pk}")[0] == 404
    assert api_as("worker_k").get(f"resident-transfers/{transfer_id}")[0] == 404
    assert api_as("worker_b").post(f"resident-transfers/{transfer_id}/approve")[0] == 403
    status, body = api_as("worker_a").get(f"resident-transfers/{transfer_id}")
    assert body["resident_id"] == moving.pk and set(body["actions"]) == {"approve", "refuse"}
    # a second request for the same person waits for the first
    again = api_as("worker_b").post(
        "resident-transfers", {"to_community_code": B, "id_number": an_id()}
    )
    assert again[0] == 409 and again[1]["code"] == "transfer_pending"

    before = served_figures(
        prefix="220102001", start=date.today() - timedelta(days=1), end=date.today()
    )
    status, body = api_as("worker_a").post(f"resident-transfers/{transfer_id}/approve")
    assert status == 200 and body["status"] == "approved"
    moving.refresh_from_db()
    assert moving.division_id == B
    # the person is now in B; the history stays, each record where it happened
    assert api_as("worker_b").get(f"residents/{moving.pk}")[0] == 200
    assert api_as("worker_a").get(f"residents/{moving.pk}")[0] == 404
    assert ServiceRecord.objects.get(resident=moving).division_id == A
    after = served_figures(
        prefix="220102001", start=date.today() - timedelta(days=1), end=date.today()
    )
    assert after == before
    status, history = api_as("worker_b").get(f"residents/{moving.pk}/transfers")
    assert status == 200 and [
        (h["from_community_code"], h["to_community_code"]) for h in history
    ] == [(A, B)]
    assert AuditEntry.objects.filter(
        action="resident.transfer_approve", object_id=str(moving.pk)
    ).exists()
    assert api_as("worker_a").post(f"resident-transfers/{transfer_id}/approve")[0] in (403, 409)


def test_refusing_needs_a_reason_and_the_requester_may_withdraw(api_as, moving):
    _s, body = api_as("worker_b").post(
        "resident-transfers", {"to_community_code": B, "id_number": an_id()}
    )
    status, err = api_as("worker_a").post(
        f"resident-transfers/{body['id']}/refuse", {"reason": " "}
    )
    assert status == 400 and err["field"] == "reason"
    status, refused = api_as("worker_a").post(
        f"resident-transfers/{body['id']}/refuse", {"reason": "未搬迁"}
    )
    assert status == 200 and refused["status"] == "refused" and refused["reason"] == "未搬迁"
    _s, second = api_as("worker_b").post(
        "resident-transfers", {"to_community_code": B, "id_number": an_id()}
    )
    assert api_as("worker_a").post(f"resident-transfers/{second['id']}/cancel")[0] == 403
    status, cancelled = api_as("worker_b").post(f"resident-transfers/{second['id']}/cancel")
    assert status == 200 and cancelled["status"] == "cancelled"
    moving.refresh_from_db()
    assert moving.division_id == A


def test_the_sending_community_moves_a_person_out_at_once(api_as, moving):
    assert (
        api_as("worker_b").post(f"residents/{moving.pk}/transfer", {"to_community_code": K})[0]
        == 404
    )
    status, body = api_as("worker_a").post(
        f"residents/{moving.pk}/transfer", {"to_community_code": K}
    )
    assert status == 201 and body["status"] == "approved"
    moving.refresh_from_db()
    assert moving.division_id == K
    assert api_as("worker_k").get(f"residents/{moving.pk}")[0] == 200
    status, body = api_as("worker_k").post(
        f"residents/{moving.pk}/transfer", {"to_community_code": K}
    )
    assert status == 400 and body["code"] == "same_community"
    assert (
        api_as("worker_k").post(
            f"residents/{moving.pk}/transfer", {"to_community_code": "999999999999"}
        )[0]
        == 404
    )


def test_a_request_for_an_unknown_id_says_to_register_here(api_as):
    before = ResidentTransfer.objects.count()
    status, body = api_as("worker_b").post(
        "resident-transfers", {"to_community_code": B, "id_number": an_id("553")}
    )
    assert status == 400 and body["code"] == "not_registered"
    status, body = api_as("worker_b").post(
        "resident-transfers", {"to_community_code": A, "id_number": an_id()}
    )
    assert status == 404  # community A is not worker_b's
    assert ResidentTransfer.objects.count() == before


def test_an_officer_over_the_sending_community_approves(api_as, moving):
    _s, body = api_as("worker_b").post(
        "resident-transfers", {"to_community_code": B, "id_number": an_id()}
    )
    assert api_as("worker_k").post(f"resident-transfers/{body['id']}/approve")[0] == 404
    status, body = api_as("street").post(f"resident-transfers/{body['id']}/approve")
    assert status == 200 and body["status"] == "approved" and body["resident_id"] == moving.pk
    # the street officer registers no one, so asks for no one
    status, _b = api_as("street").post(
        "resident-transfers", {"to_community_code": A, "id_number": an_id()}
    )
    assert status == 403


def test_a_person_who_moved_away_stays_in_the_figures_and_drill_down_where_served(world, moving):
    from shequ.figures.periods import year
    from shequ.figures.registry import Scope, figure_for
    from shequ.residents.transfers import transfer_start

    transfer_start(by=world.user("worker_a"), resident=moving, to_division=world.division("xinfa"))
    figure = figure_for("people_served")
    scope = Scope(
        user=world.user("district"),
        division=world.division("nanguan"),
        period=year((date.today() - timedelta(days=1)).year),
    )
    listed = figure.drill(scope)
    assert moving in listed
    assert figure.value_in(scope) == figure.total_of(listed)


def test_a_worker_of_another_community_gets_404_everywhere(api_as, moving):
    _s, body = api_as("worker_b").post(
        "resident-transfers", {"to_community_code": B, "id_number": an_id()}
    )
    outsider = api_as("worker_k")
    assert outsider.get(f"resident-transfers/{body['id']}")[0] == 404
    for action, payload in (("approve", {}), ("refuse", {"reason": "x"}), ("cancel", {})):
        assert outsider.post(f"resident-transfers/{body['id']}/{action}", payload)[0] == 404
    assert outsider.get(f"residents/{moving.pk}/transfers")[0] == 404
    assert outsider.post(f"residents/{moving.pk}/transfer", {"to_community_code": K})[0] == 404
    assert outsider.post(f"residents/{moving.pk}/merge", {"other_id": moving.pk})[0] == 404
    status, listing = outsider.get("resident-transfers")
    assert status == 200 and all(t["id"] != body["id"] for t in listing["items"])
