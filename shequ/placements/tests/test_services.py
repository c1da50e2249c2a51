from datetime import date, timedelta
from decimal import Decimal

import pytest

from shequ.core.errors import Conflict, Forbidden, InvalidInput
from shequ.placements.models import (
    JournalStatus,
    Placement,
    PracticumLog,
    PracticumRequirement,
    monday_of,
)
from shequ.placements.selectors import placement_list, progress, weeks
from shequ.placements.services import (
    assignment_create,
    assignment_evaluate,
    evaluation_add,
    journal_decide,
    journal_submit,
    log_add,
    log_update,
    placement_create,
    student_create,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

TODAY = date.today()
THIS_MONDAY = monday_of(TODAY)


def add_today(world, placement, hours="6"):
    return log_add(
        by=world.user("student"),
        placement=placement,
        day=TODAY,
        hours=hours,
        activities="入户走访",
    )


def test_the_demo_placement_counts_only_approved_weeks_against_800_hours(placement):
    done = progress(Placement.objects.get(pk=placement.pk))
    assert done.required == 800  # MSW, as data
    assert done.approved == Decimal("39")  # the approved week: 8 + 7.5 + 8 + 7.5 + 8
    assert done.logged == Decimal("62.5")  # and the submitted week's 23.5
    listed = placement_list(user=placement.school_supervisor).get(pk=placement.pk)
    assert (progress(listed).approved, progress(listed).logged) == (done.approved, done.logged)
    assert done.percent == 4


def test_required_hours_are_data(placement):
    PracticumRequirement.objects.filter(code="msw").update(hours=100)
    placement = Placement.objects.select_related("student__requirement").get(pk=placement.pk)
    assert progress(placement).required == 100
    assert progress(placement).percent == 39


def test_an_entry_outside_the_placement_period_is_refused_and_nothing_is_saved(world, placement):
    before = PracticumLog.objects.count()
    with pytest.raises(InvalidInput) as exc:
        log_add(
            by=world.user("student"),
            placement=placement,
            day=placement.start_date - timedelta(days=1),
            hours="4",
            activities="提前到社区",
        )
    assert exc.value.code == "outside" and exc.value.field == "day"
    assert "outside the placement" in str(exc.value.message)
    assert PracticumLog.objects.count() == before


@pytest.mark.parametrize("hours", ["0", "-2", "24.5", "3.25", "many"])
def test_hours_of_a_day_are_more_than_0_and_at_most_24(world, placement, hours):
    with pytest.raises(InvalidInput) as exc:
        add_today(world, placement, hours)
    assert exc.value.field == "hours"
    assert not placement.logs.filter(day=TODAY).exists()


def test_a_day_over_all_placements_has_at_most_24_hours(world, placement):
    second = placement_create(
        by=world.user("teacher"),
        student=placement.student,
        host=world.org("agency"),
        start_date=placement.start_date,
        end_date=placement.end_date,
        school_supervisor=world.user("teacher"),
        field_supervisor=world.user("agency"),
    )
    add_today(world, placement, "20")
    with pytest.raises(InvalidInput) as exc:
        add_today(world, second, "4.5")
    assert exc.value.code == "over_24"
    assert add_today(world, second, "4").hours == Decimal("4")


def test_one_entry_per_day_a_second_is_a_conflict(world, placement):
    add_today(world, placement, "6")
    with pytest.raises(Conflict) as exc:
        add_today(world, placement, "2")
    assert exc.value.code == "duplicate"
    assert placement.logs.get(day=TODAY).hours == Decimal("6")


def test_a_day_that_has_not_come_is_refused(world, placement):
    with pytest.raises(InvalidInput) as exc:
        log_add(
            by=world.user("student"),
            placement=placement,
            day=TODAY + timedelta(days=1),
            hours="3",
            activities="x",
        )
    assert exc.value.code == "future"


@pytest.mark.parametrize("username", ["worker_a", "teacher", "student_b"])
def test_only_the_student_keeps_the_log(world, placement, username):
    with pytest.raises(Forbidden):
        log_add(by=world.user(username), placement=placement, day=TODAY, hours="3", activities="x")


def test_submit_approve_locks_the_week_and_counts_its_hours(world, placement):
    student, field = world.user("student"), world.user("worker_a")
    entry = add_today(world, placement, "6")
    tuesday = THIS_MONDAY - timedelta(days=6)
    with pytest.raises(InvalidInput) as exc:
        journal_submit(by=student, placement=placement, week_start=tuesday, text="本周")
    assert exc.value.code == "not_monday"
    with pytest.raises(InvalidInput):
        journal_submit(by=student, placement=placement, week_start=THIS_MONDAY, text="  ")
    journal = journal_submit(by=student, placement=placement, week_start=THIS_MONDAY, text="本周")
    # submitted: the week's entries wait for the supervisor
    with pytest.raises(Conflict) as locked:
        log_update(by=student, entry=entry, hours="7", activities="改")
    assert locked.value.code == "locked"
    with pytest.raises(Forbidden):
        journal_decide(by=world.user("teacher"), journal=journal, approve=True)
    with pytest.raises(Forbidden):
        journal_decide(by=student, journal=journal, approve=True)
    before = progress(Placement.objects.get(pk=placement.pk)).approved
    journal_decide(by=field, journal=journal, approve=True)
    assert progress(Placement.objects.get(pk=placement.pk)).approved == before + Decimal("6")
    with pytest.raises(Conflict) as locked:
        log_update(by=student, entry=entry, hours="7", activities="改")
    assert "approved" in str(locked.value.message)
    assert PracticumLog.objects.get(pk=entry.pk).hours == Decimal("6")
    with pytest.raises(Conflict):
        journal_decide(by=field, journal=journal, approve=False, comment="再写写")
    with pytest.raises(Conflict):
        journal_submit(by=student, placement=placement, week_start=THIS_MONDAY, text="again")


def test_an_approved_week_takes_no_new_entries(world, placement):
    approved_monday = placement.start_date
    assert placement.journals.get(week_start=approved_monday).status == JournalStatus.APPROVED
    with pytest.raises(Conflict) as exc:
        log_add(
            by=world.user("student"),
            placement=placement,
            day=approved_monday + timedelta(days=5),
            hours="3",
            activities="周六补记",
        )
    assert exc.value.code == "locked"


def test_a_returned_week_needs_a_reason_then_opens_again(world, placement):
    student, field = world.user("student"), world.user("worker_a")
    journal = placement.journals.get(status=JournalStatus.SUBMITTED)
    with pytest.raises(InvalidInput) as exc:
        journal_decide(by=field, journal=journal, approve=False, comment=" ")
    assert exc.value.field == "comment"
    journal_decide(by=field, journal=journal, approve=False, comment="请补充反思")
    entry = placement.logs.filter(week_start=journal.week_start).first()
    assert log_update(by=student, entry=entry, hours="6.5", activities="补充").hours == Decimal(
        "6.5"
    )
    again = journal_submit(
        by=student, placement=placement, week_start=journal.week_start, text="补充了反思"
    )
    assert again.pk == journal.pk and again.status == JournalStatus.SUBMITTED


def test_an_empty_week_cannot_be_submitted(world, placement):
    PracticumLog.objects.filter(placement=placement, week_start=THIS_MONDAY).delete()
    with pytest.raises(InvalidInput) as exc:
        journal_submit(
            by=world.user("student"), placement=placement, week_start=THIS_MONDAY, text="x"
        )
    assert exc.value.code == "empty"


def test_weeks_of_the_placement(placement):
    rows = weeks(placement)
    assert [w.start for w in rows] == [
        THIS_MONDAY,
        THIS_MONDAY - timedelta(days=7),
        THIS_MONDAY - timedelta(days=14),
    ]
    assert rows[2].journal.status == "approved" and rows[2].locked
    assert rows[2].hours == Decimal("39") and len(rows[1].entries) == 3
    assert rows[0].journal is None and not rows[0].locked


def _end_placement(placement):
    Placement.objects.filter(pk=placement.pk).update(
        start_date=TODAY - timedelta(days=100), end_date=TODAY - timedelta(days=1)
    )
    return Placement.objects.get(pk=placement.pk)


def test_evaluations_by_each_supervisor_once_after_the_end(world, placement):
    teacher, field = world.user("teacher"), world.user("worker_a")
    with pytest.raises(InvalidInput) as exc:
        evaluation_add(by=teacher, placement=placement, score=90, comment="好")
    assert exc.value.code == "too_early"
    placement = _end_placement(placement)
    with pytest.raises(Forbidden):
        evaluation_add(by=world.user("worker_b"), placement=placement, score=90, comment="好")
    with pytest.raises(Forbidden):
        evaluation_add(by=world.user("student"), placement=placement, score=100, comment="好")
    with pytest.raises(InvalidInput):
        evaluation_add(by=teacher, placement=placement, score=101, comment="好")
    assert evaluation_add(by=teacher, placement=placement, score=92, comment="好").role == "school"
    assert evaluation_add(by=field, placement=placement, score="88", comment="认真").role == "field"
    with pytest.raises(Conflict):
        evaluation_add(by=teacher, placement=placement, score=80, comment="改")
    assert sorted(placement.evaluations.values_list("score", flat=True)) == [88, 92]


def test_assistant_assignment_to_a_secretary_of_the_community(world, placement_b):
    teacher = world.user("teacher")
    kwargs = dict(placement=placement_b, duties="协助书记筹备议事会")
    start = TODAY - timedelta(days=10)
    with pytest.raises(InvalidInput) as exc:  # worker_a is not of 西岭
        assignment_create(
            by=teacher, secretary=world.user("worker_a"), start_date=start, end_date=TODAY, **kwargs
        )
    assert exc.value.field == "secretary"
    with pytest.raises(InvalidInput) as exc:
        assignment_create(
            by=teacher,
            secretary=world.user("worker_b"),
            start_date=placement_b.start_date - timedelta(days=1),
            end_date=TODAY,
            **kwargs,
        )
    assert exc.value.code == "outside"
    with pytest.raises(Forbidden):
        assignment_create(
            by=world.user("student_b"),
            secretary=world.user("worker_b"),
            start_date=start,
            end_date=TODAY,
            **kwargs,
        )
    later = assignment_create(
        by=teacher,
        secretary=world.user("worker_b"),
        start_date=start,
        end_date=TODAY + timedelta(days=3),
        **kwargs,
    )
    with pytest.raises(InvalidInput) as exc:
        assignment_evaluate(
            by=world.user("worker_b"), assignment=later, rating="good", comment="好"
        )
    assert exc.value.code == "too_early"
    assignment = assignment_create(
        by=world.user("worker_b"),  # the field supervisor may assign too
        secretary=world.user("worker_b"),
        start_date=start,
        end_date=TODAY,
        **kwargs,
    )
    for username in ("teacher", "worker_a", "student_b"):
        with pytest.raises(Forbidden):
            assignment_evaluate(
                by=world.user(username), assignment=assignment, rating="good", comment="好"
            )
    with pytest.raises(InvalidInput):
        assignment_evaluate(
            by=world.user("worker_b"), assignment=assignment, rating="A+", comment="好"
        )
    done = assignment_evaluate(
        by=world.user("worker_b"), assignment=assignment, rating="good", comment="主动"
    )
    assert done.rating == "good" and done.evaluated_at is not None
    with pytest.raises(Conflict):
        assignment_evaluate(
            by=world.user("worker_b"), assignment=assignment, rating="fail", comment="改"
        )


def test_placing_a_student(world, placement, other_teacher):
    teacher = world.user("teacher")
    kwargs = dict(
        student=placement.student,
        host=world.org("community_b_committee"),
        start_date=TODAY,
        end_date=TODAY + timedelta(days=60),
        school_supervisor=teacher,
        field_supervisor=world.user("worker_b"),
    )
    with pytest.raises(Forbidden):
        placement_create(by=other_teacher, **kwargs)
    with pytest.raises(Forbidden):
        placement_create(by=world.user("worker_b"), **kwargs)
    with pytest.raises(InvalidInput) as exc:
        placement_create(by=teacher, **{**kwargs, "field_supervisor": world.user("worker_a")})
    assert exc.value.field == "field_supervisor"
    with pytest.raises(InvalidInput) as exc:
        placement_create(by=teacher, **{**kwargs, "school_supervisor": other_teacher})
    assert exc.value.field == "school_supervisor"
    with pytest.raises(InvalidInput) as exc:
        placement_create(by=teacher, **{**kwargs, "host": world.org("police")})
    assert exc.value.field == "host"
    with pytest.raises(InvalidInput) as exc:
        placement_create(by=teacher, **{**kwargs, "end_date": TODAY - timedelta(days=1)})
    assert exc.value.field == "end_date"
    created = placement_create(by=teacher, **kwargs)
    assert created.division_id == world.division("community_b").code


def test_registering_students(world, other_teacher):
    msw = PracticumRequirement.objects.get(code="msw")
    kwargs = dict(
        school=world.org("university"),
        name="周一",
        number="2026MSW001",
        requirement=msw,
        cohort=2026,
    )
    with pytest.raises(Forbidden):
        student_create(by=other_teacher, **kwargs)
    with pytest.raises(InvalidInput):
        student_create(by=world.user("teacher"), **{**kwargs, "cohort": 1900})
    with pytest.raises(InvalidInput):
        student_create(by=world.user("teacher"), **{**kwargs, "number": " "})
    student_create(by=world.user("teacher"), **kwargs)
    with pytest.raises(Conflict):
        student_create(by=world.user("teacher"), **{**kwargs, "name": "周二"})


@pytest.mark.parametrize(
    ("username", "sees_a", "sees_b"),
    [
        ("student", True, False),
        ("student_b", False, True),
        ("worker_a", True, False),
        ("worker_b", False, True),
        ("street", True, True),
        ("district", True, True),
        ("district_k", False, False),
        ("worker_k", False, False),
        ("teacher", True, True),
        ("volunteer", False, False),
    ],
)
def test_who_sees_which_placement(world, placement, placement_b, username, sees_a, sees_b):
    seen = set(placement_list(user=world.user(username)).values_list("pk", flat=True))
    assert (placement.pk in seen, placement_b.pk in seen) == (sees_a, sees_b)


def test_another_schools_teacher_sees_none(placement, other_teacher):
    assert not placement_list(user=other_teacher).exists()


def test_the_secretary_sees_the_placement_of_their_assistant(world, placement):
    """A secretary outside the placement's reach (here: of another community) would still see
    it; shown with worker_k granted nothing over 东岭."""
    from shequ.placements.models import AssistantAssignment

    AssistantAssignment.objects.create(
        placement=placement,
        secretary=world.user("worker_k"),
        start_date=placement.start_date,
        end_date=placement.start_date,
        duties="x",
    )
    assert placement_list(user=world.user("worker_k")).filter(pk=placement.pk).exists()
