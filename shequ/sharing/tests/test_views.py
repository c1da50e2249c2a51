"""The case library pages: the library for everyone signed in (a fixed number of queries),
drafting from a closed case (also from the case's page), the author's form with errors next to
the field, the supervisor's approval; drafts 404 for another community's worker."""

import pytest

from shequ.sharing.models import CaseStudy, Status

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_the_library_is_for_everyone_signed_in(client_as):
    from shequ.core.testing import assert_constant_queries

    published = CaseStudy.objects.get(status=Status.PUBLISHED)
    for username in ("volunteer", "student", "worker_k"):
        client = client_as(username, language="en")
        body = client.get("/case-studies/").content.decode()
        assert published.title in body and "优秀社会工作案例" in body
        assert client.get(f"/case-studies/{published.pk}/").status_code == 200

    def grow():
        for n in range(4):
            CaseStudy.objects.create(
                division=published.division,
                source_kind=published.source_kind,
                group=published.group,
                title=f"副本{n}",
                body="正文",
                author=published.author,
                status=Status.PUBLISHED,
            )

    client = client_as("volunteer")
    page = lambda: client.get("/case-studies/")  # noqa: E731
    assert assert_constant_queries(page, grow) <= 14
    assert client.get("/case-studies/").content.decode().count("副本") == 4


def test_drafts_are_404_for_another_community(client_as):
    draft = CaseStudy.objects.get(status=Status.DRAFT, division__name="西岭社区")
    assert client_as("worker_a").get(f"/case-studies/{draft.pk}/").status_code == 404
    assert (
        client_as("worker_a").post(f"/case-studies/{draft.pk}/", {"action": "submit"}).status_code
        == 404
    )
    assert client_as("worker_b").get(f"/case-studies/{draft.pk}/").status_code == 200
    assert client_as("volunteer").get("/case-studies/new/").status_code == 404


def test_draft_from_the_case_page_edit_and_submit(client_as, closed_case):
    case = closed_case
    client = client_as("worker_a", language="en")
    assert (
        'data-testid="draft-case-study"'
        in client.get(f"/delivery/cases/{case.pk}/").content.decode()
    )
    response = client.post("/case-studies/new/", {"source_kind": "case", "source_id": case.pk})
    study = CaseStudy.objects.filter(author__username="worker_a").latest("id")
    assert response.status_code == 302 and response["Location"] == f"/case-studies/{study.pk}/"
    page = client.get(f"/case-studies/{study.pk}/").content.decode()
    assert case.client.name not in page and "The draft replaced" in page
    refused = client.post(
        f"/case-studies/{study.pk}/",
        {"action": "submit", "title": study.title, "body": study.body + case.client.name},
    )
    assert refused.status_code == 200 and "still contains a name" in refused.content.decode()
    assert CaseStudy.objects.get(pk=study.pk).status == Status.DRAFT
    done = client.post(
        f"/case-studies/{study.pk}/", {"action": "submit", "title": study.title, "body": study.body}
    )
    assert done.status_code == 302 and CaseStudy.objects.get(pk=study.pk).status == Status.SUBMITTED
    body = client_as("supervisor", language="en").get("/case-studies/").content.decode()
    assert study.title in body and "To approve" in body
    # another community's worker cannot draft from it
    assert (
        client_as("worker_b")
        .post("/case-studies/new/", {"source_kind": "case", "source_id": case.pk})
        .status_code
        == 404
    )


def test_the_sources_page_does_not_grow_queries_with_the_cases(client_as, closed_case):
    """The drafting page names each closed case's community: one query for all of them."""
    from shequ.core.testing import assert_constant_queries
    from shequ.delivery.models import Case

    client = client_as("worker_a", language="en")
    assert client.get("/case-studies/new/").content.decode().count('data-testid="draft-case-') == 1

    def grow():
        for _ in range(3):
            copy = Case.objects.get(pk=closed_case.pk)
            copy.pk = None
            copy.save()

    assert_constant_queries(lambda: client.get("/case-studies/new/"), grow)
    page = client.get("/case-studies/new/").content.decode()
    assert page.count('data-testid="draft-case-') == 4
    assert page.count(closed_case.division.name) >= 4


def test_the_pages_ask_to_sign_in_and_answer_404_for_what_does_not_exist(client, client_as):
    for path in ("/case-studies/", "/case-studies/new/", "/case-studies/1/"):
        response = client.get(path)
        assert response.status_code == 302 and "login" in response["Location"]
    assert client_as("worker_a").get("/case-studies/999999/").status_code == 404
    assert client_as("worker_a").post("/case-studies/new/", {"source_id": "x"}).status_code == 404
    assert (
        client_as("worker_a")
        .post("/case-studies/new/", {"source_kind": "case", "source_id": 999999})
        .status_code
        == 404
    )
