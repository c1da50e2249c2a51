"""Explicit shares (a referral, a team, one's own record) widen the reach only for the
permissions their model declares: every shared model and what its share may grant."""

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

from shequ.access.perms import Perm
from shequ.access.rule import share_grants
from shequ.accounts.catalog import PERMISSIONS
from shequ.protection.models import ProtectionCase, Report

# Every model with a `shared_q`, and the permissions its share may grant. Adding a share, or
# widening one, is a decision: change this list in the same commit (docs/decisions/).
SHARES = {
    "projects.ServiceProject": {Perm.PROJECT_VIEW},
    "research.ResearchProject": {Perm.RESEARCH_VIEW},
    "research.Extract": {Perm.RESEARCH_APPROVE},  # the extract list is read with it
    "trainings.Training": {Perm.TRAINING_VIEW},
    "trainings.Trainee": {Perm.TRAINING_VIEW},
    "placements.Student": {Perm.PLACEMENT_VIEW},
    "placements.Placement": {Perm.PLACEMENT_VIEW},
    "protection.Report": {Perm.PROTECTION_VIEW},
    "protection.ProtectionCase": {Perm.PROTECTION_VIEW},
    "volunteers.Volunteer": {Perm.VOLUNTEER_VIEW},
    "volunteers.Team": {Perm.VOLUNTEER_VIEW},
    "volunteers.VolunteerActivity": {Perm.VOLUNTEER_VIEW},
    "sharing.CaseStudy": {Perm.CASE_STUDY_APPROVE},  # the case-study list is read with it
}


def test_every_shared_model_declares_what_its_share_grants():
    declared = {
        m._meta.label: set(share_grants(m))
        for m in apps.get_models()
        if getattr(m, "shared_q", None) is not None
    }
    assert declared == SHARES


def test_a_share_grants_only_known_permissions_and_never_a_manage_one():
    for label, grants in SHARES.items():
        assert grants <= set(PERMISSIONS), label
        assert not any(p.endswith((".manage", ".deliver", ".receive")) for p in grants), label


def test_a_share_without_its_grants_is_refused():
    class Undeclared:
        __name__ = "Undeclared"

        @classmethod
        def shared_q(cls, user, perm):  # pragma: no cover - never called
            raise AssertionError

    with pytest.raises(ImproperlyConfigured):
        share_grants(Undeclared)  # type: ignore[arg-type]


@pytest.mark.django_db
def test_an_accepted_referral_lets_the_receiver_read_the_case_not_manage_it(world):
    case = ProtectionCase.objects.get(child__name="李小雨")
    police = world.user("police")  # the demo referral to the police was accepted
    assert ProtectionCase.objects.visible_to(police, Perm.PROTECTION_VIEW).filter(pk=case.pk)
    assert not ProtectionCase.objects.visible_to(police, Perm.PROTECTION_MANAGE).filter(pk=case.pk)


@pytest.mark.django_db
def test_a_reporter_follows_their_report_for_reading_only(world):
    school = world.user("school")
    report = Report.objects.filter(reporter=school).first()
    assert report is not None
    assert Report.objects.visible_to(school, Perm.PROTECTION_VIEW).filter(pk=report.pk)
    assert not Report.objects.visible_to(school, Perm.PROTECTION_MANAGE).filter(pk=report.pk)
