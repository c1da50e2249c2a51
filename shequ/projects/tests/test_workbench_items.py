from decimal import Decimal

import pytest
from django.utils import timezone

from shequ.projects.models import ServiceProject
from shequ.projects.selectors import (
    METRIC_BULK,
    METRIC_SOURCES,
    indicator_progress,
    indicators_behind,
)
from shequ.workbench.registry import items_for

pytestmark = pytest.mark.django_db


def test_the_bulk_metrics_equal_the_per_project_ones(world):
    """The workbench reads every project's actuals at once: they must be the project page's."""
    projects = list(ServiceProject.objects.all())
    assert projects and METRIC_BULK
    for metric, bulk in METRIC_BULK.items():
        together = bulk([p.pk for p in projects])
        for project in projects:
            alone = METRIC_SOURCES[metric](project, {})
            assert Decimal(together.get(project.pk, 0)) == Decimal(alone), (metric, project)


def test_indicators_behind_the_elapsed_share_of_the_period(world):
    project = ServiceProject.objects.filter(
        division__code__startswith=world.division("nanguan").code
    ).get()
    today = timezone.localdate()
    rows = {r["id"]: r for r in indicator_progress(project)}
    behind = indicators_behind([project], today)
    elapsed = (today - project.start_date).days * 100 / (project.end_date - project.start_date).days
    for b in behind:
        assert rows[b.indicator.pk]["percent"] + 10 < elapsed
    at_start = indicators_behind([project], project.start_date)
    assert at_start == []  # nothing is behind before the period has begun
    # the district officer (buyer) and the agency (provider) are told; another district is not
    for username in ("district", "agency"):
        kinds = {i.kind for i in items_for(world.user(username))}
        assert ("project.indicator" in kinds) == bool(behind), username
    assert all(project.name not in i.title for i in items_for(world.user("district_k")))
