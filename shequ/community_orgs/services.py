"""Writes about community organizations (社区社会组织): the application, the stage moves one at a
time (each by a permitted role, with its date and reason, recorded), the incubator and mentors,
the legal status (备案 with the street, 登记 with civil affairs), small grants given and spent,
members, capacity assessments, recognition as typical (典型), and activities (held through the
service-delivery app, so that they count once in the statistics)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from shequ.access.codes import Level
from shequ.access.perms import Perm
from shequ.access.rule import covers
from shequ.audit.services import audit_record
from shequ.community_orgs import notifying
from shequ.community_orgs.models import (
    STATUS_ORDER,
    AreaKind,
    CapacityAssessment,
    CapacityDimension,
    CapacityScore,
    CommunityArea,
    CommunityOrganization,
    Grant,
    GrantKind,
    LegalStatus,
    Member,
    MemberRole,
    OrgStage,
    OrgType,
    Recognition,
    StageMove,
)
from shequ.community_orgs.permissions import community_caps, community_org_caps, may_manage_in
from shequ.community_orgs.selectors import mentor_choices
from shequ.core.attachments import DOCUMENT_KINDS, check_upload
from shequ.core.errors import Conflict, Forbidden, InvalidInput
from shequ.core.scores import rubric_score
from shequ.divisions.models import Division
from shequ.organizations.models import Organization, OrganizationKind
from shequ.organizations.validators import validate_uscc
from shequ.projects.services import parse_amount
from shequ.residents.models import Resident

if TYPE_CHECKING:
    from shequ.accounts.models import User

VIEW = Perm.COMMUNITY_ORG_VIEW
MANAGE = Perm.COMMUNITY_ORG_MANAGE
RECOGNIZE = Perm.COMMUNITY_ORG_RECOGNIZE
INCUBATOR_KINDS = (OrganizationKind.AGENCY, OrganizationKind.COMMUNITY_COMMITTEE)
MAX_DOCUMENT_MB = 20


def _require_manage(by: User, organization: CommunityOrganization) -> None:
    community_org_caps(by, organization).require(
        "manage", _("You may not change this organization.")
    )


def _not_future(day: date, *, field: str) -> None:
    if day > date.today():
        raise InvalidInput(_("The date is in the future."), field=field, code="future")


def _not_before_application(organization: CommunityOrganization, day: date, *, field: str) -> None:
    if day < organization.applied_on:
        raise InvalidInput(
            _("The date is before the application (%(day)s).") % {"day": organization.applied_on},
            field=field,
            code="before_application",
        )


def stages() -> list[OrgStage]:
    return list(OrgStage.objects.order_by("sort"))


def _not_a_mentor() -> InvalidInput:
    return InvalidInput(
        _("A mentor is someone who works over the organization's community."),
        field="mentors",
        code="mentor",
    )


def mentors_named(*, community: Division, ids: list[int]) -> list[Any]:
    """The people named by id as mentors, among those who may mentor in the community (an id
    of anyone else, or of no one, is refused alike: the answer confirms no account)."""
    people = {u.pk: u for u in mentor_choices(community)}
    if any(pk not in people for pk in ids):
        raise _not_a_mentor()
    return [people[pk] for pk in ids]


def _check_incubation(
    community: Division, incubator: Organization | None, mentors: list[Any]
) -> None:
    if incubator is not None and incubator.kind not in INCUBATOR_KINDS:
        raise InvalidInput(
            _("The incubator is a social-work agency or a community committee."),
            field="incubator",
            code="incubator_kind",
        )
    if len({m.pk for m in mentors}) != len(mentors):
        raise InvalidInput(_("A mentor is named twice."), field="mentors", code="duplicate")
    if mentors:
        allowed = {u.pk for u in mentor_choices(community)}
        if any(m.pk not in allowed for m in mentors):
            raise _not_a_mentor()


def organization_create(
    *,
    by: User,
    division: Division,
    name: str,
    org_type: OrgType,
    applied_on: date,
    purpose: str = "",
    incubator: Organization | None = None,
    mentors: list[Any] | None = None,
) -> CommunityOrganization:
    """Register an application (申请): the organization starts at the first stage, informal."""
    if not may_manage_in(by, division.code):
        raise Forbidden(_("You may not register organizations in this community."))
    if division.level != Level.COMMUNITY:
        raise InvalidInput(
            _("A community organization belongs to a community or village."), field="division"
        )
    name = (name or "").strip()
    if not name:
        raise InvalidInput(_("The name is required."), field="name")
    _not_future(applied_on, field="applied_on")
    mentors = list(mentors or [])
    _check_incubation(division, incubator, mentors)
    first = OrgStage.objects.order_by("sort").first()
    if first is None:
        raise InvalidInput(_("No incubation stages are defined."), field="stage")
    organization = CommunityOrganization(
        division=division,
        name=name[:120],
        org_type=org_type,
        stage=first,
        applied_on=applied_on,
        purpose=(purpose or "").strip(),
        incubator=incubator,
        created_by=by,
    )
    try:
        with transaction.atomic():
            organization.save()
            organization.mentors.set(mentors)
            StageMove.objects.create(
                organization=organization,
                to_stage=first,
                moved_on=applied_on,
                reason=_("Application registered."),
                by=by,
            )
            audit_record(actor=by, action="community_org.create", obj=organization)
            notifying.step_awaits(organization)
    except IntegrityError as exc:
        raise Conflict(
            _("This community has an organization with this name."), field="name", code="duplicate"
        ) from exc
    return organization


def organization_advance(
    *,
    by: User,
    organization: CommunityOrganization,
    to_stage: str,
    moved_on: date,
    reason: str,
) -> CommunityOrganization:
    """Move the organization to the next stage (申请 → 预孵化 → 孵化 → 成熟 → 出壳), or back one
    stage with a reason. A jump over a stage is refused; nothing is saved."""
    order = stages()
    codes = [s.code for s in order]
    if to_stage not in codes:
        raise InvalidInput(_("Unknown stage."), field="stage", code="unknown_stage")
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Give the reason for the move."), field="reason", code="reason")
    _not_future(moved_on, field="moved_on")
    with transaction.atomic():
        locked = CommunityOrganization.objects.select_for_update().get(pk=organization.pk)
        current = next(i for i, s in enumerate(order) if s.pk == locked.stage_id)
        wanted = codes.index(to_stage)
        target = order[wanted]
        if wanted == current:
            raise InvalidInput(
                _("The organization is at this stage already."), field="stage", code="same_stage"
            )
        backward = wanted < current
        if abs(wanted - current) != 1:
            following = order[current + 1] if current + 1 < len(order) else None
            raise InvalidInput(
                _(
                    "An organization moves one stage at a time: from %(current)s the next stage "
                    "is %(next)s, not %(wanted)s."
                )
                % {
                    "current": order[current].display_name,
                    "next": following.display_name if following else "—",
                    "wanted": target.display_name,
                },
                field="stage",
                code="stage_skip",
            )
        permission = MANAGE if backward else Perm(target.permission)
        if not covers(by, permission, locked.division_id):
            raise Forbidden(_("Your role may not take this step."))
        last = locked.moves.order_by("-moved_on", "-id").first()
        if last is not None and moved_on < last.moved_on:
            raise InvalidInput(
                _("The date is before the last move (%(day)s).") % {"day": last.moved_on},
                field="moved_on",
                code="before_last_move",
            )
        StageMove.objects.create(
            organization=locked,
            from_stage_id=locked.stage_id,
            to_stage=target,
            moved_on=moved_on,
            reason=reason[:300],
            backward=backward,
            by=by,
        )
        locked.stage = target
        locked.save(update_fields=["stage", "updated_at"])
        audit_record(
            actor=by,
            action="community_org.advance",
            obj=locked,
            detail={"to": target.code, "backward": backward},
        )
        notifying.step_awaits(locked)
    organization.stage = target
    return organization


def organization_incubation_set(
    *,
    by: User,
    organization: CommunityOrganization,
    incubator: Organization | None,
    mentors: list[Any],
) -> CommunityOrganization:
    _require_manage(by, organization)
    mentors = list(mentors)
    _check_incubation(organization.division, incubator, mentors)
    with transaction.atomic():
        organization.incubator = incubator
        organization.save(update_fields=["incubator", "updated_at"])
        organization.mentors.set(mentors)
        audit_record(
            actor=by,
            action="community_org.incubation",
            obj=organization,
            detail={"incubator": incubator.pk if incubator else None, "mentors": len(mentors)},
        )
    return organization


def organization_status_set(
    *,
    by: User,
    organization: CommunityOrganization,
    status: str,
    on: date,
    filing_number: str = "",
    uscc: str = "",
) -> CommunityOrganization:
    """Filed with the street (备案: date and filing number) or registered with civil affairs
    (登记: date and a valid unified social credit code). The status only moves forward."""
    _require_manage(by, organization)
    if status not in (LegalStatus.FILED, LegalStatus.REGISTERED):
        raise InvalidInput(_("Choose filed or registered."), field="status", code="status")
    if STATUS_ORDER.index(status) <= STATUS_ORDER.index(organization.status):
        raise InvalidInput(
            _("The organization is %(status)s already.")
            % {"status": organization.get_status_display()},
            field="status",
            code="status_order",
        )
    _not_future(on, field="on")
    _not_before_application(organization, on, field="on")
    fields = ["status", "updated_at"]
    if status == LegalStatus.FILED:
        filing_number = (filing_number or "").strip()
        if not filing_number:
            raise InvalidInput(
                _("Give the filing number."), field="filing_number", code="filing_number"
            )
        organization.filed_on, organization.filing_number = on, filing_number[:60]
        fields += ["filed_on", "filing_number"]
    else:
        try:
            code = validate_uscc(uscc)
        except ValidationError as exc:
            raise InvalidInput(exc.messages[0], field="uscc", code=exc.code or "uscc") from exc
        if CommunityOrganization.objects.filter(uscc=code).exclude(pk=organization.pk).exists():
            raise Conflict(
                _("Another organization has this unified social credit code."),
                field="uscc",
                code="duplicate",
            )
        organization.registered_on, organization.uscc = on, code
        fields += ["registered_on", "uscc"]
    organization.status = status
    try:
        with transaction.atomic():
            organization.save(update_fields=fields)
            audit_record(
                actor=by, action="community_org.status", obj=organization, detail={"to": status}
            )
    except IntegrityError as exc:
        raise Conflict(
            _("Another organization has this unified social credit code."),
            field="uscc",
            code="duplicate",
        ) from exc
    return organization


def grant_totals(organization: CommunityOrganization) -> dict[str, Decimal]:
    """Given, spent and what remains, in yuan."""
    grants = list(organization.grants.all())  # the prefetched grants, when there are
    cent = Decimal("0.01")
    given = sum((g.amount for g in grants if g.kind == GrantKind.GIVEN), Decimal(0)).quantize(cent)
    spent = sum((g.amount for g in grants if g.kind == GrantKind.SPENT), Decimal(0)).quantize(cent)
    return {"given": given, "spent": spent, "remaining": given - spent}


def grant_record(
    *,
    by: User,
    organization: CommunityOrganization,
    kind: str,
    amount: Any,
    on: date,
    note: str,
) -> Grant:
    """A small grant given, or money spent from it. Spending more than what remains of the
    grants given is refused, and nothing is saved."""
    _require_manage(by, organization)
    if kind not in GrantKind.values:
        raise InvalidInput(_("Choose given or spent."), field="kind", code="kind")
    value = parse_amount(amount)
    if value <= 0:
        raise InvalidInput(_("The amount must be more than zero."), field="amount", code="amount")
    _not_future(on, field="on")
    _not_before_application(organization, on, field="on")
    note = (note or "").strip()
    if not note:
        raise InvalidInput(_("Say what the money is for."), field="note", code="note")
    with transaction.atomic():
        # one writer at a time per organization, so two spendings cannot both pass the check
        locked = CommunityOrganization.objects.select_for_update().get(pk=organization.pk)
        if kind == GrantKind.SPENT:
            remaining = grant_totals(locked)["remaining"]
            if value > remaining:
                raise InvalidInput(
                    _(
                        "Spending %(amount)s yuan is more than what remains of the grants given "
                        "(%(remaining)s yuan)."
                    )
                    % {"amount": f"{value:,.2f}", "remaining": f"{remaining:,.2f}"},
                    field="amount",
                    code="overspent",
                )
        grant = Grant.objects.create(
            organization=locked, kind=kind, amount=value, on=on, note=note[:200], by=by
        )
        audit_record(
            actor=by,
            action="community_org.grant",
            obj=locked,
            detail={"kind": kind, "amount": str(value)},
        )
    return grant


def member_add(
    *,
    by: User,
    organization: CommunityOrganization,
    resident: Resident,
    role: str,
    joined_on: date,
) -> Member:
    """A resident the user may see in the registry joins the organization with a role."""
    _require_manage(by, organization)
    if not covers(by, Perm.RESIDENT_VIEW, resident.division_id) or resident.merged_into_id:
        raise InvalidInput(_("Choose a resident from the registry."), field="resident")
    if role not in MemberRole.values:
        raise InvalidInput(_("Choose the member's role."), field="role", code="role")
    _not_future(joined_on, field="joined_on")
    try:
        with transaction.atomic():
            member = Member.objects.create(
                organization=organization, resident=resident, role=role, joined_on=joined_on
            )
            audit_record(
                actor=by,
                action="community_org.member",
                obj=organization,
                detail={"resident": resident.pk, "role": role},
            )
    except IntegrityError as exc:
        raise Conflict(
            _("This resident is a member already."), field="resident", code="duplicate"
        ) from exc
    return member


def capacity_dimensions() -> list[CapacityDimension]:
    return list(CapacityDimension.objects.filter(active=True))


def assessment_record(
    *,
    by: User,
    organization: CommunityOrganization,
    assessed_on: date,
    scores: dict[str, Any],
    note: str = "",
) -> CapacityAssessment:
    """A capacity assessment: a score for each dimension in use (kept as data)."""
    _require_manage(by, organization)
    _not_future(assessed_on, field="assessed_on")
    _not_before_application(organization, assessed_on, field="assessed_on")
    dimensions = capacity_dimensions()
    unknown = set(scores) - {d.code for d in dimensions}
    if unknown:
        raise InvalidInput(
            _("Unknown dimension."), field=f"score_{sorted(unknown)[0]}", code="dimension"
        )
    checked = [(d, rubric_score(scores.get(d.code, ""), d)) for d in dimensions]
    with transaction.atomic():
        assessment = CapacityAssessment.objects.create(
            organization=organization,
            assessed_on=assessed_on,
            total=sum((s for _d, s in checked), Decimal("0")),
            note=(note or "").strip(),
            assessor=by,
        )
        CapacityScore.objects.bulk_create(
            [CapacityScore(assessment=assessment, dimension=d, score=s) for d, s in checked]
        )
        audit_record(
            actor=by,
            action="community_org.assess",
            obj=organization,
            detail={"total": str(assessment.total)},
        )
    return assessment


def recognition_record(
    *,
    by: User,
    organization: CommunityOrganization,
    department: Organization,
    recognized_on: date,
    title: str,
    document_number: str,
    upload: Any = None,
) -> Recognition:
    """Recognition as a typical organization (典型) by a civil-affairs department above the
    community, with the date, the document's number and the document, if uploaded."""
    community_org_caps(by, organization).require(
        "recognize", _("Only civil affairs may recognize a typical organization.")
    )
    if department.kind != OrganizationKind.CIVIL_AFFAIRS or not organization.division_id.startswith(
        department.division.prefix
    ):
        raise InvalidInput(
            _("The department is a civil-affairs bureau over this community."),
            field="department",
            code="department",
        )
    if organization.status == LegalStatus.INFORMAL:
        raise InvalidInput(
            _("Only an organization filed with the street or registered can be recognized."),
            field="status",
            code="informal",
        )
    _not_future(recognized_on, field="recognized_on")
    _not_before_application(organization, recognized_on, field="recognized_on")
    title, document_number = (title or "").strip(), (document_number or "").strip()
    if not title:
        raise InvalidInput(_("The title is required."), field="title")
    if not document_number:
        raise InvalidInput(_("Give the document's number."), field="document_number")
    checked = (
        check_upload(upload, allowed=DOCUMENT_KINDS, max_mb=MAX_DOCUMENT_MB)
        if upload is not None
        else None
    )
    with transaction.atomic():
        recognition = Recognition(
            organization=organization,
            department=department,
            recognized_on=recognized_on,
            title=title[:200],
            document_number=document_number[:60],
            by=by,
        )
        if checked is not None:
            recognition.content_type, recognition.size = checked.content_type, checked.size
            recognition.file.save(checked.name, upload, save=False)
        recognition.save()
        audit_record(
            actor=by,
            action="community_org.recognize",
            obj=organization,
            detail={"department": department.pk, "document": recognition.document_number},
        )
    return recognition


