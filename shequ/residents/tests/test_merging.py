"""Merge that moves everything: every foreign key to a resident in every installed app has a
merge handler; a merge through the API moves service records, cases, group and organization
memberships, attendance and needs to the record kept, recounts people served, and leaves a
tombstone that points to the kept record."""

from datetime import date, timedelta

import pytest

from shequ.audit.models import AuditEntry
from shequ.community_orgs.models import CommunityOrganization, Member
from shequ.delivery.cases import case_open
from shequ.delivery.figures import served_figures
from shequ.delivery.groups import activity_hold, group_create
from shequ.delivery.models import ActivityParticipant, Case, GroupMember, ServiceRecord
from shequ.delivery.tests.test_people_counts import brute_force, counters
from shequ.residents.merging import handled_fields, resident_fk_fields
from shequ.residents.models import NeedsAssessment, Resident
from shequ.residents.services import resident_create

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

A = "220102001001"
YESTERDAY = date.today() - timedelta(days=1)


def test_every_foreign_key_to_a_resident_is_handled_by_the_merge():
    """A new model pointing to Resident fails here until its app registers a merge handler
    (residents.merging.register_merge_handler) that moves it."""
    found = resident_fk_fields()
    assert "delivery.ServiceRecord.resident" in found and "protection.Report.child" in found
    assert found - handled_fields() == set(), "no merge handler for these"
    assert handled_fields() - found == set(), "handlers name fields that do not exist"


@pytest.fixture
def twins(world):
    """One person registered twice in community A (once without the ID number), each with a
    history: services, a case, a group, the same activity, an organization membership."""
    worker = world.user("worker_a")
    community = world.division("community_a")
    data = {"name": "双档案", "gender": "M", "birth_date": date(1950, 1, 1)}
    keep = resident_create(by=worker, division=community, data=data)
    remove = resident_create(
        by=worker, division=community, data=data, confirm_possible_duplicate=True
    )
    activity_hold(
        by=worker,
        division=community,
        theme="包饺子",
        place="活动室",
        held_on=YESTERDAY,
        duration_minutes=60,
        participants=[keep, remove],
    )
    case_open(by=worker, client=remove, presenting_problem="独居", opened_on=YESTERDAY)
    group_create(by=worker, division=community, name="健步走", goal="锻炼", members=[remove])
    org = CommunityOrganization.objects.filter(division_id=A).earliest("pk")
    Member.objects.create(organization=org, resident=remove, role="member", joined_on=YESTERDAY)
    NeedsAssessment.objects.create(
        division=community, resident=remove, assessed_on=YESTERDAY, assessor=worker
    )
    return keep, remove


def test_a_merge_moves_everything_and_counts_the_person_once(api_as, twins):
    keep, remove = twins
    before = served_figures(prefix=A, start=YESTERDAY, end=YESTERDAY)
    assert api_as("worker_b").post(f"residents/{keep.pk}/merge", {"other_id": remove.pk})[0] == 404
    status, pairs = api_as("worker_a").get("residents/duplicates")
    assert status == 200
    assert {(p["first"]["id"], p["second"]["id"]) for p in pairs} >= {(keep.pk, remove.pk)}
    _s, theirs = api_as("worker_b").get("residents/duplicates")
    assert all(p["first"]["community_code"] != A for p in theirs)

    status, body = api_as("worker_a").post(f"residents/{keep.pk}/merge", {"other_id": remove.pk})
    assert status == 200 and body["id"] == keep.pk

    after = served_figures(prefix=A, start=YESTERDAY, end=YESTERDAY)
    assert after.people_served == before.people_served - 1
    assert after.person_times == before.person_times - 1  # the double attendance went
    assert counters() == brute_force()
    assert not ServiceRecord.objects.filter(resident=remove).exists()
    assert ServiceRecord.objects.filter(resident=keep).count() == 1
    assert ActivityParticipant.objects.filter(resident=keep).count() == 1
    assert Case.objects.filter(client=keep).count() == 1
    assert GroupMember.objects.filter(resident=keep).count() == 1
    assert Member.objects.filter(resident=keep).count() == 1
    assert NeedsAssessment.objects.filter(resident=keep).count() == 1
    for field in resident_fk_fields():
        label, name = field.rsplit(".", 1)
        from django.apps import apps

        model = apps.get_model(label)
        if field != "residents.Resident.merged_into":
            assert not model._default_manager.filter(**{name: remove}).exists(), field

    # the tombstone points to the kept record; the page redirects there
    status, body = api_as("worker_a").get(f"residents/{remove.pk}")
    assert status == 200 and body["merged_into_id"] == keep.pk
    assert Resident.objects.get(pk=remove.pk).merged_into_id == keep.pk
    entry = AuditEntry.objects.get(action="resident.merge", object_id=str(keep.pk))
    assert entry.detail["kept"] == keep.pk and entry.detail["removed"] == remove.pk

    status, body = api_as("worker_a").post(f"residents/{keep.pk}/merge", {"other_id": remove.pk})
    assert status == 400 and body["code"] == "merged"
    status, body = api_as("worker_a").post(f"residents/{keep.pk}/merge", {"other_id": keep.pk})
    assert status == 400 and body["field"] == "other_id"


def test_a_merged_record_is_served_no_more(api_as, twins, world):
    keep, remove = twins
    api_as("worker_a").post(f"residents/{keep.pk}/merge", {"other_id": remove.pk})
    status, body = api_as("worker_a").post(
        "service-records",
        {
            "community_code": A,
            "method": "case",
            "served_on": YESTERDAY.isoformat(),
            "duration_minutes": 30,
            "resident_id": remove.pk,
        },
    )
    assert status == 400 and body["code"] == "merged"
