from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from shequ.core.errors import Conflict, Forbidden, InvalidInput
from shequ.projects.documents import document_add
from shequ.projects.evaluations import evaluation_record
from shequ.projects.models import Evaluation, EvaluationDimension, ProjectDocument
from shequ.projects.services import project_advance
from shequ.projects.tests.test_projects import FULL_MARKS, evaluate, make

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def in_midterm(world):
    project = make(world)
    for stage in ("signed", "running", "midterm"):
        project_advance(by=world.user("district"), project=project, to_stage=stage)
    return project


def test_the_rubric_is_data_and_the_total_and_grade_follow_it(world):
    assert [d.code for d in EvaluationDimension.objects.all()] == [
        "management",
        "finance",
        "service_output",
        "social_evaluation",
        "innovation",
    ]
    project = in_midterm(world)
    evaluation = evaluate(world, project, "midterm")
    assert evaluation.total == Decimal("88.5")
    assert evaluation.grade == "良好"
    assert {s.dimension.code: s.score for s in evaluation.scores.all()} == {
        k: Decimal(v) for k, v in FULL_MARKS.items()
    }
    # a new dimension added as data is then required by the next evaluation
    EvaluationDimension.objects.create(code="party", name="党建", max_score=Decimal("5"))
    project_advance(by=world.user("district"), project=project, to_stage="final_evaluation")
    with pytest.raises(InvalidInput) as info:
        evaluate(world, project, "final")
    assert info.value.field == "score_party"
    final = evaluate(world, project, "final", scores={**FULL_MARKS, "party": "5"})
    assert final.total == Decimal("93.5")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"scores": {**FULL_MARKS, "finance": "16"}}, "score_finance"),
        ({"scores": {**FULL_MARKS, "finance": "-1"}}, "score_finance"),
        ({"scores": {**FULL_MARKS, "finance": "abc"}}, "score_finance"),
        ({"scores": {**FULL_MARKS, "finance": "10.25"}}, "score_finance"),
        ({"scores": {**FULL_MARKS, "nonsense": "1"}}, "score_nonsense"),
        ({"conclusion": "  "}, "conclusion"),
        ({"kind": "final"}, "kind"),
        ({"evaluated_on": date.today() + timedelta(days=1)}, "evaluated_on"),
    ],
)
def test_bad_evaluations_save_nothing(world, overrides, field):
    project = in_midterm(world)
    with pytest.raises(InvalidInput) as info:
        evaluate(world, project, overrides.pop("kind", "midterm"), **overrides)
    assert info.value.field == field
    assert not Evaluation.objects.filter(project=project).exists()


def test_the_evaluator_is_a_third_party_with_the_permission(world):
    project = in_midterm(world)
    for org in ("agency", "nanguan_bureau"):
        with pytest.raises(InvalidInput):
            evaluate(world, project, "midterm", evaluator=world.org(org))
    with pytest.raises(Forbidden):
        evaluate(world, project, "midterm", by=world.user("agency"))
    with pytest.raises(Forbidden):
        evaluate(world, project, "midterm", by=world.user("district_k"))
    evaluate(world, project, "midterm")
    with pytest.raises(Conflict):
        evaluate(world, project, "midterm")


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def test_documents_are_checked_for_kind_content_and_size(world, settings):
    project = make(world)
    district = world.user("district")
    doc = document_add(
        by=district, project=project, kind="contract", title="服务合同", upload=upload("c.pdf", PDF)
    )
    assert doc.size == len(PDF) and doc.content_type == "application/pdf"
    assert doc.file.read() == PDF
    assert doc.file.name.rsplit("/", 1)[-1] != "c.pdf"  # stored under a random name
    cases = [
        (upload("run.exe", b"MZ..."), "file_type"),
        (upload("fake.pdf", b"<script>alert(1)</script>"), "file_content"),
        (upload("empty.pdf", b""), "file_empty"),
        (upload("big.pdf", PDF + b"0" * (20 * 1024 * 1024)), "file_size"),
    ]
    for file, code in cases:
        with pytest.raises(InvalidInput) as info:
            document_add(by=district, project=project, kind="report", title="", upload=file)
        assert info.value.code == code
    with pytest.raises(InvalidInput):
        document_add(
            by=district, project=project, kind="nonsense", title="", upload=upload("a.pdf", PDF)
        )
    assert ProjectDocument.objects.filter(project=project).count() == 1


def test_only_the_buyer_and_the_providers_staff_add_documents(world):
    project = make(world)
    document_add(
        by=world.user("agency"), project=project, kind="plan", title="", upload=upload("p.pdf", PDF)
    )
    for username in ("worker_a", "district_k", "volunteer"):
        with pytest.raises(Forbidden):
            document_add(
                by=world.user(username),
                project=project,
                kind="plan",
                title="",
                upload=upload("p.pdf", PDF),
            )


def test_evaluation_requires_the_evaluate_permission_over_the_project(world):
    project = in_midterm(world)
    with pytest.raises(Forbidden):
        evaluation_record(
            by=world.user("worker_a"),
            project=project,
            kind="midterm",
            evaluator=world.org("university"),
            evaluated_on=date.today(),
            scores=FULL_MARKS,
            conclusion="x",
        )
