"""The impact report (成效报告) of a division and a period, in the form of the article that
inspired Shequ: the headline figures, what was done programme by programme, notable cases from
the library, and the partners. Every figure is the dashboard's figure for the same division and
period (the report is written from `dashboard()`), in Chinese or in English, as a PDF and as an
Excel workbook; it is built in the background with its progress recorded."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING, Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from shequ.access.codes import prefix_of
from shequ.accounts.models import RoleGrant
from shequ.audit.services import audit_record
from shequ.core.background import run_in_background
from shequ.core.charts import bar_chart, line_chart, pairs_chart
from shequ.core.errors import Forbidden, InvalidInput
from shequ.core.pdf import Block, Cover, Document, document_pdf
from shequ.core.word import document_docx
from shequ.divisions.models import Division
from shequ.figures.periods import Period
from shequ.figures.registry import SECTION_LABELS, SECTIONS, Number, Scope
from shequ.stats import notifying
from shequ.stats.dashboard import (
    HIDDEN,
    TREND_FIGURES,
    Result,
    dashboard,
    registered_rows,
    shown,
    trend,
)
from shequ.stats.export import figures_workbook
from shequ.stats.models import ImpactReport, Language, ReportStatus
from shequ.stats.narratives import CHANGE, NARRATIVES
from shequ.stats.permissions import may_view_stats

if TYPE_CHECKING:
    from shequ.accounts.models import User


@dataclass
class ReportContent:
    title: str
    subtitle: str
    headline: str
    results: list[Result]
    blocks: list[Block] = field(default_factory=list)
    cases: list[list[str]] = field(default_factory=list)
    partners: list[list[str]] = field(default_factory=list)
    cover: Cover | None = None


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
    return tidy(_("; ").join(parts) + _("."))


CJK = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]"


def tidy(text: str) -> str:
    """No space between a Chinese character and a number (English keeps its spaces)."""
    return re.sub(rf"(?<={CJK}) +| +(?={CJK})", "", text)


def change_text(result: Result) -> str:
    """The change column: the difference and, where the period before had any, the
    percentage ("+12 (+18.4%)"); "new" where the period before had nothing; "—" where there is
    nothing to compare (no period before, or a small count not disclosed)."""
    if result.previous is None or HIDDEN in (result.text, result.previous_text):
        return "—"
    difference = Decimal(result.value) - Decimal(result.previous)
    if not difference:
        return "0"
    shown_difference = shown(difference, "", False)
    sign = "+" if difference > 0 else ""
    if result.change:
        return f"{sign}{shown_difference} ({result.change})"
    return _("new") if result.previous == 0 else f"{sign}{shown_difference}"


def narrative(section: str, by_key: dict[str, Result], language: str) -> list[str]:
    """The programme's sentences (stats/narratives.py), filled with the dashboard's figures;
    a sentence naming a figure the reader may not see is left out."""
    templates = NARRATIVES.get(language, NARRATIVES["en"])
    phrases = CHANGE.get(language, CHANGE["en"])
    sentences = []
    for template in templates.get(section, []):
        names = {name for name in re.findall(r"\{(\w+)(?::change)?\}", template)}
        if not names <= by_key.keys():
            continue
        values: dict[str, str] = {}
        for name in names:
            result = by_key[name]
            values[name] = result.text
            values[f"{name}:change"] = _change_phrase(result, phrases)
        sentences.append(re.sub(r"\{(\w+(?::change)?)\}", partial(_fill, values), template))
    return sentences


def _fill(values: dict[str, str], match: re.Match[str]) -> str:
    return values[match[1]]


def _change_phrase(result: Result, phrases: dict[str, str]) -> str:
    if result.previous is None or HIDDEN in (result.text, result.previous_text):
        return ""
    if result.previous == result.value:
        return phrases["same"]
    if not result.change:
        return phrases["new"]
    direction = "up" if result.change.startswith("+") else "down"
    return phrases[direction].format(percent=result.change.lstrip("+-"))


def _figure_label(result: Result) -> str:
    label = str(result.figure.label)
    return (
        _("%(figure)s (%(unit)s)") % {"figure": label, "unit": result.unit_text}
        if result.unit_text
        else label
    )


def _chart_value(value: Number, text: str) -> float | None:
    return None if text == HIDDEN else float(value)


def _section_blocks(
    section: str, results: list[Result], by_key: dict[str, Result], language: str
) -> list[Block]:
    mine = [r for r in results if r.figure.section == section]
    if not mine:
        return []
    blocks: list[Block] = [("h", str(SECTION_LABELS[section]))]
    for sentence in narrative(section, by_key, language):
        blocks.append(("p", sentence))
    blocks.append(
        (
            "table",
            [_("Figure"), _("This period"), _("Period before"), _("Change")],
            [[_figure_label(r), r.text, r.previous_text or "—", change_text(r)] for r in mine],
        )
    )
    blocks.append(
        (
            "image",
            pairs_chart(
                _("%(section)s: this period against the period before")
                % {"section": SECTION_LABELS[section]},
                [str(r.figure.label) for r in mine],
                [
                    (
                        None if r.previous is None else _chart_value(r.previous, r.previous_text),
                        _chart_value(r.value, r.text),
                    )
                    for r in mine
                ],
                (_("Period before"), _("This period")),
            ),
            "",
        )
    )
    for result in mine:
        for _key, (label, cells) in result.breakdowns.items():
            if not cells:
                continue
            title = f"{result.figure.label} {label}"
            blocks.append(("h2", title))
            if len(cells) > 1:
                top = cells[:12]
                blocks.append(
                    (
                        "image",
                        bar_chart(
                            title,
                            [c.label for c in top],
                            [_chart_value(c.value, c.text) for c in top],
                        ),
                        "",
                    )
                )
            blocks.append(
                (
                    "table",
                    [_("part"), result.unit_text or _("number")],
                    [[c.label, c.text] for c in cells[:12]],
                )
            )
    return blocks


def _trend_blocks(scope: Scope, by_key: dict[str, Result], published: bool) -> list[Block]:
    blocks: list[Block] = []
    for key in TREND_FIGURES:
        if key not in by_key:
            continue
        rows = trend(scope, by_key[key], published)
        if not rows:
            return []
        result = by_key[key]
        title = _("%(figure)s by month") % {"figure": result.figure.label}
        labels = [f"{month.start.month}" for month, _v, _t in rows]
        values = [_chart_value(value, text) for _m, value, text in rows]
        blocks.append(("image", line_chart(title, labels, values, _("month")), ""))
    if blocks:
        blocks.insert(0, ("h", _("Trend by month")))
    return blocks


def _target_blocks(rows: list[list[Any]]) -> list[Block]:
    """The projects' targets against their actuals: a chart of the first indicators and the
    table of all, with the share reached."""
    if not rows:
        return []
    measured = [r for r in rows if r[3] is not None][:6]
    blocks: list[Block] = [("h", _("Targets and actuals"))]
    if measured:
        chart = pairs_chart(
            _("Targets and actuals"),
            [str(r[1]) for r in measured],
            [(float(r[2]), float(r[3])) for r in measured],
            (_("target"), _("actual")),
        )
        blocks.append(("image", chart, ""))
    blocks.append(
        (
            "table",
            [_("Project"), _("Indicator"), _("target"), _("actual"), _("share reached")],
            [
                [
                    project,
                    indicator,
                    shown(target, "", False),
                    "—" if actual is None else shown(actual, "", False),
                    "—" if percent is None else f"{percent}%",
                ]
                for project, indicator, target, actual, percent in rows
            ],
        )
    )
    return blocks


def issuing_unit(scope: Scope) -> str:
    """The organization the requester acts for at the division (the bureau), else the
    division's name."""
    grants = (
        RoleGrant.objects.active()
        .filter(user=scope.user, organization__isnull=False)
        .select_related("organization")
        .order_by("-division_id")
    )
    for grant in grants:
        organization = grant.organization
        if organization is not None and scope.division.code.startswith(
            prefix_of(grant.division_id)
        ):
            return str(organization.name)
    return scope.division.name


