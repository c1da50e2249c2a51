"""Writes about residents, households and needs. Each checks the permission over the
community, validates (residents.validation), writes in one transaction with its audit entry."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from shequ.access.codes import Level
from shequ.access.perms import Perm
from shequ.audit.services import audit_record
from shequ.core import crypto
from shequ.core.concurrency import claim
from shequ.core.errors import Conflict, Forbidden, InvalidInput
from shequ.core.pinyin import name_keys, primary_pinyin
from shequ.divisions.models import Division
from shequ.residents.catalog import alias_key, ethnicity_aliases
from shequ.residents.identity import mask_id_number, mask_phone
from shequ.residents.models import (
    Ethnicity,
    Household,
    NeedCategory,
    NeedItem,
    NeedsAssessment,
    Priority,
    Relation,
    Resident,
    ResidentSearchKey,
    ResidentSpecialGroup,
    SpecialGroup,
)
from shequ.residents.permissions import may_assess_in, may_manage_in, may_see_identifiers_in
from shequ.residents.validation import (
    CleanResident,
    plain_values,
    raise_problems,
    resident_validate,
)

if TYPE_CHECKING:
    from shequ.accounts.models import User

MANAGE = Perm.RESIDENT_MANAGE


class DuplicateResident(Conflict):
    """The ID number is already registered in the user's reach: open that record instead."""

    def __init__(self, existing: Resident) -> None:
        super().__init__(
            _("This ID number is already registered: %(name)s (record %(id)d).")
            % {"name": existing.name, "id": existing.pk},
            code="duplicate_id",
            field="id_number",
        )
        self.existing = existing


