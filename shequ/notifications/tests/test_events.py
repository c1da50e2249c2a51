"""Who is told: the people who may act, found through the permissions and confirmed by the
capability objects; nobody outside."""

from __future__ import annotations

from datetime import timedelta

import pytest

from shequ.notifications.models import Notification
from shequ.protection.models import ProtectionCase
from shequ.protection.services import closure_request

pytestmark = [pytest.mark.django_db]


def kinds_of(user):
    return set(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_the_demo_events_told_the_people_who_act(world):
    assert {"report_filed"} <= kinds_of(world.user("director_a"))
    assert {"referral_made"} <= kinds_of(world.user("police"))
    assert {"task_assigned"} <= kinds_of(world.user("school"))
    assert {"journal_submitted"} <= kinds_of(world.user("worker_a"))
    # 西岭 has no child-welfare director: its report goes to the street's supervisor
    assert {"report_filed"} <= kinds_of(world.user("child_sup"))
    assert {"job_finished"} <= kinds_of(world.user("worker_b"))
    # the school filed the reports; it is not told of them, and nobody in another district is
    assert "report_filed" not in kinds_of(world.user("school"))
    # 宽城's worker hears only of the organization of its own community waiting for approval
    assert kinds_of(world.user("worker_k")) == {"community_org_step"}
    assert kinds_of(world.user("district_k")) == set()


def test_a_report_goes_to_the_community_director_only(world, file_report):
    report = file_report()
    told = set(
        Notification.objects.filter(reference=f"BG-{report.pk}").values_list(
            "recipient__username", flat=True
        )
    )
    assert told == {"director_a"}


def test_a_closure_request_goes_to_the_supervisor(world):
    case = ProtectionCase.objects.get(child__name="李小雨")
    closure_request(by=world.user("director_a"), case=case, reason="监护已落实", follow_up_months=3)
    told = set(
        Notification.objects.filter(
            kind="closure_requested", reference=f"GA-{case.pk}"
        ).values_list("recipient__username", flat=True)
    )
    assert told == {"child_sup"}


def test_a_volunteers_own_sign_up_and_check_out_go_to_the_organizer(world):
    from shequ.volunteers.models import SignUp, SignUpStatus, Volunteer, VolunteerActivity
    from shequ.volunteers.services import check_code, check_in, check_out, sign_up_decide

    liu = Volunteer.objects.get(user=world.user("volunteer"))
    reading = VolunteerActivity.objects.get(title__startswith="“四点半课堂”")
    # the demo has 刘洋 sign up for it himself (volunteers/demo.py), through the service
    signup = SignUp.objects.get(activity=reading, volunteer=liu)
    ref = f"ZY-{reading.pk}"
    signups = Notification.objects.filter(kind="volunteer_signup", reference=ref)
    assert set(signups.values_list("recipient__username", flat=True)) == {"worker_b"}

    sign_up_decide(by=world.user("worker_b"), signup=signup, approve=True)
    assert signup.status == SignUpStatus.APPROVED
    arrive = reading.starts_at + timedelta(minutes=2)
    leave = reading.starts_at + timedelta(hours=1)
    check_in(by=liu.user, signup=signup, code=check_code(reading, arrive), at=arrive)
    check_out(by=liu.user, signup=signup, code=check_code(reading, leave), at=leave)
    hours = Notification.objects.filter(kind="hours_to_confirm", reference=ref)
    assert set(hours.values_list("recipient__username", flat=True)) == {"worker_b"}
