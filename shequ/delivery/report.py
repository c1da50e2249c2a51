"""The project report for the buyer (Excel): the project, its targets and progress, services by
month and method, by community, the groups and activities held, cases by stage, and the
evaluations. Figures only: no client is named."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from shequ.core.spreadsheet import Sheet, write_workbook
from shequ.delivery.metrics import served_for_project
from shequ.delivery.models import (
    Case,
    Group,
    Method,
    PersonTimesMonth,
    ServedMonth,
)
from shequ.projects.evaluations import evaluations_of, rubric
from shequ.projects.models import ServiceProject
from shequ.projects.selectors import indicator_progress


def _overview(project: ServiceProject) -> Sheet:
    figures = served_for_project(project)
    rows = [
        (_("Project number"), project.number),
        (_("Name"), project.name),
        (_("Buyer"), project.buyer.name),
        (_("Provider"), project.provider.name),
        (_("Amount (yuan)"), float(project.amount)),
        (_("Period"), f"{project.start_date:%Y-%m-%d} – {project.end_date:%Y-%m-%d}"),
        (_("Stage"), str(project.get_stage_display())),
        (
            _("Communities covered"),
            "、".join(c.community.name for c in project.coverage.select_related("community")),
        ),
        (_("Service areas"), "、".join(a.display_name for a in project.areas.all())),
        (_("People served"), figures.people_served),
        (_("Person-times"), figures.person_times),
    ]
    return (_("Overview"), [_("Item"), _("Value")], rows)


def _indicators(project: ServiceProject) -> Sheet:
    rows = [
        (
            i["label"],
            float(i["target"]),
            None if i["actual"] is None else float(i["actual"]),
            i["percent"],
            None if i["remaining"] is None else float(i["remaining"]),
            i["evidence"],
        )
        for i in indicator_progress(project)
    ]
    headers = [_("Indicator"), _("Target"), _("Actual"), _("Progress (%)"), _("Remaining")]
    return (_("Targets"), [*headers, _("Evidence")], rows)


def _by_month(project: ServiceProject) -> Sheet:
    people = (
        ServedMonth.objects.filter(project_id=project.pk)
        .values("month", "method")
        .annotate(n=Count("resident_id", distinct=True))
    )
    times = (
        PersonTimesMonth.objects.filter(project_id=project.pk)
        .values("month", "method")
        .annotate(n=Sum("person_times"))
    )
    table: dict[tuple[Any, str], list[int]] = defaultdict(lambda: [0, 0])
    for row in people:
        table[(row["month"], row["method"])][0] += row["n"]
    for row in times:
        table[(row["month"], row["method"])][1] += row["n"]
    labels = dict(Method.choices)
    rows = [
        (f"{month:%Y-%m}", str(labels.get(method, method)), people, times)
        for (month, method), (people, times) in sorted(table.items())
    ]
    return (
        _("By month"),
        [_("Month"), _("Method"), _("People served (in the month)"), _("Person-times")],
        rows,
    )


def _by_community(project: ServiceProject) -> Sheet:
    names = {c.community_id: c.community.name for c in project.coverage.select_related("community")}
    people = dict(
        ServedMonth.objects.filter(project_id=project.pk)
        .values_list("division_code")
        .annotate(n=Count("resident_id", distinct=True))
    )
    times = dict(
        PersonTimesMonth.objects.filter(project_id=project.pk)
        .values_list("division_code")
        .annotate(n=Sum("person_times"))
    )
    rows = [(names.get(code, code), people.get(code, 0), times.get(code, 0)) for code in names]
    return (_("By community"), [_("Community"), _("People served"), _("Person-times")], rows)


def _deliveries(project: ServiceProject) -> Sheet:
    rows: list[tuple[Any, ...]] = []
    for group in (
        Group.objects.filter(project=project)
        .select_related("division")
        .annotate(
            sessions_held=Count("sessions", filter=Q(sessions__held=True), distinct=True),
            member_count=Count("members", distinct=True),
        )
    ):
        rows.append(
            (
                _("group work"),
                group.name,
                group.division.name,
                str(group.get_stage_display()),
                group.sessions_held,
                group.member_count,
            )
        )
    for activity in project.activities.select_related("division").annotate(
        registered=Count("participants")
    ):
        rows.append(
            (
                _("community activity"),
                activity.theme,
                activity.division.name,
                f"{activity.held_on:%Y-%m-%d}",
                1,
                activity.registered + activity.headcount,
            )
        )
    stages = Case.objects.filter(project=project).values("stage").annotate(n=Count("id"))
    stage_labels = dict(Case._meta.get_field("stage").choices or [])
    for row in stages.order_by("stage"):
        rows.append(
            (_("casework"), str(stage_labels.get(row["stage"], row["stage"])), "", "", row["n"], "")
        )
    headers = [_("Method"), _("Name"), _("Community"), _("Stage or date")]
    return (_("Deliveries"), [*headers, _("Sessions or cases"), _("Participants")], rows)


def _evaluations(project: ServiceProject) -> Sheet:
    dimensions = rubric()
    rows = []
    for evaluation in evaluations_of(project):
        scores = {s.dimension_id: float(s.score) for s in evaluation.scores.all()}
        rows.append(
            (
                str(evaluation.get_kind_display()),
                evaluation.evaluator.name,
                f"{evaluation.evaluated_on:%Y-%m-%d}",
                *[scores.get(d.pk) for d in dimensions],
                float(evaluation.total),
                evaluation.grade,
                evaluation.conclusion,
            )
        )
    headers = [
        _("Evaluation"),
        _("Evaluator"),
        _("Date"),
        *[f"{d.display_name} ({d.max_score})" for d in dimensions],
        _("Total"),
        _("Grade"),
        _("Conclusion"),
    ]
    return (_("Evaluations"), headers, rows)


def project_report_xlsx(project: ServiceProject) -> bytes:
    return write_workbook(
        [
            _overview(project),
            _indicators(project),
            _by_month(project),
            _by_community(project),
            _deliveries(project),
            _evaluations(project),
        ]
    )
