from typing import Any

import pytest


@pytest.fixture
def other_teacher(db: Any, world: Any) -> Any:
    """A teacher of another university, granted at the city like the demo teacher."""
    from shequ.accounts.models import Role, RoleGrant, User
    from shequ.organizations.models import Organization

    city = world.division("city")
    school = Organization.objects.create(
        division=city, name="吉林大学哲学社会学院", kind="university"
    )
    user = User.objects.create(username="teacher_x", full_name="钱老师", division=city)
    RoleGrant.objects.create(
        user=user, role=Role.objects.get(code="teacher"), division=city, organization=school
    )
    return user


@pytest.fixture
def placement(db: Any) -> Any:
    """林小雨's placement in 东岭 (demo): two weeks logged, one approved, one submitted."""
    from shequ.placements.models import Placement

    return Placement.objects.select_related("student__requirement").get(
        student__user__username="student"
    )


@pytest.fixture
def placement_b(db: Any) -> Any:
    from shequ.placements.models import Placement

    return Placement.objects.select_related("student__requirement").get(
        student__user__username="student_b"
    )


@pytest.fixture
def more_placements(world: Any, placement: Any) -> Any:
    """`more_placements(n)`: n more placements of 林小雨 in 东岭 (for the query counts)."""
    from datetime import date, timedelta

    from shequ.placements.services import placement_create

    def make(n: int) -> None:
        for _ in range(n):
            placement_create(
                by=world.user("teacher"),
                student=placement.student,
                host=world.org("community_a_committee"),
                start_date=date.today(),
                end_date=date.today() + timedelta(days=30),
                school_supervisor=world.user("teacher"),
                field_supervisor=world.user("worker_a"),
            )

    return make
