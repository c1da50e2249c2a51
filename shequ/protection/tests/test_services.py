"""The protection network's rules: confidentiality first, then the deadlines, referrals,
escalation, meetings and closure."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from shequ.access.perms import Perm
from shequ.core.errors import Forbidden, InvalidInput, NotFound
from shequ.protection.alerts import raise_alerts
from shequ.protection.models import (
    AccessLog,
    Alert,
    CaseStatus,
    GlassBreak,
    Meeting,
    ProtectionCase,
    Report,
)
from shequ.protection.selectors import (
    access_log,
    alerts_for,
    case_count,
    case_get,
    case_list,
    report_queryset,
    reporter_shown,
)
from shequ.protection.services import (
    break_glass,
    case_grade,
    closure_approve,
    closure_request,
    de_escalate,
    escalate,
    referral_answer,
    referral_create,
    reopen,
    report_accept,
    report_submit,
    resolution_add,
    task_complete,
    visit_record,
)
from shequ.residents.selectors import ResidentFilters, resident_list

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def child(years=10, name="陈小花"):
    return {
        "name": name,
        "gender": "F",
        "birth_date": date.today() - timedelta(days=365 * years + 30),
    }


def file_report(world, by="school", community="community_a", **overrides):
    data = {
        "by": world.user(by),
        "community": world.division(community),
        "child": child(),
        "situations": ["multiple_injuries"],
        "seen": "手臂多处淤青",
        "seen_at": timezone.now() - timedelta(hours=1),
    }
    data.update(overrides)
    return report_submit(**data)


def demo_case():
    return ProtectionCase.objects.get(child__name="李小雨")


@pytest.mark.parametrize("username", ["worker_k", "worker_b", "worker_a", "district_k", "agency"])
def test_outsiders_and_non_protection_roles_find_no_trace(world, username):
    """An outsider, a community worker of another community, and a non-protection role of the
    same community (worker_a of 东岭): 404, no list entry, no count."""
    case = demo_case()
    user = world.user(username)
    with pytest.raises(NotFound):
        case_get(user, case.pk, channel="api")
    assert case_list(user) == [] and case_count(user) == 0
    assert not report_queryset(user).exists()
    # the child's residents record carries no mark of the case either
    for resident in resident_list(user=user, filters=ResidentFilters(q="李小雨")):
        assert not hasattr(resident, "protection")


@pytest.mark.parametrize("username", ["director_a", "child_sup", "district"])
def test_protection_roles_in_reach_see_the_case_and_each_read_is_logged(world, username):
    case = demo_case()
    user = world.user(username)
    before = AccessLog.objects.filter(case=case, user=user).count()
    assert case_get(user, case.pk, channel="page") == case
    assert case in case_list(user)
    log = AccessLog.objects.filter(case=case, user=user)
    assert log.count() == before + 2
    assert set(log.values_list("channel", flat=True)) >= {"page", "list"}


def test_the_referred_organization_sees_the_case_once_it_accepts(world):
    case = demo_case()
    police = world.user("police")
    assert case_get(police, case.pk, channel="api") == case  # demo referral was accepted
    assert AccessLog.objects.filter(case=case, user=police, via="referral").exists()
    # a referral waiting for an answer shows nothing yet
    referral = referral_create(
        by=world.user("director_a"), case=case, organization=world.org("school"), reason="学校协助"
    )
    school = world.user("school")
    with pytest.raises(NotFound):
        case_get(school, case.pk, channel="api")
    referral_answer(by=school, referral=referral, accept=True, answer="同意")
    assert case_get(school, case.pk, channel="api") == case


def test_a_referral_to_an_organization_that_cannot_receive_is_refused(world):
    case = demo_case()
    for org in ("volunteer_team", "university"):
        with pytest.raises(InvalidInput) as info:
            referral_create(
                by=world.user("director_a"), case=case, organization=world.org(org), reason="x"
            )
        assert info.value.code == "cannot_receive"
    assert case.referrals.count() == 1


def test_declining_needs_a_reason(world):
    case = demo_case()
    referral = referral_create(
        by=world.user("director_a"), case=case, organization=world.org("school"), reason="协助"
    )
    with pytest.raises(InvalidInput):
        referral_answer(by=world.user("school"), referral=referral, accept=False, answer="")
    with pytest.raises(Forbidden):
        referral_answer(by=world.user("police"), referral=referral, accept=True, answer="")


def test_the_reporters_identity_is_hidden_without_the_permission(world):
    report = Report.objects.get(child__name="李小雨")
    assert reporter_shown(world.user("director_a"), report)["hidden"]
    shown = reporter_shown(world.user("child_sup"), report)
    assert not shown["hidden"] and shown["name"] == "林老师"
    assert not reporter_shown(world.user("school"), report)["hidden"]  # the reporter themself


def test_a_report_about_an_adult_or_a_future_sighting_is_refused(world):
    before = Report.objects.count()
    with pytest.raises(InvalidInput) as info:
        file_report(world, child=child(years=18))
    assert info.value.code == "not_a_minor"
    with pytest.raises(InvalidInput):
        file_report(world, seen_at=timezone.now() + timedelta(hours=2))
    with pytest.raises(InvalidInput):
        file_report(world, situations=[])
    with pytest.raises(Forbidden):
        file_report(world, by="volunteer")
    assert Report.objects.count() == before


def test_an_unregistered_child_is_registered_without_the_reporter_seeing_the_registry(world):
    report = file_report(world, child=child(name="新登记儿童"))
    assert report.child.division_id == world.division("community_a").code
    assert "protection report" in report.child.note
    again = file_report(world, child=child(name="新登记儿童"))
    assert again.child == report.child  # the same child found, not registered twice


def test_an_unacknowledged_report_alerts_the_level_above_at_its_deadline(world):
    report = file_report(world)
    # (the demo's own reports may fall due meanwhile: only this report's alerts are asserted)
    raise_alerts(now=report.due_at - timedelta(minutes=1))
    assert not Alert.objects.filter(report=report).exists()
    raise_alerts(now=report.due_at + timedelta(minutes=1))
    alert = Alert.objects.get(report=report)
    assert alert.division_id == world.division("ziqiang").code
    assert alert in alerts_for(world.user("child_sup"))
    assert alert not in alerts_for(world.user("director_a"))
    raise_alerts(now=report.due_at + timedelta(hours=3))
    assert Alert.objects.filter(report=report).count() == 1  # one alert per occasion
    report.refresh_from_db()
    assert report.escalated_at is not None


def test_the_grade_sets_the_visit_rhythm_and_a_missed_visit_alerts(world):
    director = world.user("director_a")
    case = report_accept(by=director, report=file_report(world))
    case_grade(by=director, case=case, grade="red", reasons="多处外伤")
    assert case.next_visit_due == date.today() + timedelta(days=7)
    later = timezone.now() + timedelta(days=8)
    raise_alerts(now=later)
    divisions = set(Alert.objects.filter(case=case).values_list("division_id", flat=True))
    assert divisions == {world.division("community_a").code, world.division("ziqiang").code}
    visit_record(by=director, case=case, visited_on=date.today(), notes="入户")
    with pytest.raises(InvalidInput) as info:
        visit_record(by=director, case=case, visited_on=date.today() + timedelta(days=1), notes="")
    assert info.value.code == "future"
    case_grade(by=director, case=case, grade="green", reasons="风险解除")
    assert case.next_visit_due == date.today() + timedelta(days=30)


def test_break_the_glass_is_limited_in_time_logged_and_alerted(world, settings):
    case = demo_case()
    outsider = world.user("district_k")  # a protection role of another district
    with pytest.raises(NotFound):
        case_get(outsider, case.pk, channel="page")
    with pytest.raises(InvalidInput):
        break_glass(outsider, case.pk, "急")
    break_glass(outsider, case.pk, "孩子今晚被送到我区救助站，需要了解情况")
    assert case_get(outsider, case.pk, channel="page") == case
    assert AccessLog.objects.filter(case=case, user=outsider, via="glass").exists()
    kinds = set(
        Alert.objects.filter(case=case, kind="glass_broken").values_list("permission", flat=True)
    )
    assert kinds == {Perm.PROTECTION_SUPERVISE, Perm.AUDIT_VIEW}
    assert Alert.objects.filter(case=case, kind="glass_broken").first() in alerts_for(
        world.user("auditor")
    )
    GlassBreak.objects.filter(case=case, user=outsider).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    with pytest.raises(NotFound):
        case_get(outsider, case.pk, channel="page")
    with pytest.raises(NotFound):  # a role without protection.view cannot break the glass
        break_glass(world.user("worker_k"), case.pk, "我想看看这个个案的情况")


def test_the_access_log_is_shown_to_the_supervisor_only(world):
    case = demo_case()
    case_get(world.user("director_a"), case.pk, channel="page")
    entries = access_log(world.user("child_sup"), case)
    assert any(e.user.username == "director_a" for e in entries)
    with pytest.raises(Forbidden):
        access_log(world.user("director_a"), case)


def test_escalation_moves_responsibility_up_and_back_down(world):
    case = demo_case()
    escalate(by=world.user("director_a"), case=case, reason="需要街道协调")
    assert case.level_id == world.division("ziqiang").code
    escalate(by=world.user("child_sup"), case=case, reason="需要区级联席会议")
    assert case.level_id == world.division("nanguan").code
    with pytest.raises(InvalidInput):
        escalate(by=world.user("district"), case=case, reason="再往上")
    with pytest.raises(Forbidden):
        de_escalate(by=world.user("director_a"), case=case, reason="退回")
    assert list(case.events.values_list("action", flat=True)).count("escalate") == 2


def test_resolutions_need_an_owner_and_a_due_date_and_overdue_tasks_alert(world):
    meeting = Meeting.objects.get()
    convener = world.user("child_sup")
    for owner, due, field in (
        (None, date.today(), "owner"),
        (world.org("school"), None, "due_on"),
    ):
        with pytest.raises(InvalidInput) as info:
            resolution_add(by=convener, meeting=meeting, resolution="x", owner=owner, due_on=due)
        assert info.value.field == field
    task = meeting.tasks.get(
        resolution="学校为李小雨安排午餐和课后托管"
    )  # the demo has the police's too
    raise_alerts(now=timezone.now() + timedelta(days=11))
    orgs = set(Alert.objects.filter(task=task).values_list("organization_id", flat=True))
    assert orgs == {world.org("school").pk, world.org("ziqiang_office").pk}
    assert Alert.objects.filter(task=task).first() in alerts_for(world.user("school"))
    with pytest.raises(Forbidden):
        task_complete(by=world.user("police"), task=task, outcome="完成")
    task_complete(by=world.user("school"), task=task, outcome="已安排午餐")
    assert task.status == "done"


def test_closure_needs_a_supervisors_approval_then_follow_up_and_can_reopen(world):
    case = demo_case()
    director = world.user("director_a")
    with pytest.raises(InvalidInput):
        closure_request(by=director, case=case, reason="监护落实", follow_up_months=1)
    closure_request(by=director, case=case, reason="监护落实", follow_up_months=6)
    with pytest.raises(Forbidden):
        closure_approve(by=director, case=case, approve=True)
    closure_approve(by=world.user("child_sup"), case=case, approve=True)
    assert case.status == CaseStatus.FOLLOW_UP and case.follow_up_until > date.today()
    reopen(by=director, case=case, reason="再次发现独自在家")
    assert case.status == CaseStatus.OPEN


def test_the_alerts_command_raises_what_is_due(world):
    from io import StringIO

    from django.core.management import call_command

    report = file_report(world)
    Report.objects.filter(pk=report.pk).update(due_at=timezone.now() - timedelta(minutes=5))
    out = StringIO()
    call_command("protection_alerts", stdout=out)
    assert "new alert" in out.getvalue()
    assert Alert.objects.filter(report=report).exists()
