"""The case library through the API: a draft from a closed case, edits, submission (refused
while it names someone), approval by a supervisor that publishes it to everyone signed in,
return with a comment, awards; drafts are 404 for others."""

import pytest

from shequ.audit.models import AuditEntry
from shequ.delivery.models import Case, CaseStage
from shequ.sharing.models import Award, CaseStudy, Status

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_no_token_is_401(api_as):
    assert api_as(None).get("case-studies")[0] == 401


def test_from_draft_to_publication(api_as, world, closed_case):
    case = closed_case
    status, draft = api_as("worker_a").post(
        "case-studies", {"source_kind": "case", "source_id": case.pk}
    )
    assert status == 201 and draft["status"] == "draft" and draft["source_id"] == case.pk
    assert case.client.name not in draft["body"] and draft["deidentified"]["name"] >= 1
    path = f"case-studies/{draft['id']}"

    # a draft is for its author and the supervisors who reach it
    assert api_as("worker_b").get(path)[0] == 404
    assert api_as("volunteer").get(path)[0] == 404
    assert api_as("supervisor").get(path)[0] == 200

    # the author puts the client's name back: submission refused, with the field
    named = {"title": "再就业个案", "body": draft["body"] + f"\n{case.client.name}很满意。"}
    status, body = api_as("worker_a").put(path, named)
    assert status == 200
    status, body = api_as("worker_a").post(f"{path}/submit")
    assert status == 400 and body["code"] == "identifiable" and body["field"] == "body"
    assert CaseStudy.objects.get(pk=draft["id"]).status == Status.DRAFT

    api_as("worker_a").put(path, {"title": "再就业个案", "body": draft["body"]})
    status, body = api_as("worker_a").post(f"{path}/submit")
    assert status == 200 and body["status"] == "submitted"
    assert api_as("worker_a").put(path, {"title": "x", "body": "y"})[0] == 409

    # only a supervisor approves; the author cannot
    assert api_as("worker_a").post(f"{path}/approve", {})[0] == 403
    status, body = api_as("supervisor").post(f"{path}/return", {"comment": ""})
    assert status == 400 and body["field"] == "comment"
    status, body = api_as("supervisor").post(f"{path}/return", {"comment": "补充专业反思"})
    assert status == 200 and body["status"] == "draft" and body["review_comment"] == "补充专业反思"
    api_as("worker_a").post(f"{path}/submit")
    status, body = api_as("supervisor").post(f"{path}/approve", {"comment": "同意"})
    assert status == 200 and body["status"] == "published" and body["published_at"]
    assert AuditEntry.objects.filter(
        action="case_study.approve", object_id=str(draft["id"])
    ).exists()

    # published: everyone signed in reads it, without the source or the review
    for username in ("worker_b", "volunteer", "worker_k", "student"):
        status, body = api_as(username).get(path)
        assert status == 200 and body["source_id"] is None and body["review_comment"] == ""
    status, listed = api_as("worker_b").get("case-studies")
    assert draft["id"] in [s["id"] for s in listed["items"]]


def test_a_draft_needs_a_closed_source_the_author_sees(api_as, world, closed_case):
    open_case = (
        Case.objects.exclude(stage=CaseStage.CLOSED).filter(division__name="东岭社区").first()
    )
    status, body = api_as("worker_a").post(
        "case-studies", {"source_kind": "case", "source_id": open_case.pk}
    )
    assert status == 400 and body["code"] == "source_open"
    status, _ = api_as("worker_b").post(
        "case-studies", {"source_kind": "case", "source_id": closed_case.pk}
    )
    assert status == 404
    assert api_as("worker_a").post("case-studies", {"source_kind": "x", "source_id": 1})[0] == 404
    before = CaseStudy.objects.count()
    assert (
        api_as("volunteer").post(
            "case-studies", {"source_kind": "case", "source_id": open_case.pk}
        )[0]
        == 404
    )
    assert CaseStudy.objects.count() == before


def test_drafts_of_another_community_are_404(api_as):
    draft = CaseStudy.objects.get(status=Status.DRAFT, division__name="西岭社区")
    path = f"case-studies/{draft.pk}"
    assert api_as("worker_a").get(path)[0] == 404
    assert api_as("worker_a").post(f"{path}/submit")[0] == 404
    assert api_as("worker_a").get(f"{path}/awards")[0] == 404
    assert api_as("worker_b").get(path)[0] == 200
    assert draft.pk not in [s["id"] for s in api_as("worker_a").get("case-studies")[1]["items"]]