def organization_activity_hold(
    *,
    by: User,
    organization: CommunityOrganization,
    theme: str,
    place: str,
    held_on: date,
    duration_minutes: int,
    participants: list[Resident],
    headcount: int = 0,
) -> Any:
    """An activity the organization held: a community activity of the service-delivery app
    (its rules, its service records, its roll-ups), linked to the organization. The people
    named are members of the organization; anyone else is counted in the headcount."""
    from shequ.delivery.groups import activity_hold

    _not_before_application(organization, held_on, field="held_on")
    members = set(organization.members.values_list("resident_id", flat=True))
    if any(p.pk not in members for p in participants):
        raise InvalidInput(
            _(
                "Only members of the organization are named as participants: count anyone "
                "else in the headcount."
            ),
            field="participants",
            code="not_member",
        )
    return activity_hold(
        by=by,
        division=organization.division,
        theme=theme,
        place=place,
        held_on=held_on,
        duration_minutes=duration_minutes,
        participants=participants,
        headcount=headcount,
        organizers=organization.name,
        community_organization=organization,
    )


def community_area_set(*, by: User, community: Division, kind: str) -> CommunityArea:
    """Record whether a community is urban or rural (it decides its national target)."""
    community_caps(by, community).require("set_area", _("You may not change this community."))
    if community.level != Level.COMMUNITY:
        raise InvalidInput(_("Not a community."), field="community")
    if kind not in AreaKind.values:
        raise InvalidInput(_("Choose urban or rural."), field="kind", code="kind")
    with transaction.atomic():
        area, _created = CommunityArea.objects.update_or_create(
            community=community, defaults={"kind": kind}
        )
        audit_record(
            actor=by,
            action="community_org.area",
            division_code=community.code,
            detail={"kind": kind},
        )
    return area