class RegisteredElsewhere(Conflict):
    """The ID number belongs to a person registered in a community outside the user's reach:
    nothing of that record is shown; a transfer request (迁入申请) brings the person here."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "This person is already registered in another community. To bring the record "
                "here, submit a transfer request."
            ),
            code="registered_elsewhere",
            field="id_number",
        )


class PossibleDuplicate(Conflict):
    """Someone with the same name and birth date, or the same phone, exists: confirm first."""

    def __init__(self, candidates: list[Resident]) -> None:
        names = "、".join(f"{c.name}({c.pk})" for c in candidates[:5])
        super().__init__(
            _("Possible duplicate of %(names)s. Check, then confirm to save anyway.")
            % {"names": names},
            code="possible_duplicate",
            field="name",
        )
        self.candidates = candidates


def _community(division: Division) -> Division:
    if division.level != Level.COMMUNITY:
        raise InvalidInput(
            _("A resident belongs to a community (or village)."),
            field="division",
            code="not_a_community",
        )
    return division


def special_groups_by_code() -> dict[str, SpecialGroup]:
    return {g.code: g for g in SpecialGroup.objects.all()}


def ethnicity_lookup(*, keep: str = "") -> dict[str, str]:
    """民族 as people type it, to the official name; `keep`: a resident's value recorded before
    the list existed, accepted unchanged on an edit."""
    aliases = ethnicity_aliases(Ethnicity.objects.values_list("code", "name", "name_en"))
    if keep:
        aliases.setdefault(alias_key(keep), keep)
    return aliases


IDENTIFIER_COLUMNS = (
    "id_number_cipher",
    "id_number_hash",
    "id_number_masked",
    "phone_cipher",
    "phone_hash",
    "phone_masked",
)


def identifier_fields(id_number: str, phone: str) -> dict[str, str]:
    """Encrypted, hashed and masked forms of the identifiers."""
    return {
        "id_number_cipher": crypto.encrypt(id_number),
        "id_number_hash": crypto.keyed_hash(id_number),
        "id_number_masked": mask_id_number(id_number) if id_number else "",
        "phone_cipher": crypto.encrypt(phone),
        "phone_hash": crypto.keyed_hash(phone),
        "phone_masked": mask_phone(phone) if phone else "",
    }


def apply_clean(resident: Resident, clean: CleanResident) -> None:
    """Put a validated record on a Resident: plain fields, pinyin, and the identifiers in their
    encrypted, hashed and masked forms."""
    for name, value in plain_values(clean).items():
        setattr(resident, name, value)
    resident.name_pinyin = primary_pinyin(clean.name)
    for name, value in identifier_fields(clean.id_number, clean.phone).items():
        setattr(resident, name, value)


def refresh_search_keys(residents: list[Resident], *, new: bool = False) -> None:
    """(Re)write the pinyin keys of these residents (`new`: they have none yet)."""
    if not new:
        ResidentSearchKey.objects.filter(resident__in=residents).delete()
    ResidentSearchKey.objects.bulk_create(
        [
            ResidentSearchKey(resident_id=r.pk, division_code=r.division_id, key=k)
            for r in residents
            for k in name_keys(r.name)
        ],
        batch_size=5000,
    )


def _set_groups(resident: Resident, clean: CleanResident, groups: dict[str, SpecialGroup]) -> None:
    resident.special_groups.all().delete()
    ResidentSpecialGroup.objects.bulk_create(
        [
            ResidentSpecialGroup(
                resident=resident,
                group=groups[e.code],
                grade=e.grade,
                start_date=e.start_date or date.today(),
                end_date=e.end_date,
            )
            for e in clean.special_groups
        ]
    )


def find_existing_by_id(
    *, user: User, id_number: str, exclude: int | None = None
) -> Resident | None:
    """The living record of this ID number, anywhere in the deployment (one ID number, one
    resident): raises RegisteredElsewhere when it lies outside the user's reach, so that
    nothing else of it is shown; None when the number is free."""
    if not id_number:
        return None
    qs = Resident.objects.filter(
        id_number_hash=crypto.keyed_hash(id_number), merged_into__isnull=True
    )
    if exclude:
        qs = qs.exclude(pk=exclude)
    existing = qs.only("pk", "division_id").first()
    if existing is None:
        return None
    visible = Resident.objects.visible_to(user, Perm.RESIDENT_VIEW).filter(pk=existing.pk).first()
    if visible is None:
        raise RegisteredElsewhere()
    return visible


def possible_duplicates(
    *, user: User, clean: CleanResident, exclude: int | None = None
) -> list[Resident]:
    q = Q(name_pinyin=primary_pinyin(clean.name), birth_date=clean.birth_date)
    if clean.phone:
        q |= Q(phone_hash=crypto.keyed_hash(clean.phone))
    qs = Resident.objects.visible_to(user, Perm.RESIDENT_VIEW).filter(q, merged_into__isnull=True)
    if exclude:
        qs = qs.exclude(pk=exclude)
    return list(qs[:10])


def resident_create(
    *,
    by: User,
    division: Division,
    data: dict[str, Any],
    household: Household | None = None,
    confirm_possible_duplicate: bool = False,
) -> Resident:
    _community(division)
    if not may_manage_in(by, division.code):
        raise Forbidden(_("You may not register residents in this community."))
    groups = special_groups_by_code()
    clean, problems = resident_validate(data, groups=groups, ethnicities=ethnicity_lookup())
    raise_problems(problems)
    assert clean is not None
    existing = find_existing_by_id(user=by, id_number=clean.id_number)
    if existing is not None:
        raise DuplicateResident(existing)
    if not confirm_possible_duplicate:
        candidates = possible_duplicates(user=by, clean=clean)
        if candidates:
            raise PossibleDuplicate(candidates)
    if household is not None and household.division_id != division.code:
        raise InvalidInput(_("The household belongs to another community."), field="household")
    resident = Resident(division=division, household=household)
    apply_clean(resident, clean)
    try:
        with transaction.atomic():
            resident.save()
            _set_groups(resident, clean, groups)
            refresh_search_keys([resident])
            audit_record(actor=by, action="resident.create", obj=resident)
    except IntegrityError as exc:  # registered by someone else meanwhile
        raise Conflict(
            _("This ID number is already registered."), field="id_number", code="duplicate_id"
        ) from exc
    return resident


def resident_for_report(*, by: User | None, division: Division, data: dict[str, Any]) -> Resident:
    """The child a protection report names, in the child's community: found by ID number or by
    name and birth date, or registered. The reporter need not see the registry, and learns
    nothing about whether the child was found."""
    _community(division)
    groups = special_groups_by_code()
    clean, problems = resident_validate(
        data, groups=groups, ethnicities=ethnicity_lookup(), consent_exempt=True
    )
    raise_problems(problems)
    assert clean is not None
    living = Resident.objects.filter(merged_into__isnull=True)
    if clean.id_number:  # one ID number, one person, wherever the child is registered
        match = living.filter(id_number_hash=crypto.keyed_hash(clean.id_number)).first()
    else:
        match = living.filter(
            division=division,
            name_pinyin=primary_pinyin(clean.name),
            name=clean.name,
            birth_date=clean.birth_date,
        ).first()
    if match is not None:
        return match
    resident = Resident(division=division)
    apply_clean(resident, clean)
    resident.note = (resident.note + " " + _("Registered from a protection report.")).strip()
    with transaction.atomic():
        resident.save()
        refresh_search_keys([resident])
        audit_record(actor=by, action="resident.create_from_report", obj=resident)
    return resident


def resident_update(
    *, by: User, resident: Resident, data: dict[str, Any], version: int | None = None
) -> Resident:
    """Replace the resident's details with `data` (identifiers are kept when `data` leaves
    them out, since the editor sees them masked). `version`: the one the edit was made on (an
    older one is refused, 412)."""
    if not may_manage_in(by, resident.division_id):
        raise Forbidden(_("You may not change this resident."))
    current = resident_identifiers(by=by, resident=resident, audit=False, require_permission=False)
    merged = {**data}
    for key in ("id_number", "phone"):
        if key not in merged or merged[key] is None:
            merged[key] = current[key]
    groups = special_groups_by_code()
    # a value recorded before the list existed may stay as it is
    clean, problems = resident_validate(
        merged, groups=groups, ethnicities=ethnicity_lookup(keep=resident.ethnicity)
    )
    raise_problems(problems)
    assert clean is not None
    existing = find_existing_by_id(user=by, id_number=clean.id_number, exclude=resident.pk)
    if existing is not None:
        raise DuplicateResident(existing)
    before = {
        f: getattr(resident, f)
        for f in ("name", "gender", "birth_date", "address", "id_number_hash", "phone_hash")
    }
    apply_clean(resident, clean)
    changed = sorted(f for f, v in before.items() if getattr(resident, f) != v)
    with transaction.atomic():
        claim(resident, version)
        resident.save()
        if "special_groups" in data:
            _set_groups(resident, clean, groups)
        refresh_search_keys([resident])
        audit_record(actor=by, action="resident.update", obj=resident, detail={"changed": changed})
    return resident


def resident_identifiers(
    *, by: User, resident: Resident, audit: bool = True, require_permission: bool = True
) -> dict[str, str]:
    """The full ID number and phone. Needs resident.view_identifiers over the community; each
    unmasking is written to the audit log."""
    if require_permission and not may_see_identifiers_in(by, resident.division_id):
        raise Forbidden(_("Your role may not see full identifiers."))
    values = {
        "id_number": crypto.decrypt(resident.id_number_cipher),
        "phone": crypto.decrypt(resident.phone_cipher),
    }
    if audit:
        audit_record(actor=by, action="resident.unmask", obj=resident)
    return values


# ------------------------------------------------------------------ households


def household_create(*, by: User, division: Division, number: str, address: str = "") -> Household:
    _community(division)
    if not may_manage_in(by, division.code):
        raise Forbidden(_("You may not add households in this community."))
    number = (number or "").strip()
    if not number:
        raise InvalidInput(_("The household number is required."), field="number")
    try:
        with transaction.atomic():
            household = Household.objects.create(
                division=division, number=number[:40], address=address.strip()[:200]
            )
            audit_record(actor=by, action="household.create", obj=household)
    except IntegrityError as exc:
        raise Conflict(
            _("This household number already exists in this community."),
            field="number",
            code="duplicate",
        ) from exc
    return household


def household_add_member(
    *,
    by: User,
    household: Household,
    resident: Resident,
    relation: str = Relation.OTHER,
    version: int | None = None,
) -> Resident:
    """Add a resident to a household (moving them out of any other)."""
    if not may_manage_in(by, household.division_id) or not may_manage_in(by, resident.division_id):
        raise Forbidden(_("You may not change this household."))
    if resident.division_id != household.division_id:
        raise InvalidInput(_("The household belongs to another community."), field="household")
    if relation not in Relation.values:
        raise InvalidInput(_("Unknown relation to the head."), field="relation_to_head")
    with transaction.atomic():
        claim(household, version)
        previous = resident.household_id
        if previous and previous != household.pk:
            Household.objects.filter(pk=previous, head=resident).update(head=None)
        resident.household = household
        resident.relation_to_head = relation
        resident.save(update_fields=["household", "relation_to_head"])
        if relation == Relation.HEAD:
            _make_head(household, resident)
        audit_record(
            actor=by,
            action="household.member",
            obj=household,
            detail={"resident": resident.pk, "from": previous, "relation": relation},
        )
    return resident


def household_set_head(*, by: User, household: Household, resident: Resident) -> Household:
    if not may_manage_in(by, household.division_id):
        raise Forbidden(_("You may not change this household."))
    if resident.household_id != household.pk:
        raise InvalidInput(_("The head must be a member of the household."), field="head")
    with transaction.atomic():
        claim(household)
        _make_head(household, resident)
        audit_record(actor=by, action="household.head", obj=household, detail={"head": resident.pk})
    return household


def _make_head(household: Household, resident: Resident) -> None:
    Resident.objects.filter(household=household, relation_to_head=Relation.HEAD).exclude(
        pk=resident.pk
    ).update(relation_to_head=Relation.OTHER)
    Resident.objects.filter(pk=resident.pk).update(relation_to_head=Relation.HEAD)
    household.head = resident
    household.save(update_fields=["head"])


def household_remove_member(*, by: User, household: Household, resident: Resident) -> None:
    if not may_manage_in(by, household.division_id):
        raise Forbidden(_("You may not change this household."))
    with transaction.atomic():
        claim(household)
        if household.head_id == resident.pk:
            household.head = None
            household.save(update_fields=["head"])
        Resident.objects.filter(pk=resident.pk, household=household).update(
            household=None, relation_to_head=""
        )
        audit_record(
            actor=by,
            action="household.member_removed",
            obj=household,
            detail={"resident": resident.pk},
        )


# ------------------------------------------------------------------ needs assessments


def needs_assessment_create(
    *,
    by: User,
    division: Division,
    assessed_on: date,
    items: list[dict[str, Any]],
    resident: Resident | None = None,
    household: Household | None = None,
    note: str = "",
) -> NeedsAssessment:
    """Record a needs survey of a resident or a household: categories (as data) with a
    priority each."""
    _community(division)
    if not may_assess_in(by, division.code):
        raise Forbidden(_("You may not record needs in this community."))
    if (resident is None) == (household is None):
        raise InvalidInput(_("Assess either a resident or a household."), field="resident")
    subject = resident or household
    assert subject is not None
    if subject.division_id != division.code:
        raise InvalidInput(
            _("The resident or household belongs to another community."), field="resident"
        )
    if assessed_on > date.today():
        raise InvalidInput(_("The assessment date is in the future."), field="assessed_on")
    if not items:
        raise InvalidInput(_("Name at least one need."), field="items")
    categories = {c.code: c for c in NeedCategory.objects.all()}
    seen = set()
    for item in items:
        if item.get("category") not in categories:
            raise InvalidInput(
                _("Unknown need category: %(code)s.") % {"code": item.get("category")},
                field="items",
            )
        if item["category"] in seen:
            raise InvalidInput(_("A category appears twice."), field="items")
        seen.add(item["category"])
        if item.get("priority") not in Priority.values:
            raise InvalidInput(_("The priority must be high, medium or low."), field="items")
    with transaction.atomic():
        assessment = NeedsAssessment.objects.create(
            division=division,
            resident=resident,
            household=household,
            assessed_on=assessed_on,
            assessor=by,
            note=note.strip()[:2000],
        )
        NeedItem.objects.bulk_create(
            [
                NeedItem(
                    assessment=assessment,
                    category=categories[i["category"]],
                    priority=i["priority"],
                    note=str(i.get("note") or "")[:300],
                )
                for i in items
            ]
        )
        audit_record(actor=by, action="needs.create", obj=assessment)
    return assessment
