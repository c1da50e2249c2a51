"""Writes of research: projects and their outputs; extracts requested (computed at once, with
the report of what was done), approved or refused by someone who reaches the population (never
the requester), and downloaded by the requester, each download audited."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.access.codes import Level
from shequ.access.rule import reach_organizations
from shequ.audit.services import audit_record
from shequ.core.attachments import DOCUMENT_KINDS, check_upload
from shequ.core.crypto import research_key
from shequ.core.errors import Forbidden, InvalidInput
from shequ.core.spreadsheet import write_csv, write_xlsx
from shequ.divisions.models import Division
from shequ.organizations.models import Organization
from shequ.research import notifying
from shequ.research.extraction import FIELDS, load_population, run
from shequ.research.kanon import MIN_K
from shequ.research.models import (
    Extract,
    ExtractStatus,
    OutputKind,
    Population,
    ResearchOutput,
    ResearchProject,
)
from shequ.research.permissions import (
    MANAGE,
    decision_refusal,
    download_refusal,
    may_extract_from,
    on_team,
    research_project_caps,
)

if TYPE_CHECKING:
    from shequ.accounts.models import User

MAX_K = 100
# an extract is made of a district, a street or a community (never a whole city or province)
EXTRACT_LEVELS = (Level.DISTRICT, Level.STREET, Level.COMMUNITY)
MAX_OUTPUT_MB = 20


def max_suppressed() -> float:
    return float(getattr(settings, "SHEQU_RESEARCH_MAX_SUPPRESSED", 0.05))


def project_create(
    *,
    by: User,
    organization: Organization,
    title: str,
    funder: str,
    start_date: date,
    end_date: date,
    grant_number: str = "",
    team: list[Any] | None = None,
    description: str = "",
) -> ResearchProject:
    """A research project of the creator's organization; the creator leads it and is on the
    team."""
    if organization.pk not in reach_organizations(by, MANAGE):
        raise Forbidden(_("You manage research for your own organization only."))
    if not title.strip():
        raise InvalidInput(_("The title is required."), field="title")
    if not funder.strip():
        raise InvalidInput(_("Name the funder."), field="funder")
    if end_date < start_date:
        raise InvalidInput(_("The project ends before it starts."), field="end_date")
    with transaction.atomic():
        project = ResearchProject.objects.create(
            division_id=organization.division_id,
            organization=organization,
            title=title.strip()[:200],
            funder=funder.strip()[:120],
            grant_number=grant_number.strip()[:60],
            lead=by,
            start_date=start_date,
            end_date=end_date,
            description=description.strip(),
        )
        project.team.add(by, *(team or []))
        audit_record(actor=by, action="research.project_create", obj=project)
    return project


def team_set(*, by: User, project: ResearchProject, team: list[Any]) -> ResearchProject:
    research_project_caps(by, project).require(
        "manage", _("Only the project's lead or its organization may do this.")
    )
    with transaction.atomic():
        project.team.set({project.lead, *team})
        audit_record(actor=by, action="research.team", obj=project, detail={"team": len(team)})
    return project


def output_add(
    *,
    by: User,
    project: ResearchProject,
    title: str,
    kind: str,
    year: int,
    venue: str = "",
    link: str = "",
    upload: Any = None,
) -> ResearchOutput:
    research_project_caps(by, project).require(
        "add_output", _("Only the project's team may add outputs.")
    )
    if not title.strip():
        raise InvalidInput(_("The title is required."), field="title")
    if kind not in OutputKind.values:
        raise InvalidInput(_("Unknown kind."), field="kind")
    if not project.start_date.year <= year <= timezone.localdate().year + 1:
        raise InvalidInput(
            _("The year is between the project's start and next year."), field="year"
        )
    link = link.strip()
    if link and not link.startswith(("https://", "http://")):
        raise InvalidInput(_("A link starts with https:// or http://."), field="link")
    checked = (
        check_upload(upload, allowed=DOCUMENT_KINDS, max_mb=MAX_OUTPUT_MB)
        if upload is not None
        else None
    )
    with transaction.atomic():
        output = ResearchOutput(
            project=project,
            title=title.strip()[:300],
            kind=kind,
            year=year,
            venue=venue.strip()[:200],
            link=link[:500],
            added_by=by,
        )
        if checked is not None:
            output.content_type = checked.content_type
            output.file.save(checked.name, upload, save=False)
        output.save()
        audit_record(actor=by, action="research.output", obj=project)
    return output


def extract_request(
    *,
    by: User,
    project: ResearchProject,
    population: str,
    division: Division,
    fields: list[str],
    k: int,
    purpose: str,
    period_start: date | None = None,
    period_end: date | None = None,
) -> Extract:
    """Check the request, compute the extract and keep it, waiting for approval. Bad input
    (k below 5 among it) saves nothing."""
    if k < MIN_K:
        raise InvalidInput(
            _(
                "k must be at least %(min)s: every combination of age, gender, place and the "
                "other quasi-identifiers must be shared by at least %(min)s people."
            )
            % {"min": MIN_K},
            field="k",
            code="k_too_small",
        )
    if k > MAX_K:
        raise InvalidInput(_("k is at most %(max)s.") % {"max": MAX_K}, field="k")
    if not on_team(by, project):
        raise Forbidden(_("Only a member of the project's team requests extracts."))
    if not may_extract_from(by, division.code):
        raise Forbidden(_("You may not request extracts of this division."))
    if division.level not in EXTRACT_LEVELS:
        raise InvalidInput(
            _("Extracts are made of a district, a street or a community."),
            field="division",
            code="division_level",
        )
    if population not in Population.values:
        raise InvalidInput(_("Unknown population."), field="population")
    if population == Population.SERVED:
        if period_start is None or period_end is None:
            raise InvalidInput(_("Give the period."), field="period_start")
        if period_end < period_start:
            raise InvalidInput(_("The period ends before it starts."), field="period_end")
    else:
        period_start = period_end = None
    unknown = [f for f in fields if f not in FIELDS or population not in FIELDS[f][2]]
    if unknown:
        raise InvalidInput(
            _("These fields are not offered for this population: %(fields)s.")
            % {"fields": ", ".join(unknown)},
            field="fields",
            code="field",
        )
    if not fields:
        raise InvalidInput(_("Choose at least one field."), field="fields")
    if len(purpose.strip()) < 10:
        raise InvalidInput(_("Describe the purpose (at least 10 characters)."), field="purpose")
    fields = [f for f in FIELDS if f in fields]  # the catalogue's order, no duplicates
    subjects = load_population(
        population=population, division=division, start=period_start, end=period_end
    )
    result = run(
        subjects,
        fields,
        k=k,
        project_id=project.pk,
        key=research_key(),
        max_suppressed=max_suppressed(),
    )
    report = {
        "population_size": len(subjects),
        "released": len(result.rows),
        "suppressed": result.suppressed,
        "classes": result.classes,
        "k": k,
        "levels": result.levels,
        "max_suppressed": max_suppressed(),
        "removed": ["name", "id_number", "phone", "address", "birth_date"],
        "excluded": ["protection", "no_consent", "merged"],
    }
    with transaction.atomic():
        extract = Extract.objects.create(
            division=division,
            project=project,
            population=population,
            period_start=period_start,
            period_end=period_end,
            fields=fields,
            k=k,
            purpose=purpose.strip(),
            requested_by=by,
            report=report,
            rows=result.rows,
        )
        audit_record(
            actor=by,
            action="research.extract_request",
            obj=extract,
            detail={"fields": fields, "k": k, "released": len(result.rows)},
        )
        notifying.extract_requested(extract)
    return extract


def _require_approver(by: User, extract: Extract) -> None:
    refusal = decision_refusal(by, extract)
    if refusal is not None:
        raise refusal


def _decide(*, by: User, extract: Extract, status: str, comment: str) -> Extract:
    _require_approver(by, extract)
    comment = comment.strip()
    if status == ExtractStatus.REFUSED and not comment:
        raise InvalidInput(_("Give the reason."), field="comment")
    with transaction.atomic():
        extract.status = status
        extract.decided_by = by
        extract.decided_at = timezone.now()
        extract.decision_comment = comment
        if status == ExtractStatus.REFUSED:
            extract.rows = []  # nothing refused is kept
        extract.save()
        action = "approve" if status == ExtractStatus.APPROVED else "refuse"
        audit_record(actor=by, action=f"research.extract_{action}", obj=extract)
        notifying.extract_decided(extract)
    return extract


def extract_approve(*, by: User, extract: Extract, comment: str = "") -> Extract:
    return _decide(by=by, extract=extract, status=ExtractStatus.APPROVED, comment=comment)


def extract_refuse(*, by: User, extract: Extract, comment: str) -> Extract:
    """Refused with a reason; the rows are dropped."""
    return _decide(by=by, extract=extract, status=ExtractStatus.REFUSED, comment=comment)


def extract_columns(extract: Extract) -> list[str]:
    return ["pseudonym", *extract.fields]


def extract_table(
    extract: Extract, *, limit: int | None = None
) -> tuple[list[str], list[list[Any]]]:
    """The extract as a table: its columns and its rows (the first `limit` when given). Says
    nothing of who may see it: callers check `extract_caps(...)` (`see_rows`, `download`) first."""
    columns = extract_columns(extract)
    kept = extract.rows if limit is None else extract.rows[:limit]
    return columns, [[row.get(c, "") for c in columns] for row in kept]


def extract_download(*, by: User, extract: Extract, fmt: str) -> tuple[bytes, str, str]:
    """The approved extract as CSV or Excel, for the researcher who asked; audited."""
    refusal = download_refusal(by, extract)
    if refusal is not None:
        raise refusal
    if fmt not in ("csv", "xlsx"):
        raise InvalidInput(_("CSV or Excel."), field="format")
    columns, rows = extract_table(extract)
    with transaction.atomic():
        Extract.objects.filter(pk=extract.pk).update(downloads=F("downloads") + 1)
        audit_record(
            actor=by,
            action="research.extract_download",
            obj=extract,
            detail={"format": fmt, "rows": len(rows), "purpose": extract.purpose[:200]},
        )
    name = f"extract-{extract.pk}.{fmt}"
    if fmt == "csv":
        return write_csv(columns, rows), "text/csv; charset=utf-8", name
    return (
        write_xlsx(columns, rows, sheet_title="extract"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        name,
    )