def test_awards_go_to_published_studies_and_people(api_as, world):
    published = CaseStudy.objects.get(status=Status.PUBLISHED)
    draft = CaseStudy.objects.get(status=Status.DRAFT, division__name="西岭社区")
    award = {
        "title": "优秀社会工作案例",
        "awarding_body": "吉林省民政厅",
        "year": 2025,
        "level": "provincial",
    }
    status, body = api_as("supervisor").post(f"case-studies/{published.pk}/awards", award)
    assert status == 201 and body["case_study_id"] == published.pk
    status, body = api_as("supervisor").post(f"case-studies/{draft.pk}/awards", award)
    assert status == 400 and body["field"] == "case_study"
    assert api_as("worker_a").post(f"case-studies/{published.pk}/awards", award)[0] == 403
    status, body = api_as("supervisor").post(
        f"case-studies/{published.pk}/awards", award | {"year": 1900}
    )
    assert status == 400 and body["field"] == "year"
    status, body = api_as("district").post(
        "awards", award | {"title": "优秀社会工作者", "recipient_id": world.user("worker_a").pk}
    )
    assert status == 201 and body["recipient"] == "张丽"
    status, listed = api_as("volunteer").get("awards", {"recipient_id": world.user("worker_a").pk})
    assert status == 200 and [a["title"] for a in listed["items"]] == ["优秀社会工作者"]
    assert listed["count"] == 1
    assert Award.objects.filter(case_study=draft).count() == 0


def test_the_list_runs_a_fixed_number_of_queries(api_as, world):
    from shequ.core.testing import assert_constant_queries

    client = api_as("supervisor")
    published = CaseStudy.objects.get(status=Status.PUBLISHED)

    def grow():
        for _ in range(3):
            CaseStudy.objects.create(
                division=published.division,
                source_kind=published.source_kind,
                group=published.group,
                title="副本",
                body="正文",
                author=published.author,
                status=Status.PUBLISHED,
            )

    assert assert_constant_queries(lambda: client.get("case-studies"), grow) <= 8
    status, body = client.get("case-studies")
    assert status == 200 and len(body["items"]) >= 5


def test_an_award_goes_only_to_a_person_in_the_awarders_reach(api_as, world):
    """The district officer of 南关 awards 南关's worker; 宽城's worker is 404 to them, exactly
    like a missing account; someone who may not record awards is refused (403)."""
    award = {
        "title": "优秀社会工作者",
        "awarding_body": "南关区民政局",
        "year": 2025,
        "level": "district",
    }
    before = Award.objects.count()
    for username, recipient in (("district", "worker_k"), ("supervisor", "worker_k")):
        payload = award | {"recipient_id": world.user(recipient).pk}
        assert api_as(username).post("awards", payload)[0] == 404
    assert api_as("district").post("awards", award | {"recipient_id": 10**9})[0] == 404
    assert api_as("district").post("awards", award)[0] == 404
    assert Award.objects.count() == before
    payload = award | {"recipient_id": world.user("worker_a").pk}
    assert api_as("worker_a").post("awards", payload)[0] == 403
    status, body = api_as("supervisor").post("awards", payload)
    assert status == 201 and body["recipient"] == "张丽"
    payload = award | {"recipient_id": world.user("worker_k").pk}
    assert api_as("district_k").post("awards", payload)[0] == 201


def test_the_review_is_read_by_the_author_and_supervisors_on_both_paths(api_as, client_as, world):
    """One rule (permissions.case_study_caps) for the API and the page: the supervisor's
    comment on a published study is for its author and the supervisors who reach it; the
    API reads the study once."""
    from shequ.core.testing import captured_sql

    published = CaseStudy.objects.get(status=Status.PUBLISHED)
    CaseStudy.objects.filter(pk=published.pk).update(review_comment="理论视角清楚，同意发表")
    path = f"case-studies/{published.pk}"
    for username, reads in (("agency", True), ("supervisor", True), ("volunteer", False)):
        status, body = api_as(username).get(path)
        assert status == 200 and (body["review_comment"] == "理论视角清楚，同意发表") is reads
        assert (body["source_id"] is not None) is reads
        page = client_as(username).get(f"/{path}/").content.decode()
        assert ("理论视角清楚，同意发表" in page) is reads
    client = api_as("agency")
    queries = captured_sql(lambda: client.get(path))
    assert client.last_response.status_code == 200
    assert sum('FROM "sharing_casestudy"' in sql for sql in queries) == 1


def test_the_lists_give_the_total_the_caller_may_see(api_as, world):
    """GET /case-studies and GET /awards answer {count, limit, offset, items}: the count is
    everything the caller may see (another community's draft left out), not the page."""
    visible = {
        username: [
            s["id"] for s in api_as(username).get("case-studies", {"limit": 200})[1]["items"]
        ]
        for username in ("worker_a", "worker_b")
    }
    draft = CaseStudy.objects.get(status=Status.DRAFT, division__name="西岭社区")
    assert draft.pk in visible["worker_b"] and draft.pk not in visible["worker_a"]
    for username, ids in visible.items():
        status, page = api_as(username).get("case-studies", {"limit": 1})
        assert status == 200 and page["count"] == len(ids) and len(page["items"]) == 1
        assert page["limit"] == 1 and page["offset"] == 0
    status, page = api_as("worker_b").get("case-studies", {"limit": 1, "offset": 1})
    assert page["items"][0]["id"] == visible["worker_b"][1]
    awards = (
        Award.objects.filter(case_study__isnull=True).count()
        + Award.objects.filter(case_study__status=Status.PUBLISHED).count()
    )
    status, page = api_as("volunteer").get("awards", {"limit": 1})
    assert status == 200 and page["count"] == awards >= 2 and len(page["items"]) == 1
