"""The people side of a project: the provider's staff assigned to it, the party branch built on
it (党支部建在项目上), and the satisfaction surveys its people answer."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from shequ.access.perms import Perm
from shequ.accounts.selectors import holders_of_any
from shequ.audit.services import audit_record
from shequ.core.errors import Forbidden, InvalidInput
from shequ.divisions.models import Division
from shequ.projects.models import SatisfactionSurvey, ServiceProject
from shequ.projects.permissions import project_caps
from shequ.projects.selectors import register_metric
from shequ.projects.services import require_in_period

if TYPE_CHECKING:
    from shequ.accounts.models import User


def staff_choices(project: ServiceProject) -> list[Any]:
    """The provider's people who deliver in a community the project covers."""
    return holders_of_any(
        perm=Perm.PROJECT_DELIVER,
        division_codes=list(project.coverage.values_list("community_id", flat=True)),
        organization_id=project.provider_id,
    )


def staff_set(*, by: User, project: ServiceProject, users: list[Any]) -> None:
    if not project_caps(by, project).change:
        raise Forbidden(_("You may not change this project."))
    allowed = {u.pk for u in staff_choices(project)}
    if any(u.pk not in allowed for u in users):
        raise InvalidInput(
            _("Staff are people of the provider who deliver in the communities covered."),
            field="staff",
        )
    with transaction.atomic():
        project.staff.set(users)
        audit_record(actor=by, action="project.staff", obj=project, detail={"staff": len(users)})


def survey_record(
    *,
    by: User,
    project: ServiceProject,
    community: Division,
    surveyed_on: date,
    respondents: int,
    satisfied: int,
) -> SatisfactionSurvey:
    if not project_caps(by, project).change:
        raise Forbidden(_("You may not change this project."))
    if not project.coverage.filter(community_id=community.code).exists():
        raise InvalidInput(
            _("The project does not cover this community."),
            field="community",
            code="outside_project",
        )
    if respondents < 1:
        raise InvalidInput(_("At least one respondent."), field="respondents")
    if not 0 <= satisfied <= respondents:
        raise InvalidInput(
            _("The satisfied are between none and all of the respondents."), field="satisfied"
        )
    if surveyed_on > date.today():
        raise InvalidInput(_("The date is in the future."), field="surveyed_on", code="future")
    require_in_period(project, surveyed_on, field="surveyed_on")
    with transaction.atomic():
        survey = SatisfactionSurvey.objects.create(
            project=project,
            community=community,
            surveyed_on=surveyed_on,
            respondents=respondents,
            satisfied=satisfied,
            recorded_by=by,
        )
        audit_record(actor=by, action="project.survey", obj=project)
    return survey


@register_metric("satisfaction")
def satisfaction_rate(project: ServiceProject, memo: dict[str, Any]) -> Decimal | None:
    """Satisfied respondents as a percentage of all respondents, over every round."""
    rounds = list(project.surveys.values_list("respondents", "satisfied"))
    answered = sum(r for r, _s in rounds)
    if not answered:
        return None
    return (Decimal(sum(s for _r, s in rounds)) * 100 / answered).quantize(Decimal("0.1"))
