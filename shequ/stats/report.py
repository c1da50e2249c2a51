"""The impact report (成效报告) of a division and a period, in the form of the article that
inspired Shequ: the headline figures, what was done programme by programme, notable cases from
the library, and the partners. Every figure is the dashboard's figure for the same division and
period (the report is written from `dashboard()`), in Chinese or in English, as a PDF and as an
Excel workbook; it is built in the background with its progress recorded."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from shequ.access.rule import covers
from shequ.audit.services import audit_record
from shequ.core.background import run_in_background
from shequ.core.errors import Forbidden, InvalidInput
from shequ.core.pdf import Block, document_pdf
from shequ.divisions.models import Division
from shequ.figures.periods import Period
from shequ.figures.registry import FIGURES, SECTION_LABELS, SECTIONS, Scope
from shequ.stats.dashboard import VIEW, Result, dashboard, may_see
from shequ.stats.export import figures_workbook
from shequ.stats.models import ImpactReport, Language, ReportStatus


@dataclass
class ReportContent:
    title: str
    subtitle: str
    headline: str
    results: list[Result]
    blocks: list[Block] = field(default_factory=list)
    cases: list[list[str]] = field(default_factory=list)
    partners: list[list[str]] = field(default_factory=list)


def _headline(results: dict[str, Result]) -> str:
    """The article's first paragraph: the figures that say what was achieved."""

    def text(key: str) -> str | None:
        return results[key].text if key in results else None

    parts = []
    if text("projects") is not None and text("contract_funds") is not None:
        parts.append(
            _("%(n)s government-purchased service projects with contracts of %(yuan)s yuan")
            % {"n": text("projects"), "yuan": text("contract_funds")}
        )
    if text("people_served") is not None:
        parts.append(
            _("%(people)s people served, %(times)s person-times")
            % {"people": text("people_served"), "times": text("person_times")}
        )
    if text("volunteer_hours") is not None:
        parts.append(
            _("%(n)s registered volunteers, %(hours)s certified hours of volunteer service")
            % {"n": text("volunteers"), "hours": text("volunteer_hours")}
        )
    if text("trainings") is not None:
        parts.append(
            _("%(n)s trainings for %(people)s trainees")
            % {"n": text("trainings"), "people": text("trainees")}
        )
    if text("community_orgs") is not None:
        parts.append(_("%(n)s community organizations incubated") % {"n": text("community_orgs")})
    if text("placements") is not None:
        parts.append(
            _("%(n)s students placed, %(assistants)s as assistants to community secretaries")
            % {"n": text("placements"), "assistants": text("assistants")}
        )
    return _("; ").join(parts) + _(".")


def _section_blocks(section: str, results: list[Result]) -> list[Block]:
    mine = [r for r in results if r.figure.section == section]
    if not mine:
        return []
    blocks: list[Block] = [("h", str(SECTION_LABELS[section]))]
    blocks.append(
        (
            "table",
            [_("Figure"), _("This period"), _("Period before"), _("Change")],
            [[str(r.figure.label), r.text, r.previous_text, r.change or "—"] for r in mine],
        )
    )
    for result in mine:
        for _key, (label, cells) in result.breakdowns.items():
            if cells:
                blocks.append(
                    (
                        "table",
                        [f"{result.figure.label} {label}", result.unit_text or _("number")],
                        [[c.label, c.text] for c in cells[:12]],
                    )
                )
    return blocks


def _cases(scope: Scope) -> list[list[str]]:
    from shequ.sharing.selectors import library

    studies = library(user=scope.user).filter(
        division__code__startswith=scope.prefix, published_at__date__lte=scope.period.end
    )[:5]
    return [[s.title, s.summary or s.body[:120]] for s in studies]


def _partners(scope: Scope) -> list[list[str]]:
    """The buyers and providers of the projects behind the projects figure, for a requester
    who may see that figure."""
    from shequ.projects.figures_registry import visible

    if not may_see(scope, FIGURES["projects"]):
        return []
    rows: dict[tuple[str, str], None] = {}
    for project in visible(scope, None).select_related("buyer", "provider"):
        rows[(project.buyer.name, _("buyer"))] = None
        rows[(project.provider.name, _("provider"))] = None
    return [[name, role] for name, role in rows]


