"""An application of a community organization tells those whose workbench now shows its next
step to approve, and nobody in another district."""

import pytest

from shequ.accounts.demo import ACCOUNTS
from shequ.community_orgs.selectors import steps_awaiting
from shequ.community_orgs.tests.test_services import applied
from shequ.notifications.models import Notification

pytestmark = [pytest.mark.django_db]


def test_an_application_tells_who_approves_the_next_step(world):
    organization = applied(world, name="东岭测试舞蹈队")
    told = set(
        Notification.objects.filter(
            kind="community_org_step", reference=f"ZZ-{organization.pk}"
        ).values_list("recipient__username", flat=True)
    )
    on_workbench = {
        name
        for name, *_rest in ACCOUNTS
        if any(o.pk == organization.pk for o, _n in steps_awaiting(world.user(name)))
    }
    assert told and told <= on_workbench
    assert not told & {"worker_k", "district_k", "worker_b"}
