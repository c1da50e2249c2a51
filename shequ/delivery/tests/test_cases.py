from datetime import date, timedelta

import pytest

from shequ.core.errors import Forbidden, InvalidInput, NotFound
from shequ.delivery.cases import (
    case_advance,
    case_close,
    case_get,
    case_intervene,
    case_list,
    case_open,
    case_transfer,
    interventions_for,
)
from shequ.delivery.figures import served_figures
from shequ.projects.models import ServiceProject
from shequ.residents.models import Resident

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def case(world):
    client = Resident.objects.filter(merged_into__isnull=True, division_id="220102001001").earliest(
        "pk"
    )
    project = ServiceProject.objects.get(number="NG-2026-001")
    return case_open(
        by=world.user("agency"),
        client=client,
        project=project,
        opened_on=date.today(),
        presenting_problem="独居，情绪低落",
    )


def walk_to_intervention(world, case):
    agency = world.user("agency")
    case_advance(by=agency, case=case, to_stage="assessment", text="社会支持薄弱")
    case_advance(by=agency, case=case, to_stage="plan", text="每周探访，链接志愿者")
    case_advance(by=agency, case=case, to_stage="intervention")


def test_the_stages_in_order_and_interventions_count_as_services(world, case):
    agency = world.user("agency")
    with pytest.raises(InvalidInput):
        case_advance(by=agency, case=case, to_stage="plan", text="跳过预估")
    walk_to_intervention(world, case)
    case_intervene(
        by=agency,
        case=case,
        served_on=date.today(),
        duration_minutes=50,
        way="入户探访",
        notes="老人说夜里睡不好",
    )
    figures = served_figures(
        prefix="220102001001", start=date.today(), end=date.today(), method="case"
    )
    assert figures.person_times >= 1
    case_advance(by=agency, case=case, to_stage="evaluation", text="目标达成")
    case_close(by=agency, case=case, reason="目标达成", closed_on=date.today())
    assert case.stage == "closed"


def test_notes_are_confidential(world, case):
    walk_to_intervention(world, case)
    case_intervene(
        by=world.user("agency"),
        case=case,
        served_on=date.today(),
        duration_minutes=30,
        way="电话",
        notes="机密内容",
    )
    assert interventions_for(user=world.user("agency"), case=case)[0]["notes"] == "机密内容"
    seen_by_worker = interventions_for(
        user=world.user("worker_a"), case=case_get(user=world.user("worker_a"), pk=case.pk)
    )
    assert seen_by_worker[0]["notes"] is None


def test_another_community_cannot_see_the_case(world, case):
    assert not case_list(user=world.user("worker_b")).filter(pk=case.pk).exists()
    with pytest.raises(NotFound):
        case_get(user=world.user("worker_k"), pk=case.pk)


def test_transfer_and_supervised_closure(world, case):
    project = case.project
    project.requires_supervision = True
    project.save()
    case_transfer(
        by=world.user("agency"), case=case, to_worker=world.user("worker_a"), reason="搬家"
    )
    assert case.worker.username == "worker_a"
    with pytest.raises(Forbidden):
        case_advance(by=world.user("agency"), case=case, to_stage="assessment", text="x")
    worker = world.user("worker_a")
    case_advance(by=worker, case=case, to_stage="assessment", text="a")
    case_advance(by=worker, case=case, to_stage="plan", text="b")
    case_advance(by=worker, case=case, to_stage="intervention")
    case_advance(by=worker, case=case, to_stage="evaluation", text="c")
    with pytest.raises(Forbidden) as info:
        case_close(by=worker, case=case, reason="完成", closed_on=date.today())
    assert info.value.code == "supervision"


def test_bad_input(world):
    client = Resident.objects.filter(merged_into__isnull=True, division_id="220102001001").earliest(
        "pk"
    )
    with pytest.raises(InvalidInput):
        case_open(
            by=world.user("agency"), client=client, presenting_problem="", opened_on=date.today()
        )
    with pytest.raises(InvalidInput):
        case_open(
            by=world.user("agency"),
            client=client,
            presenting_problem="x",
            opened_on=date.today() + timedelta(days=1),
        )
    with pytest.raises(Forbidden):
        case_open(
            by=world.user("worker_b"), client=client, presenting_problem="x", opened_on=date.today()
        )
