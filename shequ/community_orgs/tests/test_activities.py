"""An organization's activity IS a community activity of the service records: it shows in the
activities list and counts in the statistics, each participant once."""

from datetime import date

import pytest

from shequ.community_orgs.models import CommunityOrganization, MemberRole
from shequ.community_orgs.services import member_add, organization_activity_hold
from shequ.core.errors import InvalidInput
from shequ.delivery.figures import served_figures
from shequ.delivery.groups import activity_hold
from shequ.delivery.models import Activity, Method, ServiceRecord
from shequ.delivery.selectors import activity_list
from shequ.residents.models import Resident

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

TODAY = date.today()


def test_a_participant_is_counted_once_in_people_served(world):
    worker = world.user("worker_a")
    community = world.division("community_a")
    org = CommunityOrganization.objects.get(name="东岭社区夕阳红舞蹈队")
    fresh = Resident.objects.filter(
        merged_into__isnull=True, division=community, service_records__isnull=True
    ).first()
    assert fresh is not None
    # the people named at an organization's activity are its members
    member_add(by=worker, organization=org, resident=fresh, role=MemberRole.MEMBER, joined_on=TODAY)
    period = {"start": TODAY.replace(day=1), "end": TODAY, "prefix": community.code}
    before = served_figures(**period)

    def held(theme, **kwargs):
        return organization_activity_hold(
            by=worker,
            organization=org,
            theme=theme,
            place="广场",
            held_on=TODAY,
            duration_minutes=60,
            participants=[fresh],
            **kwargs,
        )

    first = held("排练")
    held("展演", headcount=10)
    activity_hold(
        by=worker,
        division=community,
        theme="社区议事会",
        place="会议室",
        held_on=TODAY,
        duration_minutes=60,
        participants=[fresh],
    )
    after = served_figures(**period)
    assert after.people_served == before.people_served + 1  # three activities, one person
    assert after.person_times == before.person_times + 3 + 10
    # one activity, not a parallel record: the delivery list shows it, linked to the organization
    assert first.community_organization == org
    assert activity_list(user=worker).filter(pk=first.pk, community_organization=org).exists()
    assert ServiceRecord.objects.filter(
        source=f"activity:{first.pk}", method=Method.ACTIVITY, resident=fresh
    ).exists()
    assert org.activities.count() == 3  # the demo's, and the two held here


def test_an_activity_in_another_community_is_refused(world):
    org = CommunityOrganization.objects.get(name="东岭社区夕阳红舞蹈队")
    with pytest.raises(InvalidInput) as exc:
        activity_hold(
            by=world.user("worker_b"),
            division=world.division("community_b"),
            theme="跨社区",
            place="",
            held_on=TODAY,
            duration_minutes=30,
            participants=[],
            headcount=5,
            community_organization=org,
        )
    assert exc.value.code == "other_community"
    assert not Activity.objects.filter(theme="跨社区").exists()


def test_only_members_are_named_and_nothing_is_saved(world):
    """The page offers the members as participants; the rule holds for every caller (the API
    too): anyone else is refused with the reason, and no activity or record is saved."""
    org = CommunityOrganization.objects.get(name="东岭社区夕阳红舞蹈队")
    members = set(org.members.values_list("resident_id", flat=True))
    outsider = (
        Resident.objects.filter(merged_into__isnull=True, division=world.division("community_a"))
        .exclude(pk__in=members)
        .first()
    )
    assert outsider is not None
    member = org.members.first().resident
    records = ServiceRecord.objects.count()
    with pytest.raises(InvalidInput) as exc:
        organization_activity_hold(
            by=world.user("worker_a"),
            organization=org,
            theme="不是队员",
            place="",
            held_on=TODAY,
            duration_minutes=30,
            participants=[member, outsider],
        )
    assert exc.value.code == "not_member" and exc.value.field == "participants"
    assert "headcount" in str(exc.value.message)
    assert not Activity.objects.filter(theme="不是队员").exists()
    assert ServiceRecord.objects.count() == records
