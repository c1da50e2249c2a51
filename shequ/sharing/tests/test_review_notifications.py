"""A case study submitted tells the supervisors who may review it (not its author, nobody in
another district); each review tells its author (`events.register_request`)."""

import pytest

from shequ.notifications.models import Notification

pytestmark = [pytest.mark.django_db]


def told(kind: str, reference: str) -> set[str]:
    return set(
        Notification.objects.filter(kind=kind, reference=reference).values_list(
            "recipient__username", flat=True
        )
    )


def test_a_case_study_tells_the_supervisor_then_its_author(world, closed_case):
    from shequ.sharing import services

    study = services.case_study_draft(by=world.user("worker_a"), kind="case", source=closed_case)
    services.case_study_submit(by=world.user("worker_a"), study=study)
    ref = f"AL-{study.pk}"
    asked = told("case_study_review", ref)
    assert "supervisor" in asked and "worker_a" not in asked and "worker_k" not in asked
    services.case_study_return(by=world.user("supervisor"), study=study, comment="补充反思")
    assert told("case_study_review_decided", ref) == {"worker_a"}
    services.case_study_submit(by=world.user("worker_a"), study=study)
    services.case_study_approve(by=world.user("supervisor"), study=study)
    titles = Notification.objects.filter(
        kind="case_study_review_decided", reference=ref
    ).values_list("title", flat=True)
    assert len(titles) == 2  # returned, then published: each decision told
