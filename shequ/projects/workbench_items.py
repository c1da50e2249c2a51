"""What service projects put on a workbench: the next step of a project's lifecycle when it
falls due (for whoever may take it), the evaluation to record in an evaluation stage, and the
indicators behind schedule (actual against target against the elapsed share of the contract
period) for the buyer's officers and the provider's staff."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shequ.access.perms import Perm
from shequ.access.rule import covers, has_perm
from shequ.projects.models import ServiceProject, Stage
from shequ.projects.permissions import next_stage, project_caps
from shequ.projects.selectors import indicators_behind, projects_waiting
from shequ.workbench.registry import Item, label_kind, link, register

if TYPE_CHECKING:
    from shequ.accounts.models import User

MODULE = "projects:list"
PROJECT_WORK = (Perm.PROJECT_MANAGE, Perm.PROJECT_EVALUATE, Perm.PROJECT_DELIVER)


def step_due(project: ServiceProject) -> date:
    """When the next step of the lifecycle falls due: signing and starting by the start date,
    the mid-term evaluation at the middle of the period, the final one at its end, closing a
    month after it."""
    middle = project.start_date + (project.end_date - project.start_date) / 2
    return {
        Stage.APPROVED: project.start_date,
        Stage.SIGNED: project.start_date,
        Stage.RUNNING: middle,
        Stage.MIDTERM: project.end_date,
        Stage.FINAL_EVALUATION: project.end_date + timedelta(days=30),
    }.get(Stage(project.stage), project.end_date)


def _link(project: ServiceProject) -> str:
    return link("projects:detail", project.pk)


@register("project.step", label=gettext_lazy("Project step"), module=MODULE)
def steps(user: User, now: datetime) -> Iterator[Item]:
    if not any(has_perm(user, p) for p in PROJECT_WORK):
        return  # no query for who has no part in projects
    today = timezone.localtime(now).date()
    projects = list(projects_waiting(user))
    for project in projects:
        code = project.division_id
        if not (
            covers(user, Perm.PROJECT_MANAGE, code) or covers(user, Perm.PROJECT_EVALUATE, code)
        ):
            continue  # the provider's staff: only the indicators below
        caps = project_caps(user, project)
        step = next_stage(project)
        evaluation_missing = (
            project.stage == Stage.MIDTERM and not getattr(project, "midterm_done", True)
        ) or (project.stage == Stage.FINAL_EVALUATION and not getattr(project, "final_done", True))
        if caps.evaluate and evaluation_missing:
            yield Item(
                kind="project.evaluation",
                title=_("Record the %(stage)s of %(project)s")
                % {"stage": project.get_stage_display(), "project": project.name},
                link=_link(project),
                due=step_due(project),
                actions=tuple(caps.actions()),
            )
        elif caps.advance and step is not None and step_due(project) <= today + timedelta(days=7):
            yield Item(
                title=_("%(project)s: next step, %(stage)s")
                % {"project": project.name, "stage": step.label},
                link=_link(project),
                due=step_due(project),
                actions=tuple(caps.actions()),
            )
    running = [p for p in projects if p.stage in (Stage.RUNNING, Stage.MIDTERM)]
    for behind in indicators_behind(running, today):
        yield Item(
            kind="project.indicator",
            title=_(
                "%(project)s: %(indicator)s at %(actual)s of %(target)s (%(percent)s%%), "
                "%(elapsed)s%% of the period gone"
            )
            % {
                "project": behind.project.name,
                "indicator": behind.indicator,
                "actual": format(behind.actual.normalize(), "f"),
                "target": format(behind.indicator.target.normalize(), "f"),
                "percent": behind.percent,
                "elapsed": behind.elapsed,
            },
            link=_link(behind.project),
            due=behind.project.end_date,
        )


label_kind("project.evaluation", gettext_lazy("Evaluation due"))
label_kind("project.indicator", gettext_lazy("Indicator behind schedule"))
