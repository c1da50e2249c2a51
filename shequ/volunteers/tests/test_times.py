"""The rules for service times, the same in check-in, check-out and the organizer's
corrections (service and page): the check-out after the check-in, no overlapping check-ins of
one volunteer, at most 24 hours of service in a day. A refusal saves nothing."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from shequ.audit.models import AuditEntry
from shequ.core.errors import InvalidInput
from shequ.volunteers.models import SignUp
from shequ.volunteers.selectors import own_volunteer
from shequ.volunteers.services import (
    activity_open,
    check_code,
    check_in,
    check_out,
    sign_up,
    sign_up_decide,
    times_correct,
)
from shequ.volunteers.tests.test_services import make_activity

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def approved(world, volunteer, **activity):
    organizer = world.user("worker_a")
    act = make_activity(world, **activity)
    activity_open(by=organizer, activity=act)
    signup = sign_up(by=organizer, activity=act, volunteer=volunteer)
    return sign_up_decide(by=organizer, signup=signup, approve=True)


def test_check_out_before_check_in_is_refused(world):
    person = world.user("volunteer")
    signup = approved(world, own_volunteer(person))
    now = timezone.now()
    check_in(by=person, signup=signup, code=check_code(signup.activity, now), at=now)
    early = now - timedelta(minutes=10)
    with pytest.raises(InvalidInput) as info:
        check_out(by=person, signup=signup, code=check_code(signup.activity, early), at=early)
    assert info.value.code == "out_before_in"
    signup.refresh_from_db()
    assert signup.checked_out_at is None and signup.hours is None


def test_overlapping_check_ins_of_one_volunteer_are_refused(world):
    person = world.user("volunteer")
    volunteer = own_volunteer(person)
    first = approved(world, volunteer, title="配送物资")
    second = approved(world, volunteer, title="敬老院陪伴")
    now = timezone.now()
    arrive = now - timedelta(minutes=20)
    check_in(by=person, signup=first, code=check_code(first.activity, arrive), at=arrive)
    with pytest.raises(InvalidInput) as info:
        check_in(by=person, signup=second, code=check_code(second.activity, now), at=now)
    assert info.value.code == "overlap" and "配送物资" in str(info.value.message)
    assert SignUp.objects.get(pk=second.pk).checked_in_at is None
    check_out(by=person, signup=first, code=check_code(first.activity, now), at=now)
    later = now + timedelta(minutes=1)
    check_in(by=person, signup=second, code=check_code(second.activity, later), at=later)
    assert SignUp.objects.get(pk=second.pk).checked_in_at == later


def day_at(hour: int, minute: int = 0, days_ago: int = 2) -> datetime:
    day = timezone.localtime() - timedelta(days=days_ago)
    return day.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(
        hours=hour, minutes=minute
    )


def test_corrections_follow_the_same_rules_and_a_refusal_saves_nothing(world):
    organizer = world.user("worker_a")
    volunteer = own_volunteer(world.user("volunteer"))
    first, second = approved(world, volunteer), approved(world, volunteer, title="第二个活动")
    audited = AuditEntry.objects.filter(action="volunteer.correct_times").count()

    def correct(signup, start, end):
        return times_correct(
            by=organizer, signup=signup, checked_in_at=start, checked_out_at=end, reason="补录"
        )

    for start, end, code in (
        (day_at(10), day_at(9), "out_before_in"),
        (day_at(1), day_at(2, days_ago=1), "over_24_hours"),
    ):
        with pytest.raises(InvalidInput) as info:
            correct(first, start, end)
        assert info.value.code == code and info.value.field == "checked_out_at"
    correct(first, day_at(0), day_at(20))
    assert first.hours == Decimal("20.0")
    with pytest.raises(InvalidInput) as info:
        correct(second, day_at(19), day_at(21))
    assert info.value.code == "overlap"
    with pytest.raises(InvalidInput) as info:  # 20 h + 5 h counted on the same day
        correct(second, day_at(20, 30), day_at(25, 30))
    assert info.value.code == "over_24_hours_day"
    second.refresh_from_db()
    assert second.checked_in_at is None and second.hours is None
    assert AuditEntry.objects.filter(action="volunteer.correct_times").count() == audited + 1
    correct(second, day_at(20, 30), day_at(23, 30))
    assert second.hours == Decimal("3.0")


def correction_form(signup, start, end, reason="签退时手机没电"):
    prefix = f"c{signup.pk}"
    return {
        "action": "correct",
        "signup": signup.pk,
        f"{prefix}-checked_in_at": f"{start:%Y-%m-%dT%H:%M}",
        f"{prefix}-checked_out_at": f"{end:%Y-%m-%dT%H:%M}",
        f"{prefix}-reason": reason,
    }


def test_the_organizer_corrects_times_on_the_activity_page(client_as, world):
    volunteer = own_volunteer(world.user("volunteer"))
    signup = approved(world, volunteer)
    other = approved(world, volunteer, title="第二个活动")
    times_correct(
        by=world.user("worker_a"),
        signup=other,
        checked_in_at=day_at(9),
        checked_out_at=day_at(12),
        reason="补录",
    )
    client = client_as("worker_a")
    client.cookies["django_language"] = "en"
    url = f"/volunteers/activities/{signup.activity_id}/"
    page = client.get(url).content.decode()
    assert f'name="c{signup.pk}-reason"' in page and "Correct the times" in page

    for form, field, text in (
        (correction_form(signup, day_at(11), day_at(10)), "checked_out_at", "before the check-in"),
        (correction_form(signup, day_at(11), day_at(13)), "checked_in_at", "第二个活动"),
        (correction_form(signup, day_at(13), day_at(15), reason=""), "reason", "required"),
    ):
        response = client.post(url, form)
        assert response.status_code == 200
        bound = next(f for s, f, _open in response.context["rows"] if s.pk == signup.pk)
        assert text in " ".join(bound.errors[field])  # next to the field
        assert bound["checked_in_at"].value()  # what was typed is kept
        assert 'open data-testid="correct-' in response.content.decode()
    signup.refresh_from_db()
    assert signup.checked_in_at is None and signup.hours is None  # nothing saved

    response = client.post(url, correction_form(signup, day_at(13), day_at(15, 30)))
    assert response.status_code == 302
    signup.refresh_from_db()
    assert signup.hours == Decimal("2.5") and signup.checked_in_at == day_at(13)
    entry = AuditEntry.objects.filter(action="volunteer.correct_times").latest("pk")
    assert entry.detail["signup"] == signup.pk and entry.detail["reason"] == "签退时手机没电"


def test_another_community_cannot_correct(client_as, world):
    signup = approved(world, own_volunteer(world.user("volunteer")))
    url = f"/volunteers/activities/{signup.activity_id}/"
    form = correction_form(signup, day_at(13), day_at(15))
    assert client_as("worker_b").post(url, form).status_code == 404
    assert client_as("worker_k").get(url).status_code == 404
    signup.refresh_from_db()
    assert signup.checked_in_at is None


def test_a_check_out_soon_after_the_check_in_asks_for_confirmation(world):
    person = world.user("volunteer")
    signup = approved(world, own_volunteer(person))
    now = timezone.now()
    check_in(by=person, signup=signup, code=check_code(signup.activity, now), at=now)
    soon = now + timedelta(minutes=1)
    with pytest.raises(InvalidInput) as info:
        check_out(by=person, signup=signup, code=check_code(signup.activity, soon), at=soon)
    assert (info.value.code, info.value.field) == ("short", "confirm_short")
    signup.refresh_from_db()
    assert signup.checked_out_at is None and signup.hours is None
    check_out(
        by=person,
        signup=signup,
        code=check_code(signup.activity, soon),
        at=soon,
        confirm_short=True,
    )
    assert signup.checked_out_at == soon


def test_the_check_out_page_asks_again_and_keeps_the_code(client_as, world):
    person = world.user("volunteer")
    signup = approved(world, own_volunteer(person))
    now = timezone.now()
    check_in(by=person, signup=signup, code=check_code(signup.activity, now), at=now)
    client = client_as("volunteer")
    code = check_code(signup.activity, timezone.now())
    page = client.post("/volunteers/checkin/", {"activity": signup.activity_id, "code": code})
    assert page.status_code == 200 and 'data-testid="confirm-short"' in page.content.decode()
    assert SignUp.objects.get(pk=signup.pk).checked_out_at is None
    done = client.post(
        "/volunteers/checkin/",
        {"activity": signup.activity_id, "code": code, "confirm_short": "1"},
    )
    assert done.status_code == 302
    assert SignUp.objects.get(pk=signup.pk).checked_out_at is not None


def test_a_past_activity_closes_its_sign_up_by_itself(world):
    organizer = world.user("worker_a")
    past = make_activity(
        world,
        starts_at=timezone.now() - timedelta(days=2),
        ends_at=timezone.now() - timedelta(days=2) + timedelta(hours=2),
    )
    activity_open(by=organizer, activity=past)
    assert not past.signup_open and past.status_label == "sign-up closed"
    person = world.user("volunteer")
    with pytest.raises(InvalidInput):
        sign_up(by=person, activity=past, volunteer=own_volunteer(person))
    # the organizer still records who served, after the fact
    assert sign_up(by=organizer, activity=past, volunteer=own_volunteer(person)).pk
    assert make_activity(world).signup_open is False  # a draft is not open either