def report_content(scope: Scope, *, published: bool, progress: Any = None) -> ReportContent:
    """What the report says; `progress(percent, step)` hears how far it is."""
    progress = progress or (lambda percent, step: None)
    progress(10, _("computing the figures"))
    language = translation.get_language() or Language.CHINESE
    results = dashboard(scope, published=published)
    by_key = {r.figure.key: r for r in results}
    today = timezone.localdate()
    unit = issuing_unit(scope)
    content = ReportContent(
        title=_("%(division)s: community social work and governance, %(period)s")
        % {"division": scope.division.name, "period": scope.period.label},
        subtitle=_("Impact report - %(start)s to %(end)s - generated by Shequ on %(today)s")
        % {
            "start": scope.period.start.isoformat(),
            "end": scope.period.end.isoformat(),
            "today": today.isoformat(),
        },
        headline=_headline(by_key),
        results=results,
    )
    content.cover = Cover(
        title=content.title,
        lines=[
            _("Impact report"),
            _("Division: %(name)s") % {"name": scope.division.name},
            _("Period: %(start)s to %(end)s")
            % {"start": long_date(scope.period.start), "end": long_date(scope.period.end)},
            _("Issued by: %(unit)s") % {"unit": unit},
            long_date(today),
        ],
        contents=_("Contents"),
    )
    content.blocks.append(("h", _("Headline figures")))
    content.blocks.append(("p", content.headline))
    progress(15, _("the trend by month"))
    content.blocks += _trend_blocks(scope, by_key, published)
    for index, section in enumerate(SECTIONS):
        progress(20 + 50 * index // len(SECTIONS), str(SECTION_LABELS[section]))
        content.blocks += _section_blocks(section, results, by_key, language)
    content.blocks += _target_blocks(registered_rows("targets", scope))
    progress(75, _("notable cases and partners"))
    content.cases = registered_rows("cases", scope)
    if content.cases:
        content.blocks.append(("h", _("Notable cases")))
        for title, summary in content.cases:
            content.blocks.append(("p", f"{title}：{summary}" if title else summary))
    content.partners = registered_rows("partners", scope)
    if content.partners:
        content.blocks.append(("h", _("Partners")))
        content.blocks.append(("table", [_("Organization"), _("Role")], content.partners))
    content.blocks += [
        ("break",),
        ("h", _("Issued by")),
        (
            "p",
            _(
                "The figures of this report are those of Shequ's dashboard for %(division)s and "
                "the period from %(start)s to %(end)s, as of %(today)s."
            )
            % {
                "division": scope.division.name,
                "start": long_date(scope.period.start),
                "end": long_date(scope.period.end),
                "today": long_date(today),
            },
        ),
        (
            "sign",
            [
                _("Issuing unit (seal): %(unit)s") % {"unit": unit},
                _("Person in charge (signature): ____________"),
                long_date(today),
            ],
        ),
    ]
    return content


def long_date(day: date) -> str:
    return _("%(y)s-%(m)s-%(d)s") % {"y": day.year, "m": day.month, "d": day.day}


def _name(division: Division, period: Period, what: str, kind: str) -> str:
    label = period.label.replace(" – ", "-").replace(" ", "")
    return f"{division.name}_{label}_{what}.{kind}".replace(" ", "_")


def file_name(report: ImpactReport, kind: str) -> str:
    """南关区_2026年_成效报告.pdf: the division, the period and what it is, in the report's
    language."""
    period = Period(report.period_kind, report.start, report.end)
    with translation.override(report.language):
        return _name(report.division, period, _("impact report"), kind)


def figures_file_name(scope: Scope) -> str:
    """南关区_2026年_统计数据.xlsx: the dashboard's figures as a workbook."""
    return _name(scope.division, scope.period, _("figures"), "xlsx")


# --- the report as a background job ------------------------------------------------------


def report_request(
    *,
    by: User,
    division: Division,
    period: Period,
    language: str = Language.CHINESE,
    published: bool = True,
    scheduled: bool = False,
    inline: bool = False,
) -> ImpactReport:
    """A report asked for; written by the workers (a thread without a broker), or here and
    now when `inline` (a short-lived process such as a cron command, with no broker)."""
    if not may_view_stats(by, division.code):
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
            document = Document(
                title=content.title,
                subtitle=content.subtitle,
                blocks=content.blocks,
                footer=_("People counts under 5 are shown as <5.") if report.published else "",
                cover=content.cover,
                page_label=_("Page %(n)s"),
            )
            progress(80, _("typesetting the PDF"))
            pdf = document_pdf(document)
            progress(90, _("writing the Word file"))
            docx = document_docx(document)
            progress(95, _("writing the workbook"))
            xlsx = figures_workbook(
                scope,
                content.results,
                extra=[
                    (_("notable cases"), [_("title"), _("summary")], content.cases),
                    (_("partners"), [_("organization"), _("role")], content.partners),
                ],
                published=report.published,
            )
    except Exception as exc:
        ImpactReport.objects.filter(pk=report.pk).update(
            status=ReportStatus.FAILED, message=str(exc)[:2000], finished_at=timezone.now()
        )
        notifying.report_finished(report, failed=True)
        raise
    name = f"shequ-{report.division_id}-{report.start:%Y%m%d}-{report.end:%Y%m%d}"
    report.pdf.save(f"{name}.pdf", ContentFile(pdf), save=False)
    report.xlsx.save(f"{name}.xlsx", ContentFile(xlsx), save=False)
    report.docx.save(f"{name}.docx", ContentFile(docx), save=False)
    ImpactReport.objects.filter(pk=report.pk).update(
        pdf=report.pdf.name,
        xlsx=report.xlsx.name,
        docx=report.docx.name,
        status=ReportStatus.DONE,
        progress=100,
        step="",
        finished_at=timezone.now(),
    )
    notifying.report_finished(report, failed=False)
