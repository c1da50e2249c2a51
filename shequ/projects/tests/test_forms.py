"""The project pages that write: creating a project with its targets, adding documents and
recording an evaluation."""

import functools
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from shequ.projects.models import Evaluation, ProjectDocument, ServiceProject
from shequ.projects.services import project_advance

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def client_as(client_as):
    """Signed in, with the interface in English."""
    return functools.partial(client_as, language="en")


def project_post(world, **overrides):
    data = {
        "number": "NG-2026-099",
        "name": "社区康养服务项目",
        "buyer": world.org("nanguan_bureau").pk,
        "provider": world.org("agency").pk,
        "amount": "120000.00",
        "start_date": (date.today() - timedelta(days=30)).isoformat(),
        "end_date": (date.today() + timedelta(days=300)).isoformat(),
        "areas": ["health_elderly"],
        "communities": [world.division("community_a").code],
        "target_people_served": "50",
        "target_group_sessions": "8",
    }
    data.update(overrides)
    return data


def test_a_district_officer_creates_a_project_with_targets(client_as, world):
    client = client_as("district")
    page = client.get("/projects/new/").content.decode()
    assert "长春市同创社会工作服务中心" in page and "东岭社区" in page
    assert "宽城区民政局" not in page  # a buyer outside the officer's reach is not offered
    response = client.post("/projects/new/", project_post(world))
    project = ServiceProject.objects.get(number="NG-2026-099")
    assert response.status_code == 302 and response["Location"] == f"/projects/{project.pk}/"
    assert {(i.metric, int(i.target)) for i in project.indicators.all()} == {
        ("people_served", 50),
        ("group_sessions", 8),
    }
    assert project.division_id == world.division("nanguan").code


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"amount": "100.123"}, "at most two decimals"),
        ({"target_people_served": "abc"}, "A number of people is a whole number"),
        ({"target_people_served": "2.5"}, "A number of people is a whole number"),
        ({"target_satisfaction": "120"}, "percentage from 0 to 100"),
        ({"end_date": (date.today() - timedelta(days=60)).isoformat()}, "ends before it starts"),
        ({"communities": [], "areas": []}, "This field is required"),
    ],
)
def test_bad_input_shows_a_message_and_saves_nothing(client_as, world, overrides, message):
    response = client_as("district").post("/projects/new/", project_post(world, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ServiceProject.objects.filter(number="NG-2026-099").exists()
    assert response.context["form"]["name"].value() == "社区康养服务项目"  # nothing typed is lost


def test_only_buyers_create_projects(client_as):
    for username in ("worker_a", "agency", "street"):
        assert client_as(username).get("/projects/new/").status_code == 404


def test_documents_upload_and_download_within_the_access_rule(client_as, world):
    project = ServiceProject.objects.get(number="NG-2026-001")
    pdf = b"%PDF-1.4\n%%EOF\n"
    client_as("agency").post(
        f"/projects/{project.pk}/documents/",
        {"kind": "plan", "title": "年度服务计划", "file": SimpleUploadedFile("plan.pdf", pdf)},
    )
    document = ProjectDocument.objects.get(project=project, title="年度服务计划")
    url = f"/projects/{project.pk}/documents/{document.pk}/"
    response = client_as("district").get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == pdf
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in response["Content-Disposition"]
    assert client_as("worker_k").get(url).status_code == 404
    assert client_as("district_k").get(url).status_code == 404
    # a renamed script is refused with a message, nothing kept
    response = client_as("agency").post(
        f"/projects/{project.pk}/documents/",
        {"kind": "report", "file": SimpleUploadedFile("x.pdf", b"#!/bin/sh\nrm -rf /")},
        follow=True,
    )
    assert "does not match its name" in response.content.decode()
    assert project.documents.count() == 1


def test_recording_an_evaluation_from_the_page(client_as, world):
    project = ServiceProject.objects.get(number="NG-2026-001")
    url = f"/projects/{project.pk}/evaluations/new/"
    project_advance(by=world.user("district"), project=project, to_stage="midterm")
    form = {
        "kind": "midterm",
        "evaluator": world.org("university").pk,
        "evaluated_on": date.today().isoformat(),
        "conclusion": "进度正常",
        "score_management": "18",
        "score_finance": "13",
        "score_service_output": "31",
        "score_social_evaluation": "17",
        "score_innovation": "99",
    }
    response = client_as("district").post(url, form)
    assert "between 0 and 10" in response.content.decode()
    assert not Evaluation.objects.filter(project=project).exists()
    form["score_innovation"] = "8"
    assert client_as("district").post(url, form).status_code == 302
    evaluation = Evaluation.objects.get(project=project)
    assert (evaluation.total, evaluation.grade) == (87, "良好")
    assert client_as("worker_a").get(url).status_code == 404
    assert client_as("district_k").get(url).status_code == 404


def test_the_project_report_workbook(client_as):
    project = ServiceProject.objects.get(number="NG-2026-001")
    response = client_as("district").get(f"/delivery/projects/{project.pk}/report.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == [
        "Overview",
        "Targets",
        "By month",
        "By community",
        "Deliveries",
        "Evaluations",
    ]
    overview = {row[0]: row[1] for row in book["Overview"].iter_rows(min_row=2, values_only=True)}
    targets = {row[0]: row[2] for row in book["Targets"].iter_rows(min_row=2, values_only=True)}
    assert overview["People served"] == targets["people served"] == 11
    assert overview["Person-times"] == targets["person-times"] == 84
    by_community = list(book["By community"].iter_rows(min_row=2, values_only=True))
    assert sum(r[2] for r in by_community) == 84
    text = str([list(r) for r in book["Deliveries"].iter_rows(values_only=True)])
    assert "银龄互助小组" in text
    # no client is named in the buyer's report
    client_name = project.cases.first().client.name
    assert client_name not in str(
        [list(r) for ws in book.worksheets for r in ws.iter_rows(values_only=True)]
    )
    assert (
        client_as("district_k").get(f"/delivery/projects/{project.pk}/report.xlsx").status_code
        == 404
    )


def test_staff_party_branch_and_surveys_from_the_page(client_as, world):
    project = ServiceProject.objects.get(number="NG-2026-001")
    agency = world.user("agency")
    client = client_as("agency")
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert 'data-testid="staff"' in page and agency.display_name in page
    client.post(f"/projects/{project.pk}/staff/", {"staff": []})
    assert not project.staff.exists()
    client.post(f"/projects/{project.pk}/staff/", {"staff": [agency.pk]})
    assert list(project.staff.all()) == [agency]
    # someone who is not the provider's cannot be made staff
    response = client.post(
        f"/projects/{project.pk}/staff/", {"staff": [world.user("worker_a").pk]}, follow=True
    )
    assert "Select a valid choice" in response.content.decode()
    client.post(
        f"/projects/{project.pk}/party-branch/",
        {"name": "项目党支部", "secretary": "孟莎莎", "member_count": "2"},
    )
    assert project.party_branch.member_count == 5  # at least three members: unchanged
    client.post(
        f"/projects/{project.pk}/party-branch/",
        {"name": "项目党支部", "secretary": "孟莎莎", "member_count": "7"},
    )
    project.party_branch.refresh_from_db()
    assert project.party_branch.member_count == 7
    survey = {
        "community": world.division("community_a").code,
        "surveyed_on": date.today().isoformat(),
        "respondents": "8",
        "satisfied": "9",
    }
    response = client.post(f"/projects/{project.pk}/surveys/", survey, follow=True)
    assert "between none and all" in response.content.decode()
    survey["satisfied"] = "0"
    client.post(f"/projects/{project.pk}/surveys/", survey)
    rows = {row["metric"]: row for row in indicator_rows(project)}
    assert rows["satisfaction"]["actual"] == Decimal("86.7")  # 104 of 120
    for username in ("worker_a", "district_k", "worker_k"):
        response = client_as(username).post(f"/projects/{project.pk}/surveys/", survey)
        assert response.status_code in (302, 404)
    assert project.surveys.count() == 3


def indicator_rows(project):
    from shequ.projects.selectors import indicator_progress

    return indicator_progress(ServiceProject.objects.get(pk=project.pk))


def test_three_mistakes_are_shown_together_after_one_submit(client_as, world):
    response = client_as("district").post(
        "/projects/new/",
        project_post(
            world,
            amount="12.345",
            target_people_served="2.5",
            end_date=(date.today() - timedelta(days=60)).isoformat(),
        ),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"amount", "target_people_served", "end_date"}
    page = response.content.decode()
    summary = page[page.index('data-testid="error-summary"') :]
    summary = summary[: summary.index("</div>")]
    assert "Please correct these problems (3)" in summary
    for anchor in ("#id_amount", "#id_target_people_served", "#id_end_date"):
        assert f'href="{anchor}"' in summary
    assert "at most two decimals" in page and "A number of people is a whole number" in page
    assert "ends before it starts" in page
    assert 'id="id_amount_error"' in page and 'aria-invalid="true"' in page
    assert not ServiceProject.objects.filter(number="NG-2026-099").exists()


def test_required_fields_are_starred_with_a_legend(client_as):
    page = client_as("district").get("/projects/new/").content.decode()
    assert "marks a required field" in page
    label = page[page.index('<label for="id_number"') :]
    assert label[: label.index("</label>")].count('class="req"') == 1
    description = page[page.index('<label for="id_description"') :]
    assert 'class="req"' not in description[: description.index("</label>")]
