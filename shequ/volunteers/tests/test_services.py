from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from shequ.audit.models import AuditEntry
from shequ.core import crypto
from shequ.core.errors import Conflict, Forbidden, InvalidInput
from shequ.residents.identity import id_check_char
from shequ.volunteers.models import Volunteer
from shequ.volunteers.services import (
    activity_create,
    activity_open,
    check_code,
    check_in,
    check_out,
    confirmed_hours,
    hours_confirm,
    sign_up,
    sign_up_decide,
    times_correct,
    volunteer_register,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def id_for(years: int, serial: str = "123") -> str:
    born = date.today() - timedelta(days=int(365.25 * years) + 10)
    first17 = f"220102{born:%Y%m%d}{serial}"
    return first17 + id_check_char(first17)


def register(world, years=30, **overrides):
    data = {
        "by": world.user("worker_a"),
        "division": world.division("community_a"),
        "name": "赵志愿",
        "id_type": "resident",
        "id_number": id_for(years),
        "phone": "13912345678",
        "skills": ["急救", "驾驶"],
    }
    data.update(overrides)
    return volunteer_register(**data)


def test_registration_age_rules_and_protected_identifiers(world):
    with pytest.raises(InvalidInput) as info:
        register(world, years=13)
    assert info.value.code == "too_young"
    with pytest.raises(InvalidInput) as info:
        register(world, years=15, id_number=id_for(15, "124"))
    assert info.value.code == "guardian_consent"
    minor = register(
        world, years=15, id_number=id_for(15, "124"), guardian_name="赵父", guardian_consent=True
    )
    assert minor.guardian_consent_date == date.today()
    adult = register(world)
    assert adult.number.startswith(world.division("community_a").code)
    assert "*" in adult.id_number_masked and adult.id_number_masked[-4:] == id_for(30)[-4:]
    assert crypto.decrypt(adult.id_number_cipher) == id_for(30)
    assert id_for(30) not in adult.number
    with pytest.raises(Conflict):
        register(world)
    with pytest.raises(Forbidden):
        register(world, by=world.user("worker_b"), id_number=id_for(40))


def make_activity(world, **overrides):
    start = timezone.now() - timedelta(minutes=30)
    data = {
        "by": world.user("worker_a"),
        "organizer": world.org("community_a_committee"),
        "division": world.division("community_a"),
        "title": "疫情期间配送物资",
        "content": "为居家老人配送生活物资",
        "place": "东岭社区服务站",
        "starts_at": start,
        "ends_at": start + timedelta(hours=3),
        "capacity": 2,
    }
    data.update(overrides)
    return activity_create(**data)


def test_a_risky_activity_opens_only_with_insurance(world):
    with pytest.raises(InvalidInput):
        make_activity(world, risky=True)  # the risks must be stated
    activity = make_activity(world, risky=True, risks="高空作业")
    with pytest.raises(InvalidInput) as info:
        activity_open(by=world.user("worker_a"), activity=activity)
    assert info.value.code == "uninsured"
    activity.insured = True
    activity_open(by=world.user("worker_a"), activity=activity)
    assert activity.status == "open"
    with pytest.raises(Forbidden):  # another organization's people do not organize for it
        make_activity(world, by=world.user("worker_b"))


def test_sign_up_check_in_and_out_correct_confirm_and_totals(world):
    organizer = world.user("worker_a")
    person = world.user("volunteer")
    volunteer = register(world)
    Volunteer.objects.filter(user=person).update(user=None)  # the demo's own volunteer
    volunteer.user = person
    volunteer.save()
    activity = make_activity(world)
    with pytest.raises(InvalidInput):
        sign_up(by=person, activity=activity, volunteer=volunteer)  # not open yet
    activity_open(by=organizer, activity=activity)
    signup = sign_up(by=person, activity=activity, volunteer=volunteer)
    now = timezone.now()
    with pytest.raises(InvalidInput):
        check_in(by=person, signup=signup, code=check_code(activity, now))  # not approved
    sign_up_decide(by=organizer, signup=signup, approve=True)
    with pytest.raises(InvalidInput) as info:
        check_in(
            by=person,
            signup=signup,
            code="000000" if check_code(activity, now) != "000000" else "111111",
        )
    assert info.value.code == "bad_code"
    stale = now - timedelta(minutes=5)
    with pytest.raises(InvalidInput):
        check_in(by=person, signup=signup, code=check_code(activity, stale), at=now)
    with pytest.raises(Forbidden):
        check_in(by=organizer, signup=signup, code=check_code(activity, now))
    check_in(by=person, signup=signup, code=check_code(activity, now), at=now)
    later = now + timedelta(hours=2, minutes=3)
    check_out(by=person, signup=signup, code=check_code(activity, later), at=later)
    assert signup.hours == Decimal("2.1")
    times_correct(
        by=organizer,
        signup=signup,
        checked_in_at=now,
        checked_out_at=now + timedelta(hours=2, minutes=30),
        reason="签退时手机没电",
    )
    assert signup.hours == Decimal("2.5")
    entry = AuditEntry.objects.filter(action="volunteer.correct_times").latest("pk")
    assert entry.detail["before"]["out"] == later.isoformat() and entry.detail["reason"]
    assert confirmed_hours(volunteer=volunteer) == 0  # not confirmed yet
    org = world.org("community_a_committee")
    before = (confirmed_hours(organization=org), confirmed_hours(prefix="220102"))
    hours_confirm(by=organizer, signup=signup)
    with pytest.raises(InvalidInput):
        times_correct(
            by=organizer, signup=signup, checked_in_at=now, checked_out_at=later, reason="x"
        )
    assert confirmed_hours(volunteer=volunteer) == Decimal("2.5")
    assert confirmed_hours(organization=org) == before[0] + Decimal("2.5")
    assert confirmed_hours(prefix="220102") == before[1] + Decimal("2.5")
    assert confirmed_hours(prefix="220103") == 0
    assert confirmed_hours(volunteer=volunteer, start=date.today() + timedelta(days=1)) == 0


def test_capacity(world):
    organizer = world.user("worker_a")
    activity = make_activity(world, capacity=1)
    activity_open(by=organizer, activity=activity)
    first = register(world)
    second = register(world, name="钱志愿", id_number=id_for(31, "125"))
    sign_up(by=organizer, activity=activity, volunteer=first)
    with pytest.raises(InvalidInput) as info:
        sign_up(by=organizer, activity=activity, volunteer=second)
    assert info.value.code == "full"