def report_content(scope: Scope, *, published: bool, progress: Any = None) -> ReportContent:
    """What the report says; `progress(percent, step)` hears how far it is."""
    progress = progress or (lambda percent, step: None)
    progress(10, _("computing the figures"))
    results = dashboard(scope, published=published)
    by_key = {r.figure.key: r for r in results}
    content = ReportContent(
        title=_("%(division)s: community social work and governance, %(period)s")
        % {"division": scope.division.name, "period": scope.period.label},
        subtitle=_("Impact report - %(start)s to %(end)s - generated by Shequ on %(today)s")
        % {
            "start": scope.period.start.isoformat(),
            "end": scope.period.end.isoformat(),
            "today": timezone.localdate().isoformat(),
        },
        headline=_headline(by_key),
        results=results,
    )
    content.blocks.append(("h", _("Headline figures")))
    content.blocks.append(("p", content.headline))
    for index, section in enumerate(SECTIONS):
        progress(20 + 50 * index // len(SECTIONS), str(SECTION_LABELS[section]))
        content.blocks += _section_blocks(section, results)
    progress(75, _("notable cases and partners"))
    content.cases = _cases(scope)
    if content.cases:
        content.blocks.append(("h", _("Notable cases")))
        for title, summary in content.cases:
            content.blocks.append(("p", f"{title}：{summary}" if title else summary))
    content.partners = _partners(scope)
    if content.partners:
        content.blocks.append(("h", _("Partners")))
        content.blocks.append(("table", [_("Organization"), _("Role")], content.partners))
    return content


# --- the report as a background job ------------------------------------------------------


def report_request(
    *,
    by: Any,
    division: Division,
    period: Period,
    language: str = Language.CHINESE,
    published: bool = True,
    scheduled: bool = False,
    inline: bool = False,
) -> ImpactReport:
    """A report asked for; written by the workers (a thread without a broker), or here and
    now when `inline` (a short-lived process such as a cron command, with no broker)."""
    if not covers(by, VIEW, division.code):
        raise Forbidden(_("You may not report on this division."))
    if language not in Language.values:
        raise InvalidInput(_("Chinese or English."), field="language")
    with transaction.atomic():
        report = ImpactReport.objects.create(
            division=division,
            period_kind=period.kind,
            start=period.start,
            end=period.end,
            language=language,
            published=published,
            scheduled=scheduled,
            requested_by=by,
        )
        audit_record(actor=by, action="stats.report_request", obj=report)
    if inline:  # same thread and connection: the report is there to be written
        _dispatch(report, inline=True)
    else:  # a worker or a thread reads the report once it is committed
        transaction.on_commit(lambda: _dispatch(report, inline=False))
    return report


def _dispatch(report: ImpactReport, inline: bool) -> None:
    from shequ.stats.tasks import build_report

    run_in_background(build_report, report.pk, name="report", small=inline)


def report_build(report_id: int) -> None:
    report = ImpactReport.objects.select_related("division", "requested_by").get(pk=report_id)

    def progress(percent: int, step: str) -> None:
        ImpactReport.objects.filter(pk=report.pk).update(progress=percent, step=step[:120])

    ImpactReport.objects.filter(pk=report.pk).update(status=ReportStatus.RUNNING, progress=1)
    scope = Scope(
        user=report.requested_by,
        division=report.division,
        period=Period(report.period_kind, report.start, report.end),
    )
    try:
        with translation.override(report.language):
            content = report_content(scope, published=report.published, progress=progress)
            progress(85, _("typesetting the PDF"))
            pdf = document_pdf(
                title=content.title,
                subtitle=content.subtitle,
                blocks=content.blocks,
                footer=_("People counts under 5 are shown as <5.") if report.published else "",
            )
            progress(95, _("writing the workbook"))
            xlsx = figures_workbook(
                scope,
                content.results,
                extra=[
                    (_("notable cases"), [_("title"), _("summary")], content.cases),
                    (_("partners"), [_("organization"), _("role")], content.partners),
                ],
            )
    except Exception as exc:
        ImpactReport.objects.filter(pk=report.pk).update(
            status=ReportStatus.FAILED, message=str(exc)[:2000], finished_at=timezone.now()
        )
        raise
    name = f"shequ-{report.division_id}-{report.start:%Y%m%d}-{report.end:%Y%m%d}"
    report.pdf.save(f"{name}.pdf", ContentFile(pdf), save=False)
    report.xlsx.save(f"{name}.xlsx", ContentFile(xlsx), save=False)
    ImpactReport.objects.filter(pk=report.pk).update(
        pdf=report.pdf.name,
        xlsx=report.xlsx.name,
        status=ReportStatus.DONE,
        progress=100,
        step="",
        finished_at=timezone.now(),
    )
