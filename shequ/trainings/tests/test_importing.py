"""Importing the trainees of a training from Excel through the residents' import engine: all or
nothing, every problem by row and column, a second import changes nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from shequ.core.errors import NotFound
from shequ.core.spreadsheet import write_xlsx
from shequ.imports.engine import commit_job, validate_job
from shequ.imports.models import Status
from shequ.imports.services import import_commit, import_start
from shequ.trainings.models import Enrollment, Trainee, Training

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

HEADERS = ["姓名", "所在社区", "工作单位", "联系电话", "职称", "取得职称日期"]
GOOD = [
    ["钱多多", "220102001001", "东岭社区居委会", "13800002222", "助理社会工作师", "2024-06-30"],
    ["孙悦", "新发社区", "新发社区居委会", "", "", ""],  # already enrolled in the demo
    ["李新", "西岭社区", "", "0431-88881234", "社会工作师", ""],
]
BAD = [
    ["", "220102001001", "", "", "", ""],
    ["王五", "月球社区", "", "", "", ""],
    ["赵六", "220102001001", "", "12345", "高级工程师", "去年"],
    ["钱多多", "220102001001", "东岭社区居委会", "13800002222", "", ""],
]


def demo_training():
    return Training.objects.get(title="2026年宽城区社工岗岗前培训")


def upload(world, rows, username="teacher", training=None):
    training = training or demo_training()
    job = import_start(
        by=world.user(username),
        kind="trainees",
        division=training.division,
        target_id=training.pk,
        upload=SimpleUploadedFile("学员.xlsx", write_xlsx(HEADERS, rows)),
    )
    validate_job(job)
    job.refresh_from_db()
    return job


def test_a_good_file_enrols_everyone_and_a_second_import_changes_nothing(world):
    training = demo_training()
    before = Trainee.objects.count()
    job = upload(world, GOOD)
    assert job.status == Status.VALID, job.errors
    import_commit(by=world.user("teacher"), job=job)
    commit_job(job)
    job.refresh_from_db()
    assert job.status == Status.DONE
    assert (job.created_count, job.updated_count) == (2, 1)  # 孙悦 was enrolled already
    assert Trainee.objects.count() == before + 2
    new = Trainee.objects.get(name="钱多多")
    assert new.division_id == "220102001001" and new.title.code == "assistant"
    assert new.phone_masked and "13800002222" not in new.phone_masked
    assert Enrollment.objects.filter(training=training, trainee=new).exists()

    again = upload(world, GOOD)
    commit_job(again)
    again.refresh_from_db()
    assert (again.created_count, again.updated_count) == (0, 3)
    assert Trainee.objects.count() == before + 2


def test_one_bad_row_refuses_the_whole_file_with_every_problem_by_row(world):
    before = (Trainee.objects.count(), Enrollment.objects.count())
    job = upload(world, GOOD + BAD)
    assert job.status == Status.INVALID
    problems = {(p["row"], p["column"]) for p in job.errors}
    assert {
        (5, "姓名"),
        (6, "所在社区"),
        (7, "联系电话"),
        (7, "职称"),
        (7, "取得职称日期"),
        (8, "姓名"),
    } <= problems
    commit_job(job)
    assert (Trainee.objects.count(), Enrollment.objects.count()) == before


def test_only_the_organizer_imports_into_a_training(world, client_as):
    training = demo_training()
    with pytest.raises(NotFound):  # a training the worker does not even see
        upload(world, GOOD, username="worker_a")
    # the import page offers the organizer's trainings only
    page = client_as("teacher").get("/imports/trainees/")
    assert page.status_code == 200 and training.title in page.content.decode()
    assert client_as("worker_b").get("/imports/trainees/").status_code == 404
    job = upload(world, GOOD)
    assert client_as("worker_b").get(f"/imports/job/{job.pk}/").status_code == 404
    assert client_as("teacher").get(f"/imports/job/{job.pk}/").status_code == 200
